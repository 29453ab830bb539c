/**
 * dynamodb: one `aws_dynamodb_table.<value>` per `specs[].tables[]` (`name = value`;
 * the spec defaults' `attributes` become `attribute` blocks), and the IAM user set
 * allowed on those tables. Outputs `<key>` = table name, aws_region, endpoint, keys.
 */
import { aws } from '../cdk.js';
import { inputError } from '../load-inventory.js';
import { escapeDeep, tfName } from '../naming.js';
import { applyValues, declare, metadataOutputs, output, providerOf, type KindContext } from './context.js';
import { allowPolicy, iamUserSet } from './iam-user-set.js';

export function synthDynamodb(ctx: KindContext): void {
  const arns: string[] = [];
  for (const spec of ctx.res.specs) {
    const defaults = spec.defaults?.values ?? {};
    for (const [i, item] of spec.items.entries()) {
      const name = tfName(item.value);
      if (!name) throw inputError({ ...spec.where, path: [...spec.where.path, 'tables', i, 'value'] }, 'not usable as a Terraform name');
      const table = declare(ctx, aws.DynamodbTable, name, { name: item.value, tags: ctx.tags, ...providerOf(ctx) });
      if (defaults['attributes'] !== undefined) table.addOverride('attribute', escapeDeep(defaults['attributes']));
      applyValues(ctx, table, aws.DynamodbTable, defaults, ['name', 'attributes'], spec.defaults?.where);
      output(ctx, item.key, table.name);
      arns.push(table.arn, `${table.arn}/*`);
    }
  }
  iamUserSet(ctx, allowPolicy(['dynamodb:*'], arns));
  output(ctx, 'aws_region', ctx.region);
  output(ctx, 'endpoint', `dynamodb.${ctx.region}.amazonaws.com`);
  metadataOutputs(ctx);
}
