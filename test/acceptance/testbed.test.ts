/** The test bed itself: moto on loopback, backend/lock helpers, out-of-band helpers, the override file. */
import { DescribeImagesCommand } from '@aws-sdk/client-ec2';
import { GetUserCommand, ListUserTagsCommand } from '@aws-sdk/client-iam';
import { DescribeDBParameterGroupsCommand, ListTagsForResourceCommand } from '@aws-sdk/client-rds';
import { GetBucketTaggingCommand, ListBucketsCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { existsSync, lstatSync, readFileSync, readlinkSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { init, plan } from '../../src/state/index.js';
import {
  awsProviderBlocks, corruptDigest, createAmi, createBucket, createDbParameterGroup, createIamUser, deleteBucket, deleteDbParameterGroup,
  deleteIamUser, dynamoClient, EMULATOR_OVERRIDE_FILE, ec2Client, holdLock, iamClient, prepareBackend, putObject, rdsClient, readLock,
  releaseLock, removeAmi, s3Client, startEmulator, tagBucket, tagDbParameterGroup, tagIamUser, writeEmulatorOverride, type Emulator,
} from '../testbed/index.js';

let em: Emulator;
let work: string;
beforeAll(async () => {
  em = await startEmulator();
  work = await mkdtemp(path.join(os.tmpdir(), 'tfdoctor-testbed-'));
});
afterAll(async () => {
  await em?.stop();
  if (work) await rm(work, { recursive: true, force: true });
});

describe('emulator', () => {
  it('answers on loopback and hands out an env for terraform and the SDK', () => {
    expect(em.endpoint).toBe(`http://127.0.0.1:${em.port}`);
    expect(em.env).toMatchObject({ AWS_ENDPOINT_URL: em.endpoint, AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', AWS_REGION: 'us-east-1' });
    const cfg = readFileSync(em.env['TF_CLI_CONFIG_FILE']!, 'utf8');
    expect(cfg).toContain('filesystem_mirror');
    expect(existsSync(em.env['TF_PLUGIN_CACHE_DIR']!)).toBe(true);
  });

  it('reset() empties every service', async () => {
    await createBucket(em, { bucket: 'to-be-reset' });
    expect((await s3Client(em).send(new ListBucketsCommand({}))).Buckets?.map((b) => b.Name)).toContain('to-be-reset');
    await em.reset();
    expect((await s3Client(em).send(new ListBucketsCommand({}))).Buckets ?? []).toEqual([]);
  });
});

describe('backend and lock helpers', () => {
  const LOCK = { table: 'locks', bucket: 'state', key: 'a/b.tfstate' };

  it('prepareBackend is idempotent', async () => {
    await prepareBackend(em, { bucket: 'state', region: 'us-east-1', lockTable: 'locks' });
    await prepareBackend(em, { bucket: 'state', region: 'us-east-1', lockTable: 'locks' });
    await prepareBackend(em, { bucket: 'state-west', region: 'us-west-2' });
    const names = (await s3Client(em).send(new ListBucketsCommand({}))).Buckets?.map((b) => b.Name);
    expect(names).toEqual(expect.arrayContaining(['state', 'state-west']));
  });

  it('holdLock writes Terraform-shaped lock info, refuses a second holder, releaseLock removes it', async () => {
    const created = new Date('2026-01-02T03:04:05.000Z');
    const id = await holdLock(em, { ...LOCK, who: 'carol@host', created });
    expect(await readLock(em, LOCK)).toEqual({
      ID: id, Operation: 'OperationTypeApply', Info: '', Who: 'carol@host', Version: '1.11.4', Created: '2026-01-02T03:04:05.000Z', Path: 'state/a/b.tfstate',
    });
    await expect(holdLock(em, { ...LOCK, who: 'dave@host' })).rejects.toThrow(/conditional/i);
    await releaseLock(em, LOCK);
    expect(await readLock(em, LOCK)).toBeUndefined();
  });

  it('corruptDigest writes a different md5 under <bucket>/<key>-md5', async () => {
    const digest = await corruptDigest(em, LOCK);
    const item = await dynamoClient(em).send(new GetItemCommand({ TableName: 'locks', Key: { LockID: { S: 'state/a/b.tfstate-md5' } } }));
    expect(item.Item?.['Digest']?.S).toBe(digest);
    expect(digest).toMatch(/^[0-9a-f]{32}$/);
  });
});

describe('out-of-band helpers', () => {
  it('DB parameter group: create, tag, delete', async () => {
    await createDbParameterGroup(em, { name: 'pg-x', family: 'postgres15' });
    await tagDbParameterGroup(em, { name: 'pg-x', tags: { owner: 'console' } });
    const g = await rdsClient(em).send(new DescribeDBParameterGroupsCommand({ DBParameterGroupName: 'pg-x' }));
    const tags = await rdsClient(em).send(new ListTagsForResourceCommand({ ResourceName: g.DBParameterGroups![0]!.DBParameterGroupArn! }));
    expect(tags.TagList).toEqual([{ Key: 'owner', Value: 'console' }]);
    await deleteDbParameterGroup(em, { name: 'pg-x' });
    // moto 5.2.1 answers an empty list for a missing name (AWS answers DBParameterGroupNotFound).
    const after = await rdsClient(em).send(new DescribeDBParameterGroupsCommand({}));
    expect(after.DBParameterGroups?.map((x) => x.DBParameterGroupName)).not.toContain('pg-x');
  });

  it('S3: an object terraform does not know, tags, delete a non-empty bucket', async () => {
    await createBucket(em, { bucket: 'oob' });
    await putObject(em, { bucket: 'oob', key: 'x.txt', body: 'hi' });
    expect((await s3Client(em).send(new ListObjectsV2Command({ Bucket: 'oob' }))).KeyCount).toBe(1);
    await tagBucket(em, { bucket: 'oob', tags: { a: 'b' } });
    expect((await s3Client(em).send(new GetBucketTaggingCommand({ Bucket: 'oob' }))).TagSet).toEqual([{ Key: 'a', Value: 'b' }]);
    await deleteBucket(em, { bucket: 'oob' });
    expect((await s3Client(em).send(new ListBucketsCommand({}))).Buckets?.map((b) => b.Name)).not.toContain('oob');
  });

  it('IAM user: create, tag, delete', async () => {
    await createIamUser(em, { name: 'u1' });
    await tagIamUser(em, { name: 'u1', tags: { team: 'x' } });
    expect((await iamClient(em).send(new ListUserTagsCommand({ UserName: 'u1' }))).Tags).toEqual([{ Key: 'team', Value: 'x' }]);
    await deleteIamUser(em, { name: 'u1' });
    await expect(iamClient(em).send(new GetUserCommand({ UserName: 'u1' }))).rejects.toThrow();
  });

  it('createAmi makes a self-owned image found by tag:commit; removeAmi makes it go', async () => {
    const sha = 'a'.repeat(40);
    const { imageId } = await createAmi(em, { tags: { commit: sha } });
    const find = () => ec2Client(em).send(new DescribeImagesCommand({ Owners: ['self'], Filters: [{ Name: 'tag:commit', Values: [sha] }] }));
    expect((await find()).Images?.map((i) => i.ImageId)).toEqual([imageId]);
    await removeAmi(em, { imageId });
    expect((await find()).Images ?? []).toEqual([]);
  });
});

describe('emulator override file', () => {
  it('finds the default and aliased aws provider blocks in .tf.json and .tf files', async () => {
    const d = path.join(work, 'scan');
    await mkdir(d, { recursive: true });
    await writeFile(path.join(d, 'main.tf.json'), JSON.stringify({ provider: { aws: [{ region: 'us-east-1' }, { alias: 'us-west-2', region: 'us-west-2' }] } }));
    await writeFile(path.join(d, 'extra.tf'), 'provider "aws" {\n  alias  = "eu"\n  region = "eu-west-1"\n}\n');
    expect((await awsProviderBlocks(d)).sort()).toEqual(['eu', 'us-west-2', undefined].sort());
    await writeEmulatorOverride(d);
    const doc = JSON.parse(await readFile(path.join(d, EMULATOR_OVERRIDE_FILE), 'utf8')) as { provider: { aws: { alias?: string; max_retries: number }[] } };
    expect(doc.provider.aws.map((b) => b.alias).sort()).toEqual(['eu', 'us-west-2', undefined].sort());
    expect(doc.provider.aws.every((b) => b.max_retries === 5)).toBe(true);
    // Rewriting must not pick up its own output as a config block.
    await writeEmulatorOverride(d);
    expect((await awsProviderBlocks(d)).length).toBe(3);
  });

  it('terraform accepts the override for a config with an aliased provider (plan exit 0)', async () => {
    const d = path.join(work, 'aliased');
    await mkdir(d, { recursive: true });
    await writeFile(path.join(d, 'main.tf.json'), JSON.stringify({
      terraform: { required_providers: { aws: { source: 'hashicorp/aws', version: '5.100.0' } } },
      provider: { aws: [{ region: 'us-east-1' }, { alias: 'us-west-2', region: 'us-west-2' }] },
    }));
    await writeEmulatorOverride(d);
    const tf = { bin: 'terraform', cwd: d, env: em.env, timeoutMs: 120_000 };
    await init(tf);
    const run = await plan(tf, { lock: false });
    expect(run.diagnostics.filter((x) => x.severity === 'error')).toEqual([]);
    expect(run.exitCode, run.stderr).toBe(0);
    // The provider is linked from the shared plugin cache (itself a link to the mirror), not copied (700 MB).
    const installed = path.join(d, '.terraform', 'providers', 'registry.terraform.io', 'hashicorp', 'aws', '5.100.0', 'linux_amd64');
    expect(lstatSync(installed).isSymbolicLink()).toBe(true);
    expect(readlinkSync(installed).startsWith(em.env['TF_PLUGIN_CACHE_DIR']!)).toBe(true);
  });
});

describe('stop', () => {
  it('stops moto and removes its temp dir; a second stop is a no-op', async () => {
    const other = await startEmulator();
    await other.stop();
    await other.stop();
    expect(existsSync(other.dir)).toBe(false);
    await expect(fetch(`${other.endpoint}/moto-api/data.json`)).rejects.toThrow();
  });
});
