/**
 * Parity with the reconciler (TAC = reconcile/utils/terrascript_aws_client.py at f8dc7d43)
 * for alb, rosa-authenticator-vpce and rosa-authenticator. Each row names the reference
 * function, the input, and what that function emits as read from its code.
 */
import { describe, expect, it } from 'vitest';
import { loadInventory, synthAccount } from '../../src/synth/index.js';
import { accessLogPrincipal, ipInCidr } from '../../src/synth/kinds/alb.js';
import { account, namespace, synth, synthError, writeInventory, type Doc, type Json } from './synth-helpers.js';


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

const MULTI = account('acct-a', { supportedDeploymentRegions: ['us-east-1', 'us-west-2'] });
const albEntry = (extra: Doc = {}) => ({
  provider: 'alb', identifier: 'lb', certificate_arn: 'arn:aws:acm:us-east-1:123456789012:certificate/c', ingress_cidr_blocks: ['10.0.0.0/8'],
  vpc: { vpc_id: 'vpc-1', cidr_block: '10.1.0.0/16', subnets: [{ id: 'subnet-a' }] },
  targets: [{ name: 'web', default: true, ips: ['10.1.0.5', '172.16.0.1'] }],
  rules: [],
  ...extra,
});
async function synthAlb(extra: Doc = {}, cluster: Doc = { name: 'cluster-a', spec: { region: 'us-west-2' } }): Promise<Json> {
  const { file } = await writeInventory({ accounts: [MULTI], namespaces: [namespace([albEntry(extra)], { cluster })] });
  return synthAccount(await loadInventory(file), 'acct-a').json as Json;
}
async function albError(extra: Doc = {}, acct: Doc = MULTI, cluster: Doc = { name: 'cluster-a', spec: { region: 'us-west-2' } }): Promise<string> {
  try {
    const { file } = await writeInventory({ accounts: [acct], namespaces: [namespace([albEntry(extra)], { cluster })] });
    synthAccount(await loadInventory(file), 'acct-a');
  } catch (err) {
    return (err as Error).message;
  }
  return 'no error';
}

