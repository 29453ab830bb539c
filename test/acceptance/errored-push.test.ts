/**
 * A real errored.tfstate, pushed back through the guard (#12 item 3).
 *
 * The S3 backend reaches its bucket through a relay (test/testbed/proxy.ts) in
 * front of the emulator; the provider and the DynamoDB lock table talk to the
 * emulator directly. An apply creates an IAM user, then a `terraform_data`
 * whose local-exec sleeps: when it prints its marker the relay is stopped, so
 * the apply succeeds and terraform 1.11.4 cannot write the state ("Failed to
 * persist state to backend"): it writes errored.tfstate itself. (Killing a
 * second emulator process instead would lose the bucket: moto keeps its data in
 * memory.) The relay comes back on the same port, `tfdoctor plan` (planAccount)
 * diagnoses `state-write-failed`, and the push goes through propose, approve
 * and apply: rehearsed, backed up, verified.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GuardError } from '../../src/errors.js';
import { planAccount } from '../../src/run/plan-account.js';
import { applyRepair, approveRepair, generateKeyPair, GUARD_CHECKS, proposeRepair, renderRepair, type ApproverEntry } from '../../src/repair/index.js';
import { stateContent } from '../../src/repair/apply.js';
import { snapshotOf } from '../../src/state/state-snapshot.js';
import type { TerraformContext } from '../../src/state/terraform/context.js';
import { init } from '../../src/state/terraform/init.js';
import { applyRecoveringOwnLock } from '../testbed/own-lock.js';
import { statePull } from '../../src/state/terraform/state-pull.js';
import { rawStateAddresses } from '../../src/tfjson/raw-state.js';
import { prepareBackend, startEmulator, startProxy, writeEmulatorOverride, type Emulator, type StoppableProxy } from '../testbed/index.js';

const BUCKET = 'tfd-errored';
const KEY = 'acct/errored.tfstate';
const TABLE = 'tfd-errored-locks';
const MARKER = 'tfdoctor-slow-resource-started';

let em: Emulator;
let proxy: StoppableProxy;
let work: string;
let dir: string;
let tf: TerraformContext;
const bob = generateKeyPair();
const approvers: ApproverEntry[] = [{ identity: 'bob', publicKey: bob.publicKey, line: 1 }];

/** `failFast`: max_retries 1, so the state write fails at once when the relay is gone (only for the apply that is cut). */
function config(withSlow: boolean, failFast = false): Record<string, unknown> {
  const resource: Record<string, unknown> = { aws_iam_user: { first: { name: 'errored-first' } } };
  if (withSlow) {
    resource['aws_iam_user'] = { first: { name: 'errored-first' }, second: { name: 'errored-second' } };
    resource['terraform_data'] = { slow: { depends_on: ['aws_iam_user.second'], provisioner: [{ 'local-exec': { command: `echo ${MARKER}; sleep 6` } }] } };
  }
  return {
    terraform: {
      required_providers: { aws: { source: 'hashicorp/aws', version: '5.100.0' } },
      // max_retries 1: the write fails at once when the relay is gone, instead of retrying for minutes.
      // Everything else keeps the SDK's retries: a connection the emulator closed under load is retried
      // (a state pull with max_retries 1 failed on one, STS GetCallerIdentity "use of closed network connection").
      backend: { s3: { bucket: BUCKET, key: KEY, region: 'us-east-1', dynamodb_table: TABLE, use_path_style: true, ...(failFast ? { max_retries: 1 } : {}), endpoints: { s3: proxy.endpoint } } },
    },
    provider: { aws: [{ region: 'us-east-1' }] },
    resource,
  };
}

beforeAll(async () => {
  em = await startEmulator();
  proxy = await startProxy(em.port);
  work = await mkdtemp(join(tmpdir(), 'tfdoctor-errored-acc-'));
  dir = join(work, 'tf');
  await prepareBackend(em, { bucket: BUCKET, region: 'us-east-1', lockTable: TABLE });
  await execa('mkdir', ['-p', dir]);
  await writeFile(join(dir, 'main.tf.json'), JSON.stringify(config(false), null, 2));
  await writeEmulatorOverride(dir);
  tf = { bin: 'terraform', cwd: dir, env: em.env };
  await init(tf, {});
  const a = await applyRecoveringOwnLock(tf);
  expect(a.exitCode, a.stderr).toBe(0);
}, 180_000);

afterAll(async () => {
  await proxy?.stop();
  await em?.stop();
  if (work) await rm(work, { recursive: true, force: true });
});

