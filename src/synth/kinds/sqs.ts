/**
 * sqs (`populate_tf_resource_sqs`): one `aws_sqs_queue.<value>` per `specs[].queues[]`
 * (`name = value`, `.fifo` appended when the spec defaults say `fifo_queue`), the
 * spec's defaults file as attributes, and the IAM user set. The policy allows
 * `sqs:*` on `arn:<partition>:sqs:*:<uid>:<queue>` plus `sqs:ListQueues` on `*`,
 * and `kms:Decrypt` on the queues' KMS keys; with several specs there is one
 * policy per spec, `<id>-<n>`. Outputs `<key>` = queue URL, aws_region, keys.
 */
import { aws } from '../cdk.js';
import { inputError } from '../load-inventory.js';
import { escapeTemplate, tfName } from '../naming.js';
import { applyValues, declare, metadataOutputs, output, providerOf, type KindContext } from './context.js';

export function synthSqs(ctx: KindContext): void {
  const { account } = ctx;
  const perSpec: string[][] = [];
  const kmsKeys = new Set<string>();
  for (const spec of ctx.res.specs) {
    const defaults = spec.defaults?.values ?? {};
    // The reference appends `.fifo` whenever fifo_queue is set, even to a value that already ends in it.
    const fifo = defaults['fifo_queue'] === true;
    const queues: string[] = [];
    for (const [i, item] of spec.items.entries()) {
      const name = tfName(item.value);
      if (!name) throw inputError({ ...spec.where, path: [...spec.where.path, 'queues', i, 'value'] }, 'not usable as a Terraform name');
      const queueName = fifo ? `${item.value}.fifo` : item.value;
      const queue = declare(ctx, aws.SqsQueue, name, { name: queueName, tags: ctx.tags, ...providerOf(ctx) });
      for (const key of ['dl_queue', 'sqs_policy', 'max_receive_count'])
        if (defaults[key] !== undefined)
          throw inputError({ file: spec.defaults?.where.file ?? spec.where.file, path: [key] }, `${key} is not supported yet by tfdoctor (the reference builds it from other resources)`);
      applyValues(ctx, queue, aws.SqsQueue, defaults, ['name'], spec.defaults?.where);
      const kms = defaults['kms_master_key_id'];
      if (kms !== undefined) {
        if (typeof kms !== 'string' || !kms.startsWith('arn:'))
          throw inputError({ file: spec.defaults?.where.file ?? spec.where.file, path: ['kms_master_key_id'] }, 'only a key ARN is supported (the reference resolves a kms identifier; tfdoctor does not yet)');
        kmsKeys.add(escapeTemplate(kms));
      }
      queues.push(escapeTemplate(queueName));
      output(ctx, item.key, `https://sqs.${ctx.region}.amazonaws.com/${account.uid}/${escapeTemplate(queueName)}`);
    }
    perSpec.push(queues);
  }
  output(ctx, 'aws_region', ctx.region);

  const user = declare(ctx, aws.IamUser, ctx.name, { name: ctx.res.identifier, tags: ctx.tags });
  const key = declare(ctx, aws.IamAccessKey, ctx.name, { user: ctx.res.identifier, dependsOn: [user] });
  output(ctx, 'aws_access_key_id', key.id, true);
  output(ctx, 'aws_secret_access_key', key.secret, true);
  for (const [n, queues] of perSpec.entries()) {
    const id = perSpec.length === 1 ? ctx.res.identifier : `${ctx.res.identifier}-${n}`;
    const statements: unknown[] = [
      { Effect: 'Allow', Action: ['sqs:*'], Resource: queues.map((q) => `arn:${account.partition}:sqs:*:${account.uid}:${q}`) },
      { Effect: 'Allow', Action: ['sqs:ListQueues'], Resource: '*' },
    ];
    if (kmsKeys.size) statements.push({ Effect: 'Allow', Action: ['kms:Decrypt'], Resource: [...kmsKeys] });
    const policy = declare(ctx, aws.IamPolicy, id, { name: id, policy: JSON.stringify({ Version: '2012-10-17', Statement: statements }) });
    declare(ctx, aws.IamUserPolicyAttachment, id, { user: ctx.res.identifier, policyArn: policy.arn, dependsOn: [user, policy] });
  }
  metadataOutputs(ctx);
}
