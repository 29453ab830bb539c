/**
 * rosa-authenticator, as `populate_tf_resource_rosa_authenticator` (TAC) writes it:
 * fixed addresses (one such resource per account; a second one is refused at its
 * first address), no provider (the default one, whatever `region` says: a region
 * outside the account's is not refused, as the reference does not), no spec
 * tags, only the metadata outputs. What it emits, in the reference's order:
 * - IAM role `lambda_role` (`ocm-<id>-cognito-lambda-role`, the Lambda basic execution
 *   policy, `aws-us-gov` in the GovCloud regions) and two Lambdas
 *   `cognito_pre_signup` / `cognito_pre_token` from the release zips of
 *   cognito-pre-signup-trigger / cognito-pre-token-trigger (both read the one
 *   `release_url` key when it is set, as the reference does);
 * - the Cognito user pool `pool` with both triggers, their permissions, the domain
 *   `ocm-<id>-domain`, the UI customization with the callback bucket's logo, two
 *   resource servers, the pool client, the insights client (only with
 *   `insights_callback_urls`), seven service-account clients;
 * - the NLB set: target group, one `data.aws_network_interface.cni-<n>` + attachment
 *   per `network_interface_ids` entry, `aws_lb.api_gw`, the TLS listener;
 * - the private REST API: VPC link, three resources, authorizer, three methods with
 *   responses, integrations and integration responses, deployment (its
 *   `triggers.redeployment` is the reference's literal `sha1([...]))` string, not a
 *   function call), stage, policy, custom domain with two base path mappings,
 *   method settings, the API Gateway account's CloudWatch role;
 * - WAF web ACL + association + logging to `aws-waf-logs-<id>`.
 * Each `*_properties` key of the defaults is spread onto its resource(s) as the
 * reference's `**kwargs`: it must be a mapping of that resource's attributes and not
 * one the kind sets (Python refuses a keyword given twice); otherwise an input error.
 *
 * What the reference fetches while synthesizing, tfdoctor takes from SynthOptions:
 * the zips from `artifacts` (kinesis.ts lambdaCode: the same state rule), the logo
 * from `callbackLogos` (read before synth by src/run/callback-bucket.ts), or what
 * the state has for `aws_cognito_user_pool_ui_customization.userpool_ui`.
 * One divergence in the text, none in the plan: the reference writes
 * `image_file = ${filebase64("/tmp/Logo-RedHat-B-Color-RGB.png")}`; tfdoctor writes
 * the value that evaluates to (synth is pure and the working dir holds no logo).
 */
import type { TerraformDataSource, TerraformResource } from 'cdktf';
import { aws } from '../cdk.js';
import type { SourceRef } from '../inventory.js';
import { inputError } from '../load-inventory.js';
import { escapeTemplate } from '../naming.js';
import { declare, metadataOutputs, type Declarable, type KindContext } from './context.js';
import { jsonDumps } from './iam-user-set.js';
import { lambdaCode } from './kinesis.js';
import { propertyMapping } from './rosa-authenticator-vpce.js';

/** ROSA_AUTH_PRE_SIGNUP_RELEASE / ROSA_AUTH_PRE_TOKEN_RELEASE (TAC): the GitHub API paths the reference downloads from. */
export const PRE_SIGNUP_RELEASE = 'repos/app-sre/cognito-pre-signup-trigger/releases/latest';
export const PRE_TOKEN_RELEASE = 'repos/app-sre/cognito-pre-token-trigger/releases/latest';
/** The object the reference downloads from the callback bucket. */
export const CALLBACK_LOGO_OBJECT = 'Logo-RedHat-B-Color-RGB.png';
/** Where the UI customization's image lives in the state (kept when the bucket was not read). */
export const UI_CUSTOMIZATION_ADDRESS = 'aws_cognito_user_pool_ui_customization.userpool_ui';

const GOV_REGIONS = new Set(['us-gov-west-1', 'us-gov-east-1']);

