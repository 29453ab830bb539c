/**
 * Parity with the reconciler (TAC = reconcile/utils/terrascript_aws_client.py at f8dc7d43)
 * for alb, rosa-authenticator-vpce and rosa-authenticator. Each row names the reference
 * function, the input, and what that function emits as read from its code.
 */
import { describe, expect, it } from 'vitest';
import { loadInventory, synthAccount } from '../../src/synth/index.js';
import type { SynthOptions } from '../../src/synth/synth-options.js';
import { account, namespace, writeInventory, type Doc } from './synth-helpers.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

async function synth(resources: Doc[], files: Record<string, string> = {}, options: SynthOptions = {}, acct: Doc = account()): Promise<Json> {
  const { file } = await writeInventory({ accounts: [acct], namespaces: [namespace(resources)] }, files);
  return synthAccount(await loadInventory(file), 'acct-a', options).json as Json;
}
async function synthError(resources: Doc[], files: Record<string, string> = {}, options: SynthOptions = {}): Promise<string> {
  try {
    await synth(resources, files, options);
  } catch (err) {
    return (err as Error).message;
  }
  return 'no error';
}

const VPCE_FILE = 'vpce_security_group_rule_common_properties: {from_port: 443, to_port: 443, protocol: tcp}\nvpc_endpoint_properties: {service_name: com.amazonaws.us-east-1.execute-api, vpc_endpoint_type: Interface}\n';
const vpce = (extra: Doc = {}) => ({ provider: 'rosa-authenticator-vpce', identifier: 'auth', vpc_id: 'vpc-1', subnet_ids: ['subnet-a', 'subnet-b'], defaults: 'v.yml', ...extra });

describe.each([
  {
    fn: 'populate_tf_resource_rosa_authenticator_vpce',
    rule: 'security group api_gw_vpce: <id>-vpce-sg, fixed description, vpc_id, only the Name tag',
    run: async () => (await synth([vpce({ tags: { team: 't' } })], { 'v.yml': VPCE_FILE }))['resource']['aws_security_group'],
    reference: { api_gw_vpce: { name: 'auth-vpce-sg', description: 'Control access to the API Gateway VPC endpoint', vpc_id: 'vpc-1', tags: { Name: 'ocm-auth-api-gateway-vpce-sg' } } },
  },
  {
    fn: 'populate_tf_resource_rosa_authenticator_vpce',
    rule: 'rules vpce_inbound (ingress 10.0.0.0/8) and vpce_outbound (egress 0.0.0.0/0) with the common properties',
    run: async () => (await synth([vpce()], { 'v.yml': VPCE_FILE }))['resource']['aws_security_group_rule'],
    reference: {
      vpce_inbound: { type: 'ingress', security_group_id: '${aws_security_group.api_gw_vpce.id}', cidr_blocks: ['10.0.0.0/8'], from_port: 443, to_port: 443, protocol: 'tcp' },
      vpce_outbound: { type: 'egress', security_group_id: '${aws_security_group.api_gw_vpce.id}', cidr_blocks: ['0.0.0.0/0'], from_port: 443, to_port: 443, protocol: 'tcp' },
    },
  },
  {
    fn: 'populate_tf_resource_rosa_authenticator_vpce',
    rule: 'endpoint api_gw with the endpoint properties, Name tag <id>-vpce; one association api_gw_<subnet> per subnet',
    run: async () => {
      const json = await synth([vpce()], { 'v.yml': VPCE_FILE });
      return { endpoint: json['resource']['aws_vpc_endpoint'], assoc: json['resource']['aws_vpc_endpoint_subnet_association'] };
    },
    reference: {
      endpoint: { api_gw: { vpc_id: 'vpc-1', security_group_ids: ['${aws_security_group.api_gw_vpce.id}'], tags: { Name: 'auth-vpce' }, service_name: 'com.amazonaws.us-east-1.execute-api', vpc_endpoint_type: 'Interface' } },
      assoc: {
        'api_gw_subnet-a': { vpc_endpoint_id: '${aws_vpc_endpoint.api_gw.id}', subnet_id: 'subnet-a' },
        'api_gw_subnet-b': { vpc_endpoint_id: '${aws_vpc_endpoint.api_gw.id}', subnet_id: 'subnet-b' },
      },
    },
  },
  {
    fn: 'populate_tf_resource_rosa_authenticator_vpce (init_common_outputs)',
    rule: 'only the metadata outputs; no provider on any resource, even in a multi-region account with a region',
    run: async () => {
      const json = await synth([vpce({ region: 'us-west-2' })], { 'v.yml': VPCE_FILE }, {}, account('acct-a', { supportedDeploymentRegions: ['us-east-1', 'us-west-2'] }));
      const providers = Object.values(json['resource'] as Record<string, Record<string, Json>>).flatMap((byName) => Object.values(byName).map((r) => r['provider']));
      return { outputs: Object.keys(json['output']), providers: [...new Set(providers)] };
    },
    reference: {
      outputs: ['auth-rosa-authenticator-vpce__qrtf_cluster', 'auth-rosa-authenticator-vpce__qrtf_namespace', 'auth-rosa-authenticator-vpce__qrtf_resource', 'auth-rosa-authenticator-vpce__qrtf_output_resource_name'],
      providers: [undefined],
    },
  },
  {
    fn: 'populate_tf_resource_rosa_authenticator_vpce',
    rule: 'region is never read: one outside the account\'s regions is no error and changes nothing',
    run: async () => {
      const withRegion = await synth([vpce({ region: 'eu-west-1' })], { 'v.yml': VPCE_FILE });
      const without = await synth([vpce()], { 'v.yml': VPCE_FILE });
      return withRegion['resource'] === undefined ? 'no resources' : JSON.stringify(withRegion['resource']) === JSON.stringify(without['resource']);
    },
    reference: true,
  },
])('$fn: $rule', ({ run, reference }) => {
  it('emits what the reference emits', async () => {
    expect(await run()).toEqual(reference);
  });
});

