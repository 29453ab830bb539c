/**
 * Import ids that follow from a resource's own configuration, for the AWS
 * provider 5.x (checked against its docs for 5.100.0). Only types whose id is
 * a plain function of config values are listed: e.g. `aws_launch_template`
 * (id `lt-...`), `aws_sqs_queue` (queue URL), `aws_iam_policy` (ARN with the
 * account id) are not, so `importIdFor` answers undefined for them.
 */
import { isPlainObject } from '../util/objects.js';

type IdRule = (v: Record<string, unknown>) => string | undefined;

const attr = (key: string): IdRule => (v) => str(v[key]);
const joined = (sep: string, ...keys: string[]): IdRule => (v) => {
  const parts = keys.map((k) => str(v[k]));
  return parts.every((p): p is string => p !== undefined) ? parts.join(sep) : undefined;
};

const RULES: Readonly<Record<string, IdRule>> = {
  aws_autoscaling_group: attr('name'),
  aws_cloudwatch_log_group: attr('name'),
  aws_db_event_subscription: attr('name'),
  aws_db_instance: attr('identifier'),
  aws_db_parameter_group: attr('name'),
  aws_dynamodb_table: attr('name'),
  aws_ecr_repository: attr('name'),
  aws_ecrpublic_repository: attr('repository_name'),
  aws_elasticache_parameter_group: attr('name'),
  aws_elasticache_replication_group: attr('replication_group_id'),
  aws_elasticsearch_domain: attr('domain_name'),
  aws_iam_instance_profile: attr('name'),
  aws_iam_role: attr('name'),
  aws_iam_role_policy_attachment: joined('/', 'role', 'policy_arn'),
  aws_iam_user: attr('name'),
  aws_iam_user_policy: joined(':', 'user', 'name'),
  aws_iam_user_policy_attachment: joined('/', 'user', 'policy_arn'),
  aws_kinesis_stream: attr('name'),
  aws_kms_alias: attr('name'),
  aws_s3_bucket: attr('bucket'),
  aws_s3_bucket_policy: attr('bucket'),
  aws_s3_bucket_versioning: attr('bucket'),
  aws_s3_bucket_server_side_encryption_configuration: attr('bucket'),
  aws_s3_bucket_public_access_block: attr('bucket'),
};

/**
 * The `terraform import` id of a resource of `type` with these (planned or
 * prior) attribute values, when it follows from them; undefined otherwise
 * (unknown type, value unknown until apply, empty).
 */
export function importIdFor(type: string, values: unknown): string | undefined {
  if (!isPlainObject(values)) return undefined;
  const rule = Object.hasOwn(RULES, type) ? RULES[type] : undefined;
  return rule ? rule(values) : undefined;
}

/** Types `importIdFor` knows. */
export const IMPORT_ID_TYPES: readonly string[] = Object.keys(RULES).sort();

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v.length > 0 ? v : undefined;
}

