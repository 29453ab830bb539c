/**
 * s3-cloudfront-public-key, as the reference's
 * `populate_tf_resource_s3_cloudfront_public_key` (TAC) writes it:
 * `aws_cloudfront_public_key.<id>` (`name = <id>`, `comment = "managed by
 * app-interface"`, `encoded_key` = the Vault secret's `cloudfront_public_key`
 * field), no provider. A spec without `secret` is refused (the reference raises
 * KeyError). Outputs `<prefix>_etag` (one underscore, as the reference names it),
 * id and key.
 */
import { aws, cdktf } from '../cdk.js';
import { inputError } from '../load-inventory.js';
import { escapeTemplate } from '../naming.js';
import { requireSecretFields } from '../secret-source.js';
import { declare, metadataOutputs, output, type KindContext } from './context.js';

export const PUBLIC_KEY_FIELD = 'cloudfront_public_key';

export function synthS3CloudfrontPublicKey(ctx: KindContext): void {
  const { res } = ctx;
  const ref = res.entry.secret;
  const where = { ...res.where, path: [...res.where.path, 'secret'] };
  if (!ref) throw inputError(where, `no secret defined for s3-cloudfront-public-key ${res.identifier} (a Vault secret with the field ${PUBLIC_KEY_FIELD})`);
  const key = requireSecretFields(ctx.options.secrets, ref, where, [PUBLIC_KEY_FIELD])[PUBLIC_KEY_FIELD] ?? '';
  declare(ctx, aws.CloudfrontPublicKey, ctx.name, {
    name: escapeTemplate(res.identifier),
    comment: 'managed by app-interface',
    encodedKey: escapeTemplate(key),
  });
  const addr = `aws_cloudfront_public_key.${ctx.name}`;
  // `<prefix>_etag`, not `<prefix>__etag`: the reference's name, kept (outputs feed the Secret).
  const name = `${ctx.prefix}_etag`;
  const seen = ctx.outputs.get(name);
  if (seen) throw inputError(res.where, `output ${name} would be declared twice (also by ${seen.file}: ${seen.path.join('.')})`);
  ctx.outputs.set(name, res.where);
  new cdktf.TerraformOutput(ctx.stack, name, { value: `\${${addr}.etag}` }).overrideLogicalId(name);
  output(ctx, 'id', `\${${addr}.id}`);
  output(ctx, 'key', escapeTemplate(key));
  metadataOutputs(ctx);
}
