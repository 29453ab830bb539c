/**
 * Parity rows for the kinds of issue 10 (part b) and the artifacts loader; each row
 * names the reference function (TAC = reconcile/utils/terrascript_aws_client.py at f8dc7d43).
 */
import { mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadArtifactsDir, releaseRepository } from '../../src/synth/artifacts.js';
import { loadInventory, synthAccount } from '../../src/synth/index.js';
import { account, namespace, writeInventory } from './synth-helpers.js';

type Json = { resource: Record<string, Record<string, Record<string, unknown>>>; output: Record<string, { value: unknown; sensitive?: boolean }> };

let tmp: string;
beforeAll(async () => {
  tmp = await mkdtemp(path.join(tmpdir(), 'tfdoctor-10b-'));
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

async function synthKinesis(entry: Record<string, unknown>, defaults: Record<string, unknown>, accountExtra: Record<string, unknown> = {}) {
  const { file } = await writeInventory(
    { accounts: [account('acct-a', accountExtra)], namespaces: [namespace([{ provider: 'kinesis', identifier: 'ks', defaults: 'ks.yml', ...entry }])] },
    { 'ks.yml': stringify(defaults) },
  );
  return synthAccount(await loadInventory(file), 'acct-a').json as unknown as Json;
}

describe('artifacts (--artifacts DIR)', () => {
  it('maps <repository>.zip to its absolute path and ignores other files', async () => {
    const dir = path.join(tmp, 'art');
    await mkdir(dir);
    await writeFile(path.join(dir, 'kinesis-to-opensearch-lambda.zip'), 'zip');
    await writeFile(path.join(dir, 'notes.txt'), 'x');
    const map = await loadArtifactsDir(dir);
    expect([...map.entries()]).toEqual([['kinesis-to-opensearch-lambda', path.join(dir, 'kinesis-to-opensearch-lambda.zip')]]);
  });
  it('a missing folder is an input error naming it', async () => {
    await expect(loadArtifactsDir(path.join(tmp, 'nope'))).rejects.toThrow(/nope: the artifacts folder does not exist/);
  });
  it.each([
    ['https://github.com/app-sre/kinesis-to-opensearch-lambda/releases/latest', { owner: 'app-sre', repository: 'kinesis-to-opensearch-lambda', tag: 'latest' }],
    ['https://github.com/app-sre/x/releases/v1.2', { owner: 'app-sre', repository: 'x', tag: 'v1.2' }],
  ])('download_rosa_auth_kinesis_to_os_zip: %s names the repository', (url, want) => {
    expect(releaseRepository(url)).toEqual(want);
  });
});

describe('kinesis (populate_tf_resource_kinesis)', () => {
  it('populate_tf_resource_kinesis: only name, tags, shard_count, retention_period (24), encryption_type; kms_key_id only with KMS', async () => {
    const json = await synthKinesis({}, { shard_count: 2, kms_key_id: 'k', stream_mode_details: { stream_mode: 'PROVISIONED' } });
    const s = json.resource['aws_kinesis_stream']?.['ks'];
    expect(s).toMatchObject({ name: 'ks', shard_count: 2, retention_period: 24 });
    expect(s).not.toHaveProperty('kms_key_id');
    expect(s).not.toHaveProperty('stream_mode_details');
    expect(s).not.toHaveProperty('provider');
    const kms = (await synthKinesis({}, { encryption_type: 'KMS', kms_key_id: 'alias/x', retention_period: 48 })).resource['aws_kinesis_stream']?.['ks'];
    expect(kms).toMatchObject({ encryption_type: 'KMS', kms_key_id: 'alias/x', retention_period: 48 });
  });
  it('populate_tf_resource_kinesis: provider aws.<region> only in a multi-region account', async () => {
    const json = await synthKinesis({}, { shard_count: 1 }, { supportedDeploymentRegions: ['us-east-1', 'us-west-2'] });
    expect(json.resource['aws_kinesis_stream']?.['ks']?.['provider']).toBe('aws.us-east-1');
  });
  it('populate_tf_resource_kinesis: policy -> aws_kinesis_resource_policy.<id>-policy on the stream arn', async () => {
    const json = await synthKinesis({ policy: '{"Version": "2012-10-17"}' }, { shard_count: 1 });
    expect(json.resource['aws_kinesis_resource_policy']?.['ks-policy']).toMatchObject({ resource_arn: '${aws_kinesis_stream.ks.arn}', policy: '{"Version": "2012-10-17"}' });
  });
  it('get_tf_iam_service_user: the user depends_on the stream; the policy is json_dumps of Get*/Describe*/PutRecord + ListStreams', async () => {
    const json = await synthKinesis({}, { shard_count: 1 });
    expect(json.resource['aws_iam_user']?.['ks']?.['depends_on']).toEqual(['aws_kinesis_stream.ks']);
    expect(json.resource['aws_iam_policy']?.['ks']?.['policy']).toBe(
      '{"Statement": [{"Action": ["kinesis:Get*", "kinesis:Describe*", "kinesis:PutRecord"], "Effect": "Allow", "Resource": ["${aws_kinesis_stream.ks.arn}"]}, {"Action": ["kinesis:ListStreams"], "Effect": "Allow", "Resource": ["*"]}], "Version": "2012-10-17"}',
    );
    expect(json.output['ks-kinesis__stream_name']?.value).toBe('ks');
    expect(json.output['ks-kinesis__aws_region']?.value).toBe('us-east-1');
    expect(json.output['ks-kinesis__aws_secret_access_key']?.sensitive).toBe(true);
  });
  it('_find_resource_spec: es_identifier naming no elasticsearch spec of the account is an input error naming the key', async () => {
    await expect(synthKinesis({ es_identifier: 'logs' }, { shard_count: 1 })).rejects.toThrow(/es_identifier: failed to find elasticsearch domain logs/);
  });
});
