/**
 * Shared set-up of the doctor/plan acceptance scenarios: the emulator fixture
 * inventory, synthesized working dirs with the emulator override, and a real
 * `terraform apply` (only quick resources: IAM, S3, DynamoDB).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { execa } from 'execa';
import { expect } from 'vitest';
import { Report } from '../../src/doctor/report.js';
import type { TerraformContext } from '../../src/state/terraform/context.js';
import { init } from '../../src/state/terraform/init.js';
import { applyRecoveringOwnLock } from '../testbed/own-lock.js';
import { accountInfo, loadInventory, synthAccount, writeWorkingDir, type Inventory } from '../../src/synth/index.js';
import { EMULATOR_BACKEND_CONFIG, prepareBackend, writeEmulatorOverride, type Emulator } from '../testbed/index.js';

export const INVENTORY = resolve('fixtures/inventory/emulator/inventory.yml');

export async function fixtureInventory(): Promise<Inventory> {
  return loadInventory(INVENTORY);
}

export async function tempDir(prefix: string): Promise<{ path: string; remove(): Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), `tfdoctor-${prefix}-`));
  return { path, remove: () => rm(path, { recursive: true, force: true }) };
}

/** The account's state bucket and lock table in the emulator. */
export async function backendOf(em: Emulator, inv: Inventory, account: string): Promise<{ bucket: string; key: string; table: string; region: string }> {
  const b = accountInfo(inv, account).backend;
  await prepareBackend(em, { bucket: b.bucket, region: b.region, ...(b.dynamodb_table ? { lockTable: b.dynamodb_table } : {}) });
  return { bucket: b.bucket, key: b.key, table: b.dynamodb_table ?? '', region: b.region };
}

/**
 * Synthesize the account into `dir` (what planAccount also does, so it reuses
 * the dir) with the emulator override beside it, and prepare its backend.
 */
export async function synthInto(em: Emulator, inv: Inventory, account: string, dir: string): Promise<void> {
  await writeWorkingDir(synthAccount(inv, account), dir);
  // The aliases are known from the config; an empty list would write no provider block.
  await writeEmulatorOverride(dir);
  await backendOf(em, inv, account);
}

export function tfIn(em: Emulator, dir: string): TerraformContext {
  return { bin: 'terraform', cwd: dir, env: em.env };
}

/** init + apply, asserting the apply worked (a broken fixture must fail loudly here, not in a scenario). */
export async function applyDir(em: Emulator, dir: string, backendConfig: Record<string, string> = { ...EMULATOR_BACKEND_CONFIG }): Promise<void> {
  const tf = tfIn(em, dir);
  await init(tf, { backendConfig });
  const run = await applyRecoveringOwnLock(tf);
  expect(run.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.summary}: ${d.detail}`)).toEqual([]);
  expect(run.exitCode, run.stderr).toBe(0);
}

/** `tfdoctor plan ...` as a person runs it (tsx, the real CLI), with the emulator environment. */
export async function runCli(em: Emulator, args: string[]): Promise<{ exitCode: number; stdout: string; stderr: string }> {
  const r = await execa('npx', ['tsx', 'cli/main.ts', 'plan', ...args], {
    env: { ...em.env },
    reject: false,
    timeout: 150_000,
  });
  return { exitCode: r.exitCode ?? -1, stdout: String(r.stdout), stderr: String(r.stderr) };
}

export function parseReport(stdout: string): Report {
  return Report.parse(JSON.parse(stdout));
}

/** The findings of a kind, with an address when given. */
export function findingsOf(report: Report, kind: string, address?: string): Report['findings'] {
  return report.findings.filter((f) => f.kind === kind && (address === undefined || f.address === address));
}
