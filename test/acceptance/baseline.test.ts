/**
 * `tfdoctor plan --baseline PREVIOUS.json --fail-on new` on a schedule, for real:
 * one emulator account, the real CLI, the report of each run the baseline of the
 * next. Run 1 is clean; a bucket is then deleted by hand, so run 2 sees a new
 * finding (exit 2); run 3 sees it still open (exit 0 with --fail-on new, 2 with
 * --fail-on any); `terraform apply` repairs it and run 4 reports it resolved.
 */
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { DeleteBucketCommand, DeleteObjectsCommand, ListObjectVersionsCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Report } from '../../src/doctor/report.js';
import { EMULATOR_BACKEND_CONFIG, s3Client, startEmulator, type Emulator } from '../testbed/index.js';
import { prepareFleet, REGION, writeFleetInventory } from '../../bench/fleet-bed.js';
import { applyDir, tempDir } from './doctor-setup.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const ACCOUNT = 'sched-acct';
const BUCKET = `${ACCOUNT}-b0`;

let em: Emulator;
let tmp: { path: string; remove(): Promise<void> };
let inventoryFile: string;
let dir: string;
let reportFile: string;

beforeAll(async () => {
  em = await startEmulator();
  tmp = await tempDir('baseline');
  inventoryFile = await writeFleetInventory(join(tmp.path, 'inventory'), { accounts: [ACCOUNT], bucketsPerAccount: 1 });
  const { dirs } = await prepareFleet(em, { inventoryFile, workRoot: join(tmp.path, 'dirs') });
  dir = dirs.get(ACCOUNT)!;
  reportFile = join(tmp.path, 'last.json');
}, 240_000);

afterAll(async () => {
  await em?.stop();
  await tmp?.remove();
});

/** One scheduled run: the previous report is the baseline, and this run's report replaces it. */
async function scheduledRun(failOn: 'new' | 'any' = 'new'): Promise<{ exitCode: number; report: Report; stdout: string; stderr: string }> {
  const r = await execa(
    join(ROOT, 'node_modules', '.bin', 'tsx'),
    [join(ROOT, 'cli/main.ts'), 'plan', '--inventory', inventoryFile, '--account', ACCOUNT, '--work-dir', dir, '--backend-config', `use_path_style=${EMULATOR_BACKEND_CONFIG['use_path_style']}`,
      '--no-probe', '--quiet', '--baseline', reportFile, '--report', reportFile, '--fail-on', failOn],
    { cwd: tmp.path, env: em.env, reject: false, timeout: 180_000 },
  );
  return { exitCode: r.exitCode ?? -1, report: Report.parse(JSON.parse(await readFile(reportFile, 'utf8'))), stdout: String(r.stdout), stderr: String(r.stderr) };
}

describe('a finding appears, stays, is repaired', () => {
  let deletedAddress: string;

  it('run 1 (no baseline file yet): clean, exit 0, says every finding would be new', async () => {
    await rm(reportFile, { force: true });
    const r = await scheduledRun();
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/no baseline at .* yet: every finding is new/);
    expect(r.report.findings).toEqual([]);
    expect(r.report.baseline).toEqual({ new: 0, open: 0, resolved: [] });
  });

  it('run 2 (bucket deleted by hand): the finding is new, exit 2', async () => {
    await emptyAndDeleteBucket(BUCKET);
    const r = await scheduledRun();
    expect(r.exitCode, r.stderr).toBe(2);
    const deleted = r.report.findings.filter((f) => f.kind === 'deleted-out-of-band');
    expect(deleted.map((f) => f.address)).toContain(`aws_s3_bucket.${BUCKET}`);
    deletedAddress = `aws_s3_bucket.${BUCKET}`;
    expect(r.report.findings.every((f) => f.baseline === 'new')).toBe(true);
    expect(r.report.baseline).toMatchObject({ new: r.report.findings.length, open: 0, resolved: [] });
    expect(r.stdout).toMatch(new RegExp(`${ACCOUNT} since the report of .*: ${r.report.findings.length} new, 0 still open, 0 resolved`));
  });

  it('run 3 (nothing done): still open, exit 0 with --fail-on new; exit 2 with --fail-on any', async () => {
    const before = Report.parse(JSON.parse(await readFile(reportFile, 'utf8')));
    const r = await scheduledRun('new');
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.report.findings.map((f) => [f.kind, f.address, f.fingerprint])).toEqual(before.findings.map((f) => [f.kind, f.address, f.fingerprint]));
    expect(r.report.findings.every((f) => f.baseline === 'open')).toBe(true);
    expect(r.report.baseline).toMatchObject({ new: 0, open: before.findings.length, resolved: [] });
    const any = await scheduledRun('any');
    expect(any.exitCode, any.stderr).toBe(2);
    expect(any.report.findings.every((f) => f.baseline === 'open')).toBe(true);
  });

  it('run 4 (repaired by terraform apply): resolved, exit 0', async () => {
    const before = Report.parse(JSON.parse(await readFile(reportFile, 'utf8')));
    await applyDir(em, dir);
    const r = await scheduledRun();
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.report.findings).toEqual([]);
    expect(r.report.baseline?.resolved.map((f) => [f.kind, f.address])).toEqual(before.findings.map((f) => [f.kind, f.address]));
    expect(r.report.baseline?.resolved.map((f) => f.address)).toContain(deletedAddress);
    expect(r.stdout).toContain(`resolved: ${before.findings.find((f) => f.address === deletedAddress)?.id} deleted-out-of-band ${deletedAddress}`);
  });
});

async function emptyAndDeleteBucket(bucket: string): Promise<void> {
  const s3 = s3Client(em, REGION);
  const versions = await s3.send(new ListObjectVersionsCommand({ Bucket: bucket }));
  const objects = [...(versions.Versions ?? []), ...(versions.DeleteMarkers ?? [])].map((v) => ({ Key: v.Key!, VersionId: v.VersionId! }));
  if (objects.length) await s3.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: objects } }));
  await s3.send(new DeleteBucketCommand({ Bucket: bucket }));
}
