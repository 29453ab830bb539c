/**
 * kinesis (`populate_tf_resource_kinesis`, TAC): `aws_kinesis_stream.<id>` with
 * only `name`, tags, `shard_count`, `retention_period` (default 24),
 * `encryption_type`, `kms_key_id` (only with encryption_type KMS) and
 * `shard_level_metrics`; the provider only in a multi-region account. With the
 * entry's `policy`: `aws_kinesis_resource_policy.<id>-policy`. The IAM user set
 * (user depends_on the stream) may Get*, Describe*, PutRecord on the stream and
 * ListStreams on `*`. Outputs stream_name, aws_region, keys.
 *
 * With `es_identifier` the reference adds a Lambda that ships the stream into the
 * account's elasticsearch domain, from the release zip it downloads
 * (kinesis-to-opensearch-lambda). tfdoctor takes the zip from SynthOptions.artifacts
 * (`--artifacts DIR`) and never downloads; see lambdaCode for the state rule.
 */
import { aws } from '../cdk.js';
import { inputError } from '../load-inventory.js';
import { escapeDeep, escapeTemplate, tfName } from '../naming.js';
import { releaseRepository } from '../artifacts.js';
import { declare, metadataOutputs, output, type KindContext } from './context.js';
import { iamUserSet, jsonDumps } from './iam-user-set.js';

/** ROSA_AUTH_KINESIS_TO_OS_RELEASE (TAC): the default `release_url`. */
export const KINESIS_TO_OS_RELEASE = 'https://github.com/app-sre/kinesis-to-opensearch-lambda/releases/latest';

export function synthKinesis(ctx: KindContext): void {
  const { res } = ctx;
  const v = res.values;
  const provider = ctx.account.regions.length ? `aws.${ctx.region}` : undefined;
  const stream = declare(ctx, aws.KinesisStream, ctx.name, { name: escapeTemplate(res.identifier), tags: ctx.tags });
  set(stream, 'shard_count', v['shard_count']);
  // `common_values.get("retention_period", 24)`: an explicit null stays null.
  set(stream, 'retention_period', 'retention_period' in v ? v['retention_period'] : 24);
  set(stream, 'encryption_type', v['encryption_type']);
  if (v['encryption_type'] === 'KMS') set(stream, 'kms_key_id', v['kms_key_id']);
  set(stream, 'shard_level_metrics', v['shard_level_metrics']);
  if (provider) stream.addOverride('provider', provider);
  const streamArn = `\${aws_kinesis_stream.${ctx.name}.arn}`;

  const policy = v['policy'];
  if (policy !== undefined && policy !== null && policy !== '') {
    if (typeof policy !== 'string') throw inputError(res.origins['policy'] ?? res.where, 'policy must be a JSON string (a Kinesis resource policy)');
    const name = tfName(`${res.identifier}-policy`) ?? `${ctx.name}-policy`;
    const rp = declare(ctx, aws.KinesisResourcePolicy, name, { resourceArn: streamArn, policy: escapeTemplate(policy) });
    if (provider) rp.addOverride('provider', provider);
  }

  const es = v['es_identifier'];
  if (es !== undefined && es !== null && es !== '') synthEsLambda(ctx, String(es), streamArn, provider);

  output(ctx, 'stream_name', escapeTemplate(res.identifier));
  output(ctx, 'aws_region', ctx.region);
  const userPolicy = {
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', Action: ['kinesis:Get*', 'kinesis:Describe*', 'kinesis:PutRecord'], Resource: [streamArn] },
      { Effect: 'Allow', Action: ['kinesis:ListStreams'], Resource: ['*'] },
    ],
  };
  iamUserSet(ctx, jsonDumps(userPolicy), [`aws_kinesis_stream.${ctx.name}`]);
  metadataOutputs(ctx);
}

/** A value the reference writes as given (None is null: the same as absent in Terraform JSON). */
function set(resource: { addOverride(path: string, value: unknown): void }, key: string, value: unknown): void {
  if (value !== undefined && value !== null) resource.addOverride(key, escapeDeep(value));
}

