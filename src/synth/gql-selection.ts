/**
 * What the reconciler can see of a resource entry: the keys its GraphQL query
 * selects for the entry's kind (reconcile/gql_definitions/terraform_resources/
 * terraform_resources_namespaces.gql at f8dc7d43, one inline fragment per
 * provider), and which of them `init_values` copies into the values
 * (VARIABLE_KEYS, TAC). A key outside the selection never reaches the
 * reference's synth, so tfdoctor drops it too (and says so).
 */
import type { Kind } from './inventory-schema.js';

/** Selected on every resource, outside the per-kind fragments. */
const COMMON = ['provider', 'output_format', 'tags'] as const;

/** Per kind, the fragment's selected keys (nested selections are the key itself). */
export const GQL_SELECTED_KEYS: Record<Kind, readonly string[]> = {
  rds: [
    'region', 'identifier', 'defaults', 'availability_zone', 'parameter_group', 'old_parameter_group', 'overrides',
    'output_resource_name', 'enhanced_monitoring', 'replica_source', 'output_resource_db_name', 'reset_password', 'ca_cert',
    'annotations', 'event_notifications', 'data_classification', 'managed_by_erv2',
  ],
  s3: [
    'region', 'identifier', 'defaults', 'overrides', 'sqs_identifier', 's3_events', 'event_notifications', 'bucket_policy',
    'output_resource_name', 'storage_class', 'annotations',
  ],
  elasticache: ['identifier', 'defaults', 'parameter_group', 'region', 'overrides', 'output_resource_name', 'annotations', 'managed_by_erv2'],
  'aws-iam-service-account': ['identifier', 'variables', 'policies', 'user_policy', 'output_resource_name', 'annotations', 'aws_infrastructure_access'],
  'aws-iam-role': [
    'identifier', 'assume_role', 'assume_condition', 'assume_action', 'inline_policy', 'role_policy', 'policies',
    'output_resource_name', 'annotations', 'lifecycle', 'managed_by_erv2', 'max_session_duration',
  ],
  sqs: ['region', 'identifier', 'output_resource_name', 'annotations', 'specs'],
  dynamodb: ['region', 'identifier', 'output_resource_name', 'annotations', 'specs'],
  ecr: ['identifier', 'region', 'output_resource_name', 'public', 'annotations'],
  cloudwatch: ['region', 'identifier', 'defaults', 'es_identifier', 'filter_pattern', 'output_resource_name', 'annotations', 'managed_by_erv2'],
  kms: ['region', 'identifier', 'defaults', 'overrides', 'output_resource_name', 'annotations', 'managed_by_erv2'],
  'secrets-manager': ['region', 'identifier', 'secret', 'output_resource_name', 'annotations', 'secret_format'],
  asg: [
    'region', 'identifier', 'defaults', 'cloudinit_configs', 'variables', 'overrides', 'extra_tags', 'image',
    'output_resource_name', 'annotations',
  ],
  'route53-zone': ['region', 'identifier', 'name', 'output_resource_name', 'annotations', 'records'],
  'rosa-authenticator-vpce': ['region', 'identifier', 'subnet_ids', 'vpc_id', 'output_resource_name', 'annotations', 'defaults'],
  alb: [
    'region', 'identifier', 'vpc', 'certificate_arn', 'ingress_cidr_blocks', 'idle_timeout', 'enable_http2', 'ip_address_type',
    'access_logs', 'ssl_policy', 'mutual_authentication', 'targets', 'rules', 'output_resource_name', 'annotations',
  ],
  kinesis: ['region', 'identifier', 'defaults', 'es_identifier', 'policy', 'output_resource_name', 'annotations'],
  sns: ['defaults', 'region', 'identifier', 'output_resource_name', 'fifo_topic', 'inline_policy', 'annotations', 'subscriptions'],
  'secrets-manager-service-account': ['identifier', 'secrets_prefix', 'output_resource_name', 'annotations'],
  acm: ['region', 'identifier', 'secret', 'domain', 'output_resource_name', 'annotations'],
  's3-cloudfront-public-key': ['region', 'identifier', 'secret', 'output_resource_name', 'annotations'],
  's3-cloudfront': ['region', 'identifier', 'defaults', 'output_resource_name', 'storage_class', 'bucket_policy', 'annotations'],
  's3-sqs': ['region', 'identifier', 'defaults', 'kms_encryption', 'output_resource_name', 'storage_class', 'annotations'],
  elasticsearch: ['region', 'identifier', 'defaults', 'output_resource_name', 'annotations', 'publish_log_types'],
  msk: ['region', 'identifier', 'output_resource_name', 'defaults', 'annotations', 'users', 'managed_by_erv2'],
  'rosa-authenticator': [
    'region', 'identifier', 'api_proxy_uri', 'cognito_callback_bucket_name', 'certificate_arn', 'domain_name', 'network_interface_ids',
    'openshift_ingress_load_balancer_arn', 'insights_callback_urls', 'output_resource_name', 'annotations', 'vpc_id', 'subnet_ids', 'vpce_id',
    'defaults',
  ],
};

const SELECTED: ReadonlyMap<Kind, ReadonlySet<string>> = new Map(
  (Object.entries(GQL_SELECTED_KEYS) as [Kind, readonly string[]][]).map(([kind, keys]) => [kind, new Set([...COMMON, ...keys])]),
);

/** Whether the reconciler's query selects `key` on a resource of `kind`. */
export function isSelected(kind: Kind, key: string): boolean {
  return SELECTED.get(kind)?.has(key) ?? false;
}

/**
 * The entry keys `init_values` copies into the values when not None (TAC
 * VARIABLE_KEYS, the ones a selected kind can carry); every other entry key is
 * read from the entry itself (defaults, overrides, output_resource_name,
 * annotations, managed_by_erv2, ...) or not at all.
 */
export const VARIABLE_KEYS: ReadonlySet<string> = new Set([
  'region', 'availability_zone', 'parameter_group', 'old_parameter_group', 'name', 'enhanced_monitoring', 'replica_source',
  'output_resource_db_name', 'reset_password', 'ca_cert', 'sqs_identifier', 's3_events', 'bucket_policy', 'event_notifications',
  'storage_class', 'kms_encryption', 'variables', 'policies', 'user_policy', 'secrets_prefix', 'es_identifier', 'filter_pattern',
  'specs', 'secret', 'public', 'domain', 'aws_infrastructure_access', 'cloudinit_configs', 'image', 'assume_role', 'inline_policy',
  'role_policy', 'assume_condition', 'assume_action', 'api_proxy_uri', 'cognito_callback_bucket_name',
  'openshift_ingress_load_balancer_arn', 'insights_callback_urls', 'domain_name', 'certificate_arn', 'vpc_id', 'subnet_ids',
  'network_interface_ids', 'vpce_id', 'fifo_topic', 'subscriptions', 'records', 'extra_tags', 'lifecycle', 'max_session_duration',
  'secret_format', 'policy',
]);
