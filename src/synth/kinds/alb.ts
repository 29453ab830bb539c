/**
 * alb, as `populate_tf_resource_alb` (TAC) writes it, for targets given by `ips`:
 * - every aws resource but the trust store names the provider `aws.<region>`: the
 *   cluster's `spec.region` in a multi-region account, the default region otherwise.
 *   In a single-region account no provider has that alias and terraform refuses the
 *   reference's own config ("Provider configuration not present", seen on 1.11.4), so
 *   tfdoctor refuses it with an input error instead;
 * - `aws_security_group.<id>`: vpc, tags, http/https ingress from `ingress_cidr_blocks`
 *   and egress to anywhere (each rule with explicit nulls, as the attribute form needs);
 * - `aws_lb.<id>` (application, internet-facing, `ip_address_type` default ipv4, the
 *   VPC's subnets, `idle_timeout` when truthy, `enable_http2` only when false), with
 *   `access_logs`: bucket `<id>-lb-access-logs` (force_destroy) and its policy allowing
 *   the region's ELB account (or the log delivery service) `s3:PutObject`;
 * - per target: `random_id.<id>-<target>` (keepers name, 4 bytes; hashicorp/random),
 *   `aws_lb_target_group.<id>-<target>` named `<target>-<hex>`, and an attachment
 *   `<id>-<target>-<ip with _>` per ip (`availability_zone = all` outside the VPC CIDR);
 * - listeners `<id>-redirect` (80 -> 443) and `<id>-forward` (HTTPS, ssl_policy, the
 *   default target, `mutual_authentication` with `aws_lb_trust_store.<id>-trust-store`
 *   when verifying), rules `<id>-rule-NN`;
 * - outputs dns_name, vpc_cidr_block.
 * `openshift_service` targets need OCM (the cluster's router IPs): refused, not built.
 */
import { BlockList, isIP } from 'node:net';
import { aws, cdktf } from '../cdk.js';
import type { SourceRef } from '../inventory.js';
import { inputError } from '../load-inventory.js';
import { escapeDeep, escapeTemplate, tfName } from '../naming.js';
import { declare, metadataOutputs, output, pythonJsonDumps, requireProvider, type KindContext } from './context.js';

/** AWS's Elastic Load Balancing account per region (AWS docs: access logs for an Application Load Balancer), as the reference lists them. */
const ELB_ACCOUNTS: Record<string, string> = {
  'us-east-1': '127311923021', 'us-east-2': '033677994240', 'us-west-1': '027434742980', 'us-west-2': '797873946194',
  'af-south-1': '098369216593', 'ap-east-1': '754344448648', 'ap-southeast-3': '589379963580', 'ap-south-1': '718504428378',
  'ap-northeast-3': '383597477331', 'ap-northeast-2': '600734575887', 'ap-southeast-1': '114774131450', 'ap-southeast-2': '783225319266',
  'ap-northeast-1': '582318560864', 'ca-central-1': '985666609251', 'eu-central-1': '054676820928', 'eu-west-1': '156460612806',
  'eu-west-2': '652711504416', 'eu-south-1': '635631232127', 'eu-west-3': '009996457667', 'eu-north-1': '897822967062',
  'me-south-1': '076674570225', 'sa-east-1': '507241528517',
};
const GOV_ELB_ACCOUNTS: Record<string, string> = { 'us-gov-west-1': '048591011584', 'us-gov-east-1': '190560391635' };

/** The policy principal for access logs (`_get_principal_for_s3_bucket_policy`). */
export function accessLogPrincipal(region: string): Record<string, string> {
  if (ELB_ACCOUNTS[region]) return { AWS: `arn:aws:iam::${ELB_ACCOUNTS[region]}:root` };
  if (GOV_ELB_ACCOUNTS[region]) return { AWS: `arn:aws-us-gov:iam::${GOV_ELB_ACCOUNTS[region]}:root` };
  return { Service: 'logdelivery.elasticloadbalancing.amazonaws.com' };
}

