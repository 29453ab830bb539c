/**
 * dynamodb (`populate_tf_resource_dynamodb`): one `aws_dynamodb_table.<value>` per
 * `specs[].tables[]` (`name = value`; the spec defaults' required `attributes`
 * become `attribute` blocks), and the IAM user set allowed `dynamodb:*` on
 * `arn:aws:dynamodb:<region>:<uid>:table/<t>` (the reference writes `aws`, not the
 * partition, here). Outputs `<key>` = table name, aws_region, `https://` endpoint, keys.
 */
import { aws } from '../cdk.js';
import { inputError } from '../load-inventory.js';
import { escapeDeep, escapeTemplate, tfName } from '../naming.js';
import { applyValues, declare, metadataOutputs, output, providerOf, type KindContext } from './context.js';
import { allowPolicy, iamUserSet } from './iam-user-set.js';

export function synthDynamodb(ctx: KindContext): void {
  const arns: string[] = [];
  for (const spec of ctx.res.specs) {
    const defaults = spec.defaults?.values ?? {};
    // The reference pops `attributes` unconditionally: a spec without it never synthesizes.
    if (defaults['attributes'] === undefined)
      throw inputError(spec.defaults ? { ...spec.defaults.where, path: ['attributes'] } : { ...spec.where, path: [...spec.where.path, 'defaults'] }, 'attributes is required for dynamodb (the table key attributes)');
    for (const [i, item] of spec.items.entries()) {
      const name = tfName(item.value);
      if (!name) throw inputError({ ...spec.where, path: [...spec.where.path, 'tables', i, 'value'] }, 'not usable as a Terraform name');
      const table = declare(ctx, aws.DynamodbTable, name, { name: item.value, tags: ctx.tags, ...providerOf(ctx) });
      applyValues(ctx, table, aws.DynamodbTable, defaults, ['name', 'attributes'], spec.defaults?.where);
      table.addOverride('attribute', escapeDeep(defaults['attributes']));
      output(ctx, item.key, escapeTemplate(item.value));
      arns.push(`arn:aws:dynamodb:${ctx.region}:${ctx.account.uid}:table/${escapeTemplate(item.value)}`);
    }
  }
  output(ctx, 'aws_region', ctx.region);
  output(ctx, 'endpoint', `https://dynamodb.${ctx.region}.amazonaws.com`);
  iamUserSet(ctx, allowPolicy(['dynamodb:*'], arns));
  metadataOutputs(ctx);
}
