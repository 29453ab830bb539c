/**
 * rosa-authenticator's region and state, as the reconciler handles them
 * (TAC = reconcile/utils/terrascript_aws_client.py, AWSApi = reconcile/utils/aws_api.py):
 * - `populate_tf_resource_rosa_authenticator`: `region = common_values.get("region") or
 *   default_regions[account]`, used only in the callback bucket's URL
 *   (`https://<bucket>.s3.<region>.amazonaws.com`) and for the GovCloud partition of the
 *   lambda policy; no resource gets a provider, so no region is ever refused;
 * - the logo is read with `aws_api.get_session_client(session, "s3")`: no region_name, so
 *   the session's, which `AWSApi.init_sessions` makes in the account's resourcesDefaultRegion;
 * - what it fetches while it synthesizes (trigger zips, logo) tfdoctor keeps from the
 *   account's state, so the account's state is read before synth (`needsPriorState`).
 * Kinds that do write `aws.<region>` keep the check (control rows).
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCallbackLogos } from '../../src/run/callback-bucket.js';
import { bootstrapMayHoldPlaceholder, loadInventory, needsPriorState } from '../../src/synth/index.js';
import type { SynthOptions } from '../../src/synth/synth-options.js';
import { account, namespace, synth, writeInventory, type Doc, type Json } from './synth-helpers.js';
import { tinyPng } from '../support/kinds-10e-inputs.js';

const DEFAULTS = readFileSync(path.join(import.meta.dirname, '../../fixtures/inventory/kinds-10e/resources/rosa-authenticator.yml'), 'utf8');
const PNG = tinyPng();
const OPTIONS: SynthOptions = {
  artifacts: new Map([
    ['cognito-pre-signup-trigger', '/artifacts/cognito-pre-signup-trigger.zip'],
    ['cognito-pre-token-trigger', '/artifacts/cognito-pre-token-trigger.zip'],
  ]),
  callbackLogos: new Map([['cb-bucket', PNG.toString('base64')]]),
};
const rosa = (extra: Doc = {}): Doc => ({
  provider: 'rosa-authenticator',
  identifier: 'auth',
  api_proxy_uri: 'https://api.example.com',
  cognito_callback_bucket_name: 'cb-bucket',
  certificate_arn: 'arn:aws:acm:us-east-1:123456789012:certificate/c',
  domain_name: 'auth.example.com',
  network_interface_ids: ['eni-1'],
  openshift_ingress_load_balancer_arn: 'arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/net/ingress/1',
  vpc_id: 'vpc-1',
  subnet_ids: ['subnet-a'],
  vpce_id: 'vpce-1',
  defaults: 'd.yml',
  ...extra,
});

const SINGLE = account('acct-a');
const MULTI = account('acct-a', { supportedDeploymentRegions: ['us-east-1', 'us-west-2'] });

/** Every `provider` key on a resource or data source of the config. */
function providersUsed(json: Json): string[] {
  const out: string[] = [];
  for (const section of ['resource', 'data'])
    for (const byName of Object.values((json[section] ?? {}) as Json)) for (const block of Object.values(byName as Json)) if ((block as Json)['provider']) out.push(String((block as Json)['provider']));
  return out;
}

describe.each([
  { rule: 'no region: the default one', account: SINGLE, region: undefined, url: 'us-east-1', partition: 'aws' },
  { rule: 'a region outside a single-region account is accepted and only names the bucket URL', account: SINGLE, region: 'us-west-2', url: 'us-west-2', partition: 'aws' },
  { rule: 'GovCloud in a single-region account: the aws-us-gov partition', account: SINGLE, region: 'us-gov-west-1', url: 'us-gov-west-1', partition: 'aws-us-gov' },
  { rule: 'us-gov-east-1 is GovCloud too', account: SINGLE, region: 'us-gov-east-1', url: 'us-gov-east-1', partition: 'aws-us-gov' },
  { rule: 'a region outside supportedDeploymentRegions is accepted', account: MULTI, region: 'eu-west-1', url: 'eu-west-1', partition: 'aws' },
  { rule: 'a supported region: still no provider', account: MULTI, region: 'us-west-2', url: 'us-west-2', partition: 'aws' },
])('populate_tf_resource_rosa_authenticator region: $rule', ({ account: acct, region, url, partition }) => {
  it('synthesizes as the reference does: the URL and partition follow the region, no provider', async () => {
    const json = await synth([rosa(region === undefined ? {} : { region })], { 'd.yml': DEFAULTS }, OPTIONS, acct);
    const res = json['resource'];
    expect(res['aws_cognito_user_pool_client']['userpool_client']['callback_urls']).toEqual([`https://cb-bucket.s3.${url}.amazonaws.com/token.html`]);
    expect(res['aws_api_gateway_integration']['gw_integration_token']['uri']).toBe(`https://cb-bucket.s3.${url}.amazonaws.com/token.html`);
    expect(res['aws_iam_role']['lambda_role']['managed_policy_arns']).toEqual([`arn:${partition}:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole`]);
    expect(providersUsed(json)).toEqual([]);
  });
});

