/**
 * The config with its secrets replaced, for printing: the RDS `password`, the
 * ElastiCache `auth_token`, a Secrets Manager version's `secret_string` and every literal sensitive output (db_password,
 * db_auth_token, db_user) exist only in the working dir terraform reads, never
 * on stdout (the reference's `--print-to-file` has them; tfdoctor's print does not).
 */
export const REDACTED = '(redacted: written only to the working dir, see --out)';

const SECRET_ATTRIBUTES: Record<string, string[]> = {
  aws_db_instance: ['password'],
  aws_elasticache_replication_group: ['auth_token'],
  aws_secretsmanager_secret_version: ['secret_string'],
  // acm's imported certificate (from Vault): cli/commands/synth.ts also redacts every value read from Vault.
  aws_acm_certificate: ['private_key', 'certificate_body', 'certificate_chain'],
};

export function redactSecrets(json: Record<string, unknown>): Record<string, unknown> {
  const copy = structuredClone(json);
  const resources = (copy['resource'] ?? {}) as Record<string, Record<string, Record<string, unknown>>>;
  for (const [type, keys] of Object.entries(SECRET_ATTRIBUTES))
    for (const block of Object.values(resources[type] ?? {})) for (const k of keys) if (k in block) block[k] = REDACTED;
  // elasticsearch: the internal master user's password (a nested block).
  for (const block of Object.values(resources['aws_elasticsearch_domain'] ?? {})) {
    const options = (block['advanced_security_options'] as { master_user_options?: Record<string, unknown> } | undefined)?.master_user_options;
    if (options && 'master_user_password' in options) options['master_user_password'] = REDACTED;
  }
  const outputs = (copy['output'] ?? {}) as Record<string, { value?: unknown; sensitive?: boolean }>;
  for (const o of Object.values(outputs))
    if (o.sensitive && !(typeof o.value === 'string' && /^\$\{[^}]*\}$/.test(o.value))) o.value = REDACTED;
  return copy;
}
