/**
 * synthAccount: one cdktf stack per account, returned as the Terraform JSON
 * that `cdk.tf.json` (and the reconciler's `--print-to-file`) holds.
 *
 * Emulator settings (endpoint, path style, skip_*) are deliberately NOT here:
 * the test bed adds them, so this config is what production would run.
 */
import { aws, cdktf, type AwsProvider } from './cdk.js';
import type { TerraformStack } from 'cdktf';
import { accountInfo, type AccountInfo } from './account-info.js';
import type { Inventory, ResolvedResource } from './inventory.js';
import { inputError } from './load-inventory.js';
import { escapeDeep, outputPrefix, resourceTags, tfName } from './naming.js';
import type { KindContext, StackState } from './kinds/context.js';
import type { Kind } from './inventory-schema.js';
import type { SynthOptions } from './synth-options.js';
import { EXTRA_PROVIDERS } from './kinds/context.js';
import { synthAsg } from './kinds/asg.js';
import { synthCloudwatch } from './kinds/cloudwatch.js';
import { synthDynamodb } from './kinds/dynamodb.js';
import { synthEcr } from './kinds/ecr.js';
import { synthElasticache } from './kinds/elasticache.js';
import { synthIamRole } from './kinds/iam-role.js';
import { synthIamServiceAccount } from './kinds/iam-service-account.js';
import { synthKms } from './kinds/kms.js';
import { synthRds } from './kinds/rds.js';
import { synthRoute53Zone } from './kinds/route53-zone.js';
import { synthS3 } from './kinds/s3.js';
import { synthSecretsManager } from './kinds/secrets-manager.js';
import { synthSqs } from './kinds/sqs.js';
import { synthRosaAuthenticatorVpce } from './kinds/rosa-authenticator-vpce.js';
import { synthAlb } from './kinds/alb.js';
import { synthKinesis } from './kinds/kinesis.js';
import { synthSns } from './kinds/sns.js';
import { synthSecretsManagerServiceAccount } from './kinds/secrets-manager-service-account.js';
import { synthAcm } from './kinds/acm.js';
import { synthS3CloudfrontPublicKey } from './kinds/s3-cloudfront-public-key.js';
import { synthS3Cloudfront } from './kinds/s3-cloudfront.js';
import { synthS3Sqs } from './kinds/s3-sqs.js';
import { synthElasticsearch } from './kinds/elasticsearch.js';
import { synthMsk } from './kinds/msk.js';
import { synthRosaAuthenticator } from './kinds/rosa-authenticator.js';

/** One account's synthesized Terraform config: the account's settings and the Terraform JSON. */
export interface AccountConfig {
  account: AccountInfo;
  /** Terraform JSON (what main.tf.json / cdk.tf.json holds). */
  json: Record<string, unknown>;
}

const BUILDERS: Record<Kind, (ctx: KindContext) => void> = {
  rds: synthRds,
  s3: synthS3,
  elasticache: synthElasticache,
  'aws-iam-service-account': synthIamServiceAccount,
  'aws-iam-role': synthIamRole,
  sqs: synthSqs,
  dynamodb: synthDynamodb,
  ecr: synthEcr,
  kms: synthKms,
  cloudwatch: synthCloudwatch,
  'secrets-manager': synthSecretsManager,
  'route53-zone': synthRoute53Zone,
  asg: synthAsg,
  'rosa-authenticator-vpce': synthRosaAuthenticatorVpce,
  alb: synthAlb,
  kinesis: synthKinesis,
  sns: synthSns,
  'secrets-manager-service-account': synthSecretsManagerServiceAccount,
  acm: synthAcm,
  's3-cloudfront-public-key': synthS3CloudfrontPublicKey,
  's3-cloudfront': synthS3Cloudfront,
  's3-sqs': synthS3Sqs,
  elasticsearch: synthElasticsearch,
  msk: synthMsk,
  'rosa-authenticator': synthRosaAuthenticator,
};

/** Kinds whose reference function never reads `region` (no provider written): a region there is not checked. */
const REGION_IGNORED: ReadonlySet<Kind> = new Set(['rosa-authenticator-vpce']);
/**
 * Kinds that write no provider whatever `region` says, so the reference never meets a
 * region outside the account's: sns reads it only for its outputs,
 * s3-cloudfront-public-key not at all (issue 10, part a), rosa-authenticator for the
 * callback bucket's URL and the GovCloud partition of the lambda policy
 * (`populate_tf_resource_rosa_authenticator`). None of them checks it.
 */
const REGION_UNCHECKED: ReadonlySet<Kind> = new Set(['sns', 's3-cloudfront-public-key', 'rosa-authenticator']);

/** Kinds whose objects are global (IAM, Route 53): they keep the default provider; all others are regional. */
const GLOBAL_KINDS: ReadonlySet<Kind> = new Set(['aws-iam-service-account', 'aws-iam-role', 'route53-zone']);