describe('errored.tfstate, for real, pushed back through the guard', () => {
  it('apply succeeds, the state write fails, plan diagnoses state-write-failed, the push is proposed, approved, applied', async () => {
    const before = await statePull(tf);
    expect(rawStateAddresses(before.state)).toEqual(['aws_iam_user.first']);

    // The failed state write, for real.
    await writeFile(join(dir, 'main.tf.json'), JSON.stringify(config(true, true), null, 2));
    await init(tf, { reconfigure: true });
    const child = execa('terraform', ['apply', '-auto-approve', '-no-color', '-input=false'], { cwd: dir, env: { ...process.env, ...em.env }, reject: false });
    let out = '';
    let cut = false;
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      if (!cut && out.includes(`(local-exec): ${MARKER}`)) {
        cut = true;
        void proxy.stop();
      }
    });
    const failed = await child;
    expect(cut).toBe(true);
    expect(failed.exitCode).toBe(1);
    expect(out).toContain('terraform_data.slow: Creation complete');
    expect(failed.stderr).toContain('Failed to persist state to backend');
    expect(failed.stderr).toContain('errored.tfstate');
    const erroredRaw = await readFile(join(dir, 'errored.tfstate'), 'utf8');
    const errored = snapshotOf(erroredRaw, 'errored.tfstate');
    await proxy.start();
    // The same config with the SDK's retries again for everything that follows.
    await writeFile(join(dir, 'main.tf.json'), JSON.stringify(config(true), null, 2));
    await init(tf, { reconfigure: true });
    const current = await statePull(tf);
    expect(current.sha256).toBe(before.sha256); // the backend never got the write
    expect(errored.state.lineage).toBe(before.state.lineage);
    expect(errored.state.serial).toBe(before.state.serial + 1);
    expect(rawStateAddresses(errored.state).sort()).toEqual(['aws_iam_user.first', 'aws_iam_user.second', 'terraform_data.slow']);

    // tfdoctor plan: the finding and its push proposal.
    const planned = await planAccount({ dir, env: em.env, probe: false });
    const f = planned.report.findings.find((x) => x.kind === 'state-write-failed');
    expect(f?.evidence).toMatchObject({ errored_serial: errored.state.serial, errored_lineage: errored.state.lineage, state_serial: before.state.serial, errored_sha256: errored.sha256 });
    expect(f?.evidence).not.toHaveProperty('push_refused');
    const push = f?.proposals.find((p) => p.kind === 'terraform-state-push');
    expect(push?.argv).toEqual(['terraform', 'state', 'push', 'errored.tfstate']);

    // With the exists probe: the user the failed apply created exists and is not in the backend's
    // state, but it is in errored.tfstate: the finding says to push that, and proposes no import.
    const probed = await planAccount({ dir, env: em.env });
    const second = probed.report.findings.find((x) => x.kind === 'exists-unmanaged' && x.address === 'aws_iam_user.second');
    expect(second?.evidence, JSON.stringify(probed.report.findings.map((x) => [x.kind, x.address]))).toMatchObject({ in_errored_state: { serial: errored.state.serial, sha256: errored.sha256 } });
    expect(second?.summary).toMatch(/push that back \(state-write-failed\) instead of importing it/);
    expect(second?.proposals).toEqual([]);

    // propose: rehearsed, the prediction says the two created objects stop being created; bound to the file's bytes.
    const proposed = await proposeRepair({ report: planned.report, proposalIds: [push?.id ?? ''], proposer: 'alice', tf });
    expect(proposed.proposals[0]?.statePush).toEqual({ file: 'errored.tfstate', lineage: errored.state.lineage, serial: errored.state.serial, sha256: errored.sha256 });
    expect(proposed.prediction?.before.changes).toEqual({ 'aws_iam_user.second': 'create', 'terraform_data.slow': 'create' });
    expect(proposed.prediction?.after.changes).toEqual({});
    const shown = renderRepair(proposed);
    expect(shown).toContain('no longer create terraform_data.slow');
    expect(shown).toContain(`pushes: errored.tfstate lineage ${errored.state.lineage}, serial ${errored.state.serial} (+1 over the state)`);
    const approved = approveRepair(proposed, { approver: 'bob', privateKeyPem: bob.privateKeyPem });
    const auditLog = join(work, 'audit.jsonl');
    const backupDir = join(work, 'backups');
    const opts = { repair: approved, applier: 'alice', approvers, tf: { bin: 'terraform', env: em.env }, auditLog, backupDir };

    // errored.tfstate changed after approval (re-serialised, same content): refused, nothing written.
    await writeFile(join(dir, 'errored.tfstate'), JSON.stringify(JSON.parse(erroredRaw)));
    let changedErr: unknown;
    await applyRepair(opts).catch((e: unknown) => { changedErr = e; });
    expect(changedErr).toBeInstanceOf(GuardError);
    expect((changedErr as GuardError).check).toBe(GUARD_CHECKS.erroredState);
    expect((changedErr as Error).message).toContain('changed since the repair was proposed');
    expect((await statePull(tf)).sha256).toBe(before.sha256);
    await writeFile(join(dir, 'errored.tfstate'), erroredRaw);

    // The honest path.
    const result = await applyRepair(opts);
    expect(result.serialBefore).toBe(before.state.serial);
    // `state push` writes the file's serial, and the remote state manager raises it once more as it persists a changed state (seen on 1.11.4).
    expect(result.serialAfter).toBe(errored.state.serial + 1);
    expect(result.commands).toEqual([['terraform', 'state', 'push', '-lock=false', '-force=false', '-']]);
    const after = await statePull(tf);
    expect(stateContent(after)).toBe(stateContent(errored));
    expect(JSON.parse(await readFile(result.backup, 'utf8'))).toMatchObject({ serial: before.state.serial, lineage: before.state.lineage });
    expect(existsSync(join(dir, 'errored.tfstate'))).toBe(false);
    expect(result.audit).toMatchObject({ outcome: 'applied', pushedFile: expect.stringContaining(backupDir) });
    expect(await readFile(result.audit.pushedFile ?? '', 'utf8')).toBe(erroredRaw);

    // The next plan: nothing to create, no errored.tfstate. Put the pushed file back: the rule now refuses it (the state has its serial).
    const clean = await planAccount({ dir, env: em.env, probe: false });
    expect(clean.report.findings).toEqual([]);
    await writeFile(join(dir, 'errored.tfstate'), erroredRaw);
    const again = await planAccount({ dir, env: em.env, probe: false });
    const stale = again.report.findings.find((x) => x.kind === 'state-write-failed');
    expect(stale?.proposals).toEqual([]);
    expect(stale?.evidence).toMatchObject({ push_refused: expect.stringContaining('the state was written since the failed apply') });
  }, 400_000);
});
