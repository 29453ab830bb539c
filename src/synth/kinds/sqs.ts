/**
 * sqs: one `aws_sqs_queue.<value>` per `specs[].queues[]` (`name = value`, `.fifo`
 * appended for fifo queues), the spec's defaults file as attributes, and the IAM
 * user set allowed on those queues. Outputs `<key>` = queue URL, aws_region, keys.
 */
import { aws } from '../cdk.js';
import { inputError } from '../load-inventory.js';
import { tfName } from '../naming.js';
import { applyValues, declare, metadataOutputs, output, providerOf, type KindContext } from './context.js';
import { allowPolicy, iamUserSet } from './iam-user-set.js';

export function synthSqs(ctx: KindContext): void {
  const arns: string[] = [];
  for (const spec of ctx.res.specs) {
    const defaults = spec.defaults?.values ?? {};
    const fifo = defaults['fifo_queue'] === true;
    for (const [i, item] of spec.items.entries()) {
      const name = tfName(item.value);
      if (!name) throw inputError({ ...spec.where, path: [...spec.where.path, 'queues', i, 'value'] }, 'not usable as a Terraform name');
      const queue = declare(ctx, aws.SqsQueue, name, {
        name: fifo && !item.value.endsWith('.fifo') ? `${item.value}.fifo` : item.value,
        tags: ctx.tags,
        ...providerOf(ctx),
      });
      applyValues(ctx, queue, aws.SqsQueue, defaults, ['name'], spec.defaults?.where);
      output(ctx, item.key, queue.url);
      arns.push(queue.arn);
    }
  }
  iamUserSet(ctx, allowPolicy(['sqs:*'], arns));
  output(ctx, 'aws_region', ctx.region);
  metadataOutputs(ctx);
}
