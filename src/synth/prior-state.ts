/**
 * The account's current state as synthesis needs it (SynthOptions.priorState),
 * which accounts need it at all, and the secret generator for objects the state
 * does not hold yet.
 *
 * Why the state: the reference keeps an RDS password / ElastiCache auth token
 * across runs by reading the current value (`spec.get_secret_field("db.password")`,
 * the Secret it wrote from the `<prefix>__db_password` output) and generates one
 * only when there is none (`generate_random_password`, TAC). tfdoctor has no
 * cluster to read the Secret from; the same value is the output (and the
 * resource attribute) in the account's Terraform state.
 */
import { randomInt } from 'node:crypto';
import type { Inventory } from './inventory.js';
import type { PriorState } from './synth-options.js';
import { isPlainObject } from '../util/objects.js';

/**
 * A PriorState over a raw state document (`terraform state pull`, version 4):
 * managed resources of the root module, `type.name` -> the attributes of its
 * single instance (resources with count/for_each are not what the kinds look
 * up, and are skipped), and the root outputs' values.
 */
export function priorStateFromRaw(raw: unknown): PriorState {
  const attributes = new Map<string, Readonly<Record<string, unknown>>>();
  const outputs = new Map<string, unknown>();
  const doc = isPlainObject(raw) ? raw : {};
  const resources = Array.isArray(doc['resources']) ? doc['resources'] : [];
  for (const r of resources) {
    if (!isPlainObject(r) || r['mode'] !== 'managed' || r['module'] !== undefined) continue;
    if (typeof r['type'] !== 'string' || typeof r['name'] !== 'string' || !Array.isArray(r['instances'])) continue;
    const current = r['instances'].filter((i): i is Record<string, unknown> => isPlainObject(i) && i['deposed'] === undefined);
    const only = current.length === 1 ? current[0] : undefined;
    if (!only || only['index_key'] !== undefined || !isPlainObject(only['attributes'])) continue;
    attributes.set(`${r['type']}.${r['name']}`, only['attributes']);
  }
  if (isPlainObject(doc['outputs'])) {
    for (const [name, o] of Object.entries(doc['outputs'])) if (isPlainObject(o) && 'value' in o) outputs.set(name, o['value']);
  }
  return {
    attributes: (address) => attributes.get(address),
    output: (name) => outputs.get(name),
  };
}

/**
 * Whether synthesizing `account` reads its current state: it has a kind that
 * keeps a secret across runs (rds: the master password unless it is a replica,
 * TAC `_db_needs_auth`; elasticache with `transit_encryption_enabled`: the
 * auth token), or one that reads what another resource wrote (kinesis with
 * `es_identifier`: the domain's `__secret_policy_arn`/`__secret_name` outputs), or
 * one whose Vault secret is kept from the state when not given (elasticsearch with
 * an internal master user, msk with SCRAM users: `stateKeepsVaultSecret`), or one
 * that keeps from the state what the reference fetches while it synthesizes
 * (`stateKeepsFetchedInput`: rosa-authenticator's trigger zips and callback logo, the
 * kinesis lambda's zip). Every other account synthesizes without touching the backend.
 */
export function needsPriorState(inv: Inventory, account: string): boolean {
  return inv.resources.some(
    (r) =>
      r.account === account &&
      ((r.kind === 'rds' && !('replicate_source_db' in r.values) && (r.values['replica_source'] ?? null) === null) ||
        (r.kind === 'elasticache' && truthy(r.values['transit_encryption_enabled'])) ||
        bootstrapMayHoldPlaceholder(r)),
  );
}

/**
 * rosa-authenticator (its two trigger lambdas' `filename`, the UI customization's
 * `image_file`) and kinesis with `es_identifier` (its lambda's `filename`): the
 * reference downloads a release zip (and, for rosa-authenticator, the callback
 * bucket's logo) while it synthesizes; tfdoctor keeps the state's filename when the
 * function is there (the path the reconciler wrote, so the plan shows no change) and
 * takes what the state has when the zip or logo was not given (src/synth/kinds/kinesis.ts
 * `lambdaCode`, rosa-authenticator.ts `logoImage`).
 */
export function stateKeepsFetchedInput(r: Pick<Inventory['resources'][number], 'kind' | 'values'>): boolean {
  return r.kind === 'rosa-authenticator' || (r.kind === 'kinesis' && truthy(r.values['es_identifier']));
}

/**
 * Whether a bootstrap synth (SynthOptions.bootstrap, before the state is read) may
 * hold a placeholder for this resource: a secret or a fetched input only Vault, the
 * artifacts/logo or the state has. Such an account is synthesized again after the
 * state is read, state or not, so that without one it fails as the reference does
 * instead of planning the placeholder (src/run/plan-account.ts).
 */
export function bootstrapMayHoldPlaceholder(r: Pick<Inventory['resources'][number], 'kind' | 'values'>): boolean {
  return r.kind === 'secrets-manager' || stateKeepsVaultSecret(r) || stateKeepsFetchedInput(r);
}

/**
 * elasticsearch with `auth` (no admin_user_arn) or the deprecated
 * `advanced_security_options`, msk with client_authentication.sasl.scram: their
 * Vault secret is taken from the account's state when not given, so a bootstrap
 * synth may hold a placeholder and the account is synthesized again after the
 * state is read (src/run/plan-account.ts), state or not.
 */
export function stateKeepsVaultSecret(r: Pick<Inventory['resources'][number], 'kind' | 'values'>): boolean {
  const obj = (v: unknown): Record<string, unknown> => (isPlainObject(v) ? v : {});
  if (r.kind === 'elasticsearch') {
    const auth = obj(r.values['auth']);
    if (Object.keys(auth).length) return !truthy(auth['admin_user_arn']);
    return Object.keys(obj(r.values['advanced_security_options'])).length > 0;
  }
  if (r.kind === 'msk') return truthy(obj(obj(r.values['client_authentication'])['sasl'])['scram']);
  return false;
}

const LETTERS_AND_DIGITS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/** A new secret as the reference makes one (`generate_random_password`: 20 letters and digits), from a CSPRNG. */
export function generateSecret(length = 20): string {
  let out = '';
  for (let i = 0; i < length; i++) out += LETTERS_AND_DIGITS[randomInt(LETTERS_AND_DIGITS.length)];
  return out;
}

/**
 * A generator that remembers what it generated, so a caller that prints the
 * config (`tfdoctor synth` on stdout) can replace each generated secret with
 * GENERATED_SECRET_MARK.
 */
export function recordingSecretGenerator(inner: () => string = generateSecret): { generate: () => string; generated: ReadonlySet<string> } {
  const generated = new Set<string>();
  return {
    generate: () => {
      const s = inner();
      generated.add(s);
      return s;
    },
    generated,
  };
}

/** What `tfdoctor synth` prints in place of a secret it generated. */
export const GENERATED_SECRET_MARK = '(generated-secret-not-printed)';

/** A deep copy of `json` with every string equal to one of `secrets` replaced by `mark`. */
export function redactValues<T>(json: T, secrets: ReadonlySet<string>, mark = GENERATED_SECRET_MARK): T {
  if (secrets.size === 0) return json;
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return secrets.has(v) ? mark : v;
    if (Array.isArray(v)) return v.map(walk);
    if (isPlainObject(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    return v;
  };
  return walk(json) as T;
}

/** Python's truthiness, as the reference tests `values.get(...)`: the string "false" is true there too. */
function truthy(v: unknown): boolean {
  return v !== undefined && v !== null && v !== false && v !== 0 && v !== '';
}

