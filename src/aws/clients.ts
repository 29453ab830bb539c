/**
 * The one owner of AWS SDK client configuration: region, endpoint and
 * credentials for every client tfdoctor makes (the lock table, EC2 image
 * lookups, the test bed's clients). A lint rule (eslint.config.js) keeps
 * `new *Client(` out of every other module.
 *
 * What a client sees is what terraform sees: the caller's environment
 * (process.env) overlaid with the extra environment tfdoctor passes to
 * terraform (`TerraformContext.env`, `--dir` runs against an emulator set
 * AWS_ENDPOINT_URL there).
 *
 * - region: the explicit one (a backend's, a provider's), else AWS_REGION,
 *   else AWS_DEFAULT_REGION, else the SDK's own resolution.
 * - endpoint: the explicit one, else AWS_ENDPOINT_URL_<SERVICE>, else
 *   AWS_ENDPOINT_URL (the SDK's and the provider's names).
 * - credentials: the standard chain. Its first link (AWS_ACCESS_KEY_ID +
 *   AWS_SECRET_ACCESS_KEY [+ AWS_SESSION_TOKEN]) and AWS_PROFILE are read from
 *   the overlaid environment, because the SDK reads them from process.env only;
 *   everything after (SSO, credential_process, web identity, IMDS) is the SDK's.
 *
 * The SDK prints a NodeVersionSupportWarning (through process.emitWarning, once
 * per process) the first time a client is made on Node < 22 (@aws-sdk/core
 * 3.981, seen on Node 20.20). For tfdoctor's own clients that notice is about
 * tfdoctor's dependency, not about anything the user runs, so they are made
 * without it. The SDK's "already warned" flag is put back afterwards: the
 * caller's own clients still warn as the SDK intends, and process.env is left
 * as it was.
 */
import { state } from '@aws-sdk/core/client';

const DISABLE = 'AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED';

/** Runs `make` (a client constructor) without the SDK's Node-version warning, changing nothing process-wide. */
export function withoutNodeVersionWarning<T>(make: () => T): T {
  const warnedBefore = state.warningEmitted;
  const envBefore = process.env[DISABLE];
  process.env[DISABLE] = 'true';
  try {
    return make();
  } finally {
    if (envBefore === undefined) delete process.env[DISABLE];
    else process.env[DISABLE] = envBefore;
    state.warningEmitted = warnedBefore;
  }
}

export interface AwsClientOptions {
  /** The service's endpoint variable suffix: `AWS_ENDPOINT_URL_<service>` (e.g. DYNAMODB, EC2, S3). */
  service: string;
  /** Overrides AWS_REGION / AWS_DEFAULT_REGION (a backend's or a provider's region). */
  region?: string;
  /** Overrides the endpoint variables (a backend's `dynamodb_endpoint`). */
  endpoint?: string;
  /** The extra environment terraform gets, over process.env. */
  env?: Record<string, string | undefined>;
  /** Default 2: fail fast (a lock we are not sure we hold is a lock we don't hold; a lookup is advisory). */
  maxAttempts?: number;
  /** The parent environment (tests). Default: process.env. */
  parent?: Record<string, string | undefined>;
}

/** The SDK config fields tfdoctor sets. */
export interface AwsClientConfig {
  region?: string;
  endpoint?: string;
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  profile?: string;
  maxAttempts: number;
}

/** Region, endpoint and credentials for one client, as described at the top of this file. */
export function awsClientConfig(opts: AwsClientOptions): AwsClientConfig {
  const merged: Record<string, string | undefined> = { ...(opts.parent ?? process.env), ...opts.env };
  const get = (k: string): string | undefined => (merged[k] ? merged[k] : undefined);
  const region = opts.region ?? get('AWS_REGION') ?? get('AWS_DEFAULT_REGION');
  const endpoint = opts.endpoint ?? get(`AWS_ENDPOINT_URL_${opts.service.toUpperCase()}`) ?? get('AWS_ENDPOINT_URL');
  const accessKeyId = get('AWS_ACCESS_KEY_ID');
  const secretAccessKey = get('AWS_SECRET_ACCESS_KEY');
  const sessionToken = get('AWS_SESSION_TOKEN');
  const profile = get('AWS_PROFILE');
  return {
    ...(region ? { region } : {}),
    ...(endpoint ? { endpoint } : {}),
    ...(accessKeyId && secretAccessKey
      ? { credentials: { accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}) } }
      : profile ? { profile } : {}),
    maxAttempts: opts.maxAttempts ?? 2,
  };
}

/**
 * Makes an SDK v3 client (`DynamoDBClient`, `EC2Client`, ...) with the config
 * above plus `extra` (e.g. `forcePathStyle`), without the Node-version warning.
 * The constructor is passed in so this module loads no client package itself.
 */
export function makeAwsClient<C, X extends object = object>(
  Client: new (config: AwsClientConfig & X) => C,
  opts: AwsClientOptions,
  extra?: X,
): C {
  const config = { ...awsClientConfig(opts), ...extra } as AwsClientConfig & X;
  return withoutNodeVersionWarning(() => new Client(config));
}