/**
 * Synthesize one account. `options` carries what the reference reads while it
 * synthesizes (current state, resolved AMIs, secrets); without them a kind that
 * needs one fails as the reference would, or generates (a new RDS password).
 */
export function synthAccount(inv: Inventory, accountName: string, options: SynthOptions = {}): AccountConfig {
  return withoutStackTraces(() => synthAccountNow(inv, accountName, options));
}

/**
 * cdktf 0.21 captures a full stack trace (Error.stackTraceLimit = MAX) into a
 * plain object for every token and every complex attribute it creates (an
 * aws_launch_template alone makes dozens), and turns it into text at once; with
 * source maps on (tsx) that was 40% of the synth time at 2,000 resources
 * (measured with --cpu-prof). The traces only decorate cdktf's own error
 * messages. Synthesis is synchronous, so for its duration captures into
 * anything that is not an Error are skipped (cdktf then sees an empty trace);
 * real errors keep their stacks. Restored after.
 */
function withoutStackTraces<T>(fn: () => T): T {
  const original = Error.captureStackTrace;
  Error.captureStackTrace = (target: object, ctor?: Parameters<typeof original>[1]) => {
    if (target instanceof Error) original(target, ctor);
  };
  try {
    return fn();
  } finally {
    Error.captureStackTrace = original;
  }
}

function synthAccountNow(inv: Inventory, accountName: string, options: SynthOptions): AccountConfig {
  const account = accountInfo(inv, accountName);
  const app = new cdktf.App({ skipValidation: true, context: { excludeStackIdFromLogicalIds: true } });
  const stack = new cdktf.TerraformStack(app, 'tfdoctor');
  const providerTags = providerDefaultTags(inv, account.name);
  new aws.AwsProvider(stack, 'aws', {
    region: account.defaultRegion,
    skipRegionValidation: true,
    defaultTags: [{ tags: providerTags }],
  });
  const aliased = new Map<string, AwsProvider>();
  for (const region of account.regions) {
    aliased.set(
      region,
      new aws.AwsProvider(stack, `aws.${region}`, {
        alias: region,
        region,
        skipRegionValidation: true,
        defaultTags: [{ tags: providerTags }],
      }),
    );
  }
  new cdktf.S3Backend(stack, {
    bucket: account.backend.bucket,
    key: account.backend.key,
    region: account.backend.region,
    ...(account.backend.dynamodb_table ? { dynamodbTable: account.backend.dynamodb_table } : {}),
  });

  // Every account's config has it (TerrascriptClient.__init__), whether a kind reads it or not.
  new aws.DataAwsCanonicalUserId(stack, 'data.aws_canonical_user_id.current', {}).overrideLogicalId('current');

  const state: StackState = {
    stack,
    account,
    addresses: new Map(),
    outputs: new Map(),
    images: {},
    options,
    extraProviders: new Set(),
    accountResources: inv.resources.filter((r) => r.account === account.name),
  };
  for (const res of inv.resources) {
    if (res.account !== account.name) continue;
    BUILDERS[res.kind](kindContext(state, res, aliased));
  }

  const json = stackToJson(stack);
  stripConstructMetadata(json);
  // cdktf pins the provider version it was generated for; the account's providerVersion wins (reference).
  const terraform = json['terraform'] as { required_providers?: Record<string, Record<string, unknown>> } | undefined;
  const awsRequirement = terraform?.required_providers?.['aws'];
  if (awsRequirement) {
    awsRequirement['source'] = 'hashicorp/aws';
    awsRequirement['version'] = escapeDeep(findAccountProviderVersion(inv, account.name));
  }
  // The reference always requires time, random and cloudinit; only the aws provider is
  // mirrored here, so tfdoctor requires the others only where a resource uses one
  // (docs/reconciler-parity.md: a provider no resource uses cannot change the plan).
  if (terraform && state.extraProviders.size) {
    terraform.required_providers ??= {};
    for (const name of [...state.extraProviders].sort()) terraform.required_providers[name] = { ...EXTRA_PROVIDERS[name] };
  }
  // Terraform JSON ignores "//" keys: a place for what the doctor needs to recover
  // (which account, which commit an AMI lookup is for) without a second file.
  const ordered: Record<string, unknown> = {
    '//': { tfdoctor: { account: { name: account.name, uid: account.uid }, images: state.images } },
  };
  for (const [k, v] of Object.entries(json)) if (k !== '//') ordered[k] = v;
  return { account, json: ordered };
}

