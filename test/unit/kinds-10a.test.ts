/**
 * Parity with the reconciler (TAC = reconcile/utils/terrascript_aws_client.py at f8dc7d43)
 * for sns, secrets-manager-service-account, acm, s3-cloudfront-public-key, s3-cloudfront and
 * s3-sqs, and the secret source they read Vault through (file, Vault KV v1/v2 over HTTP).
 * Each row names the reference function, the input, and what that function emits as read
 * from its code.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Command } from 'commander';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { register } from '../../cli/commands/synth.js';
import { loadInventory, synthAccount } from '../../src/synth/index.js';
import { REDACTED } from '../../src/synth/redact-secrets.js';
import { fileSecretSource, gatherSecrets, secretSourceFromOptions, vaultSecretSource } from '../../src/synth/secret-source.js';
import { VaultKv } from '../../src/synth/vault.js';
import { account, namespace, synth, synthError, writeInventory, type Doc, type Json } from './synth-helpers.js';

const PEM_KEY = '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC-unit-test-key\n-----END PRIVATE KEY-----\n';
const PEM_CERT = '-----BEGIN CERTIFICATE-----\nMIIDazCCAlOgAwIBAgIUunit-test-certificate\n-----END CERTIFICATE-----\n';
const PEM_CA = '-----BEGIN CERTIFICATE-----\nMIIDbzCCAlegAwIBAgIUunit-test-ca\n-----END CERTIFICATE-----\n';
const PUBLIC_KEY = '-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8-unit-test-public\n-----END PUBLIC KEY-----\n';
const ACM_SECRET = { path: 'app-sre/x/acm', field: 'all' };
const CF_SECRET = { path: 'app-sre/x/cf', field: 'all' };
const SECRETS = new Map<string, Record<string, string>>([
  ['app-sre/x/acm', { key: PEM_KEY, certificate: PEM_CERT, caCertificate: PEM_CA }],
  ['app-sre/x/no-ca', { key: PEM_KEY, certificate: PEM_CERT }],
  ['app-sre/x/cf', { cloudfront_public_key: PUBLIC_KEY }],
]);
const MULTI = account('acct-a', { supportedDeploymentRegions: ['us-east-1', 'us-west-2'] });
const TAGS = { managed_by_integration: 'terraform_resources', cluster: 'cluster-a', namespace: 'ns-a', environment: 'stage', app: 'app-a' };

const resourcesOf = (json: Json, type: string): Json => json['resource'][type] as Json;
const providersOf = (json: Json): unknown[] => [
  ...new Set(Object.values(json['resource'] as Record<string, Record<string, Json>>).flatMap((byName) => Object.values(byName).map((r) => r['provider']))),
];

describe.each([
  {
    fn: 'populate_tf_resource_sns',
    rule: 'aws_sns_topic.<id> with only name, policy and fifo_topic: no tags, no provider even in a multi-region account',
    run: async () => {
      const json = await synth([{ provider: 'sns', identifier: 'topic', region: 'us-west-2', inline_policy: '{"a": "${b}"}', tags: { team: 't' } }], {}, {}, MULTI);
      return { topic: resourcesOf(json, 'aws_sns_topic'), providers: providersOf(json) };
    },
    reference: { topic: { topic: { name: 'topic', policy: '{"a": "$${b}"}', fifo_topic: false } }, providers: [undefined] },
  },
  {
    fn: 'populate_tf_resource_sns',
    rule: 'fifo_topic: the name gets .fifo; no policy without inline_policy',
    run: async () => resourcesOf(await synth([{ provider: 'sns', identifier: 'q', fifo_topic: true }]), 'aws_sns_topic'),
    reference: { q: { name: 'q.fifo', fifo_topic: true } },
  },
  {
    fn: 'populate_tf_resource_sns',
    rule: 'one subscription: <id>_<protocol>_aws_sns_topic_subscription, no suffix',
    run: async () => resourcesOf(await synth([{ provider: 'sns', identifier: 't', subscriptions: [{ protocol: 'email', endpoint: 'a@example.com' }] }]), 'aws_sns_topic_subscription'),
    reference: { t_email_aws_sns_topic_subscription: { topic_arn: '${aws_sns_topic.t.arn}', protocol: 'email', endpoint: 'a@example.com' } },
  },
  {
    fn: 'populate_tf_resource_sns',
    rule: 'several subscriptions: the 1-based suffix _<n> on each',
    run: async () =>
      Object.keys(
        resourcesOf(
          await synth([{ provider: 'sns', identifier: 't', subscriptions: [{ protocol: 'sqs', endpoint: 'arn:aws:sqs:us-east-1:1:q' }, { protocol: 'email', endpoint: 'a@example.com' }] }]),
          'aws_sns_topic_subscription',
        ),
      ),
    reference: ['t_sqs_aws_sns_topic_subscription_1', 't_email_aws_sns_topic_subscription_2'],
  },
  {
    fn: 'populate_tf_resource_sns',
    rule: 'outputs aws_region and endpoint from the entry region (not checked: no provider is written), plus the metadata outputs',
    run: async () => (await synth([{ provider: 'sns', identifier: 't', region: 'eu-west-1' }]))['output'],
    reference: {
      't-sns__qrtf_cluster': { value: 'cluster-a' },
      't-sns__qrtf_namespace': { value: 'ns-a' },
      't-sns__qrtf_resource': { value: 'Secret' },
      't-sns__qrtf_output_resource_name': { value: 't-sns' },
      't-sns__aws_region': { value: 'eu-west-1' },
      't-sns__endpoint': { value: 'https://sns.eu-west-1.amazonaws.com' },
    },
  },
  {
    fn: 'populate_tf_resource_secrets_manager_sa (get_tf_iam_service_user)',
    rule: 'IAM user set: tagged user, access key, json_dumps policy ListSecrets on * and secretsmanager:* on the prefix, attachment; output secrets_prefix',
    run: async () => {
      const json = await synth([{ provider: 'secrets-manager-service-account', identifier: 'sa', secrets_prefix: 'team/app' }]);
      return {
        user: resourcesOf(json, 'aws_iam_user'),
        key: resourcesOf(json, 'aws_iam_access_key'),
        policy: resourcesOf(json, 'aws_iam_policy'),
        attachment: resourcesOf(json, 'aws_iam_user_policy_attachment'),
        prefix: json['output']['sa-secrets-manager-service-account__secrets_prefix'],
        sensitive: json['output']['sa-secrets-manager-service-account__aws_secret_access_key'],
      };
    },
    reference: {
      user: { sa: { name: 'sa', tags: TAGS } },
      key: { sa: { user: 'sa', depends_on: ['aws_iam_user.sa'] } },
      policy: {
        sa: {
          name: 'sa',
          policy:
            '{"Statement": [{"Action": ["secretsmanager:ListSecrets"], "Effect": "Allow", "Resource": "*"}, {"Action": "secretsmanager:*", "Effect": "Allow", "Resource": ["arn:aws:secretsmanager:*:*:secret:team/app/*"]}], "Version": "2012-10-17"}',
          depends_on: ['aws_iam_user.sa'],
        },
      },
      attachment: { sa: { user: 'sa', policy_arn: '${aws_iam_policy.sa.arn}', depends_on: ['aws_iam_user.sa', 'aws_iam_policy.sa'] } },
      prefix: { value: 'team/app' },
      sensitive: { value: '${aws_iam_access_key.sa.secret}', sensitive: true },
    },
  },
  {
    fn: 'populate_tf_resource_acm',
    rule: 'a Vault secret: private_key, certificate_body, certificate_chain (caCertificate); untagged; no provider in a single-region account',
    run: async () => resourcesOf(await synth([{ provider: 'acm', identifier: 'cert', secret: ACM_SECRET, tags: { team: 't' } }], {}, { secrets: SECRETS }), 'aws_acm_certificate'),
    reference: { cert: { private_key: PEM_KEY, certificate_body: PEM_CERT, certificate_chain: PEM_CA } },
  },
  {
    fn: 'populate_tf_resource_acm',
    rule: 'outputs arn, status, domain_validation_options; with a secret key (not sensitive, as the reference), certificate and caCertificate (sensitive)',
    run: async () => {
      const out = (await synth([{ provider: 'acm', identifier: 'cert', secret: ACM_SECRET }], {}, { secrets: SECRETS }))['output'] as Json;
      return Object.fromEntries(Object.entries(out).filter(([k]) => !k.includes('qrtf')));
    },
    reference: {
      'cert-acm__arn': { value: '${aws_acm_certificate.cert.arn}' },
      'cert-acm__status': { value: '${aws_acm_certificate.cert.status}' },
      'cert-acm__domain_validation_options': { value: '${aws_acm_certificate.cert.domain_validation_options}' },
      'cert-acm__key': { value: PEM_KEY },
      'cert-acm__certificate': { value: PEM_CERT, sensitive: true },
      'cert-acm__caCertificate': { value: PEM_CA, sensitive: true },
    },
  },
  {
    fn: 'populate_tf_resource_acm',
    rule: 'a secret without caCertificate: no certificate_chain, no caCertificate output',
    run: async () => {
      const json = await synth([{ provider: 'acm', identifier: 'cert', secret: { path: 'app-sre/x/no-ca', field: 'all' } }], {}, { secrets: SECRETS });
      return { cert: resourcesOf(json, 'aws_acm_certificate'), ca: json['output']['cert-acm__caCertificate'] };
    },
    reference: { cert: { cert: { private_key: PEM_KEY, certificate_body: PEM_CERT } }, ca: undefined },
  },
  {
    fn: 'populate_tf_resource_acm',
    rule: 'a domain: domain_name, validation_method DNS, alternate_names -> subject_alternative_names; provider aws.<region> in a multi-region account',
    run: async () => {
      const json = await synth([{ provider: 'acm', identifier: 'cert', region: 'us-west-2', domain: { domain_name: 'a.example.com', alternate_names: ['b.example.com'] } }], {}, {}, MULTI);
      return { cert: resourcesOf(json, 'aws_acm_certificate'), key: json['output']['cert-acm__key'] };
    },
    reference: {
      cert: { cert: { domain_name: 'a.example.com', validation_method: 'DNS', subject_alternative_names: ['b.example.com'], provider: 'aws.us-west-2' } },
      key: undefined,
    },
  },
  {
    fn: 'populate_tf_resource_s3_cloudfront_public_key',
    rule: 'aws_cloudfront_public_key.<id>: name, comment "managed by app-interface", encoded_key from the field cloudfront_public_key; no provider, no region check',
    run: async () => {
      const json = await synth([{ provider: 's3-cloudfront-public-key', identifier: 'pk', region: 'eu-west-1', secret: CF_SECRET }], {}, { secrets: SECRETS });
      return { key: resourcesOf(json, 'aws_cloudfront_public_key'), providers: providersOf(json) };
    },
    reference: { key: { pk: { name: 'pk', comment: 'managed by app-interface', encoded_key: PUBLIC_KEY } }, providers: [undefined] },
  },
  {
    fn: 'populate_tf_resource_s3_cloudfront_public_key',
    rule: 'outputs <prefix>_etag (one underscore, the reference\'s name), id, key (not sensitive)',
    run: async () => {
      const out = (await synth([{ provider: 's3-cloudfront-public-key', identifier: 'pk', secret: CF_SECRET }], {}, { secrets: SECRETS }))['output'] as Json;
      return Object.fromEntries(Object.entries(out).filter(([k]) => !k.includes('qrtf')));
    },
    reference: {
      'pk-s3-cloudfront-public-key_etag': { value: '${aws_cloudfront_public_key.pk.etag}' },
      'pk-s3-cloudfront-public-key__id': { value: '${aws_cloudfront_public_key.pk.id}' },
      'pk-s3-cloudfront-public-key__key': { value: PUBLIC_KEY },
    },
  },
])('$fn: $rule', ({ run, reference }) => {
  it('emits what the reference emits', async () => {
    expect(await run()).toEqual(reference);
  });
});

const CF_DEFAULTS = [
  'get_object_enable_dirs: [public]',
  'distribution_config:',
  '  enabled: true',
  '  default_cache_behavior: {viewer_protocol_policy: allow-all, allowed_methods: [GET], cached_methods: [GET]}',
].join('\n');
const cf = (extra: Doc = {}) => ({ provider: 's3-cloudfront', identifier: 'site', defaults: 'cf.yml', ...extra });

describe.each([
  {
    fn: 'populate_tf_resource_s3_cloudfront',
    rule: 'the s3 bucket and IAM user set, an origin access identity <id>-cf-identity, a bucket policy granting it s3:GetObject per dir',
    run: async () => {
      const json = await synth([cf()], { 'cf.yml': CF_DEFAULTS });
      return {
        bucket: Object.keys(resourcesOf(json, 'aws_s3_bucket')),
        users: Object.keys(resourcesOf(json, 'aws_iam_user')),
        oai: resourcesOf(json, 'aws_cloudfront_origin_access_identity'),
        policy: resourcesOf(json, 'aws_s3_bucket_policy'),
      };
    },
    reference: {
      bucket: ['site'],
      users: ['site'],
      oai: { site: { comment: 'site-cf-identity' } },
      policy: {
        site: {
          bucket: 'site',
          policy:
            '{"Statement": [{"Action": "s3:GetObject", "Effect": "Allow", "Principal": {"AWS": "${aws_cloudfront_origin_access_identity.site.iam_arn}"}, "Resource": ["arn:aws:s3:::site/public/*"], "Sid": "Grant access to CloudFront Origin Identity"}], "Version": "2012-10-17"}',
          depends_on: ['aws_s3_bucket.site'],
        },
      },
    },
  },
  {
    fn: 'populate_tf_resource_s3_cloudfront',
    rule: 'a custom bucket_policy gets the CloudFront statement appended (json.loads, then json_dumps)',
    run: async () =>
      resourcesOf(await synth([cf({ bucket_policy: '{"Version": "2012-10-17", "Statement": [{"Sid": "mine", "Effect": "Deny"}]}' })], { 'cf.yml': CF_DEFAULTS }), 'aws_s3_bucket_policy')['site']['policy'],
    reference:
      '{"Statement": [{"Effect": "Deny", "Sid": "mine"}, {"Action": "s3:GetObject", "Effect": "Allow", "Principal": {"AWS": "${aws_cloudfront_origin_access_identity.site.iam_arn}"}, "Resource": ["arn:aws:s3:::site/public/*"], "Sid": "Grant access to CloudFront Origin Identity"}], "Version": "2012-10-17"}',
  },
  {
    fn: 'populate_tf_resource_s3_cloudfront',
    rule: 'the distribution: distribution_config, tags, target_origin_id "default", one origin through the identity; no provider',
    run: async () => resourcesOf(await synth([cf()], { 'cf.yml': CF_DEFAULTS }), 'aws_cloudfront_distribution'),
    reference: {
      site: {
        enabled: true,
        tags: TAGS,
        default_cache_behavior: { viewer_protocol_policy: 'allow-all', allowed_methods: ['GET'], cached_methods: ['GET'], target_origin_id: 'default' },
        origin: [
          {
            domain_name: '${aws_s3_bucket.site.bucket_domain_name}',
            origin_id: 'default',
            s3_origin_config: { origin_access_identity: 'origin-access-identity/cloudfront/${aws_cloudfront_origin_access_identity.site.id}' },
          },
        ],
      },
    },
  },
  {
    fn: 'populate_tf_resource_s3_cloudfront',
    rule: 'logging_config: the log-delivery canonical user data source and an ACL on the log bucket (name before the first dot), external_account_id moved out of the logging config',
    run: async () => {
      const json = await synth([cf()], { 'cf.yml': `${CF_DEFAULTS}\n  logging_config: {bucket: logs.s3.amazonaws.com, external_account_id: abc}` });
      return {
        data: json['data']['aws_cloudfront_log_delivery_canonical_user_id'],
        acl: resourcesOf(json, 'aws_s3_bucket_acl'),
        logging: resourcesOf(json, 'aws_cloudfront_distribution')['site']['logging_config'],
      };
    },
    reference: {
      data: { site: {} },
      acl: {
        site: {
          bucket: 'logs',
          access_control_policy: {
            owner: { id: '${data.aws_canonical_user_id.current.id}' },
            grant: [
              { grantee: { id: '${data.aws_canonical_user_id.current.id}', type: 'CanonicalUser' }, permission: 'FULL_CONTROL' },
              { grantee: { id: '${data.aws_cloudfront_log_delivery_canonical_user_id.site.id}', type: 'CanonicalUser' }, permission: 'FULL_CONTROL' },
              { grantee: { id: 'abc', type: 'CanonicalUser' }, permission: 'FULL_CONTROL' },
            ],
          },
        },
      },
      logging: { bucket: 'logs.s3.amazonaws.com' },
    },
  },
  {
    fn: 'populate_tf_resource_s3_cloudfront',
    rule: 'outputs: the s3 ones, the IAM keys, the identity id, s3_canonical_user_id, distribution_domain, origin_access_identity',
    run: async () => Object.keys((await synth([cf()], { 'cf.yml': CF_DEFAULTS }))['output'] as Json).filter((k) => !k.includes('qrtf')).sort(),
    reference: [
      'site-s3-cloudfront__aws_access_key_id', 'site-s3-cloudfront__aws_region', 'site-s3-cloudfront__aws_secret_access_key', 'site-s3-cloudfront__bucket',
      'site-s3-cloudfront__cloud_front_origin_access_identity_id', 'site-s3-cloudfront__distribution_domain', 'site-s3-cloudfront__endpoint',
      'site-s3-cloudfront__origin_access_identity', 'site-s3-cloudfront__s3_canonical_user_id',
    ],
  },
  {
    fn: 'populate_tf_resource_s3_sqs',
    rule: 'the queue <id>-sqs: visibility 30 and retention 345600 by default, a policy letting the bucket send; no kms without kms_encryption',
    run: async () => {
      const json = await synth([{ provider: 's3-sqs', identifier: 'up' }]);
      return { queue: resourcesOf(json, 'aws_sqs_queue'), kms: json['resource']['aws_kms_key'] };
    },
    reference: {
      queue: {
        'up-sqs': {
          name: 'up-sqs',
          visibility_timeout_seconds: 30,
          message_retention_seconds: 345600,
          policy:
            '{"Statement": [{"Action": "sqs:SendMessage", "Condition": {"ArnEquals": {"aws:SourceArn": "${aws_s3_bucket.up.arn}"}}, "Effect": "Allow", "Principal": "*", "Resource": "arn:aws:sqs:*:*:up-sqs"}], "Version": "2012-10-17"}',
        },
      },
      kms: undefined,
    },
  },
  {
    fn: 'populate_tf_resource_s3_sqs',
    rule: 'kms_encryption: aws_kms_key/alias <id>-kms (upper-cased usage/spec, root + S3 policy, untagged), the queue encrypted with it and depending on it; provider in a multi-region account',
    run: async () => {
      const json = await synth([{ provider: 's3-sqs', identifier: 'up', region: 'us-west-2', kms_encryption: true }], { }, {}, MULTI);
      const queue = resourcesOf(json, 'aws_sqs_queue')['up-sqs'];
      return { key: resourcesOf(json, 'aws_kms_key'), alias: resourcesOf(json, 'aws_kms_alias'), kmsId: queue['kms_master_key_id'], dependsOn: queue['depends_on'], provider: queue['provider'] };
    },
    reference: {
      key: {
        'up-kms': {
          description: 'app-interface created KMS key forup-sqs',
          key_usage: 'ENCRYPT_DECRYPT',
          customer_master_key_spec: 'SYMMETRIC_DEFAULT',
          is_enabled: true,
          policy:
            '{"Statement": [{"Action": "kms:*", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::123456789012:root"}, "Resource": "*"}, {"Action": ["kms:GenerateDataKey", "kms:Decrypt"], "Effect": "Allow", "Principal": {"Service": "s3.amazonaws.com"}, "Resource": "*"}], "Version": "2012-10-17"}',
          provider: 'aws.us-west-2',
        },
      },
      alias: { 'up-kms': { name: 'alias/up-kms', target_key_id: '${aws_kms_key.up-kms.key_id}', provider: 'aws.us-west-2' } },
      kmsId: '${aws_kms_key.up-kms.arn}',
      dependsOn: ['aws_kms_key.up-kms'],
      provider: 'aws.us-west-2',
    },
  },
  {
    fn: 'populate_tf_resource_s3_sqs',
    rule: 'the bucket notification <id>-sqs (s3_events, filter_prefix/suffix; no provider, as written) and an untagged IAM user set <id>-sqs allowed sqs:* (+ kms:Decrypt)',
    run: async () => {
      const json = await synth([{ provider: 's3-sqs', identifier: 'up', defaults: 'd.yml', kms_encryption: true }], { 'd.yml': 'filter_prefix: in/\ns3_events: ["s3:ObjectCreated:Put"]\n' });
      return {
        notification: resourcesOf(json, 'aws_s3_bucket_notification'),
        user: resourcesOf(json, 'aws_iam_user')['up-sqs'],
        policy: resourcesOf(json, 'aws_iam_policy')['up-sqs'],
        url: json['output']['up-s3-sqs__up-sqs'],
        secret: json['output']['up-s3-sqs__sqs_aws_secret_access_key'],
      };
    },
    reference: {
      notification: { 'up-sqs': { bucket: '${aws_s3_bucket.up.id}', queue: [{ id: 'up-sqs', queue_arn: '${aws_sqs_queue.up-sqs.arn}', events: ['s3:ObjectCreated:Put'], filter_prefix: 'in/' }] } },
      user: { name: 'up-sqs' },
      policy: {
        name: 'up-sqs',
        policy:
          '{"Statement": [{"Action": ["sqs:*"], "Effect": "Allow", "Resource": ["arn:aws:sqs:*:123456789012:up-sqs"]}, {"Action": ["sqs:ListQueues"], "Effect": "Allow", "Resource": "*"}, {"Action": ["kms:Decrypt"], "Effect": "Allow", "Resource": ["${aws_kms_key.up-kms.arn}"]}], "Version": "2012-10-17"}',
      },
      url: { value: 'https://sqs.us-east-1.amazonaws.com/123456789012/up-sqs' },
      secret: { value: '${aws_iam_access_key.up-sqs.secret}', sensitive: true },
    },
  },
])('$fn: $rule', ({ run, reference }) => {
  it('emits what the reference emits', async () => {
    expect(await run()).toEqual(reference);
  });
});

describe.each([
  {
    why: 'an email subscription that is not an address (EMAIL_REGEX)',
    entry: { provider: 'sns', identifier: 't', subscriptions: [{ protocol: 'email', endpoint: 'not-an-address' }] },
    files: {},
    message: 'resources.0.subscriptions.0.endpoint: SNS topic t has an invalid subscription email address (not-an-address)',
  },
  {
    why: 'secrets-manager-service-account without secrets_prefix',
    entry: { provider: 'secrets-manager-service-account', identifier: 'sa' },
    files: {},
    message: 'resources.0.secrets_prefix: secrets_prefix is required for secrets-manager-service-account',
  },
  {
    why: 'an acm secret the source does not have: the inventory file, the entry, the Vault path and the fields',
    entry: { provider: 'acm', identifier: 'cert', secret: { path: 'app-sre/x/missing', field: 'all' } },
    files: {},
    message: 'resources.0.secret.path: Vault secret app-sre/x/missing was not given (fields key, certificate are needed)',
  },
  {
    why: 'an acm secret without its certificate field',
    entry: { provider: 'acm', identifier: 'cert', secret: { path: 'app-sre/x/cf', field: 'all' } },
    files: {},
    message: 'resources.0.secret.path: Vault secret app-sre/x/cf has no field "key"',
  },
  {
    why: 's3-cloudfront-public-key without a secret (the reference raises KeyError)',
    entry: { provider: 's3-cloudfront-public-key', identifier: 'pk' },
    files: {},
    message: 'resources.0.secret: no secret defined for s3-cloudfront-public-key pk',
  },
  {
    why: 's3-cloudfront-public-key whose secret lacks cloudfront_public_key',
    entry: { provider: 's3-cloudfront-public-key', identifier: 'pk', secret: ACM_SECRET },
    files: {},
    message: 'resources.0.secret.path: Vault secret app-sre/x/acm has no field "cloudfront_public_key"',
  },
  {
    why: 's3-cloudfront without get_object_enable_dirs',
    entry: cf(),
    files: { 'cf.yml': 'distribution_config: {enabled: true}\n' },
    message: 'get_object_enable_dirs must be provided and non-empty for resource site',
  },
  {
    why: 'a distribution_config key that is no aws_cloudfront_distribution attribute',
    entry: cf(),
    files: { 'cf.yml': `${CF_DEFAULTS}\n  no_such_thing: 1\n` },
    message: 'cf.yml: distribution_config.no_such_thing: unknown attribute "no_such_thing" for aws_cloudfront_distribution (kind s3-cloudfront)',
  },
  {
    why: 's3-sqs with a visibility timeout that is not an integer',
    entry: { provider: 's3-sqs', identifier: 'up', defaults: 'd.yml' },
    files: { 'd.yml': 'visibility_timeout_seconds: soon\n' },
    message: 'visibility_timeout_seconds must be an integer',
  },
])('refuses: $why', ({ entry, files, message }) => {
  it('is an input error naming the file and the path, never a Vault value', async () => {
    const got = await synthError([entry], files as Record<string, string>, { secrets: SECRETS });
    expect(got).toContain(message);
    expect(got).toMatch(/inventory\.yml: |cf\.yml: |d\.yml: /);
    for (const v of [PEM_KEY, PEM_CERT, PUBLIC_KEY]) expect(got).not.toContain(v.split('\n')[1]);
  });
});

describe('the reconciler\'s GraphQL selection for the kinds', () => {
  it('secrets-manager-service-account has no region (dropped with a warning); acm has no defaults', async () => {
    const { file } = await writeInventory({
      accounts: [account()],
      namespaces: [namespace([{ provider: 'secrets-manager-service-account', identifier: 'sa', secrets_prefix: 'p', region: 'us-west-2' }, { provider: 'acm', identifier: 'c', defaults: 'x.yml', domain: { domain_name: 'a.example.com' } }])],
    });
    const inv = await loadInventory(file);
    expect(inv.warnings).toEqual([
      expect.stringContaining('resources.0: ignored "region": the reconciler\'s GraphQL query does not select this key for secrets-manager-service-account'),
      expect.stringContaining('resources.1: ignored "defaults": the reconciler\'s GraphQL query does not select this key for acm'),
    ]);
    expect((synthAccount(inv, 'acct-a').json as Json)['resource']['aws_acm_certificate']).toEqual({ c: { domain_name: 'a.example.com', validation_method: 'DNS' } });
  });
});

/** A Vault on loopback speaking the KV API: mount `kv2` is version 2 (two versions of one secret), mount `kv1` version 1. */
let server: Server;
let address: string;
const seen: { path: string; token: string | undefined; namespace: string | undefined }[] = [];
beforeAll(async () => {
  server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://vault');
    seen.push({ path: `${url.pathname}${url.search}`, token: req.headers['x-vault-token'] as string | undefined, namespace: req.headers['x-vault-namespace'] as string | undefined });
    const reply = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (req.headers['x-vault-token'] !== 'good') return reply(403, { errors: ['permission denied: the body is never shown'] });
    if (url.pathname === '/v1/kv2/config') return reply(200, { data: { max_versions: 0 } });
    if (url.pathname === '/v1/kv1/config') return reply(404, { errors: [] });
    if (url.pathname === '/v1/kv2/data/team/acm') {
      const v2 = { key: PEM_KEY, certificate: PEM_CERT, caCertificate: PEM_CA };
      if (url.searchParams.get('version') === '1') return reply(200, { data: { data: { key: 'old', certificate: 'old' }, metadata: { version: 1 } } });
      return reply(200, { data: { data: v2, metadata: { version: 2 } } });
    }
    if (url.pathname === '/v1/kv1/team/cf') return reply(200, { data: { cloudfront_public_key: PUBLIC_KEY, n: 3, obj: { a: 1 }, gone: null } });
    if (url.pathname === '/v1/kv2/data/team/broken') return reply(500, { errors: ['boom with a value inside'] });
    return reply(404, { errors: [] });
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  address = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((ok) => server.close(ok));
});
afterEach(() => {
  vi.restoreAllMocks();
});