const CONDITION_KEYS: Record<string, string> = {
  'host-header': 'host_header',
  'http-request-method': 'http_request_method',
  'path-pattern': 'path_pattern',
  'query-string': 'query_string',
  'source-ip': 'source_ip',
};

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Whether `ip` lies in `cidr` (Python's `ip_address(ip) in ip_network(cidr)`; another family is never inside). */
export function ipInCidr(ip: string, cidr: string): boolean {
  const [net, bits] = cidr.split('/');
  const family = isIP(net ?? '');
  const ipFamily = isIP(ip);
  if (!family || !ipFamily || bits === undefined) return false;
  if (family !== ipFamily) return false;
  const list = new BlockList();
  const type = family === 4 ? 'ipv4' : 'ipv6';
  list.addSubnet(net ?? '', Number(bits), type);
  return list.check(ip, type);
}

export function synthAlb(ctx: KindContext): void {
  const { res } = ctx;
  const e = res.entry as Obj;
  metadataOutputs(ctx);
  const id = res.identifier;
  const at = (...p: (string | number)[]): SourceRef => ({ ...res.where, path: [...res.where.path, ...p] });
  const need = <T>(ok: (v: unknown) => v is T, v: unknown, where: SourceRef, what: string): T => {
    if (!ok(v)) throw inputError(where, `${what} (required for alb)`);
    return v;
  };
  const isStr = (v: unknown): v is string => typeof v === 'string' && v.length > 0;
  const isStrList = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === 'string');

  // Provider: the reference always names one.
  let region: string;
  if (ctx.account.regions.length) {
    region = need(isStr, res.namespace.clusterRegion, at(), 'the namespace cluster.spec.region must be set (alb\'s provider in a multi-region account)');
    if (!ctx.account.regions.includes(region))
      throw inputError(at(), `the cluster's spec.region ${region} is not in the account's supportedDeploymentRegions (${ctx.account.regions.join(', ')}): no provider aws.${region}`);
  } else {
    throw inputError(at(), `alb needs an account with supportedDeploymentRegions: the reconciler writes provider aws.${ctx.account.defaultRegion}, which only exists as an alias there (terraform refuses it otherwise)`);
  }
  const provider = `aws.${region}`;

  const vpc = need(isObj, e['vpc'], at('vpc'), 'vpc must be a mapping {vpc_id, cidr_block, subnets}');
  const vpcId = need(isStr, vpc['vpc_id'], at('vpc', 'vpc_id'), 'vpc.vpc_id must be a string');
  const cidr = need(isStr, vpc['cidr_block'], at('vpc', 'cidr_block'), 'vpc.cidr_block must be a CIDR');
  const subnets = need((v): v is Obj[] => Array.isArray(v) && v.every((s) => isObj(s) && isStr(s['id'])), vpc['subnets'], at('vpc', 'subnets'), 'vpc.subnets must be a list of {id}');
  const ingressCidrs = need(isStrList, e['ingress_cidr_blocks'], at('ingress_cidr_blocks'), 'ingress_cidr_blocks must be a list of CIDRs');
  const certificateArn = need(isStr, e['certificate_arn'], at('certificate_arn'), 'certificate_arn must be a string');
  const targets = need((v): v is Obj[] => Array.isArray(v) && v.every(isObj), e['targets'], at('targets'), 'targets must be a list');
  const rules = need((v): v is Obj[] => Array.isArray(v) && v.every(isObj), e['rules'], at('rules'), 'rules must be a list');

  const name = (raw: string, where: SourceRef): string => {
    const n = tfName(raw);
    if (!n) throw inputError(where, `${raw} is not usable in a Terraform resource name`);
    return n;
  };
  const sgName = ctx.name;
  const rule = (description: string, port: number, cidrs: string[]) => ({
    description, from_port: port, to_port: port, protocol: 'tcp', cidr_blocks: cidrs, ipv6_cidr_blocks: ['::/0'], prefix_list_ids: null, security_groups: null, self: null,
  });
  const sg = declare(ctx, aws.SecurityGroup, sgName, { vpcId: escapeTemplate(vpcId), tags: ctx.tags });
  sg.addOverride('provider', provider);
  sg.addOverride('ingress', [rule('allow http', 80, escapeDeep(ingressCidrs)), rule('allow https', 443, escapeDeep(ingressCidrs))]);
  sg.addOverride('egress', [rule('allow http', 80, ['0.0.0.0/0']), rule('allow https', 443, ['0.0.0.0/0'])]);

  const lb = declare(ctx, aws.Lb, ctx.name, {});
  const lbValues: Obj = {
    provider,
    name: escapeTemplate(id),
    internal: false,
    ip_address_type: e['ip_address_type'] === undefined || e['ip_address_type'] === null ? 'ipv4' : escapeDeep(e['ip_address_type']),
    load_balancer_type: 'application',
    security_groups: [`\${aws_security_group.${sgName}.id}`],
    subnets: subnets.map((s) => escapeTemplate(String(s['id']))),
    tags: ctx.tags,
  };
  const dependsOn = [`aws_security_group.${sgName}`];
  if (e['idle_timeout']) lbValues['idle_timeout'] = e['idle_timeout'];
  if (e['enable_http2'] === false) lbValues['enable_http2'] = false;
  if (e['access_logs']) {
    const bucket = `${id}-lb-access-logs`;
    const bucketName = name(bucket, at('identifier'));
    const b = declare(ctx, aws.S3Bucket, bucketName, { bucket: escapeTemplate(bucket), forceDestroy: true });
    b.addOverride('provider', provider);
    const policyRegion = typeof res.values['region'] === 'string' ? res.values['region'] : ctx.account.defaultRegion;
    const policy = {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: accessLogPrincipal(policyRegion), Action: 's3:PutObject', Resource: `\${aws_s3_bucket.${bucketName}.arn}/*` }],
    };
    const p = declare(ctx, aws.S3BucketPolicy, name(`${id}-s3-bucket-policy`, at('identifier')), { bucket: `\${aws_s3_bucket.${bucketName}.id}`, policy: pythonJsonDumps(policy) });
    p.addOverride('provider', provider);
    lbValues['access_logs'] = { enabled: true, bucket: `\${aws_s3_bucket.${bucketName}.id}` };
    dependsOn.push(`aws_s3_bucket.${bucketName}`);
  }
  lbValues['depends_on'] = dependsOn;
  for (const [k, v] of Object.entries(lbValues)) lb.addOverride(k, v);

  let defaultTarget: string | undefined;
  const groups = new Map<string, string>();
  for (const [i, t] of targets.entries()) {
    const tName = need(isStr, t['name'], at('targets', i, 'name'), 'targets[].name must be a string');
    if (t['openshift_service']) throw inputError(at('targets', i, 'openshift_service'), 'openshift_service targets need the cluster\'s router IPs from OCM: not supported yet by tfdoctor (give ips)');
    const ips = need((v): v is string[] => isStrList(v) && v.length > 0 && v.every((x) => isIP(x) !== 0), t['ips'], at('targets', i, 'ips'), 'targets[].ips must be a list of IP addresses (expected one of openshift_service or ips)');
    const tfBase = name(`${id}-${tName}`, at('targets', i, 'name'));
    requireProvider(ctx, 'random');
    const address = `random_id.${tfBase}`;
    if (ctx.addresses.has(address)) throw inputError(at('targets', i, 'name'), `${address} would be declared twice`);
    ctx.addresses.set(address, at('targets', i));
    const random = new cdktf.TerraformResource(ctx.stack, address, { terraformResourceType: 'random_id' });
    random.overrideLogicalId(tfBase);
    random.addOverride('keepers', { name: escapeTemplate(tName) });
    random.addOverride('byte_length', 4);

    const hc = isObj(t['health_check']) ? t['health_check'] : {};
    const or = (k: string, d: unknown) => (hc[k] ? hc[k] : d);
    const tg = declare(ctx, aws.LbTargetGroup, tfBase, {});
    const tgValues: Obj = {
      provider,
      name: `${escapeTemplate(tName)}-\${${address}.hex}`,
      port: 443,
      protocol: t['protocol'] ? escapeDeep(t['protocol']) : 'HTTPS',
      protocol_version: t['protocol_version'] ? escapeDeep(t['protocol_version']) : 'HTTP1',
      target_type: 'ip',
      vpc_id: escapeTemplate(vpcId),
      health_check: {
        interval: or('interval', 10), timeout: or('timeout', 5), unhealthy_threshold: or('unhealthy_threshold', 3), healthy_threshold: or('healthy_threshold', 3),
        path: escapeDeep(or('path', '/')), protocol: escapeDeep(or('protocol', 'HTTPS')), port: or('port', 443),
      },
      lifecycle: { create_before_destroy: true },
    };
    for (const [k, v] of Object.entries(tgValues)) tg.addOverride(k, v);
    groups.set(tName, tfBase);
    if (t['default']) {
      if (defaultTarget) throw inputError(at('targets', i, 'default'), 'expected only a single default target');
      defaultTarget = tfBase;
    }
    for (const ip of ips) {
      const att = declare(ctx, aws.LbTargetGroupAttachment, name(`${tfBase}-${ip.replace(/\./g, '_')}`, at('targets', i, 'ips')), {} as never);
      const attValues: Obj = { provider, target_group_arn: `\${aws_lb_target_group.${tfBase}.arn}`, target_id: ip, port: 443, depends_on: [`aws_lb_target_group.${tfBase}`] };
      if (!ipInCidr(ip, cidr)) attValues['availability_zone'] = 'all';
      for (const [k, v] of Object.entries(attValues)) att.addOverride(k, v);
    }
  }

  const lbRef = `aws_lb.${ctx.name}`;
  const redirect = declare(ctx, aws.LbListener, name(`${id}-redirect`, at('identifier')), {} as never);
  for (const [k, v] of Object.entries({
    provider, load_balancer_arn: `\${${lbRef}.arn}`, port: 80, protocol: 'HTTP',
    default_action: { type: 'redirect', redirect: { port: 443, protocol: 'HTTPS', status_code: 'HTTP_301' } }, depends_on: [lbRef],
  })) redirect.addOverride(k, v);
  if (!defaultTarget) throw inputError(at('targets'), 'expected a single default target');
  const fwd: Obj = {
    provider, load_balancer_arn: `\${${lbRef}.arn}`, port: 443, protocol: 'HTTPS',
    ssl_policy: e['ssl_policy'] ? escapeDeep(e['ssl_policy']) : 'ELBSecurityPolicy-TLS13-1-0-2021-06',
    certificate_arn: escapeTemplate(certificateArn),
    default_action: { type: 'forward', target_group_arn: `\${aws_lb_target_group.${defaultTarget}.arn}` },
    depends_on: [lbRef, `aws_lb_target_group.${defaultTarget}`],
  };
  const mutual = e['mutual_authentication'];
  if (isObj(mutual)) {
    const mode = need(isStr, mutual['mode'], at('mutual_authentication', 'mode'), 'mutual_authentication.mode must be a string');
    if (mode === 'off' || mode === 'passthrough') fwd['mutual_authentication'] = { mode };
    else {
      declare(ctx, aws.LbTrustStore, name(`${id}-trust-store`, at('identifier')), {
        caCertificatesBundleS3Bucket: escapeTemplate(need(isStr, mutual['ca_cert_bundle_s3_bucket_name'], at('mutual_authentication', 'ca_cert_bundle_s3_bucket_name'), 'ca_cert_bundle_s3_bucket_name must be a string')),
        caCertificatesBundleS3Key: escapeTemplate(need(isStr, mutual['ca_cert_bundle_s3_bucket_key'], at('mutual_authentication', 'ca_cert_bundle_s3_bucket_key'), 'ca_cert_bundle_s3_bucket_key must be a string')),
      });
      fwd['mutual_authentication'] = { mode: escapeTemplate(mode), trust_store_arn: `\${aws_lb_trust_store.${name(`${id}-trust-store`, at('identifier'))}.arn}` };
    }
  }
  const forwardName = name(`${id}-forward`, at('identifier'));
  const forward = declare(ctx, aws.LbListener, forwardName, {} as never);
  for (const [k, v] of Object.entries(fwd)) forward.addOverride(k, v);

  for (const [n, r] of rules.entries()) {
    const where = at('rules', n);
    const action = need(isObj, r['action'], { ...where, path: [...where.path, 'action'] }, 'rules[].action must be a mapping');
    let actionValues: Obj;
    if (action['type'] === 'forward') {
      const list = isObj(action['forward']) && Array.isArray(action['forward']['target_group']) ? (action['forward']['target_group'] as Obj[]) : [];
      let sum = 0;
      const tgs = list.map((a, j) => {
        const target = String(a['target']);
        const tf = groups.get(target);
        if (!tf) throw inputError({ ...where, path: [...where.path, 'action', 'forward', 'target_group', j, 'target'] }, `${target} not a valid target name`);
        const weight = need((v): v is number => typeof v === 'number', a['weight'], { ...where, path: [...where.path, 'action', 'forward', 'target_group', j, 'weight'] }, 'weight must be a number');
        sum += weight;
        return { arn: `\${aws_lb_target_group.${tf}.arn}`, weight };
      });
      if (sum !== 100) throw inputError({ ...where, path: [...where.path, 'action'] }, `sum of weights for a rule should be 100 given: ${sum}`);
      actionValues = { type: 'forward', forward: { target_group: tgs, stickiness: { enabled: false, duration: 1 } } };
    } else if (action['type'] === 'fixed-response') {
      const f = isObj(action['fixed_response']) ? action['fixed_response'] : {};
      actionValues = { type: 'fixed-response', fixed_response: escapeDeep({ content_type: f['content_type'] ?? null, message_body: f['message_body'] ?? null, status_code: f['status_code'] ?? null }) };
    } else if (action['type'] === 'redirect') {
      const d = isObj(action['redirect']) ? action['redirect'] : {};
      actionValues = { type: 'redirect', redirect: escapeDeep(Object.fromEntries(['host', 'path', 'port', 'protocol', 'query', 'status_code'].map((k) => [k, d[k] ?? null]))) };
    } else throw inputError({ ...where, path: [...where.path, 'action', 'type'] }, `unknown alb rule action type ${String(action['type'])}`);
    const conditions = (Array.isArray(r['condition']) ? (r['condition'] as Obj[]) : []).map((c, j) => {
      const key = CONDITION_KEYS[String(c['type'])];
      if (!key) throw inputError({ ...where, path: [...where.path, 'condition', j, 'type'] }, `unknown alb rule condition type ${String(c['type'])}`);
      return c['type'] === 'query-string' ? { [key]: escapeDeep(c[key]) } : { [key]: { values: escapeDeep(c[key]) } };
    });
    const lr = declare(ctx, aws.LbListenerRule, name(`${id}-rule-${String(n + 1).padStart(2, '0')}`, where), {} as never);
    for (const [k, v] of Object.entries({ provider, listener_arn: `\${aws_lb_listener.${forwardName}.arn}`, priority: n + 1, action: actionValues, condition: conditions, depends_on: [`aws_lb_listener.${forwardName}`] }))
      lr.addOverride(k, v);
  }
  output(ctx, 'dns_name', `\${${lbRef}.dns_name}`);
  output(ctx, 'vpc_cidr_block', escapeTemplate(cidr));
}