/**
 * The es_identifier branch: execution role + policy + attachment (and the domain's
 * secrets-manager policy, from the domain's `<prefix>__secret_policy_arn` output in
 * the state, as the reference reads it from the domain's Secret),
 * `data.aws_elasticsearch_domain.<es>`, `aws_lambda_function.<id>-lambda` and
 * `aws_lambda_event_source_mapping.<id>-lambda`.
 */
function synthEsLambda(ctx: KindContext, esId: string, streamArn: string, provider: string | undefined): void {
  const { res } = ctx;
  const v = res.values;
  const esWhere = res.origins['es_identifier'] ?? { ...res.where, path: [...res.where.path, 'es_identifier'] };
  const esSpec = (ctx.accountResources ?? []).find((r) => r.identifier === esId && (r.kind as string) === 'elasticsearch');
  if (!esSpec) throw inputError(esWhere, `failed to find elasticsearch domain ${esId} in account ${ctx.account.name}`);
  const esName = tfName(esId);
  if (!esName) throw inputError(esWhere, 'not usable as a Terraform resource name');
  const id = res.identifier;
  const roleName = `${id}-lambda-execution-role`;
  const role = declare(ctx, aws.IamRole, `${ctx.name}-lambda-execution-role`, {
    name: escapeTemplate(roleName),
    assumeRolePolicy: jsonDumps({ Version: '2012-10-17', Statement: [{ Action: 'sts:AssumeRole', Principal: { Service: 'lambda.amazonaws.com' }, Effect: 'Allow' }] }),
    tags: ctx.tags,
  });
  const policyName = `${id}-lambda-execution-policy`;
  declare(ctx, aws.IamPolicy, `${ctx.name}-lambda-execution-policy`, {
    name: escapeTemplate(policyName),
    policy: jsonDumps({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Action: [
            'logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents', 'ec2:CreateNetworkInterface', 'ec2:DescribeNetworkInterfaces',
            'ec2:DeleteNetworkInterface', 'ec2:AssignPrivateIpAddresses', 'ec2:UnassignPrivateIpAddresses', 'kinesis:GetShardIterator',
            'kinesis:GetRecords', 'kinesis:DescribeStream', 'kinesis:ListStreams', 'es:ESHttpPost', 'es:ESHttpPut',
          ],
          Resource: '*',
        },
      ],
    }),
    tags: ctx.tags,
  });
  const roleAddr = `aws_iam_role.${ctx.name}-lambda-execution-role`;
  const att = declare(ctx, aws.IamRolePolicyAttachment, `${ctx.name}-lambda-execution-policy`, {
    role: escapeTemplate(roleName),
    policyArn: `\${aws_iam_policy.${ctx.name}-lambda-execution-policy.arn}`,
  });
  att.addOverride('depends_on', [roleAddr]);
  const esPrefix = `${esId}-elasticsearch`.replace(/\./g, '_');
  const secretPolicyArn = ctx.options.priorState?.output(`${esPrefix}__secret_policy_arn`);
  if (typeof secretPolicyArn === 'string' && secretPolicyArn) {
    const sa = declare(ctx, aws.IamRolePolicyAttachment, `${ctx.name}-lambda-secretsmanager-policy`, { role: escapeTemplate(roleName), policyArn: escapeTemplate(secretPolicyArn) });
    sa.addOverride('depends_on', [roleAddr]);
  }
  // One data source per domain and account (the reference adds it again per stream; the last wins, all equal).
  const dataAddr = `data.aws_elasticsearch_domain.${esName}`;
  if (!ctx.addresses.has(dataAddr)) {
    const d = declare(ctx, aws.DataAwsElasticsearchDomain, esName, { domainName: escapeTemplate(esId) }, true);
    if (provider) d.addOverride('provider', provider);
  }
  const release = typeof v['release_url'] === 'string' ? v['release_url'] : KINESIS_TO_OS_RELEASE;
  const lambdaName = `${ctx.name}-lambda`;
  const code = lambdaCode(ctx, release, `aws_lambda_function.${lambdaName}`);
  const env: Record<string, string> = {
    es_endpoint: `\${data.aws_elasticsearch_domain.${esName}.endpoint}`,
    index_prefix: escapeTemplate(typeof v['index_prefix'] === 'string' ? v['index_prefix'] : `${id}-`),
  };
  const secretName = ctx.options.priorState?.output(`${esPrefix}__secret_name`);
  if (typeof secretName === 'string' && secretName) env['secret_name'] = escapeTemplate(secretName);
  const fn = declare(ctx, aws.LambdaFunction, lambdaName, {
    role: role.arn,
    tags: ctx.tags,
    functionName: escapeTemplate(`${id}-lambda`),
    vpcConfig: {
      subnetIds: [] as string[],
      securityGroupIds: [] as string[],
    },
  });
  fn.addOverride('filename', code.filename);
  fn.addOverride('source_code_hash', code.hash);
  fn.addOverride('runtime', escapeDeep(v['runtime'] ?? 'python3.9'));
  fn.addOverride('timeout', escapeDeep(v['timeout'] ?? 30));
  fn.addOverride('handler', escapeDeep(v['handler'] ?? 'lambda_function.handler'));
  fn.addOverride('memory_size', escapeDeep(v['memory_size'] ?? 128));
  fn.addOverride('vpc_config', {
    subnet_ids: `\${data.aws_elasticsearch_domain.${esName}.vpc_options.0.subnet_ids}`,
    security_group_ids: `\${data.aws_elasticsearch_domain.${esName}.vpc_options.0.security_group_ids}`,
  });
  fn.addOverride('environment', { variables: env });
  if (provider) fn.addOverride('provider', provider);
  const mapping = declare(ctx, aws.LambdaEventSourceMapping, lambdaName, { eventSourceArn: streamArn, functionName: fn.arn });
  // starting_position_timestamp: the reference sets it only when it is falsy (None), i.e. never to a value.
  mapping.addOverride('starting_position', escapeDeep(v['starting_position'] ?? 'LATEST'));
  mapping.addOverride('batch_size', escapeDeep(v['batch_size'] ?? 100));
  mapping.addOverride('parallelization_factor', escapeDeep(v['parallelization_factor'] ?? 1));
  if (provider) mapping.addOverride('provider', provider);
}