describe.each([
  { fn: 'populate_tf_resource_rosa_authenticator_vpce', why: 'assert subnet_ids is not None', entry: vpce({ subnet_ids: undefined }), file: VPCE_FILE, message: /subnet_ids: subnet_ids must be a list/ },
  { fn: 'populate_tf_resource_rosa_authenticator_vpce', why: 'vpc_endpoint requires vpc_id', entry: vpce({ vpc_id: undefined }), file: VPCE_FILE, message: /vpc_id \(a VPC id\) is required/ },
  { fn: 'populate_tf_resource_rosa_authenticator_vpce', why: '**None is a TypeError', entry: vpce(), file: 'vpc_endpoint_properties: {service_name: x}\n', message: /inventory\.yml: .*vpce_security_group_rule_common_properties in the defaults file v\.yml must be a mapping/ },
  { fn: 'populate_tf_resource_rosa_authenticator_vpce', why: 'a keyword given twice is a TypeError', entry: vpce(), file: `${VPCE_FILE}`.replace('protocol: tcp', 'protocol: tcp, type: egress'), message: /v\.yml: vpce_security_group_rule_common_properties\.type: type is set by the kind itself/ },
  { fn: 'populate_tf_resource_rosa_authenticator_vpce', why: 'terraform refuses an unknown argument', entry: vpce(), file: VPCE_FILE.replace('Interface', 'Interface, bogus: 1'), message: /v\.yml: vpc_endpoint_properties\.bogus: unknown attribute "bogus" for aws_vpc_endpoint/ },
])('$fn refuses: $why', ({ entry, file, message }) => {
  it('is an input error naming the file and path', async () => {
    expect(await synthError([entry], { 'v.yml': file })).toMatch(message);
  });
});
