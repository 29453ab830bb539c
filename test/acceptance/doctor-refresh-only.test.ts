/**
 * `plan --refresh-only` on an APPLIED account (emu-stage, no deletion allowed):
 * state against reality only. A tag changed by hand on an object whose config
 * ignores it (`lifecycle.ignore_changes`) is reported there and not by the normal
 * plan; a resource removed from the inventory gives no gate finding.
 * Real terraform 1.11.4, real aws provider 5.100.0, moto.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planAccount } from '../../src/run/plan-account.js';
import { startEmulator, type Emulator } from '../testbed/index.js';
import type { Inventory } from '../../src/synth/index.js';
import { applyDir, findingsOf, fixtureInventory, parseReport, runCli, synthInto, tempDir } from './doctor-setup.js';

const ACCOUNT = 'emu-stage';
const ROLE = 'aws_iam_role.emu-stage-reader';
let em: Emulator;
let inv: Inventory;
let work: { path: string; remove(): Promise<void> };

beforeAll(async () => {
  em = await startEmulator();
  inv = await fixtureInventory();
  work = await tempDir('refresh-only');
  await synthInto(em, inv, ACCOUNT, work.path);
  await applyDir(em, work.path);
  // The config ignores the role's tags (an override file merges into the synthesized resource).
  await writeFile(join(work.path, 'ignore_tags_override.tf.json'), JSON.stringify({
    resource: { aws_iam_role: { 'emu-stage-reader': { lifecycle: { ignore_changes: ['tags', 'tags_all'] } } } },
  }));
  const { IAMClient, TagRoleCommand } = await import('@aws-sdk/client-iam');
  const iam = new IAMClient({ region: 'us-east-1', endpoint: em.endpoint, credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
  await iam.send(new TagRoleCommand({ RoleName: 'emu-stage-reader', Tags: [{ Key: 'team', Value: 'changed-by-hand' }] }));
}, 240_000);

afterAll(async () => {
  await em?.stop();
  await work?.remove();
});

const dirArgs = (extra: string[]) => ['--inventory', 'fixtures/inventory/emulator/inventory.yml', '--account', ACCOUNT, '--dir', work.path, '--backend-config', 'use_path_style=true', '--json', ...extra];

describe('plan --refresh-only (emu-stage)', () => {
  it('the normal plan does not report a tag change the config ignores', async () => {
    const r = await runCli(em, dirArgs([]));
    const report = parseReport(r.stdout);
    expect(findingsOf(report, 'changed-out-of-band', ROLE)).toEqual([]);
    expect(report.plan?.mode).toBe('normal');
  });

  it('--refresh-only reports it, with the value set by hand, exit 2', async () => {
    const r = await runCli(em, dirArgs(['--refresh-only']));
    expect(r.exitCode, r.stderr).toBe(2);
    const report = parseReport(r.stdout);
    expect(report.plan?.mode).toBe('refresh-only');
    const [changed] = findingsOf(report, 'changed-out-of-band', ROLE);
    expect(changed, JSON.stringify(report.findings.map((f) => [f.kind, f.address]))).toBeDefined();
    expect(JSON.stringify(changed?.evidence)).toContain('changed-by-hand');
    expect(changed?.summary).toMatch(/refresh-only/);
  });

  it('a resource removed from the inventory gives no gate finding in refresh-only mode', async () => {
    const edited: Inventory = structuredClone(inv);
    edited.resources = edited.resources.filter((r) => !(r.account === ACCOUNT && r.identifier === 'emu-stage-locks'));
    const { report } = await planAccount({
      inventory: edited, account: ACCOUNT, workDir: work.path, env: em.env, backendConfig: { use_path_style: 'true' }, refreshOnly: true, probe: false,
    });
    expect(report.findings.filter((f) => ['deletion-not-enabled', 'orphaned-in-state', 'renamed-address'].includes(f.kind))).toEqual([]);
    // The same edit in a normal plan is refused by the gate: the mode is what made the difference.
    const normal = await planAccount({
      inventory: edited, account: ACCOUNT, workDir: work.path, env: em.env, backendConfig: { use_path_style: 'true' }, probe: false,
    });
    expect(findingsOf(normal.report, 'deletion-not-enabled').length).toBeGreaterThan(0);
  });
});
