/**
 * secrets-manager: `aws_secretsmanager_secret.<id>` (`name = <id>`). Output arn.
 *
 * The reference also writes `aws_secretsmanager_secret_version.<id>` holding the
 * secret (read from Vault). tfdoctor never writes a secret value into a config
 * it prints, so the version is not synthesized: the value is set out of band, and
 * a plan against a reconciler-made state will show that version as orphaned.
 */
import { aws } from '../cdk.js';
import { applyValues, declare, metadataOutputs, output, providerOf, type KindContext } from './context.js';

export function synthSecretsManager(ctx: KindContext): void {
  const secret = declare(ctx, aws.SecretsmanagerSecret, ctx.name, { name: ctx.res.identifier, tags: ctx.tags, ...providerOf(ctx) });
  applyValues(ctx, secret, aws.SecretsmanagerSecret, ctx.res.values, ['name', 'secret_format', 'secret']);
  output(ctx, 'arn', secret.arn);
  metadataOutputs(ctx);
}
