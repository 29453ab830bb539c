/**
 * secrets-manager (`populate_tf_resource_secrets_manager`): `aws_secretsmanager_secret.<id>`
 * (`name = <id>`, untagged as in the reference) and the
 * `aws_secretsmanager_secret_version.<id>` it always writes, whose `secret_string`
 * is the Vault secret's fields as the reconciler's `json_dumps` prints them
 * (sorted keys, `", "`/`": "`, non-ASCII escaped), optionally reshaped by
 * `secret_format`. Outputs arn and version_id (both of the version, as the reference).
 *
 * The value comes from `options.secrets` (Vault path -> fields), else from the
 * version already in the account's state, so the plan shows no change. A spec
 * without `secret` is refused: the reference asserts on it. The value is written
 * only into the config (terraform's working dir); nothing here logs or reports it.
 */
import { aws } from '../cdk.js';
import { inputError } from '../load-inventory.js';
import { escapeTemplate } from '../naming.js';
import { declare, metadataOutputs, output, providerOf, type KindContext } from './context.js';

export function synthSecretsManager(ctx: KindContext): void {
  const { res } = ctx;
  const ref = res.entry.secret;
  if (!ref) throw inputError({ ...res.where, path: [...res.where.path, 'secret'] }, 'secret (a Vault secret reference) is required for secrets-manager');
  const secret = declare(ctx, aws.SecretsmanagerSecret, ctx.name, { name: res.identifier, ...providerOf(ctx) });
  const address = `aws_secretsmanager_secret_version.${ctx.name}`;
  let secretString: string;
  const fields = ctx.options.secrets?.get(ref.path);
  if (fields) {
    const format = res.entry.secret_format;
    const data = format === undefined ? { ...fields } : applySecretFormat(ctx, format, fields);
    secretString = pythonJsonDumps(data);
  } else {
    const prior = ctx.options.priorState?.attributes(address)?.['secret_string'];
    if (typeof prior !== 'string' && ctx.options.bootstrap) secretString = '{}';
    else if (typeof prior !== 'string')
      throw inputError(
        { ...res.where, path: [...res.where.path, 'secret', 'path'] },
        `the Vault secret ${ref.path} was not given and ${address} is not in the account's state`,
      );
    else secretString = prior;
  }
  const version = declare(ctx, aws.SecretsmanagerSecretVersion, ctx.name, {
    secretId: secret.id,
    secretString: escapeTemplate(secretString),
    ...providerOf(ctx),
  });
  output(ctx, 'arn', version.arn);
  output(ctx, 'version_id', version.versionId);
  metadataOutputs(ctx);
}

/** `{"a.b": "x"}` -> `{a: {b: "x"}}`, refusing a key that is both a value and a path (`_unflatten_dotted_keys_dict`). */
export function unflattenDotted(ctx: KindContext, flat: Readonly<Record<string, string>>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(flat)) {
    const parts = key.split('.');
    let node = out;
    for (const part of parts.slice(0, -1)) {
      const next = Object.hasOwn(node, part) ? node[part] : undefined;
      if (next === undefined) node[part] = Object.create(null) as Record<string, unknown>;
      else if (typeof next !== 'object') throw formatError(ctx, `secret keys conflict at "${key}"`);
      node = node[part] as Record<string, unknown>;
    }
    const last = parts[parts.length - 1] ?? '';
    if (typeof node[last] === 'object') throw formatError(ctx, `secret keys conflict at "${key}"`);
    node[last] = value;
  }
  return out;
}

function formatError(ctx: KindContext, msg: string) {
  return inputError(ctx.res.origins['secret_format'] ?? { ...ctx.res.where, path: [...ctx.res.where.path, 'secret_format'] }, msg);
}

/**
 * `_apply_secret_format`: the format is a Jinja2 template over the (unflattened)
 * fields whose result must be a JSON object of strings. tfdoctor renders the
 * subset `{{ a.b }}` (variable lookups); any other Jinja syntax is refused rather
 * than rendered differently. A lookup of a missing field is refused too (Jinja
 * would print an empty string; refusing can only stop a synth, not change a plan).
 */
export function applySecretFormat(ctx: KindContext, format: string, fields: Readonly<Record<string, string>>): Record<string, string> {
  if (/\{%|\{#/.test(format)) throw formatError(ctx, 'secret_format: only {{ field }} substitutions are supported by tfdoctor');
  const data = unflattenDotted(ctx, fields);
  const rendered = format.replace(/\{\{(.*?)\}\}/gs, (_, expr: string) => {
    const path = expr.trim();
    if (!/^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/.test(path))
      throw formatError(ctx, 'secret_format: only {{ field }} or {{ a.b }} substitutions are supported by tfdoctor');
    let v: unknown = data;
    for (const p of path.split('.')) v = v && typeof v === 'object' && Object.hasOwn(v, p) ? (v as Record<string, unknown>)[p] : undefined;
    if (typeof v !== 'string') throw formatError(ctx, `secret_format: {{ ${path} }} is not a field of the secret`);
    return v;
  });
  let parsed: unknown;
  try {
    parsed = JSON.parse(rendered);
  } catch {
    // The rendered text holds secret values: never quote it.
    throw formatError(ctx, 'secret_format: the rendered text is not JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw formatError(ctx, 'secret_format must render a JSON object');
  for (const [k, v] of Object.entries(parsed)) if (typeof v !== 'string') throw formatError(ctx, `secret_format: the value under "${k}" is not a string`);
  return parsed as Record<string, string>;
}

/** Python's `json.dumps(d, sort_keys=True)` for a flat object of strings: `{"a": "b", "c": "d"}`, non-ASCII as \uXXXX. */
export function pythonJsonDumps(data: Readonly<Record<string, string>>): string {
  const str = (s: string) => JSON.stringify(s).replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  // Python sorts by code point; JS's default sort compares UTF-16 units (same below U+D800, which keys beyond are rare enough to accept).
  const keys = Object.keys(data).sort();
  return `{${keys.map((k) => `${str(k)}: ${str(data[k] ?? '')}`).join(', ')}}`;
}