describe('Vault KV over HTTP (a local server speaking the KV v1/v2 API)', () => {
  it('KV v2 (its mount config answers): data.data, latest or ?version=N; KV v1: data, fields as text, nulls dropped', async () => {
    seen.length = 0;
    const kv = new VaultKv({ address, token: 'good', namespace: 'team-ns' });
    expect(await kv.readAll({ path: 'kv2/team/acm' })).toEqual({ key: PEM_KEY, certificate: PEM_CERT, caCertificate: PEM_CA });
    expect(await kv.readAll({ path: 'kv2/team/acm', version: 1 })).toEqual({ key: 'old', certificate: 'old' });
    expect(await kv.readAll({ path: 'kv1/team/cf' })).toEqual({ cloudfront_public_key: PUBLIC_KEY, n: '3', obj: '{"a":1}' });
    expect(await kv.readAll({ path: 'kv2/team/none' })).toBeUndefined();
    expect(seen.map((s) => s.path)).toEqual(['/v1/kv2/config', '/v1/kv2/data/team/acm', '/v1/kv2/data/team/acm?version=1', '/v1/kv1/config', '/v1/kv1/team/cf', '/v1/kv2/data/team/none']);
    expect(new Set(seen.map((s) => `${s.token} ${s.namespace}`))).toEqual(new Set(['good team-ns']));
  });

  it('403 and 500 are input errors naming Vault, the path and the status, never the body; no token fails at the first read', async () => {
    const bad = new VaultKv({ address, token: 'wrong' });
    await expect(bad.readAll({ path: 'kv2/team/acm' })).rejects.toThrow(`Vault at ${address}: permission denied reading kv2/team/acm (check VAULT_TOKEN's policy)`);
    await expect(new VaultKv({ address, token: 'good' }).readAll({ path: 'kv2/team/broken' })).rejects.toThrow(`Vault at ${address}: reading kv2/team/broken answered HTTP 500`);
    await expect(new VaultKv({ address, token: '' }).readAll({ path: 'kv2/team/acm' })).rejects.toThrow('VAULT_TOKEN is not set');
    const err = await bad.readAll({ path: 'kv2/team/acm' }).catch((e: unknown) => String(e));
    expect(err).not.toContain('never shown');
  });

  it('secretSourceFromOptions: VAULT_ADDR + VAULT_TOKEN read each Vault path the account names once, and synth uses the fields', async () => {
    const { file } = await writeInventory({
      accounts: [account()],
      namespaces: [namespace([
        { provider: 'acm', identifier: 'a', secret: { path: 'kv2/team/acm', field: 'all' } },
        { provider: 'acm', identifier: 'b', secret: { path: 'kv2/team/acm', field: 'key' } },
        { provider: 's3-cloudfront-public-key', identifier: 'pk', secret: { path: 'kv1/team/cf', field: 'all' } },
      ])],
    });
    const inv = await loadInventory(file);
    const source = await secretSourceFromOptions({ env: { VAULT_ADDR: address, VAULT_TOKEN: 'good' } });
    expect(source?.description).toBe(`Vault at ${address}`);
    seen.length = 0;
    const secrets = await gatherSecrets(inv, 'acct-a', source!);
    expect(seen.map((s) => s.path).sort()).toEqual(['/v1/kv1/config', '/v1/kv1/team/cf', '/v1/kv2/config', '/v1/kv2/data/team/acm']);
    const json = synthAccount(inv, 'acct-a', { secrets }).json as Json;
    expect(json['resource']['aws_acm_certificate']['b']['private_key']).toBe(PEM_KEY);
    expect(json['resource']['aws_cloudfront_public_key']['pk']['encoded_key']).toBe(PUBLIC_KEY);
  });

  it('a file (--secrets, else TFDOCTOR_SECRETS) wins over VAULT_ADDR; VAULT_ADDR alone with no inventory secret never needs a token', async () => {
    const { dir } = await writeInventory({ accounts: [account()], namespaces: [] });
    const file = path.join(dir, 'secrets.json');
    await writeFile(file, JSON.stringify({ 'app-sre/x/acm': { key: 'k', certificate: 'c' } }));
    const fromEnv = await secretSourceFromOptions({ env: { TFDOCTOR_SECRETS: file, VAULT_ADDR: address } });
    expect(fromEnv?.description).toBe(file);
    expect(await fromEnv?.readAll({ path: 'app-sre/x/acm' })).toEqual({ key: 'k', certificate: 'c' });
    const { file: inventory } = await writeInventory({ accounts: [account()], namespaces: [namespace([{ provider: 'sns', identifier: 't' }])] });
    const noToken = await secretSourceFromOptions({ env: { VAULT_ADDR: address } });
    expect(await gatherSecrets(await loadInventory(inventory), 'acct-a', noToken!)).toEqual(new Map());
    expect(fileSecretSource(new Map()).description).toBe('secrets file');
    expect(vaultSecretSource(new VaultKv({ address, token: 'good' }), address).description).toBe(`Vault at ${address}`);
  });
});