const SERVICE_SCOPES: readonly [string, string][] = [
  ['AppSRE', 'AppSRE'],
  ['SREPAutomation', 'SREPAutomation'],
  ['SREPDeveloper', 'SREPDeveloper'],
  ['SREPLead', 'SREPLead'],
  ['AccountManagement', 'AMS service account'],
  ['ClusterService', 'CS service account'],
  ['ServiceLogService', 'OSL service account'],
  ['BackplaneCLI', 'Backplane CLI access'],
  ['BackplaneService', 'Backplane API service account'],
  ['InsightsServiceAccount', 'Insights service account'],
  ['OSDFleetManagerService', 'Fleet Manager service account'],
];

/** The service-account pool clients: address, name infix, allowed scope. */
const SERVICE_CLIENTS: readonly [string, string, string][] = [
  ['ocm_ams_service_account', 'ams', 'ocm/AccountManagement'],
  ['ocm_cs_service_account', 'cs', 'ocm/ClusterService'],
  ['ocm_osl_service_account', 'osl', 'ocm/ServiceLogService'],
  ['ocm_backplane_cli_service_account', 'backplane-cli', 'ocm/BackplaneCLI'],
  ['ocm_backplane_api_service_account', 'backplane-api', 'ocm/BackplaneService'],
  ['ocm_insights_service_account', 'insights', 'ocm/InsightsServiceAccount'],
  ['osdfm_service_account', 'osdfm', 'ocm/OSDFleetManagerService'],
];

const TOKEN_VALIDITY_UNITS = { access_token: 'minutes', id_token: 'minutes', refresh_token: 'days' };

/** The API objects the deployment's redeployment trigger lists, in the reference's order. */
const REDEPLOY_ON = [
  'aws_api_gateway_resource.gw_resource_proxy', 'aws_api_gateway_resource.gw_resource_token', 'aws_api_gateway_resource.gw_resource_auth',
  'aws_api_gateway_method.gw_method_proxy_any', 'aws_api_gateway_method.gw_method_token_get', 'aws_api_gateway_method.gw_method_auth_get',
  'aws_api_gateway_method_response.gw_method_proxy_any_response', 'aws_api_gateway_method_response.gw_method_token_get_response',
  'aws_api_gateway_method_response.gw_method_auth_get_response', 'aws_api_gateway_integration.gw_integration_proxy',
  'aws_api_gateway_integration.gw_integration_token', 'aws_api_gateway_integration.gw_integration_auth',
  'aws_api_gateway_integration_response.gw_integration_response_proxy', 'aws_api_gateway_integration_response.gw_integration_response_token',
  'aws_api_gateway_integration_response.gw_integration_response_auth',
];

function blame(ctx: KindContext, key: string): SourceRef {
  return ctx.res.origins[key] ?? { ...ctx.res.where, path: [...ctx.res.where.path, key] };
}

/** A resource at `type.name` with exactly these Terraform attributes (null/undefined left out, as null is unset). */
function put<T extends TerraformResource | TerraformDataSource, C>(
  ctx: KindContext,
  cls: Declarable<T, C>,
  name: string,
  attrs: Record<string, unknown>,
  data = false,
): T {
  const r = declare(ctx, cls, name, {} as C, data);
  for (const [k, v] of Object.entries(attrs)) if (v !== undefined && v !== null) r.addOverride(k, v);
  return r;
}

/** An optional string value (Python's None is null), escaped for Terraform. */
function optString(ctx: KindContext, key: string): string | null {
  const v = ctx.res.values[key];
  if (v === undefined || v === null) return null;
  if (typeof v !== 'string') throw inputError(blame(ctx, key), `${key} must be a string`);
  return escapeTemplate(v);
}

function stringList(ctx: KindContext, key: string, required: boolean): string[] | null {
  const v = ctx.res.values[key];
  if (v === undefined || v === null) {
    if (required) throw inputError(blame(ctx, key), `${key} (a list of strings) is required for rosa-authenticator`);
    return null;
  }
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) throw inputError(blame(ctx, key), `${key} must be a list of strings`);
  return (v as string[]).map(escapeTemplate);
}

/** Python's `f"{value}"` of an optional string: None prints as "None". */
function pyStr(value: string | null): string {
  return value ?? 'None';
}

/**
 * The UI customization's image: the logo read from the callback bucket, else the
 * state's image_file, else (bootstrap) a placeholder, else an input error.
 */