/**
 * The lambda's `filename` and `source_code_hash`. The reference writes the path it
 * downloaded the release to and `${filebase64sha256("<path>")}`. tfdoctor:
 * - zip in the artifacts and the function in the state: the state's filename (the
 *   path the reconciler wrote) and the hash of the local zip, so the same release
 *   plans no change and a newer one plans the code update;
 * - zip in the artifacts, no function in the state: the local path and its hash;
 * - no zip, function in the state: what the state has (a newer release is not seen);
 * - no zip, no function: an input error naming the repository (a placeholder in bootstrap).
 */
export function lambdaCode(ctx: KindContext, releaseUrl: string, address: string): { filename: string; hash: string } {
  const where = ctx.res.origins['release_url'] ?? ctx.res.where;
  const release = releaseRepository(releaseUrl);
  if (!release) throw inputError(where, `release_url ${JSON.stringify(releaseUrl)} is not https://github.com/<owner>/<repository>/releases/<tag>`);
  const zip = ctx.options.artifacts?.get(release.repository);
  const prior = ctx.options.priorState?.attributes(address);
  const priorFile = typeof prior?.['filename'] === 'string' ? prior['filename'] : undefined;
  if (zip) return { filename: escapeTemplate(priorFile ?? zip), hash: `\${filebase64sha256(${JSON.stringify(zip)})}` };
  if (priorFile && typeof prior?.['source_code_hash'] === 'string') return { filename: escapeTemplate(priorFile), hash: escapeTemplate(prior['source_code_hash']) };
  if (ctx.options.bootstrap) return { filename: `${release.repository}.zip`, hash: '' };
  throw inputError(
    where,
    `the release zip of ${release.owner}/${release.repository} (${release.tag}) is needed for ${address}: put it into the --artifacts folder (env TFDOCTOR_ARTIFACTS) as ${release.repository}.zip (tfdoctor never downloads)`,
  );
}