function kindContext(state: StackState, res: ResolvedResource, aliased: Map<string, AwsProvider>): KindContext {
  const { account } = state;
  const region = typeof res.values['region'] === 'string' ? res.values['region'] : account.defaultRegion;
  const regionWhere = res.origins['region'] ?? res.where;
  if (region !== account.defaultRegion && !aliased.has(region) && !REGION_IGNORED.has(res.kind) && !REGION_UNCHECKED.has(res.kind))
    throw inputError(
      regionWhere,
      `region ${region} is neither the account's resourcesDefaultRegion (${account.defaultRegion}) nor in its supportedDeploymentRegions (${account.regions.join(', ') || 'none'})`,
    );
  const name = tfName(res.identifier);
  if (!name) throw inputError({ ...res.where, path: [...res.where.path, 'identifier'] }, 'not usable as a Terraform resource name');
  const own = res.values['tags'];
  if (own !== undefined && !isTagMap(own))
    throw inputError(res.origins['tags'] ?? res.where, 'tags must be a mapping of names to strings, numbers or booleans');
  return {
    ...state,
    res,
    region,
    // With supportedDeploymentRegions every regional resource names its provider (reference).
    provider: GLOBAL_KINDS.has(res.kind) ? undefined : aliased.get(region),
    tags: escapeDeep(resourceTags(res.namespace, own === undefined ? undefined : tagStrings(own))),
    name,
    prefix: outputPrefix(res.identifier, res.kind),
  };
}

/**
 * The provider `default_tags` (TAC populate_configs): the settings' default_tags,
 * else `{app: app-sre-infra}`, updated with the account organization's tags (the
 * payer account's organizationAccountTags, then the organization's own; either
 * may be a JSON string, as app-interface stores them).
 */
function providerDefaultTags(inv: Inventory, accountName: string): Record<string, string> {
  const base: Record<string, string> = { ...(inv.settings?.default_tags ?? { app: 'app-sre-infra' }) };
  const account = inv.accounts.find((a) => a.name === accountName);
  const org = account?.organization;
  if (!org || !account) return escapeDeep(base);
  const orgWhere = { file: account.where.file, path: [...account.where.path, 'organization'] };
  const payer = tagMapOf(org.payerAccount?.organizationAccountTags, { ...orgWhere, path: [...orgWhere.path, 'payerAccount', 'organizationAccountTags'] });
  const own = tagMapOf(org.tags, { ...orgWhere, path: [...orgWhere.path, 'tags'] });
  return escapeDeep({ ...base, ...payer, ...own });
}

function tagMapOf(raw: unknown, where: { file: string; path: (string | number)[] }): Record<string, string> {
  if (raw === undefined || raw === null) return {};
  let v: unknown = raw;
  if (typeof raw === 'string') {
    try {
      v = JSON.parse(raw) as unknown;
    } catch (err) {
      throw inputError(where, `not valid JSON: ${(err as Error).message}`);
    }
  }
  if (!isTagMap(v)) throw inputError(where, 'tags must be a mapping of names to strings, numbers or booleans');
  return tagStrings(v);
}

function findAccountProviderVersion(inv: Inventory, name: string): string {
  return inv.accounts.find((a) => a.name === name)?.providerVersion ?? '';
}

function isTagMap(v: unknown): v is Record<string, string | number | boolean> {
  return (
    typeof v === 'object' &&
    v !== null &&
    !Array.isArray(v) &&
    Object.values(v).every((x) => typeof x === 'string' || typeof x === 'number' || typeof x === 'boolean')
  );
}

/** Tag values are strings in AWS; YAML gives `cost: 700` as a number. */
function tagStrings(tags: Record<string, string | number | boolean>): Record<string, string> {
  return Object.fromEntries(Object.entries(tags).map(([k, v]) => [k, String(v)]));
}

/**
 * What `TerraformStack.toTerraform()` returns, minus its second pass: cdktf 0.21
 * resolves every element's fragment, merges them, then resolves the whole tree
 * again and builds a metadata block we drop anyway. The second walk is about half
 * of the synth time at 2,000 resources and changes nothing once every fragment is
 * resolved (the golden files are identical either way). Same element order
 * (pre-order), same merge rules (objects merged, arrays concatenated).
 */
function stackToJson(stack: TerraformStack): Record<string, unknown> {
  const resolver = new cdktf.DefaultTokenResolver(new cdktf.StringConcat());
  const slow = (x: unknown): unknown => cdktf.Tokenization.resolve(x, { scope: stack, preparing: false, resolver });
  const tf: Record<string, unknown> = {};
  for (const node of stack.node.findAll()) {
    if (!cdktf.TerraformElement.isTerraformElement(node)) continue;
    mergeFragment(tf, resolvePlain(node.toTerraform(), slow) as Record<string, unknown>);
  }
  return tf;
}