describe('tfdoctor synth prints no Vault value', () => {
  it('the acm key, certificate, chain and the CloudFront public key are redacted on stdout, and only there (--out has them)', async () => {
    const { file, dir } = await writeInventory({
      accounts: [account()],
      namespaces: [namespace([{ provider: 'acm', identifier: 'cert', secret: ACM_SECRET }, { provider: 's3-cloudfront-public-key', identifier: 'pk', secret: CF_SECRET }])],
    });
    const secretsFile = path.join(dir, 'secrets.yml');
    await writeFile(secretsFile, JSON.stringify(Object.fromEntries(SECRETS)));
    let out = '';
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      out += String(chunk);
      return true;
    });
    vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const program = () => {
      const p = new Command('tfdoctor').exitOverride();
      register(p);
      return p;
    };
    await program().parseAsync(['synth', '-i', file, '-a', 'acct-a', '--secrets', secretsFile], { from: 'user' });
    const printed = JSON.parse(out) as Json;
    for (const v of [PEM_KEY, PEM_CERT, PEM_CA, PUBLIC_KEY]) expect(out).not.toContain(v.split('\n')[1]);
    expect(printed['resource']['aws_acm_certificate']['cert']).toEqual({ private_key: REDACTED, certificate_body: REDACTED, certificate_chain: REDACTED });
    expect(printed['output']['cert-acm__key']).toEqual({ value: REDACTED });
    expect(printed['resource']['aws_cloudfront_public_key']['pk']['encoded_key']).toBe(REDACTED);
    const outDir = await mkdtemp(path.join(tmpdir(), 'tfdoctor-kinds-10a-out-'));
    await program().parseAsync(['synth', '-i', file, '-a', 'acct-a', '--secrets', secretsFile, '--out', path.join(outDir, 'wd')], { from: 'user' });
    try {
      const written = JSON.parse(await readFile(path.join(outDir, 'wd', 'main.tf.json'), 'utf8')) as Json;
      expect(written['resource']['aws_acm_certificate']['cert']['private_key']).toBe(PEM_KEY);
    } finally {
      await rm(outDir, { recursive: true, force: true });
    }
  });
});
