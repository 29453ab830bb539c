/**
 * acm, as the reference's `populate_tf_resource_acm` (TAC) writes it:
 * `aws_acm_certificate.<id>`, untagged, either imported from a Vault secret
 * (`secret`: fields `key` and `certificate` required, `caCertificate` optional ->
 * private_key, certificate_body, certificate_chain) or requested for a `domain`
 * (`domain_name`, `validation_method = "DNS"`, `alternate_names` ->
 * subject_alternative_names), or both. A provider only in a multi-region account.
 * Outputs arn, status, domain_validation_options and, with a secret, key (NOT
 * sensitive in the reference, kept so: an output's sensitivity is part of the
 * reconciler's state), certificate and caCertificate (sensitive). The secret's
 * values go only into the config terraform reads; `tfdoctor synth` prints them
 * redacted (cli/commands/synth.ts).
 */
import { aws } from '../cdk.js';
import { inputError } from '../load-inventory.js';
import { isPlainObject } from '../merge.js';
import { escapeDeep, escapeTemplate } from '../naming.js';
import { requireSecretFields } from '../secret-source.js';
import { declare, metadataOutputs, output, type KindContext } from './context.js';

export function synthAcm(ctx: KindContext): void {
  const { res } = ctx;
  const config: Record<string, unknown> = {};
  const ref = res.entry.secret;
  let key: string | undefined;
  let certificate: string | undefined;
  let ca: string | undefined;
  if (ref) {
    const where = { ...res.where, path: [...res.where.path, 'secret'] };
    ({ key, certificate } = requireSecretFields(ctx.options.secrets, ref, where, ['key', 'certificate']) as { key: string; certificate: string });
    ca = ctx.options.secrets?.get(ref.path)?.['caCertificate'];
    if (ca !== undefined) config['certificate_chain'] = escapeTemplate(ca);
    config['private_key'] = escapeTemplate(key);
    config['certificate_body'] = escapeTemplate(certificate);
  }
  const domain = res.values['domain'];
  if (domain !== undefined && domain !== null) {
    const where = res.origins['domain'] ?? res.where;
    if (!isPlainObject(domain) || typeof domain['domain_name'] !== 'string') throw inputError(where, 'domain needs domain_name (a string)');
    config['domain_name'] = escapeTemplate(domain['domain_name']);
    config['validation_method'] = 'DNS';
    const alt = domain['alternate_names'];
    if (alt !== undefined && alt !== null) {
      if (!Array.isArray(alt) || !alt.every((a) => typeof a === 'string')) throw inputError({ ...where, path: [...where.path, 'alternate_names'] }, 'alternate_names must be a list of strings');
      config['subject_alternative_names'] = escapeDeep(alt);
    }
  }
  const cert = declare(ctx, aws.AcmCertificate, ctx.name, {});
  for (const [k, v] of Object.entries(config)) cert.addOverride(k, v);
  if (ctx.account.regions.length) cert.addOverride('provider', `aws.${ctx.region}`);
  const addr = `aws_acm_certificate.${ctx.name}`;
  output(ctx, 'arn', `\${${addr}.arn}`);
  output(ctx, 'status', `\${${addr}.status}`);
  output(ctx, 'domain_validation_options', `\${${addr}.domain_validation_options}`);
  if (ref && key !== undefined && certificate !== undefined) {
    output(ctx, 'key', escapeTemplate(key));
    output(ctx, 'certificate', escapeTemplate(certificate), true);
    if (ca !== undefined) output(ctx, 'caCertificate', escapeTemplate(ca), true);
  }
  metadataOutputs(ctx);
}
