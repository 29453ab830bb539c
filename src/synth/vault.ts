/**
 * Vault's KV API over HTTP, read the way the reference's secret reader reads it
 * (reconcile/utils/vault.py `read_all` at f8dc7d43): the first path segment is the
 * mount; a mount whose `GET /v1/<mount>/config` answers is KV v2 (then
 * `GET /v1/<mount>/data/<rest>[?version=N]`, fields under `data.data`), any other
 * mount is KV v1 (`GET /v1/<path>`, fields under `data`). A secret that is not
 * there is `undefined` (the kind that needs it then fails with an input error
 * naming the inventory file, the path and the field).
 *
 * Nothing a response body holds ever reaches an error message: only the Vault
 * path, the HTTP status and Vault's address.
 */
import { InputError } from '../errors.js';

/** A Vault secret reference as the inventory names it (the reconciler's VaultSecret fragment). */
export interface VaultRef {
  path: string;
  /** KV v2 only; absent or 0 reads the latest version (`SECRET_VERSION_LATEST`). */
  version?: number | undefined;
}

export interface VaultKvOptions {
  /** VAULT_ADDR, e.g. https://vault.example.com:8200 */
  address: string;
  /** VAULT_TOKEN (sent as X-Vault-Token). */
  token: string;
  /** VAULT_NAMESPACE (Vault Enterprise), sent as X-Vault-Namespace when set. */
  namespace?: string | undefined;
  /** Per request; default 10 s. */
  timeoutMs?: number | undefined;
  signal?: AbortSignal | undefined;
}

/** The reference's secret reader, `read_all` only. */
export class VaultKv {
  private readonly base: string;
  private readonly mounts = new Map<string, Promise<1 | 2>>();

  constructor(private readonly opts: VaultKvOptions) {
    let url: URL;
    try {
      url = new URL(opts.address);
    } catch {
      throw new InputError(`VAULT_ADDR: not a URL`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new InputError('VAULT_ADDR: must be an http:// or https:// URL');
    this.base = url.href.replace(/\/+$/, '');
  }

  /** The secret's fields (`read_all`), or undefined when Vault has no such secret (or version). */
  async readAll(ref: VaultRef): Promise<Record<string, string> | undefined> {
    // Checked at the first read, not at construction: VAULT_ADDR set in a shell is no error for an inventory that names no secret.
    if (!this.opts.token) throw new InputError('VAULT_TOKEN is not set (VAULT_ADDR needs a token)');
    const segments = ref.path.split('/').filter((s) => s !== '');
    const mount = segments[0];
    if (!mount || segments.length < 2) return undefined;
    const kv = await this.mountVersion(mount);
    const rest = segments.slice(1).map(encodeURIComponent).join('/');
    if (kv === 2) {
      const query = ref.version ? `?version=${ref.version}` : '';
      const body = await this.get(`/v1/${encodeURIComponent(mount)}/data/${rest}${query}`, ref.path);
      const data = body && field(field(body, 'data'), 'data');
      return data === undefined ? undefined : flatFields(data, ref.path);
    }
    const body = await this.get(`/v1/${encodeURIComponent(mount)}/${rest}`, ref.path);
    const data = body && field(body, 'data');
    return data === undefined ? undefined : flatFields(data, ref.path);
  }

  /** `read_configuration(mount)` answering means KV v2; anything else (404, 403, not KV) means v1, as the reference decides. */
  private mountVersion(mount: string): Promise<1 | 2> {
    let pending = this.mounts.get(mount);
    if (!pending) {
      pending = this.request(`/v1/${encodeURIComponent(mount)}/config`).then(
        (r) => (r.ok ? 2 : 1),
        () => 1 as const,
      );
      this.mounts.set(mount, pending);
    }
    return pending;
  }

  private async get(urlPath: string, vaultPath: string): Promise<unknown> {
    let res: Response;
    try {
      res = await this.request(urlPath);
    } catch (err) {
      if (this.opts.signal?.aborted) throw err;
      throw new InputError(`Vault at ${this.base}: cannot read ${vaultPath}: ${(err as Error).name === 'TimeoutError' ? 'timed out' : 'no answer'}`);
    }
    if (res.status === 404) return undefined;
    if (res.status === 403) throw new InputError(`Vault at ${this.base}: permission denied reading ${vaultPath} (check VAULT_TOKEN's policy)`);
    if (!res.ok) throw new InputError(`Vault at ${this.base}: reading ${vaultPath} answered HTTP ${res.status}`);
    try {
      return (await res.json()) as unknown;
    } catch {
      throw new InputError(`Vault at ${this.base}: reading ${vaultPath}: the answer is not JSON`);
    }
  }

  private request(urlPath: string): Promise<Response> {
    const headers: Record<string, string> = { 'X-Vault-Token': this.opts.token, Accept: 'application/json' };
    if (this.opts.namespace) headers['X-Vault-Namespace'] = this.opts.namespace;
    const timeout = AbortSignal.timeout(this.opts.timeoutMs ?? 10_000);
    const signal = this.opts.signal ? AbortSignal.any([this.opts.signal, timeout]) : timeout;
    return fetch(`${this.base}${urlPath}`, { headers, signal, redirect: 'error' });
  }
}

function field(v: unknown, key: string): unknown {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>)[key] : undefined;
}

/**
 * The fields as strings: the reference hands them on as Vault stores them, and
 * every kind here reads them as text. A structured field (an object, a list) is
 * kept as its JSON text; null is dropped (as if absent).
 */
function flatFields(data: unknown, vaultPath: string): Record<string, string> {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) throw new InputError(`Vault: ${vaultPath}: the secret's data is not a mapping of fields`);
  const out: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const [k, v] of Object.entries(data)) {
    if (v === null || v === undefined) continue;
    out[k] = typeof v === 'object' ? JSON.stringify(v) : String(v);
  }
  return out;
}