describe.each([
  {
    fn: 'populate_tf_resource_alb',
    rule: 'provider aws.<cluster spec.region> on the aws resources (not on random_id); random required only here',
    run: async () => {
      const json = await synthAlb();
      const r = json['resource'];
      return { sg: r['aws_security_group']['lb']['provider'], lb: r['aws_lb']['lb']['provider'], tg: r['aws_lb_target_group']['lb-web']['provider'], random: r['random_id']['lb-web'], req: json['terraform']['required_providers']['random'] };
    },
    reference: { sg: 'aws.us-west-2', lb: 'aws.us-west-2', tg: 'aws.us-west-2', random: { keepers: { name: 'web' }, byte_length: 4 }, req: { source: 'hashicorp/random', version: '3.8.1' } },
  },
  {
    fn: 'populate_tf_resource_alb',
    rule: 'aws_lb: application, internet-facing, ipv4 default, no idle_timeout/enable_http2 unless given, depends_on the group',
    run: async () => {
      const lb = (await synthAlb())['resource']['aws_lb']['lb'];
      return { ...lb, tags: undefined };
    },
    reference: { name: 'lb', internal: false, ip_address_type: 'ipv4', load_balancer_type: 'application', security_groups: ['${aws_security_group.lb.id}'], subnets: ['subnet-a'], provider: 'aws.us-west-2', depends_on: ['aws_security_group.lb'], tags: undefined },
  },
  {
    fn: 'populate_tf_resource_alb',
    rule: 'target group <target>-<random hex>, defaults (HTTPS, HTTP1, health check 10/5/3/3 / HTTPS 443), create_before_destroy; attachment outside the VPC CIDR gets availability_zone all',
    run: async () => {
      const r = (await synthAlb())['resource'];
      return { tg: r['aws_lb_target_group']['lb-web'], att: Object.fromEntries(Object.entries(r['aws_lb_target_group_attachment'] as Record<string, Json>).map(([k, v]) => [k, v['availability_zone'] ?? null])) };
    },
    reference: {
      tg: { name: 'web-${random_id.lb-web.hex}', port: 443, protocol: 'HTTPS', protocol_version: 'HTTP1', target_type: 'ip', vpc_id: 'vpc-1', health_check: { interval: 10, timeout: 5, unhealthy_threshold: 3, healthy_threshold: 3, path: '/', protocol: 'HTTPS', port: 443 }, provider: 'aws.us-west-2', lifecycle: { create_before_destroy: true } },
      att: { 'lb-web-10_1_0_5': null, 'lb-web-172_16_0_1': 'all' },
    },
  },
  {
    fn: 'populate_tf_resource_alb',
    rule: 'listeners: redirect 80 -> 443 HTTP_301; forward HTTPS with the default ssl_policy and the default target; mode passthrough has no trust store',
    run: async () => {
      const r = (await synthAlb({ mutual_authentication: { mode: 'passthrough' } }))['resource'];
      return { redirect: r['aws_lb_listener']['lb-redirect']['default_action'], fwd: r['aws_lb_listener']['lb-forward'], store: r['aws_lb_trust_store'] };
    },
    reference: {
      redirect: { type: 'redirect', redirect: { port: 443, protocol: 'HTTPS', status_code: 'HTTP_301' } },
      fwd: { load_balancer_arn: '${aws_lb.lb.arn}', port: 443, protocol: 'HTTPS', ssl_policy: 'ELBSecurityPolicy-TLS13-1-0-2021-06', certificate_arn: 'arn:aws:acm:us-east-1:123456789012:certificate/c', default_action: { type: 'forward', target_group_arn: '${aws_lb_target_group.lb-web.arn}' }, mutual_authentication: { mode: 'passthrough' }, provider: 'aws.us-west-2', depends_on: ['aws_lb.lb', 'aws_lb_target_group.lb-web'] },
      store: undefined,
    },
  },
  {
    fn: '_get_principal_for_s3_bucket_policy',
    rule: 'the region\'s ELB account, the GovCloud one, else the log delivery service',
    run: async () => [accessLogPrincipal('us-east-1'), accessLogPrincipal('us-gov-west-1'), accessLogPrincipal('eu-central-2')],
    reference: [{ AWS: 'arn:aws:iam::127311923021:root' }, { AWS: 'arn:aws-us-gov:iam::048591011584:root' }, { Service: 'logdelivery.elasticloadbalancing.amazonaws.com' }],
  },
  {
    fn: 'populate_tf_resource_alb (ip_address in ip_network)',
    rule: 'IPv4 and IPv6 membership; another family is never inside',
    run: async () => [ipInCidr('10.1.2.3', '10.1.0.0/16'), ipInCidr('10.2.0.1', '10.1.0.0/16'), ipInCidr('fd00::1', 'fd00::/8'), ipInCidr('fd00::1', '10.0.0.0/8')],
    reference: [true, false, true, false],
  },
])('$fn: $rule', ({ run, reference }) => {
  it('emits what the reference emits', async () => {
    expect(await run()).toEqual(reference);
  });
});

describe.each([
  { why: 'single-region account: provider aws.<default region> has no alias (terraform: Provider configuration not present)', run: () => albError({}, account()), message: /alb needs an account with supportedDeploymentRegions/ },
  { why: 'raise KeyError("expected one of openshift_service or ips.")', run: () => albError({ targets: [{ name: 'web', default: true }] }), message: /targets\.0\.ips: .*expected one of openshift_service or ips/ },
  { why: 'openshift_service needs OCM', run: () => albError({ targets: [{ name: 'web', default: true, openshift_service: 'router' }] }), message: /targets\.0\.openshift_service: .*OCM/ },
  { why: 'raise KeyError("expected a single default target")', run: () => albError({ targets: [{ name: 'web', default: false, ips: ['10.1.0.5'] }] }), message: /targets: expected a single default target/ },
  { why: 'raise ValueError("sum of weights ...")', run: () => albError({ rules: [{ action: { type: 'forward', forward: { target_group: [{ target: 'web', weight: 50 }] } } }] }), message: /rules\.0\.action: sum of weights for a rule should be 100 given: 50/ },
  { why: 'raise KeyError("unknown alb rule condition type")', run: () => albError({ rules: [{ condition: [{ type: 'cookie' }], action: { type: 'fixed-response', fixed_response: {} } }] }), message: /rules\.0\.condition\.0\.type: unknown alb rule condition type cookie/ },
])('populate_tf_resource_alb refuses: $why', ({ run, message }) => {
  it('is an input error naming the file and path', async () => {
    expect(await run()).toMatch(message);
  });
});
