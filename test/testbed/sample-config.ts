/**
 * A small hand-written Terraform config (JSON syntax) of quick resources: an RDS
 * parameter group, an S3 bucket and an IAM user, with an S3 backend + DynamoDB
 * lock. The acceptance tests and the fixture capture change it per scenario.
 */
import { mkdir, rename, writeFile } from 'node:fs/promises';
import * as path from 'node:path';

export interface SampleConfigOptions {
  backend: { bucket: string; key: string; region: string; dynamodb_table?: string; use_lockfile?: boolean };
  /** A local backend (state file in the dir) instead of s3; `backend.region` still sets the provider's region. */
  localBackend?: boolean;
  region?: string;
  /** Resource names; set one to null to leave it out of the config. */
  names?: { paramGroup?: string | null; bucket?: string | null; user?: string | null };
  /** Terraform names (the address part after the type), to simulate a rename. */
  addressNames?: { paramGroup?: string; bucket?: string; user?: string };
  tags?: Record<string, string>;
  /** The parameter group's family (default postgres15); changing it forces a replacement. */
  family?: string;
  /** data "aws_ami" "<name>" { owners = ["self"], filter tag:<tagName> = [value] } and an output of its id. */
  ami?: { name: string; tagName: string; value: string };
  /** import blocks: { to: address, id }. */
  imports?: { to: string; id: string }[];
}

export const SAMPLE = {
  paramGroup: 'quay-db-pg',
  bucket: 'quay-assets',
  user: 'quay-ci',
} as const;

export function sampleConfig(o: SampleConfigOptions): Record<string, unknown> {
  const tags = o.tags ?? { app: 'quay', managed_by: 'tfdoctor-test' };
  const names = { paramGroup: SAMPLE.paramGroup, bucket: SAMPLE.bucket, user: SAMPLE.user, ...o.names } as Record<'paramGroup' | 'bucket' | 'user', string | null>;
  const addr = { paramGroup: names.paramGroup ?? SAMPLE.paramGroup, bucket: names.bucket ?? SAMPLE.bucket, user: names.user ?? SAMPLE.user, ...o.addressNames };
  const resource: Record<string, Record<string, unknown>> = {};
  if (names.paramGroup) {
    resource['aws_db_parameter_group'] = {
      [addr.paramGroup]: { name: names.paramGroup, family: o.family ?? 'postgres15', description: 'Managed by Terraform', tags },
    };
  }
  if (names.bucket) resource['aws_s3_bucket'] = { [addr.bucket]: { bucket: names.bucket, tags } };
  if (names.user) resource['aws_iam_user'] = { [addr.user]: { name: names.user, tags } };
  const doc: Record<string, unknown> = {
    terraform: {
      required_providers: { aws: { source: 'hashicorp/aws', version: '5.100.0' } },
      backend: o.localBackend ? { local: {} } : { s3: { ...o.backend } },
    },
    provider: { aws: [{ region: o.region ?? o.backend.region }] },
    resource,
  };
  if (o.ami) {
    doc['data'] = {
      aws_ami: {
        [o.ami.name]: { owners: ['self'], most_recent: true, filter: [{ name: `tag:${o.ami.tagName}`, values: [o.ami.value] }] },
      },
    };
    doc['output'] = { [`${o.ami.name}_image_id`]: { value: `\${data.aws_ami.${o.ami.name}.id}` } };
  }
  if (o.imports?.length) doc['import'] = o.imports.map((i) => ({ to: i.to, id: i.id }));
  return doc;
}

/** Writes <dir>/main.tf.json (atomically). */
export async function writeSampleConfig(dir: string, o: SampleConfigOptions): Promise<string> {
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, 'main.tf.json');
  await writeFile(`${file}.tmp`, `${JSON.stringify(sampleConfig(o), null, 2)}\n`);
  await rename(`${file}.tmp`, file);
  return file;
}
