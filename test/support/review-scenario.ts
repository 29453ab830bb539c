/**
 * The pair-review scenario, for real: an account on the testbed (terraform +
 * AWS provider + moto, S3 state with `use_lockfile`) with two findings of a
 * real `tfdoctor plan --report`, and the keys two people type in
 * `tfdoctor review` on a terminal (tmux). Shared by
 * test/acceptance/review.test.ts (which asserts every step) and
 * scripts/capture-review-transcript.ts (which saves the screen for the docs).
 *
 *   - the RDS parameter group deleted by hand   -> deleted-out-of-band (error): skipped, with a reason
 *   - the IAM user's address renamed in config  -> renamed-address (warning): `terraform state mv` chosen after its rehearsal
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { execa } from 'execa';
import { Report } from '../../src/doctor/report.js';
import type { TerraformContext } from '../../src/state/terraform/context.js';
import { init } from '../../src/state/terraform/init.js';
import { applyRecoveringOwnLock } from '../testbed/own-lock.js';
import {
  deleteDbParameterGroup, EMULATOR_BACKEND_CONFIG, prepareBackend, SAMPLE, writeEmulatorOverride, writeSampleConfig, type Emulator,
} from '../testbed/index.js';
import type { TmuxSession } from './tmux.js';

export const ROOT = resolve(import.meta.dirname, '../..');
export const TSX = join(ROOT, 'node_modules/.bin/tsx');
export const CLI = join(ROOT, 'cli/main.ts');
export const BACKEND = { bucket: 'tfd-review-state', key: 'acct/review.tfstate', region: 'us-east-1', use_lockfile: true };
export const PG = `aws_db_parameter_group.${SAMPLE.paramGroup}`;
export const USER = `aws_iam_user.${SAMPLE.user}`;
export const USER_RENAMED = `aws_iam_user.${SAMPLE.user}-renamed`;
export const SKIP_REASON = 'the DBA recreates it through the normal apply pipeline';

/** The tfdoctor CLI without a terminal (execa pipes). */
export function cli(em: Emulator, cwd: string, args: string[]) {
  return execa(TSX, [CLI, ...args], { cwd, env: { ...process.env, ...em.env }, reject: false, timeout: 240_000 });
}

export interface RepairableAccount {
  dir: string;
  tf: TerraformContext;
  reportFile: string;
  report: Report;
}

/** Applies the sample account, breaks it in two ways, and saves the report of a real `tfdoctor plan --dir`. */
export async function repairableAccount(em: Emulator, work: string): Promise<RepairableAccount> {
  const dir = join(work, 'tf');
  await prepareBackend(em, { bucket: BACKEND.bucket, region: BACKEND.region });
  await writeSampleConfig(dir, { backend: BACKEND });
  await writeEmulatorOverride(dir);
  const tf: TerraformContext = { bin: 'terraform', cwd: dir, env: em.env };
  await init(tf, { backendConfig: { ...EMULATOR_BACKEND_CONFIG } });
  const applied = await applyRecoveringOwnLock(tf);
  if (applied.exitCode !== 0) throw new Error(`terraform apply failed: ${applied.stderr}`);
  // Behind Terraform's back: the parameter group deleted by hand; in the config, the user's address renamed.
  await deleteDbParameterGroup(em, { name: SAMPLE.paramGroup });
  await writeSampleConfig(dir, { backend: BACKEND, addressNames: { user: `${SAMPLE.user}-renamed` } });
  const reportFile = join(work, 'report.json');
  const plan = await cli(em, work, ['plan', '--dir', dir, '--backend-config', 'use_path_style=true', '--no-probe', '--quiet', '--report', reportFile]);
  if (plan.exitCode !== 2) throw new Error(`tfdoctor plan: expected exit 2 (findings), got ${plan.exitCode}: ${plan.stderr}`);
  const report = Report.parse(JSON.parse(await readFile(reportFile, 'utf8')));
  return { dir, tf, reportFile, report };
}

/** The ids the pair uses: the deleted group's finding, the rename's finding and its `state mv` proposal. */
export function idsOf(report: Report): { deleted: string; renamed: string; mv: string } {
  const deleted = report.findings.find((f) => f.kind === 'deleted-out-of-band' && f.address === PG);
  const renamed = report.findings.find((f) => f.kind === 'renamed-address' && f.address === USER);
  const mv = renamed?.proposals.find((p) => p.kind === 'terraform-state-mv');
  if (!deleted || !renamed || !mv) throw new Error(`the report lacks the scenario's findings: ${JSON.stringify(report.findings.map((f) => [f.id, f.kind, f.address]))}`);
  return { deleted: deleted.id, renamed: renamed.id, mv: mv.id };
}

/** Starts `tfdoctor review` in tmux: alice runs it, bob reviews with her. */
export async function startReview(t: TmuxSession, em: Emulator, work: string): Promise<void> {
  await t.start({
    argv: [TSX, CLI, 'review', 'report.json', '--as', 'alice', '--partner', 'bob', '--out', 'repair.json', '--record', 'review.md', '--no-color'],
    cwd: work, env: { ...process.env, ...em.env }, width: 160, height: 50,
  });
}

/**
 * What the pair types, step by step; `check` sees the screen after each wait
 * (the test asserts there). Skip the error with a reason, look back at it,
 * come forward, rehearse and choose the state mv, write.
 */
export async function walkReview(t: TmuxSession, report: Report, check: (step: string, screen: string) => void = () => undefined): Promise<void> {
  const id = idsOf(report);
  const REHEARSAL_MS = 240_000;
  check('first finding', await t.waitFor(`${id.deleted}: what do you do?`));
  await t.type('skip');
  await t.keys('Enter');
  await t.waitFor(`Why is ${id.deleted} left alone?`);
  await t.type(SKIP_REASON);
  await t.keys('Enter');
  check('second finding', await t.waitFor(`${id.renamed}: what do you do?`));
  await t.type('back');
  await t.keys('Enter');
  check('back', await t.waitFor(`${id.deleted}: what do you do?`, { times: 2 }));
  await t.type('forward');
  await t.keys('Enter');
  await t.waitFor(`${id.renamed}: what do you do?`, { times: 2 });
  await t.type(id.mv);
  await t.keys('Enter');
  check('rehearsed', await t.waitFor(`Choose ${id.mv} (it goes into the repair file)?`, { timeoutMs: REHEARSAL_MS }));
  await t.keys('Enter');
  check('summary', await t.waitFor('Done?'));
  await t.keys('Enter');
  await t.waitFor('Next, bob runs:');
}

/** Writes the approvers file with bob's new key; returns the key file. */
export async function bobsKey(em: Emulator, work: string): Promise<{ keyFile: string; approvers: string }> {
  const keyFile = join(work, 'bob.key');
  const r = await cli(em, work, ['keygen', '--as', 'bob', '--out', keyFile]);
  if (r.exitCode !== 0) throw new Error(`keygen: ${r.stderr}`);
  const approvers = join(work, 'approvers.txt');
  await writeFile(approvers, `${r.stdout.trim()}\n`);
  return { keyFile, approvers };
}