describe.each([
  // The reference writes provider aws.<region> here, which the account does not declare: terraform refuses it.
  { rule: 'kms in a multi-region account, region outside it (the reference names an undeclared aws.eu-west-1)', account: MULTI, entry: { provider: 'kms', identifier: 'k', region: 'eu-west-1' }, refused: true },
  { rule: 'kms in a multi-region account, a supported region', account: MULTI, entry: { provider: 'kms', identifier: 'k', region: 'us-west-2' }, refused: false },
  { rule: 'sns writes no provider: unchecked', account: SINGLE, entry: { provider: 'sns', identifier: 't', region: 'eu-west-1' }, refused: false },
  { rule: 'rosa-authenticator writes no provider: unchecked', account: SINGLE, entry: rosa({ region: 'eu-west-1' }), refused: false },
])('region check: $rule', ({ account: acct, entry, refused }) => {
  it(refused ? 'is an input error naming the region' : 'synthesizes', async () => {
    const go = synth([entry], { 'd.yml': DEFAULTS }, OPTIONS, acct);
    if (refused) await expect(go).rejects.toThrow(/region eu-west-1 is neither the account's resourcesDefaultRegion \(us-east-1\) nor in its supportedDeploymentRegions/);
    else await expect(go).resolves.toBeTypeOf('object');
  });
});

describe.each([
  { what: 'rosa-authenticator (trigger zips, logo kept from the state)', entry: rosa(), needs: true, placeholder: true },
  { what: 'rosa-authenticator-vpce (nothing fetched)', entry: { provider: 'rosa-authenticator-vpce', identifier: 'v', vpc_id: 'vpc-1', subnet_ids: ['subnet-a'] }, needs: false, placeholder: false },
  { what: 'kinesis with es_identifier (its lambda zip)', entry: { provider: 'kinesis', identifier: 's', es_identifier: 'logs' }, needs: true, placeholder: true },
  { what: 'kinesis without', entry: { provider: 'kinesis', identifier: 's' }, needs: false, placeholder: false },
  { what: 'secrets-manager (the Vault secret)', entry: { provider: 'secrets-manager', identifier: 'x', secret: { path: 'p', field: 'all' } }, needs: true, placeholder: true },
  { what: 'sns', entry: { provider: 'sns', identifier: 't' }, needs: false, placeholder: false },
])('state before synth: $what', ({ entry, needs, placeholder }) => {
  it(`needsPriorState ${needs}, bootstrapMayHoldPlaceholder ${placeholder}`, async () => {
    const { file } = await writeInventory({ accounts: [account()], namespaces: [namespace([entry])] }, { 'd.yml': DEFAULTS });
    const inv = await loadInventory(file);
    expect(needsPriorState(inv, 'acct-a')).toBe(needs);
    expect(inv.resources.map((r) => bootstrapMayHoldPlaceholder(r))).toEqual([placeholder]);
  });
});

describe('the callback bucket is read with the account session (AWSApi.get_session_client(session, "s3"): resourcesDefaultRegion)', () => {
  it.each([
    { what: 'an entry in another region', region: 'us-west-2' },
    { what: 'an entry in GovCloud', region: 'us-gov-west-1' },
    { what: 'an entry without region', region: undefined },
  ])('$what: signed for us-east-1', async ({ region }) => {
    const seen: { method: string; path: string; scope: string }[] = [];
    const server = createServer((req, res) => {
      const auth = req.headers['authorization'] ?? '';
      seen.push({ method: req.method ?? '', path: req.url ?? '', scope: /Credential=[^/]+\/\d{8}\/([^/]+)\/s3\/aws4_request/.exec(String(auth))?.[1] ?? '' });
      req.resume();
      if (req.method === 'HEAD') res.writeHead(200).end();
      else res.writeHead(200, { 'content-type': 'image/png', 'content-length': String(PNG.length) }).end(PNG);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { file } = await writeInventory({ accounts: [account()], namespaces: [namespace([rosa(region === undefined ? {} : { region })])] }, { 'd.yml': DEFAULTS });
      const env = { AWS_ENDPOINT_URL_S3: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test' };
      const logos = await readCallbackLogos(await loadInventory(file), 'acct-a', { defaultRegion: 'us-east-1', env });
      expect(logos.get('cb-bucket')).toBe(PNG.toString('base64'));
      expect(seen.map((s) => [s.method, s.scope])).toEqual([
        ['HEAD', 'us-east-1'],
        ['GET', 'us-east-1'],
      ]);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
