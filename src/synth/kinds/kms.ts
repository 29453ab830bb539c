/** kms: `aws_kms_key.<id>` and `aws_kms_alias.<id>` (`name = alias/<id>`). Output key_id. */
import { KmsAlias, KmsKey } from '../cdk.js';
import { applyValues, declare, metadataOutputs, output, providerOf, type KindContext } from './context.js';

export function synthKms(ctx: KindContext): void {
  const key = declare(ctx, KmsKey, ctx.name, { tags: ctx.tags, ...providerOf(ctx) });
  applyValues(ctx, key, KmsKey, ctx.res.values, []);
  declare(ctx, KmsAlias, ctx.name, { name: `alias/${ctx.res.identifier}`, targetKeyId: key.keyId, ...providerOf(ctx) });
  output(ctx, 'key_id', key.keyId);
  metadataOutputs(ctx);
}
