/**
 * Parity with the reconciler (TAC = reconcile/utils/terrascript_aws_client.py at f8dc7d43)
 * for rosa-authenticator (`populate_tf_resource_rosa_authenticator`). Each row names the
 * reference function, the input, and what that function emits as read from its code.
 * The defaults file is the fixture's (fixtures/inventory/kinds-10e/resources/rosa-authenticator.yml).
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isPng } from '../../src/run/callback-bucket.js';
import type { SynthOptions } from '../../src/synth/synth-options.js';
import { account, synth, synthError, type Doc, type Json } from './synth-helpers.js';
import { tinyPng } from '../support/kinds-10e-inputs.js';

const DEFAULTS = readFileSync(path.join(import.meta.dirname, '../../fixtures/inventory/kinds-10e/resources/rosa-authenticator.yml'), 'utf8');
const LOGO = tinyPng().toString('base64');
const ZIPS = new Map([
  ['cognito-pre-signup-trigger', '/artifacts/cognito-pre-signup-trigger.zip'],
  ['cognito-pre-token-trigger', '/artifacts/cognito-pre-token-trigger.zip'],
]);
const OPTIONS: SynthOptions = { artifacts: ZIPS, callbackLogos: new Map([['cb-bucket', LOGO]]) };
const entry = (extra: Doc = {}): Doc => ({
  provider: 'rosa-authenticator',
  identifier: 'auth',
  api_proxy_uri: 'https://api.example.com',
  cognito_callback_bucket_name: 'cb-bucket',
  certificate_arn: 'arn:aws:acm:us-east-1:123456789012:certificate/c',
  domain_name: 'auth.example.com',
  network_interface_ids: ['eni-1', 'eni-2'],
  openshift_ingress_load_balancer_arn: 'arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/net/ingress/1',
  vpc_id: 'vpc-1',
  subnet_ids: ['subnet-a'],
  vpce_id: 'vpce-1',
  defaults: 'd.yml',
  ...extra,
});
const run = (extra: Doc = {}, options: SynthOptions = OPTIONS, defaults = DEFAULTS, acct?: Doc): Promise<Json> => synth([entry(extra)], { 'd.yml': defaults }, options, acct);
const fail = (extra: Doc = {}, options: SynthOptions = OPTIONS, defaults = DEFAULTS): Promise<string> => synthError([entry(extra)], { 'd.yml': defaults }, options);
const res = async (type: string, extra: Doc = {}, options: SynthOptions = OPTIONS): Promise<Json> => (await run(extra, options))['resource'][type];

const FN = 'populate_tf_resource_rosa_authenticator';

describe.each([
  {
    rule: 'lambda_role: ocm-<id>-cognito-lambda-role, basic execution policy, no tags',
    run: async () => (await res('aws_iam_role'))['lambda_role'],
    reference: {
      name: 'ocm-auth-cognito-lambda-role',
      assume_role_policy: '{"Statement": [{"Action": "sts:AssumeRole", "Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}}], "Version": "2012-10-17"}',
      managed_policy_arns: ['arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole'],
      force_detach_policies: false,
      max_session_duration: 3600,
      path: '/service-role/',
    },
  },
  {
    rule: 'in us-gov-west-1 the managed policy is in the aws-us-gov partition; the bucket URL carries the region',
    run: async () => {
      const json = await run({ region: 'us-gov-west-1' }, OPTIONS, DEFAULTS, account('acct-a', { supportedDeploymentRegions: ['us-east-1', 'us-gov-west-1'] }));
      return { policy: json['resource']['aws_iam_role']['lambda_role']['managed_policy_arns'], callback: json['resource']['aws_cognito_user_pool_client']['userpool_client']['callback_urls'] };
    },
    reference: { policy: ['arn:aws-us-gov:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole'], callback: ['https://cb-bucket.s3.us-gov-west-1.amazonaws.com/token.html'] },
  },
  {
    rule: 'the two triggers: nodejs18.x, index.handler, PassThrough tracing, filename + filebase64sha256 of the release zip',
    run: async () => (await res('aws_lambda_function'))['cognito_pre_signup'],
    reference: {
      function_name: 'ocm-auth-cognito-pre-signup',
      runtime: 'nodejs18.x',
      role: '${aws_iam_role.lambda_role.arn}',
      handler: 'index.handler',
      filename: '/artifacts/cognito-pre-signup-trigger.zip',
      source_code_hash: '${filebase64sha256("/artifacts/cognito-pre-signup-trigger.zip")}',
      tracing_config: { mode: 'PassThrough' },
    },
  },
  {
    rule: 'the defaults\' one release_url is read for both triggers (common_values.get("release_url", ...) twice)',
    run: async () => {
      const fns = (await run({}, OPTIONS, `${DEFAULTS}release_url: repos/app-sre/cognito-pre-token-trigger/releases/v2\n`))['resource']['aws_lambda_function'];
      return [fns['cognito_pre_signup']['filename'], fns['cognito_pre_token']['filename']];
    },
    reference: ['/artifacts/cognito-pre-token-trigger.zip', '/artifacts/cognito-pre-token-trigger.zip'],
  },
  {
    rule: 'no zip, the function in the state: the state\'s filename and hash are kept',
    run: async () => {
      const state = new Map([['aws_lambda_function.cognito_pre_signup', { filename: '/tmp/RosaAuthPreSignUp-v1.zip', source_code_hash: 'abc=' }]]);
      const fns = await res('aws_lambda_function', {}, {
        ...OPTIONS,
        artifacts: new Map([['cognito-pre-token-trigger', '/artifacts/cognito-pre-token-trigger.zip']]),
        priorState: { attributes: (a) => state.get(a), output: () => undefined },
      });
      return { filename: fns['cognito_pre_signup']['filename'], hash: fns['cognito_pre_signup']['source_code_hash'] };
    },
    reference: { filename: '/tmp/RosaAuthPreSignUp-v1.zip', hash: 'abc=' },
  },
  {
    rule: 'user pool: ocm-<id>-pool, both triggers, the user_pool_properties spread on it',
    run: async () => (await res('aws_cognito_user_pool'))['pool'],
    reference: {
      name: 'ocm-auth-pool',
      lambda_config: { pre_sign_up: '${aws_lambda_function.cognito_pre_signup.arn}', pre_token_generation: '${aws_lambda_function.cognito_pre_token.arn}' },
      username_attributes: ['email'],
      auto_verified_attributes: ['email'],
      mfa_configuration: 'OFF',
      password_policy: { minimum_length: 12, require_lowercase: true, require_numbers: true, require_symbols: true, require_uppercase: true, temporary_password_validity_days: 7 },
    },
  },
  {
    rule: 'lambda permissions: function_name is the literal name (a set key, not a reference), source the pool',
    run: async () => await res('aws_lambda_permission'),
    reference: {
      cognito_pre_signup_permission: { action: 'lambda:InvokeFunction', function_name: 'ocm-auth-cognito-pre-signup', source_arn: '${aws_cognito_user_pool.pool.arn}', principal: 'cognito-idp.amazonaws.com' },
      cognito_pre_token_permission: { action: 'lambda:InvokeFunction', function_name: 'ocm-auth-cognito-pre-token', source_arn: '${aws_cognito_user_pool.pool.arn}', principal: 'cognito-idp.amazonaws.com' },
    },
  },
  {
    rule: 'domain ocm-<id>-domain; UI customization with the callback bucket logo, pool id through the domain',
    run: async () => {
      const r = (await run())['resource'];
      return { domain: r['aws_cognito_user_pool_domain'], ui: r['aws_cognito_user_pool_ui_customization'] };
    },
    reference: {
      domain: { userpool_domain: { domain: 'ocm-auth-domain', user_pool_id: '${aws_cognito_user_pool.pool.id}' } },
      ui: { userpool_ui: { image_file: LOGO, user_pool_id: '${aws_cognito_user_pool_domain.userpool_domain.user_pool_id}' } },
    },
  },
  {
    rule: 'the logo not read: the state\'s image_file is kept',
    run: async () => {
      const r = await res('aws_cognito_user_pool_ui_customization', {}, {
        artifacts: ZIPS,
        priorState: { attributes: (a) => (a === 'aws_cognito_user_pool_ui_customization.userpool_ui' ? { image_file: 'c3RhdGU=' } : undefined), output: () => undefined },
      });
      return r['userpool_ui']['image_file'];
    },
    reference: 'c3RhdGU=',
  },
  {
    rule: 'pool client: bucket token.html callback, depends on the gateway resource server, properties, token units',
    run: async () => (await res('aws_cognito_user_pool_client'))['userpool_client'],
    reference: {
      name: 'ocm-auth-pool-client',
      user_pool_id: '${aws_cognito_user_pool.pool.id}',
      callback_urls: ['https://cb-bucket.s3.us-east-1.amazonaws.com/token.html'],
      depends_on: ['aws_cognito_resource_server.userpool_gateway_resource_server'],
      allowed_oauth_flows: ['code'],
      allowed_oauth_flows_user_pool_client: true,
      allowed_oauth_scopes: ['email', 'openid', 'gateway/AccessToken'],
      explicit_auth_flows: ['ALLOW_REFRESH_TOKEN_AUTH', 'ALLOW_USER_SRP_AUTH'],
      supported_identity_providers: ['COGNITO'],
      access_token_validity: 60,
      id_token_validity: 60,
      refresh_token_validity: 30,
      token_validity_units: { access_token: 'minutes', id_token: 'minutes', refresh_token: 'days' },
    },
  },
  {
    rule: 'the insights client exists only with insights_callback_urls (and has no depends_on)',
    run: async () => {
      const without = Object.keys(await res('aws_cognito_user_pool_client'));
      const withUrls = (await res('aws_cognito_user_pool_client', { insights_callback_urls: ['https://i.example.com/cb'] }))['ins_userpool_client'];
      return { hasInsights: without.includes('ins_userpool_client'), name: withUrls['name'], urls: withUrls['callback_urls'], dependsOn: withUrls['depends_on'] };
    },
    reference: { hasInsights: false, name: 'insights-auth-pool-client', urls: ['https://i.example.com/cb'], dependsOn: undefined },
  },
  {
    rule: 'seven service-account clients, each one scope of the ocm resource server',
    run: async () => {
      const clients = await res('aws_cognito_user_pool_client');
      return Object.fromEntries(Object.entries(clients).filter(([k]) => k.endsWith('service_account')).map(([k, c]) => [k, [c['name'], c['allowed_oauth_scopes'], c['depends_on'], c['generate_secret']]]));
    },
    reference: Object.fromEntries(
      [
        ['ocm_ams_service_account', 'ams', 'AccountManagement'],
        ['ocm_cs_service_account', 'cs', 'ClusterService'],
        ['ocm_osl_service_account', 'osl', 'ServiceLogService'],
        ['ocm_backplane_cli_service_account', 'backplane-cli', 'BackplaneCLI'],
        ['ocm_backplane_api_service_account', 'backplane-api', 'BackplaneService'],
        ['ocm_insights_service_account', 'insights', 'InsightsServiceAccount'],
        ['osdfm_service_account', 'osdfm', 'OSDFleetManagerService'],
      ].map(([k, infix, scope]) => [k, [`ocm-auth-${infix}-service-account`, [`ocm/${scope}`], ['aws_cognito_resource_server.userpool_service_resource_server'], true]]),
    ),
  },
  {
    rule: 'resource servers: the fixed gateway one, and the service one with eleven scopes and the properties',
    run: async () => {
      const rs = await res('aws_cognito_resource_server');
      return { gateway: rs['userpool_gateway_resource_server'], service: { ...rs['userpool_service_resource_server'], scope: rs['userpool_service_resource_server']['scope'].length } };
    },
    reference: {
      gateway: { user_pool_id: '${aws_cognito_user_pool.pool.id}', name: 'API Gateway', identifier: 'gateway', scope: [{ scope_name: 'AccessToken', scope_description: 'Scope used to support Access Token authorization in API Gateway' }] },
      service: { user_pool_id: '${aws_cognito_user_pool.pool.id}', scope: 11, name: 'OCM', identifier: 'ocm' },
    },
  },
  {
    rule: 'one data.aws_network_interface.cni-<n> and one attachment per interface, on the private ip, port 443',
    run: async () => {
      const json = await run();
      return { data: json['data']['aws_network_interface'], att: json['resource']['aws_lb_target_group_attachment'] };
    },
    reference: {
      data: { 'cni-0': { id: 'eni-1' }, 'cni-1': { id: 'eni-2' } },
      att: {
        vpce_attachment_0: { target_group_arn: '${aws_lb_target_group.vpce_target_group.arn}', target_id: '${data.aws_network_interface.cni-0.private_ip}', port: 443 },
        vpce_attachment_1: { target_group_arn: '${aws_lb_target_group.vpce_target_group.arn}', target_id: '${data.aws_network_interface.cni-1.private_ip}', port: 443 },
      },
    },
  },
  {
    rule: 'NLB listener: port "443" as a string, TLS, the fixed TLS 1.3 policy, forward to the target group',
    run: async () => (await res('aws_lb_listener'))['nlb_listener'],
    reference: {
      load_balancer_arn: '${aws_lb.api_gw.arn}',
      port: '443',
      protocol: 'TLS',
      certificate_arn: 'arn:aws:acm:us-east-1:123456789012:certificate/c',
      ssl_policy: 'ELBSecurityPolicy-TLS13-1-2-2021-06',
      default_action: { type: 'forward', target_group_arn: '${aws_lb_target_group.vpce_target_group.arn}' },
    },
  },
  {
    rule: 'the auth integration response redirects to the (GovCloud FIPS) hosted UI with the pool client id',
    run: async () => (await res('aws_api_gateway_integration_response'))['gw_integration_response_auth']['response_parameters'],
    reference: {
      'method.response.header.Location':
        "'https://ocm-auth-domain.auth-fips.us-gov-west-1.amazoncognito.com/oauth2/authorize?client_id=${aws_cognito_user_pool_client.userpool_client.id}&response_type=code&scope=email+openid+gateway/AccessToken&redirect_uri=https://cb-bucket.s3.us-east-1.amazonaws.com/token.html'",
    },
  },
  {
    rule: 'the proxy integration response takes the token response\'s status code and waits on the token integration',
    run: async () => (await res('aws_api_gateway_integration_response'))['gw_integration_response_proxy'],
    reference: {
      rest_api_id: '${aws_api_gateway_rest_api.gw_api.id}',
      resource_id: '${aws_api_gateway_resource.gw_resource_proxy.id}',
      http_method: '${aws_api_gateway_method.gw_method_proxy_any.http_method}',
      status_code: '${aws_api_gateway_method_response.gw_method_token_get_response.status_code}',
      depends_on: ['aws_api_gateway_integration.gw_integration_token'],
    },
  },
  {
    rule: 'the deployment trigger is the literal "sha1([...]))" text around fifteen jsonencode interpolations',
    run: async () => {
      const d = (await res('aws_api_gateway_deployment'))['gw_deployment'];
      const t: string = d['triggers']['redeployment'];
      return { start: t.slice(0, 6), end: t.slice(-3), parts: t.split('${jsonencode(').length - 1, lifecycle: d['lifecycle'] };
    },
    reference: { start: 'sha1([', end: ']))', parts: 15, lifecycle: { create_before_destroy: true } },
  },
  {
    rule: 'api_proxy_uri absent: Python formats None into the proxy integration uri',
    run: async () => (await res('aws_api_gateway_integration', { api_proxy_uri: undefined }))['gw_integration_proxy']['uri'],
    reference: 'None/api/{proxy}',
  },
  {
    rule: 'REST API policy: allow, then deny from outside the vpce (json.dumps, sorted keys)',
    run: async () => JSON.parse((await res('aws_api_gateway_rest_api_policy'))['gw_api_policy']['policy']),
    reference: {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: '${aws_api_gateway_rest_api.gw_api.execution_arn}/*' },
        { Effect: 'Deny', Principal: '*', Action: 'execute-api:Invoke', Resource: '${aws_api_gateway_rest_api.gw_api.execution_arn}/*', Condition: { StringNotEquals: { 'aws:SourceVpce': 'vpce-1' } } },
      ],
    },
  },
  {
    rule: 'WAF logging redacts the authorization header into aws-waf-logs-<id> (365 days)',
    run: async () => {
      const r = (await run())['resource'];
      return { cfg: r['aws_wafv2_web_acl_logging_configuration'], group: r['aws_cloudwatch_log_group']['waf_log_group'] };
    },
    reference: {
      cfg: { waf_logging_configuration: { log_destination_configs: ['${aws_cloudwatch_log_group.waf_log_group.arn}'], resource_arn: '${aws_wafv2_web_acl.api_waf.arn}', redacted_fields: { single_header: { name: 'authorization' } } } },
      group: { name: 'aws-waf-logs-auth', retention_in_days: 365 },
    },
  },
  {
    rule: 'only the metadata outputs; no provider on any resource, no tags, even in a multi-region account with a region',
    run: async () => {
      const json = await run({ region: 'us-west-2', tags: { team: 't' } }, OPTIONS, DEFAULTS, account('acct-a', { supportedDeploymentRegions: ['us-east-1', 'us-west-2'] }));
      const all = Object.values(json['resource'] as Record<string, Record<string, Json>>).flatMap((byName) => Object.values(byName));
      return { outputs: Object.keys(json['output']), providers: [...new Set(all.map((r) => r['provider']))], tags: all.filter((r) => r['tags']).length, count: all.length };
    },
    reference: {
      outputs: ['auth-rosa-authenticator__qrtf_cluster', 'auth-rosa-authenticator__qrtf_namespace', 'auth-rosa-authenticator__qrtf_resource', 'auth-rosa-authenticator__qrtf_output_resource_name'],
      providers: [undefined],
      tags: 0,
      // 2 roles, 2 lambdas, pool, 2 permissions, domain, ui, 2 resource servers, 8 clients, tg, 2 attachments, lb, listener,
      // vpc link, api, 3 resources, authorizer, 3 methods, 3 responses, 3 integrations, 3 integration responses, deployment,
      // stage, policy, domain name, 2 mappings, waf, association, 2 log groups, logging, iam policy, attachment, settings, account
      count: 57,
    },
  },
])(`${FN}: $rule`, ({ run: go, reference }) => {
  it('emits what the reference emits', async () => {
    expect(await go()).toEqual(reference);
  });
});

describe.each([
  { why: 'assert bucket_name', extra: { cognito_callback_bucket_name: undefined }, options: OPTIONS, defaults: DEFAULTS, message: /inventory\.yml: .*cognito_callback_bucket_name: cognito_callback_bucket_name \(an S3 bucket name\) is required/ },
  { why: 'assert network_interface_ids is not None', extra: { network_interface_ids: undefined }, options: OPTIONS, defaults: DEFAULTS, message: /network_interface_ids: network_interface_ids \(a list of strings\) is required/ },
  { why: 'the download fails (tfdoctor: the zip is not in --artifacts)', extra: {}, options: { ...OPTIONS, artifacts: new Map() }, defaults: DEFAULTS, message: /the release zip of app-sre\/cognito-pre-signup-trigger \(latest\) is needed for aws_lambda_function\.cognito_pre_signup: put it into the --artifacts folder .* as cognito-pre-signup-trigger\.zip/ },
  { why: 'the bucket read fails (tfdoctor: not read, not in the state)', extra: {}, options: { artifacts: ZIPS }, defaults: DEFAULTS, message: /cognito_callback_bucket_name: the callback bucket's Logo-RedHat-B-Color-RGB\.png \(s3:\/\/cb-bucket\/Logo-RedHat-B-Color-RGB\.png\) is needed/ },
  { why: '**None is a TypeError', extra: {}, options: OPTIONS, defaults: DEFAULTS.replace(/^lb_properties:[\s\S]*$/m, ''), message: /lb_properties in the defaults file d\.yml must be a mapping of aws_lb attributes/ },
  { why: 'a keyword given twice is a TypeError', extra: {}, options: OPTIONS, defaults: DEFAULTS.replace('  description: OCM authenticator API', '  description: x\n  name: other'), message: /d\.yml: rest_api_properties\.name: name is set by the kind itself on aws_api_gateway_rest_api/ },
  { why: 'terraform refuses an unknown argument', extra: {}, options: OPTIONS, defaults: DEFAULTS.replace('  type: COGNITO_USER_POOLS\n', '  type: COGNITO_USER_POOLS\n  bogus: 1\n'), message: /d\.yml: gateway_authorizer_properties\.bogus: unknown attribute "bogus" for aws_api_gateway_authorizer/ },
  { why: 'a second rosa-authenticator in the account collides at the fixed addresses', extra: { second: true }, options: OPTIONS, defaults: DEFAULTS, message: /aws_iam_role\.lambda_role would be declared twice/ },
])(`${FN} refuses: $why`, ({ extra, options, defaults, message }) => {
  it('is an input error naming the file and path', async () => {
    if ('second' in extra) {
      expect(await synthError([entry(), entry({ identifier: 'auth2' })], { 'd.yml': defaults }, options)).toMatch(message);
      return;
    }
    expect(await fail(extra, options, defaults)).toMatch(message);
  });
});

describe('callback bucket logo check (filetype.guess(...).extension == "png")', () => {
  it.each([
    ['a PNG made at test time', tinyPng(), true],
    ['a JPEG signature', Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0, 0, 0]), false],
    ['an empty object', Buffer.alloc(0), false],
  ])('%s -> %s', (_, bytes, want) => {
    expect(isPng(bytes)).toBe(want);
  });
});