/** cdktf's number-token pattern (encoding.js NUMBER_TOKEN_REGEX): a string matching it may carry an encoded number token. */
const NUMBER_TOKEN_TEXT = /[-|\d|.+]+(e[-|\d|.|e|E|+]+)/g;
/** Where NUMBER_TOKEN_TEXT can match at all (one of its characters, `e`, one of its characters): most strings have no such place. */
const NUMBER_TOKEN_START = /[-|\d.+]e[-|\d.eE+]/;
/** Encoded number tokens are doubles of magnitude ~1e289 (a fixed bit pattern in the top 16 bits); nothing tfdoctor writes comes near. */
const TOKEN_MAGNITUDE = 1e100;

/** A string cdktf's resolve returns unchanged: no token or escape marker (`${`, `#{`, `TfToken[`), no number-token text, no map-token value. */
function plainString(s: string): boolean {
  if (s.includes('${') || s.includes('#{') || s.includes('TfToken[') || s === cdktf.Token.STRING_MAP_TOKEN_VALUE || s === cdktf.Token.ANY_MAP_TOKEN_VALUE) return false;
  if (!NUMBER_TOKEN_START.test(s)) return true;
  for (const m of s.matchAll(NUMBER_TOKEN_TEXT)) if (!(Math.abs(parseFloat(m[0])) < TOKEN_MAGNITUDE)) return false;
  return true;
}

function plainNumber(n: number): boolean {
  return Number.isFinite(n) && Math.abs(n) < TOKEN_MAGNITUDE && n !== cdktf.Token.NUMBER_MAP_TOKEN_VALUE;
}

/**
 * `Tokenization.resolve` of one element's fragment, without its per-node cost where
 * nothing is left to resolve: cdktf makes two resolution contexts for every key and
 * value of the tree (a third of the synth time at 2,000 resources, --cpu-prof). A
 * plain subtree (plain objects and arrays of strings, numbers, booleans and null that
 * hold no token, escape or map-token marker) resolves to a copy of itself without the
 * undefined values, which is what is built here; anything else (a string with `${`,
 * a token object, a Lazy, a list token, an odd number) goes to cdktf's resolve, at the
 * same place in the tree and with the same (empty) inherited context, since no token
 * lies above it. The config is byte-identical (bench/synth-all.ts's 2,000 resources and
 * the synth goldens).
 */
function resolvePlain(v: unknown, slow: (x: unknown) => unknown): unknown {
  if (v === undefined || v === null || typeof v === 'boolean') return v;
  if (typeof v === 'string') return plainString(v) ? v : slow(v);
  if (typeof v === 'number') return plainNumber(v) ? v : slow(v);
  if (typeof v !== 'object') return slow(v);
  if (Array.isArray(v)) {
    // A list token anywhere makes cdktf resolve the whole list as one.
    if (v.some((x) => (typeof x === 'string' && x.includes('#{')) || (typeof x === 'number' && !plainNumber(x)))) return slow(v);
    const out: unknown[] = [];
    for (const x of v) {
      const r = resolvePlain(x, slow);
      if (r !== undefined) out.push(r);
    }
    return out;
  }
  const proto = Object.getPrototypeOf(v) as unknown;
  const obj = v as Record<string, unknown>;
  if ((proto !== Object.prototype && proto !== null) || typeof obj['resolve'] === 'function' || '_children' in obj) return slow(v);
  const keys = Object.keys(obj);
  if (!keys.every(plainString)) return slow(v);
  const out: Record<string, unknown> = {};
  for (const k of keys) {
    const r = resolvePlain(obj[k], slow);
    if (r !== undefined) out[k] = r;
  }
  return out;
}

function mergeFragment(target: Record<string, unknown>, source: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(source)) {
    const current = target[key];
    // A key the config does not have yet takes the resolved value as it is (resolvePlain
    // and cdktf's resolve build fresh objects and arrays without undefined): no copy.
    if (current === undefined && value !== undefined && !(key in target)) {
      target[key] = value;
      continue;
    }
    if (Array.isArray(value)) target[key] = Array.isArray(current) ? [...current, ...value] : value;
    else if (typeof value === 'object' && value !== null) {
      if (typeof current !== 'object' || current === null || Array.isArray(current)) target[key] = {};
      mergeFragment(target[key] as Record<string, unknown>, value as Record<string, unknown>);
    } else if (value === undefined) delete target[key];
    else target[key] = value;
  }
}

/** cdktf writes `"//": {metadata: {path, uniqueId}}` into every block; it is noise in a config meant to match the reference's. */
function stripConstructMetadata(json: Record<string, unknown>): void {
  for (const section of ['resource', 'data']) {
    const byType = json[section] as Record<string, Record<string, Record<string, unknown>>> | undefined;
    for (const blocks of Object.values(byType ?? {})) for (const block of Object.values(blocks)) delete block['//'];
  }
  const providers = (json['provider'] as Record<string, Record<string, unknown>[]> | undefined) ?? {};
  for (const list of Object.values(providers)) for (const block of list) delete block['//'];
}
