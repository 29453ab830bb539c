/** kms: `aws_kms_key.<id>` and `aws_kms_alias.<id>` (`name = alias/<id>`). Output key_id. */
import { aws } from '../cdk.js';
import { applyValues, declare, metadataOutputs, output, providerOf, type KindContext } from './context.js';

export function synthKms(ctx: KindContext): void {
  const key = declare(ctx, aws.KmsKey, ctx.name, { tags: ctx.tags, ...providerOf(ctx) });
  applyValues(ctx, key, aws.KmsKey, ctx.res.values, []);
  declare(ctx, aws.KmsAlias, ctx.name, { name: `alias/${ctx.res.identifier}`, targetKeyId: key.keyId, ...providerOf(ctx) });
  output(ctx, 'key_id', key.keyId);
  metadataOutputs(ctx);
}
