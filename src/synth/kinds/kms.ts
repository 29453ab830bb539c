/**
 * kms, as the reference's `populate_tf_resource_kms` (TAC) writes it:
 * `aws_kms_key.<id>` with the merged values (`description` defaulting to
 * "app-interface created KMS key", `key_usage` upper-cased) and
 * `aws_kms_alias.<id>` (`name = alias/<id>`). A provider on both only in a
 * multi-region account. Output key_id.
 */
import { aws } from '../cdk.js';
import { inputError } from '../load-inventory.js';
import { escapeTemplate } from '../naming.js';
import { applyValues, declare, metadataOutputs, output, type KindContext } from './context.js';

export const KMS_DEFAULT_DESCRIPTION = 'app-interface created KMS key';

export function synthKms(ctx: KindContext): void {
  const { res } = ctx;
  const provider = ctx.account.regions.length ? `aws.${ctx.region}` : undefined;
  const key = declare(ctx, aws.KmsKey, ctx.name, { tags: ctx.tags });
  applyValues(ctx, key, aws.KmsKey, res.values, ['description', 'key_usage']);
  // `"description" not in values`: an explicit null or "" is kept as given.
  if (!('description' in res.values)) key.addOverride('description', KMS_DEFAULT_DESCRIPTION);
  else if (res.values['description'] !== null) key.addOverride('description', escapeTemplate(String(res.values['description'])));
  const usage = res.values['key_usage'];
  if (usage !== undefined && usage !== null) {
    if (typeof usage !== 'string') throw inputError(res.origins['key_usage'] ?? res.where, 'key_usage must be a string');
    key.addOverride('key_usage', escapeTemplate(usage.toUpperCase()));
  }
  if (provider) key.addOverride('provider', provider);
  const alias = declare(ctx, aws.KmsAlias, ctx.name, { name: escapeTemplate(`alias/${res.identifier}`), targetKeyId: `\${aws_kms_key.${ctx.name}.key_id}` });
  if (provider) alias.addOverride('provider', provider);
  output(ctx, 'key_id', `\${aws_kms_key.${ctx.name}.key_id}`);
  metadataOutputs(ctx);
}