function logoImage(ctx: KindContext, bucket: string): string {
  const read = ctx.options.callbackLogos?.get(bucket);
  if (read !== undefined) return read;
  const prior = ctx.options.priorState?.attributes(UI_CUSTOMIZATION_ADDRESS)?.['image_file'];
  if (typeof prior === 'string' && prior) return escapeTemplate(prior);
  if (ctx.options.bootstrap) return '';
  throw inputError(
    blame(ctx, 'cognito_callback_bucket_name'),
    `the callback bucket's ${CALLBACK_LOGO_OBJECT} (s3://${bucket}/${CALLBACK_LOGO_OBJECT}) is needed for ${UI_CUSTOMIZATION_ADDRESS}: the reconciler reads it from AWS while it synthesizes; tfdoctor reads it before synth (plan --account) and it was not read`,
  );
}

export function synthRosaAuthenticator(ctx: KindContext): void {
  const { res } = ctx;
  const id = res.identifier;
  const v = res.values;
  metadataOutputs(ctx);

  // `common_values.get("region") or <default>` (ctx.region); not checked against the
  // account's regions (synth-account.ts REGION_UNCHECKED): no provider is written.
  const region = ctx.region;
  const bucketRaw = v['cognito_callback_bucket_name'];
  if (typeof bucketRaw !== 'string' || !bucketRaw)
    throw inputError(blame(ctx, 'cognito_callback_bucket_name'), 'cognito_callback_bucket_name (an S3 bucket name) is required for rosa-authenticator');
  const bucket = escapeTemplate(bucketRaw);
  const bucketUrl = `https://${bucket}.s3.${region}.amazonaws.com`;
  const managedPolicy = GOV_REGIONS.has(region)
    ? 'arn:aws-us-gov:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole'
    : 'arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole';
  const vpcId = optString(ctx, 'vpc_id');
  const subnetIds = stringList(ctx, 'subnet_ids', false);
  const networkInterfaceIds = stringList(ctx, 'network_interface_ids', true) as string[];
  const certificateArn = optString(ctx, 'certificate_arn');
  const domainName = optString(ctx, 'domain_name');
  const ingressLbArn = optString(ctx, 'openshift_ingress_load_balancer_arn');
  const vpceId = optString(ctx, 'vpce_id');
  const insightsUrls = stringList(ctx, 'insights_callback_urls', false);
  const apiProxyUri = optString(ctx, 'api_proxy_uri');

  // The defaults' property mappings, each spread onto its resources; the second list is what the kind sets itself.
  const props = {
    pool: propertyMapping(ctx, 'user_pool_properties', aws.CognitoUserPool, ['name', 'lambda_config']),
    poolClient: propertyMapping(ctx, 'user_pool_client_properties', aws.CognitoUserPoolClient, ['name', 'user_pool_id', 'callback_urls', 'token_validity_units']),
    resourceServer: propertyMapping(ctx, 'cognito_resource_server_properties', aws.CognitoResourceServer, ['user_pool_id', 'scope']),
    serviceClient: propertyMapping(ctx, 'pool_client_service_account_common_properties', aws.CognitoUserPoolClient, ['name', 'user_pool_id', 'allowed_oauth_scopes', 'token_validity_units']),
    restApi: propertyMapping(ctx, 'rest_api_properties', aws.ApiGatewayRestApi, ['name', 'endpoint_configuration']),
    authorizer: propertyMapping(ctx, 'gateway_authorizer_properties', aws.ApiGatewayAuthorizer, ['name', 'rest_api_id', 'provider_arns']),
    methodProxyAny: propertyMapping(ctx, 'gateway_method_proxy_any_properties', aws.ApiGatewayMethod, ['rest_api_id', 'resource_id', 'authorizer_id']),
    methodGet: propertyMapping(ctx, 'gateway_method_get_properties', aws.ApiGatewayMethod, ['rest_api_id', 'resource_id']),
    methodGetResponse: propertyMapping(ctx, 'gateway_method_get_response_properties', aws.ApiGatewayMethodResponse, ['http_method', 'resource_id', 'rest_api_id']),
    methodAuthGetResponse: propertyMapping(ctx, 'gateway_method_auth_get_response_properties', aws.ApiGatewayMethodResponse, ['http_method', 'resource_id', 'rest_api_id']),
    integrationProxy: propertyMapping(ctx, 'integration_proxy_properties', aws.ApiGatewayIntegration, ['rest_api_id', 'resource_id', 'http_method', 'integration_http_method', 'connection_id', 'uri']),
    integrationToken: propertyMapping(ctx, 'integration_token_properties', aws.ApiGatewayIntegration, ['rest_api_id', 'resource_id', 'http_method', 'integration_http_method', 'uri']),
    integrationAuth: propertyMapping(ctx, 'integration_auth_properties', aws.ApiGatewayIntegration, ['rest_api_id', 'resource_id', 'http_method']),
    wafAcl: propertyMapping(ctx, 'waf_acl_properties', aws.Wafv2WebAcl, ['name']),
    targetGroup: propertyMapping(ctx, 'lb_target_group_properties', aws.LbTargetGroup, ['name', 'vpc_id']),
    lb: propertyMapping(ctx, 'lb_properties', aws.Lb, ['name', 'subnets']),
  };

  // IAM role of the two triggers.
  put(ctx, aws.IamRole, 'lambda_role', {
    name: `ocm-${id}-cognito-lambda-role`,
    assume_role_policy: jsonDumps({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { Service: 'lambda.amazonaws.com' } }] }),
    managed_policy_arns: [managedPolicy],
    force_detach_policies: false,
    max_session_duration: 3600,
    path: '/service-role/',
  });
  const releaseUrl = v['release_url'];
  if (releaseUrl !== undefined && releaseUrl !== null && typeof releaseUrl !== 'string') throw inputError(blame(ctx, 'release_url'), 'release_url must be a string');
  for (const [name, fn, release] of [
    ['cognito_pre_signup', `ocm-${id}-cognito-pre-signup`, PRE_SIGNUP_RELEASE],
    ['cognito_pre_token', `ocm-${id}-cognito-pre-token`, PRE_TOKEN_RELEASE],
  ] as const) {
    const code = lambdaCode(ctx, releaseUrl ?? release, `aws_lambda_function.${name}`);
    put(ctx, aws.LambdaFunction, name, {
      function_name: fn,
      runtime: 'nodejs18.x',
      role: '${aws_iam_role.lambda_role.arn}',
      handler: 'index.handler',
      filename: code.filename,
      source_code_hash: code.hash,
      tracing_config: { mode: 'PassThrough' },
    });
  }

  // User pool.
  put(ctx, aws.CognitoUserPool, 'pool', {
    name: `ocm-${id}-pool`,
    lambda_config: { pre_sign_up: '${aws_lambda_function.cognito_pre_signup.arn}', pre_token_generation: '${aws_lambda_function.cognito_pre_token.arn}' },
    ...props.pool,
  });
  const poolId = '${aws_cognito_user_pool.pool.id}';
  // function_name is the literal name: terrascript returns a set key's value, not a reference.
  for (const [name, fn] of [
    ['cognito_pre_signup_permission', `ocm-${id}-cognito-pre-signup`],
    ['cognito_pre_token_permission', `ocm-${id}-cognito-pre-token`],
  ] as const)
    put(ctx, aws.LambdaPermission, name, { action: 'lambda:InvokeFunction', function_name: fn, source_arn: '${aws_cognito_user_pool.pool.arn}', principal: 'cognito-idp.amazonaws.com' });
  const domain = `ocm-${id}-domain`;
  put(ctx, aws.CognitoUserPoolDomain, 'userpool_domain', { domain, user_pool_id: poolId });
  // The reference's hosted-UI URL is the GovCloud FIPS one whatever the region.
  const userPoolUrl = `https://${domain}.auth-fips.us-gov-west-1.amazoncognito.com`;
  put(ctx, aws.CognitoUserPoolUiCustomization, 'userpool_ui', {
    image_file: logoImage(ctx, bucketRaw),
    user_pool_id: '${aws_cognito_user_pool_domain.userpool_domain.user_pool_id}',
  });
  put(ctx, aws.CognitoResourceServer, 'userpool_gateway_resource_server', {
    user_pool_id: poolId,
    name: 'API Gateway',
    identifier: 'gateway',
    scope: [{ scope_name: 'AccessToken', scope_description: 'Scope used to support Access Token authorization in API Gateway' }],
  });
  put(ctx, aws.CognitoUserPoolClient, 'userpool_client', {
    name: `ocm-${id}-pool-client`,
    user_pool_id: poolId,
    callback_urls: [`${bucketUrl}/token.html`],
    depends_on: ['aws_cognito_resource_server.userpool_gateway_resource_server'],
    ...props.poolClient,
    token_validity_units: TOKEN_VALIDITY_UNITS,
  });
  if (insightsUrls?.length)
    put(ctx, aws.CognitoUserPoolClient, 'ins_userpool_client', {
      name: `insights-${id}-pool-client`,
      user_pool_id: poolId,
      callback_urls: insightsUrls,
      ...props.poolClient,
      token_validity_units: TOKEN_VALIDITY_UNITS,
    });
  put(ctx, aws.CognitoResourceServer, 'userpool_service_resource_server', {
    user_pool_id: poolId,
    scope: SERVICE_SCOPES.map(([scope_name, scope_description]) => ({ scope_name, scope_description })),
    ...props.resourceServer,
  });
  for (const [name, infix, scope] of SERVICE_CLIENTS)
    put(ctx, aws.CognitoUserPoolClient, name, {
      name: `ocm-${id}-${infix}-service-account`,
      user_pool_id: poolId,
      allowed_oauth_scopes: [scope],
      depends_on: ['aws_cognito_resource_server.userpool_service_resource_server'],
      ...props.serviceClient,
      token_validity_units: TOKEN_VALIDITY_UNITS,
    });

  // NLB in front of the VPC endpoint's interfaces.
  put(ctx, aws.LbTargetGroup, 'vpce_target_group', { name: `${id}-vpce-tg`, vpc_id: vpcId, ...props.targetGroup });
  networkInterfaceIds.forEach((niid, idx) => {
    put(ctx, aws.DataAwsNetworkInterface, `cni-${idx}`, { id: niid }, true);
    put(ctx, aws.LbTargetGroupAttachment, `vpce_attachment_${idx}`, {
      target_group_arn: '${aws_lb_target_group.vpce_target_group.arn}',
      target_id: `\${data.aws_network_interface.cni-${idx}.private_ip}`,
      port: 443,
    });
  });
  put(ctx, aws.Lb, 'api_gw', { name: `${id}-nlb`, subnets: subnetIds, ...props.lb });
  put(ctx, aws.LbListener, 'nlb_listener', {
    load_balancer_arn: '${aws_lb.api_gw.arn}',
    port: '443',
    protocol: 'TLS',
    certificate_arn: certificateArn,
    ssl_policy: 'ELBSecurityPolicy-TLS13-1-2-2021-06',
    default_action: { type: 'forward', target_group_arn: '${aws_lb_target_group.vpce_target_group.arn}' },
  });

  // The private REST API.
  put(ctx, aws.ApiGatewayVpcLink, 'vpc_link', { name: `${id}-vpc-link`, target_arns: [ingressLbArn] });
  put(ctx, aws.ApiGatewayRestApi, 'gw_api', { name: `${id}-rest-api`, endpoint_configuration: { types: ['PRIVATE'], vpc_endpoint_ids: [vpceId] }, ...props.restApi });
  const api = '${aws_api_gateway_rest_api.gw_api.id}';
  const root = '${aws_api_gateway_rest_api.gw_api.root_resource_id}';
  for (const [name, part] of [['gw_resource_proxy', '{proxy+}'], ['gw_resource_token', 'token'], ['gw_resource_auth', 'auth']] as const)
    put(ctx, aws.ApiGatewayResource, name, { parent_id: root, rest_api_id: api, path_part: part });
  const resourceId = (name: string): string => `\${aws_api_gateway_resource.${name}.id}`;
  const httpMethod = (name: string): string => `\${aws_api_gateway_method.${name}.http_method}`;
  put(ctx, aws.ApiGatewayAuthorizer, 'gw_authorizer', { name: `${id}-authorizer`, rest_api_id: api, provider_arns: ['${aws_cognito_user_pool.pool.arn}'], ...props.authorizer });
  put(ctx, aws.ApiGatewayMethod, 'gw_method_proxy_any', { rest_api_id: api, resource_id: resourceId('gw_resource_proxy'), authorizer_id: '${aws_api_gateway_authorizer.gw_authorizer.id}', ...props.methodProxyAny });
  put(ctx, aws.ApiGatewayMethodResponse, 'gw_method_proxy_any_response', { http_method: httpMethod('gw_method_proxy_any'), resource_id: resourceId('gw_resource_proxy'), rest_api_id: api, ...props.methodGetResponse });
  put(ctx, aws.ApiGatewayMethod, 'gw_method_token_get', { rest_api_id: api, resource_id: resourceId('gw_resource_token'), ...props.methodGet });
  put(ctx, aws.ApiGatewayMethodResponse, 'gw_method_token_get_response', { http_method: httpMethod('gw_method_token_get'), resource_id: resourceId('gw_resource_token'), rest_api_id: api, ...props.methodGetResponse });
  put(ctx, aws.ApiGatewayMethod, 'gw_method_auth_get', { rest_api_id: api, resource_id: resourceId('gw_resource_auth'), ...props.methodGet });
  put(ctx, aws.ApiGatewayMethodResponse, 'gw_method_auth_get_response', { http_method: httpMethod('gw_method_auth_get'), resource_id: resourceId('gw_resource_auth'), rest_api_id: api, ...props.methodAuthGetResponse });
  put(ctx, aws.ApiGatewayIntegration, 'gw_integration_proxy', {
    rest_api_id: api,
    resource_id: resourceId('gw_resource_proxy'),
    http_method: httpMethod('gw_method_proxy_any'),
    integration_http_method: httpMethod('gw_method_proxy_any'),
    connection_id: '${aws_api_gateway_vpc_link.vpc_link.id}',
    uri: `${pyStr(apiProxyUri)}/api/{proxy}`,
    ...props.integrationProxy,
  });
  put(ctx, aws.ApiGatewayIntegration, 'gw_integration_token', {
    rest_api_id: api,
    resource_id: resourceId('gw_resource_token'),
    http_method: httpMethod('gw_method_token_get'),
    integration_http_method: httpMethod('gw_method_token_get'),
    uri: `${bucketUrl}/token.html`,
    ...props.integrationToken,
  });
  put(ctx, aws.ApiGatewayIntegration, 'gw_integration_auth', { rest_api_id: api, resource_id: resourceId('gw_resource_auth'), http_method: httpMethod('gw_method_auth_get'), ...props.integrationAuth });
  const tokenStatus = '${aws_api_gateway_method_response.gw_method_token_get_response.status_code}';
  // The proxy's integration response takes the token response's status code and waits on the token integration (reference).
  for (const [name, res, method] of [
    ['gw_integration_response_proxy', 'gw_resource_proxy', 'gw_method_proxy_any'],
    ['gw_integration_response_token', 'gw_resource_token', 'gw_method_token_get'],
  ] as const)
    put(ctx, aws.ApiGatewayIntegrationResponse, name, {
      rest_api_id: api,
      resource_id: resourceId(res),
      http_method: httpMethod(method),
      status_code: tokenStatus,
      depends_on: ['aws_api_gateway_integration.gw_integration_token'],
    });
  put(ctx, aws.ApiGatewayIntegrationResponse, 'gw_integration_response_auth', {
    rest_api_id: api,
    resource_id: resourceId('gw_resource_auth'),
    http_method: httpMethod('gw_method_auth_get'),
    status_code: '${aws_api_gateway_method_response.gw_method_auth_get_response.status_code}',
    response_parameters: {
      'method.response.header.Location':
        `'${userPoolUrl}/oauth2/authorize?client_id=\${aws_cognito_user_pool_client.userpool_client.id}&response_type=code` +
        `&scope=email+openid+gateway/AccessToken&redirect_uri=${bucketUrl}/token.html'`,
    },
    depends_on: ['aws_api_gateway_integration.gw_integration_auth'],
  });
  put(ctx, aws.ApiGatewayDeployment, 'gw_deployment', {
    rest_api_id: api,
    // Literally "sha1([...]))" around the interpolations, as the reference writes it (no function call).
    triggers: { redeployment: `sha1([${REDEPLOY_ON.map((a) => `\${jsonencode(${a})}`).join(',')}]))` },
    lifecycle: { create_before_destroy: true },
  });
  put(ctx, aws.ApiGatewayStage, 'gw_stage', { deployment_id: '${aws_api_gateway_deployment.gw_deployment.id}', rest_api_id: api, stage_name: 'api' });
  const invokeArn = '${aws_api_gateway_rest_api.gw_api.execution_arn}/*';
  put(ctx, aws.ApiGatewayRestApiPolicy, 'gw_api_policy', {
    rest_api_id: api,
    policy: jsonDumps({
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: invokeArn },
        { Effect: 'Deny', Principal: '*', Action: 'execute-api:Invoke', Resource: invokeArn, Condition: { StringNotEquals: { 'aws:SourceVpce': vpceId } } },
      ],
    }),
  });
  put(ctx, aws.ApiGatewayDomainName, 'domain', { regional_certificate_arn: certificateArn, domain_name: domainName, endpoint_configuration: { types: ['REGIONAL'] } });
  const mapping = { api_id: api, stage_name: '${aws_api_gateway_stage.gw_stage.stage_name}', domain_name: '${aws_api_gateway_domain_name.domain.domain_name}' };
  put(ctx, aws.ApiGatewayBasePathMapping, 'catch_all', mapping);
  put(ctx, aws.ApiGatewayBasePathMapping, 'api', { ...mapping, base_path: 'api' });

  // WAF and its logging.
  put(ctx, aws.Wafv2WebAcl, 'api_waf', { name: `${id}-waf`, ...props.wafAcl });
  put(ctx, aws.Wafv2WebAclAssociation, 'api_waf_association', { resource_arn: '${aws_api_gateway_stage.gw_stage.arn}', web_acl_arn: '${aws_wafv2_web_acl.api_waf.arn}' });
  put(ctx, aws.CloudwatchLogGroup, 'waf_log_group', { name: `aws-waf-logs-${id}`, retention_in_days: 365 });
  put(ctx, aws.Wafv2WebAclLoggingConfiguration, 'waf_logging_configuration', {
    log_destination_configs: ['${aws_cloudwatch_log_group.waf_log_group.arn}'],
    resource_arn: '${aws_wafv2_web_acl.api_waf.arn}',
    redacted_fields: { single_header: { name: 'authorization' } },
  });

  // API Gateway's CloudWatch role and execution logs.
  put(ctx, aws.IamRole, 'cloudwatch_assume_role', {
    name: `${id}-cloudwatch-role`,
    assume_role_policy: jsonDumps({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { Service: 'apigateway.amazonaws.com' } }] }),
  });
  put(ctx, aws.IamPolicy, 'cloudwatch', {
    name: `${id}-cloudwatch-policy`,
    policy: jsonDumps({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Action: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:DescribeLogGroups', 'logs:DescribeLogStreams', 'logs:PutLogEvents', 'logs:GetLogEvents', 'logs:FilterLogEvents'],
          Resource: ['*'],
        },
      ],
    }),
  });
  put(ctx, aws.IamRolePolicyAttachment, 'cloudwatch', { role: '${aws_iam_role.cloudwatch_assume_role.id}', policy_arn: '${aws_iam_policy.cloudwatch.arn}' });
  put(ctx, aws.CloudwatchLogGroup, 'api_gw_access', { name: `API-Gateway-Execution-Logs_${api}/api`, retention_in_days: 365 });
  put(ctx, aws.ApiGatewayMethodSettings, 'gw_api', {
    rest_api_id: api,
    stage_name: '${aws_api_gateway_stage.gw_stage.stage_name}',
    method_path: '*/*',
    settings: { logging_level: 'INFO', throttling_burst_limit: 5000, throttling_rate_limit: 10000 },
    depends_on: ['aws_cloudwatch_log_group.api_gw_access'],
  });
  put(ctx, aws.ApiGatewayAccount, 'apigw', { cloudwatch_role_arn: '${aws_iam_role.cloudwatch_assume_role.arn}' });
}
