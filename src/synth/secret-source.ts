/**
 * Where synthesis gets what the reference reads from Vault while it synthesizes
 * (`secret_reader.read_all`: acm certificates, the CloudFront public key,
 * secrets-manager secrets, an RDS CA certificate, ...). One interface, two
 * implementations: a file (`--secrets FILE`, env TFDOCTOR_SECRETS) and Vault's KV
 * API over HTTP (VAULT_ADDR + VAULT_TOKEN). The reads are async; synthesis is
 * not: `gatherSecrets` reads every Vault path an account's inventory names
 * first and hands the result to `synthAccount` as `SynthOptions.secrets`.
 *
 * A path the source does not have is left out: the kind that needs it fails at
 * synth with an input error naming the inventory file, the path and the field
 * (a path no kind reads is then no error). Values never appear in a message.
 */
import type { Inventory, SourceRef } from './inventory.js';
import { inputError } from './load-inventory.js';
import { isPlainObject } from './merge.js';
import { escapeTemplate } from './naming.js';
import { loadSecretsFile, type SecretsMap } from './secrets-file.js';
import { VaultKv, type VaultRef } from './vault.js';

/** A source of Vault secrets: `readAll` returns the fields of one secret, or undefined when it has none at that path. */
export interface SecretSource {
  /** For messages: "secrets file x.yml", "Vault at https://...". */
  readonly description: string;
  readAll(ref: VaultRef): Promise<Readonly<Record<string, string>> | undefined>;
}

/** The file source: a mapping of Vault path -> fields (src/synth/secrets-file.ts). Versions are not kept in a file: the fields are the version the file was exported from. */
export function fileSecretSource(map: SecretsMap, file = 'secrets file'): SecretSource {
  return { description: file, readAll: async (ref) => map.get(ref.path) };
}

/** Vault's KV API (v1 and v2 mounts, src/synth/vault.ts). */
export function vaultSecretSource(client: VaultKv, address: string): SecretSource {
  return { description: `Vault at ${address}`, readAll: (ref) => client.readAll(ref) };
}

/**
 * The source a command uses: the file (`--secrets`, else env TFDOCTOR_SECRETS), else
 * Vault when VAULT_ADDR is set (VAULT_TOKEN required, VAULT_NAMESPACE optional), else none.
 */
export async function secretSourceFromOptions(opts: {
  secretsFile?: string | undefined;
  env?: Readonly<Record<string, string | undefined>>;
  signal?: AbortSignal | undefined;
}): Promise<SecretSource | undefined> {
  const env = opts.env ?? process.env;
  const file = opts.secretsFile ?? env['TFDOCTOR_SECRETS'];
  if (file) return fileSecretSource(await loadSecretsFile(file), file);
  const address = env['VAULT_ADDR'];
  if (!address) return undefined;
  const client = new VaultKv({ address, token: env['VAULT_TOKEN'] ?? '', namespace: env['VAULT_NAMESPACE'], signal: opts.signal });
  return vaultSecretSource(client, address);
}

/** One Vault reference in an account's inventory and where it is written. */
export interface NamedVaultRef extends VaultRef {
  field?: string | undefined;
  where: SourceRef;
}

/**
 * Every Vault reference (`{path, field}`, the VaultSecret fragment's shape) in the
 * account's resource entries, in inventory order. Found by shape, so a kind that
 * names a Vault secret anywhere in its entry (acm `secret`, rds `ca_cert`, ...)
 * needs nothing added here.
 */
export function vaultRefsOf(inv: Inventory, account: string): NamedVaultRef[] {
  const refs: NamedVaultRef[] = [];
  const walk = (v: unknown, where: SourceRef): void => {
    if (Array.isArray(v)) v.forEach((x, i) => walk(x, { ...where, path: [...where.path, i] }));
    else if (isPlainObject(v)) {
      if (typeof v['path'] === 'string' && typeof v['field'] === 'string' && v['path']) {
        const version = typeof v['version'] === 'number' && v['version'] > 0 ? v['version'] : undefined;
        refs.push({ path: v['path'], field: v['field'], version, where });
        return;
      }
      for (const [k, x] of Object.entries(v)) walk(x, { ...where, path: [...where.path, k] });
    }
  };
  for (const res of inv.resources) {
    if (res.account !== account) continue;
    walk(res.entry, res.where);
    // A kind may name a Vault secret in its defaults file too (elasticsearch `auth.admin_user_credentials`):
    // the merged values from files other than the entry, blamed on where each key came from.
    for (const [key, value] of Object.entries(res.values)) {
      const origin = res.origins[key];
      if (!origin || origin.file === res.where.file) continue;
      walk(value, origin.path[origin.path.length - 1] === key ? origin : { ...origin, path: [...origin.path, key] });
    }
  }
  return refs;
}

/**
 * Reads every Vault path the account's inventory names from `source`, each path once.
 * Two references to one path with different versions are refused (the map synthesis
 * gets holds one set of fields per path). The result goes to `SynthOptions.secrets`.
 */
export async function gatherSecrets(inv: Inventory, account: string, source: SecretSource): Promise<SecretsMap> {
  const byPath = new Map<string, NamedVaultRef>();
  for (const ref of vaultRefsOf(inv, account)) {
    const seen = byPath.get(ref.path);
    if (!seen) byPath.set(ref.path, ref);
    else if ((seen.version ?? 0) !== (ref.version ?? 0))
      throw inputError(
        { ...ref.where, path: [...ref.where.path, 'version'] },
        `Vault secret ${ref.path} is read at version ${ref.version ?? 'latest'} here and at ${seen.version ?? 'latest'} at ${seen.where.file}: ${seen.where.path.join('.')}; one version per path`,
      );
  }
  const out = new Map<string, Readonly<Record<string, string>>>();
  // A handful per account: sequentially, so a Vault that throttles sees one reader.
  for (const ref of byPath.values()) {
    const fields = await source.readAll(ref);
    if (fields) out.set(ref.path, fields);
  }
  return out;
}

/**
 * The fields of a Vault secret named at `where` (a `{path, field, ...}` reference)
 * that a kind needs: each is required, and a missing path or field is an input
 * error naming the inventory file, the reference's place in it, the Vault path and
 * the field, never a value.
 */
export function requireSecretFields(
  secrets: SecretsMap | undefined,
  ref: { path: string },
  where: SourceRef,
  fields: readonly string[],
): Record<string, string> {
  const data = secrets?.get(ref.path);
  if (!data)
    throw inputError(
      { ...where, path: [...where.path, 'path'] },
      `Vault secret ${ref.path} was not given (fields ${fields.join(', ')} are needed): give it with --secrets FILE / TFDOCTOR_SECRETS, or VAULT_ADDR + VAULT_TOKEN`,
    );
  const out: Record<string, string> = {};
  for (const f of fields) {
    const value = data[f];
    if (value === undefined) throw inputError({ ...where, path: [...where.path, 'path'] }, `Vault secret ${ref.path} has no field "${f}"`);
    out[f] = value;
  }
  return out;
}

/**
 * Every value of `secrets`, as given and as the config holds it (template-escaped), for
 * printers that must not show them (`tfdoctor synth` prints the config with these redacted).
 */
export function secretValues(secrets: SecretsMap | undefined): ReadonlySet<string> {
  const out = new Set<string>();
  for (const fields of secrets?.values() ?? [])
    for (const v of Object.values(fields)) {
      if (!v) continue;
      out.add(v);
      out.add(escapeTemplate(v));
    }
  return out;
}
