/**
 * Acceptance for the kinds of issue 10 part b that are built (kinesis), with one
 * emulator: synthesize, apply with real terraform 1.11 + aws provider 5.100.0 to
 * moto, then `tfdoctor plan --account` (the real CLI) finds nothing (exit 0); then
 * one out-of-band change is found. The change is a tag on the kind's IAM user
 * (IAM TagUser): this machine has no Kinesis SDK client in node_modules and
 * the project adds no dependency for a test.
 */
import { writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { TagUserCommand } from '@aws-sdk/client-iam';
import { stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadInventory, type Inventory } from '../../src/synth/index.js';
import { iamClient, startEmulator, type Emulator } from '../testbed/index.js';
import { applyDir, findingsOf, parseReport, runCli, synthInto, tempDir } from './doctor-setup.js';

const ACCOUNT = 'k10b';
let em: Emulator;
let work: { path: string; remove(): Promise<void> };
let inv: Inventory;
let file: string;
let wd: string;

beforeAll(async () => {
  em = await startEmulator();
  work = await tempDir('kinds-10b');
  file = path.join(work.path, 'inventory.yml');
  await writeFile(
    file,
    stringify({
      accounts: [{
        name: ACCOUNT, uid: '123456789012', resourcesDefaultRegion: 'us-east-1', providerVersion: '5.100.0',
        terraformState: { provider: 's3', bucket: 'k10b-tfstate', region: 'us-east-1', integrations: [{ integration: 'terraform-resources', key: 'qontract-reconcile.tfstate' }] },
      }],
      namespaces: [{
        name: 'k10b', cluster: { name: 'c1' }, environment: { name: 'test' }, app: { name: 'tfdoctor' }, managedExternalResources: true,
        externalResources: [{ provider: 'aws', provisioner: { name: ACCOUNT }, resources: [{ provider: 'kinesis', identifier: 'k10b-events', defaults: 'kinesis.yml' }] }],
      }],
    }),
  );
  await writeFile(path.join(work.path, 'kinesis.yml'), stringify({ shard_count: 1, retention_period: 24 }));
  inv = await loadInventory(file);
  wd = path.join(work.path, 'wd');
  await synthInto(em, inv, ACCOUNT, wd);
  await applyDir(em, wd);
}, 240_000);

afterAll(async () => {
  await em?.stop();
  await work?.remove();
});

const cliArgs = () => ['--inventory', file, '--account', ACCOUNT, '--work-dir', wd, '--backend-config', 'use_path_style=true', '--json'];

describe('kinesis against the emulator', () => {
  it('applied: tfdoctor plan --account finds nothing (exit 0)', async () => {
    const r = await runCli(em, cliArgs());
    expect(r.exitCode, r.stderr).toBe(0);
    expect(parseReport(r.stdout).findings).toEqual([]);
  }, 180_000);

  it('a tag put on the stream user out of band is changed-out-of-band', async () => {
    await iamClient(em).send(new TagUserCommand({ UserName: 'k10b-events', Tags: [{ Key: 'team', Value: 'edited-by-hand' }] }));
    const r = await runCli(em, cliArgs());
    expect(r.exitCode, r.stderr).toBe(2);
    const [f] = findingsOf(parseReport(r.stdout), 'changed-out-of-band', 'aws_iam_user.k10b-events');
    expect(f?.summary).toContain('tags.team');
  }, 180_000);
});
