/**
 * `--all-accounts` for real: accounts on the AWS emulator (own state bucket
 * each; a lock table only where the held lock is the scenario, see bench/fleet-bed.ts), real terraform + AWS provider. One account's lock is
 * held by a crashed run: the others are still fully diagnosed and the held
 * lock comes out as a `state-lock-held` finding, not a failure. A fourth
 * account whose state bucket is gone cannot even init: it lands in `failures`
 * and hides nothing.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeleteBucketPolicyCommand, DeleteBucketCommand, ListObjectVersionsCommand, DeleteObjectsCommand } from '@aws-sdk/client-s3';
import { planFleet, type FleetProgressEvent } from '../../src/run/fleet.js';
import { FleetReport } from '../../src/doctor/report.js';
import { EMULATOR_BACKEND_CONFIG, holdLock, s3Client, startEmulator, type Emulator } from '../testbed/index.js';
import type { Inventory } from '../../src/synth/index.js';
import { lockTableOf, REGION, STATE_KEY, prepareFleet, writeFleetInventory } from '../../bench/fleet-bed.js';

const ACCOUNTS = ['fleet-ok', 'fleet-drift', 'fleet-locked'] as const;
const BROKEN = 'fleet-broken';
const root = fileURLToPath(new URL('../../', import.meta.url));

let em: Emulator;
let work: string;
let inventoryFile: string;
let inventory: Inventory;

beforeAll(async () => {
  em = await startEmulator();
  work = await mkdtemp(join(tmpdir(), 'tfdoctor-fleet-acc-'));
  inventoryFile = await writeFleetInventory(join(work, 'inventory'), { accounts: [...ACCOUNTS, BROKEN], bucketsPerAccount: 1, lockTables: ['fleet-locked'] });
  // Only the accounts whose state matters are applied: a held lock stops the plan before the state is read.
  ({ inventory } = await prepareFleet(em, { inventoryFile, workRoot: join(work, 'dirs'), apply: ['fleet-ok', 'fleet-drift'] }));
  // fleet-broken: never initialized here and its state bucket does not exist.
  await rm(join(work, 'dirs', BROKEN, '.terraform'), { recursive: true, force: true });
  await emptyAndDeleteBucket(em, `${BROKEN}-tfstate`);
  // fleet-drift: its bucket is deleted behind Terraform's back.
  await emptyAndDeleteBucket(em, 'fleet-drift-b0');
  // fleet-locked: a crashed apply from two hours ago still holds the lock.
  await holdLock(em, {
    table: lockTableOf('fleet-locked'),
    bucket: 'fleet-locked-tfstate',
    key: STATE_KEY,
    region: REGION,
    who: 'ci@runner-7',
    created: new Date(Date.now() - 2 * 3600_000),
  });
}, 180_000);

afterAll(async () => {
  await em?.stop();
  if (work) await rm(work, { recursive: true, force: true });
});

describe('plan --all-accounts over three emulator accounts, one with a held lock', () => {
  it('planFleet: the healthy accounts are diagnosed, the locked one is a state-lock-held finding, the broken one a failure', async () => {
    const events: FleetProgressEvent[] = [];
    const fleet = await planFleet({
      inventory,
      concurrency: 3,
      workRoot: join(work, 'dirs'),
      env: em.env,
      backendConfig: { ...EMULATOR_BACKEND_CONFIG },
      onProgress: (e) => events.push(e),
    });
    expect(FleetReport.parse(fleet)).toEqual(fleet);
    expect(fleet.failures.map((f) => f.account)).toEqual([BROKEN]);
    expect(fleet.failures[0]?.error).toMatch(/init/i);
    const byAccount = new Map(fleet.reports.map((r) => [r.target.account, r]));
    expect([...byAccount.keys()].sort()).toEqual([...ACCOUNTS].sort());

    const ok = byAccount.get('fleet-ok')!;
    expect(ok.findings).toEqual([]);
    expect(ok.terraform.version).toBe('1.11.4');
    expect(ok.state?.lineage).toMatch(/^[0-9a-f-]{36}$/);
    expect(ok.state?.serial).toBeGreaterThanOrEqual(1);

    const drift = byAccount.get('fleet-drift')!;
    expect(drift.state?.lineage).toMatch(/^[0-9a-f-]{36}$/);
    const deleted = drift.findings.filter((f) => f.kind === 'deleted-out-of-band').map((f) => f.address);
    expect(deleted).toContain('aws_s3_bucket.fleet-drift-b0');

    const locked = byAccount.get('fleet-locked')!;
    const lock = locked.findings.find((f) => f.kind === 'state-lock-held');
    expect(lock).toBeDefined();
    expect(JSON.stringify(lock!.evidence)).toContain('ci@runner-7');

    // Every account went through the phases and ended done; none failed.
    for (const a of ACCOUNTS) {
      const phases = events.filter((e) => e.account === a).map((e) => e.phase);
      expect(phases[0]).toBe('queued');
      expect(phases).toContain('plan');
      expect(phases.at(-1)).toBe('done');
    }
    expect(events.filter((e) => e.account === BROKEN).map((e) => e.phase).at(-1)).toBe('failed');
  });

  it('the CLI: plan --all-accounts --json prints the same fleet picture and exits 1 for the broken account; --html writes the page', async () => {
    // The emulator override must stay in each working dir; the CLI re-synthesizes main.tf.json beside it.
    const htmlFile = join(work, 'fleet.html');
    const r = await execa(
      join(root, 'node_modules', '.bin', 'tsx'),
      [join(root, 'cli/main.ts'), 'plan', '--inventory', inventoryFile, '--all-accounts', '--concurrency', '3', '--json', '--html', htmlFile, '--work-dir', join(work, 'dirs'), '--backend-config', 'use_path_style=true', '--no-probe'],
      { cwd: work, env: em.env, reject: false },
    );
    expect(r.stderr).not.toMatch(/unknown option/);
    // Findings alone would be exit 2; an account that could not be diagnosed makes it 1 (contracts §2).
    expect(r.exitCode, r.stderr.slice(-3000)).toBe(1);
    expect(r.stderr).toContain(BROKEN);
    const fleet = FleetReport.parse(JSON.parse(r.stdout));
    expect(fleet.failures.map((f) => f.account)).toEqual([BROKEN]);
    const kinds = Object.fromEntries(fleet.reports.map((x) => [x.target.account, x.findings.map((f) => f.kind)]));
    expect(kinds['fleet-ok']).toEqual([]);
    expect(kinds['fleet-drift']).toContain('deleted-out-of-band');
    expect(kinds['fleet-locked']).toContain('state-lock-held');
    // The page of the same run: the overview row and section of every account (the broken one too), a card per finding.
    const page = await readFile(htmlFile, 'utf8');
    fleet.reports.forEach((x, i) => {
      expect(page).toContain(`<a href="#a${i}">${x.target.account ?? ''}</a>`);
      x.findings.forEach((f, j) => expect(page).toContain(`id="a${i}-f${j}"`));
    });
    expect(page.match(/<article class="card/g)?.length).toBe(fleet.reports.reduce((n, x) => n + x.findings.length, 0));
    expect(page).toContain(`<a href="#x0">${BROKEN}</a>`);
    expect(page).toContain('ci@runner-7');
  });
});

async function emptyAndDeleteBucket(e: Emulator, bucket: string): Promise<void> {
  const s3 = s3Client(e, REGION);
  const versions = await s3.send(new ListObjectVersionsCommand({ Bucket: bucket }));
  const objects = [...(versions.Versions ?? []), ...(versions.DeleteMarkers ?? [])].map((v) => ({ Key: v.Key!, VersionId: v.VersionId! }));
  if (objects.length) await s3.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: objects } }));
  await s3.send(new DeleteBucketPolicyCommand({ Bucket: bucket })).catch(() => undefined);
  await s3.send(new DeleteBucketCommand({ Bucket: bucket }));
}
