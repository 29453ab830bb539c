/**
 * Scenarios on an APPLIED account (emu-stage, no deletion allowed), in order on
 * one emulator and one working dir: clean -> things changed behind Terraform's
 * back -> removed from the inventory / replacement forced -> state digest broken.
 * Real terraform 1.11.4, real aws provider 5.100.0, moto.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planAccount } from '../../src/run/plan-account.js';
import { corruptDigest, deleteBucket, startEmulator, type Emulator } from '../testbed/index.js';
import type { Inventory } from '../../src/synth/index.js';
import { applyDir, backendOf, findingsOf, fixtureInventory, parseReport, runCli, synthInto, tempDir } from './doctor-setup.js';

const ACCOUNT = 'emu-stage';
let em: Emulator;
let inv: Inventory;
let work: { path: string; remove(): Promise<void> };

beforeAll(async () => {
  em = await startEmulator();
  inv = await fixtureInventory();
  work = await tempDir('drift');
  await synthInto(em, inv, ACCOUNT, work.path);
  await applyDir(em, work.path);
}, 180_000);

afterAll(async () => {
  await em?.stop();
  await work?.remove();
});

const cliArgs = () => ['--inventory', 'fixtures/inventory/emulator/inventory.yml', '--account', ACCOUNT, '--work-dir', work.path, '--backend-config', 'use_path_style=true', '--json'];

describe('applied account emu-stage', () => {
  it('clean: no findings, exit 0, --json is a Report with the state binding', async () => {
    const r = await runCli(em, cliArgs());
    expect(r.stderr).not.toMatch(/tfdoctor: .*(Error|error:)/);
    expect(r.exitCode, r.stderr).toBe(0);
    const report = parseReport(r.stdout);
    expect(report.findings).toEqual([]);
    expect(report.target.account).toBe(ACCOUNT);
    expect(report.terraform.version).toBe('1.11.4');
    expect(report.state?.lineage).toMatch(/^[0-9a-f-]{36}$/);
    expect(report.state?.serial).toBeGreaterThan(0);
    expect(report.state?.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('deleted-out-of-band and changed-out-of-band: exit 2, both found in one plan', async () => {
    await deleteBucket(em, { bucket: 'emu-stage-registry' });
    // A tag changed by hand on the IAM role.
    const { IAMClient, TagRoleCommand } = await import('@aws-sdk/client-iam');
    const iam = new IAMClient({ region: 'us-east-1', endpoint: em.endpoint, credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
    await iam.send(new TagRoleCommand({ RoleName: 'emu-stage-reader', Tags: [{ Key: 'team', Value: 'changed-by-hand' }] }));

    const r = await runCli(em, cliArgs());
    expect(r.exitCode, r.stderr).toBe(2);
    const report = parseReport(r.stdout);

    const [deleted] = findingsOf(report, 'deleted-out-of-band', 'aws_s3_bucket.emu-stage-registry');
    expect(deleted).toBeDefined();
    expect(deleted?.proposals.map((p) => p.kind)).toContain('terraform-apply');
    const rm = deleted?.proposals.find((p) => p.kind === 'terraform-state-rm');
    if (rm) expect(rm.argv).toEqual(['terraform', 'state', 'rm', 'aws_s3_bucket.emu-stage-registry']);

    const [changed] = findingsOf(report, 'changed-out-of-band', 'aws_iam_role.emu-stage-reader');
    expect(changed).toBeDefined();
    expect(JSON.stringify(changed?.evidence)).toContain('changed-by-hand');
    // Proposal ids are `<finding id>.<letter>`.
    for (const f of report.findings) for (const p of f.proposals) expect(p.id.startsWith(`${f.id}.`)).toBe(true);
  });

  it('deletion-not-enabled: a resource removed from the inventory, and a replacement forced by an attribute', async () => {
    const edited: Inventory = structuredClone(inv);
    // Removed from the inventory: the IAM role.
    edited.resources = edited.resources.filter((r) => !(r.account === ACCOUNT && r.identifier === 'emu-stage-reader'));
    // A new hash key forces a replacement of the DynamoDB table.
    const table = edited.resources.find((r) => r.account === ACCOUNT && r.identifier === 'emu-stage-locks');
    const spec = table?.specs[0]?.defaults;
    expect(spec).toBeDefined();
    if (spec) spec.values = { ...spec.values, hash_key: 'SessionID', attributes: [{ name: 'SessionID', type: 'S' }] };

    const { report } = await planAccount({
      inventory: edited, account: ACCOUNT, workDir: work.path, env: em.env, backendConfig: { use_path_style: 'true' }, now: new Date(),
    });

    const [removed] = findingsOf(report, 'deletion-not-enabled', 'aws_iam_role.emu-stage-reader');
    expect(removed?.evidence['reason']).toBe('removed-from-config');
    expect(removed?.proposals.map((p) => p.kind)).toEqual(expect.arrayContaining(['inventory-deletion-approval', 'config-removed-block', 'terraform-state-rm']));
    const rm = removed?.proposals.find((p) => p.kind === 'terraform-state-rm');
    expect(rm?.argv).toEqual(['terraform', 'state', 'rm', 'aws_iam_role.emu-stage-reader']);
    expect(rm?.mutatesState).toBe(true);

    const [replaced] = findingsOf(report, 'deletion-not-enabled', 'aws_dynamodb_table.emu-stage-locks');
    expect(replaced?.evidence['reason']).toBe('replacement');
    expect(JSON.stringify(replaced?.evidence['replace_attributes'])).toContain('hash_key');
    expect(replaced?.proposals.map((p) => p.kind)).toContain('inventory-deletion-approval');
    // Not orphaned: the gate finding explains the delete.
    expect(findingsOf(report, 'orphaned-in-state', 'aws_iam_role.emu-stage-reader')).toEqual([]);
  });

  it('state-checksum-mismatch: the DynamoDB digest disagrees with the state object', async () => {
    const b = await backendOf(em, inv, ACCOUNT);
    await corruptDigest(em, { table: b.table, bucket: b.bucket, key: b.key });
    const { report, planFile } = await planAccount({
      inventory: inv, account: ACCOUNT, workDir: work.path, env: em.env, backendConfig: { use_path_style: 'true' },
    });
    expect(planFile).toBeUndefined();
    const [f] = findingsOf(report, 'state-checksum-mismatch');
    expect(f).toBeDefined();
    expect(f?.severity).toBe('error');
    expect(report.state).toBeUndefined();
  });
});
