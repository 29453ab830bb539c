/**
 * Acceptance: an account that keeps a secret across runs (an RDS instance) has
 * its state read through the real S3 backend before synthesis, with no line of
 * that read reaching the terraform line log; the working dir planAccount makes
 * by itself is private (0700, config 0600) while the run lasts and gone after.
 * Real terraform 1.11.4, aws provider 5.100.0, moto. Nothing is applied here.
 */
import { statSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planAccount, type PlanPhase } from '../../src/run/plan-account.js';
import { accountInfo, loadInventory, type Inventory } from '../../src/synth/index.js';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { EMULATOR_BACKEND_CONFIG, prepareBackend, s3Client, startEmulator, type Emulator } from '../testbed/index.js';

let em: Emulator | undefined;
let work: string;
let inv: Inventory;
const ACCOUNT = 'prior-state';

beforeAll(async () => {
  em = await startEmulator();
  work = await mkdtemp(path.join(tmpdir(), 'tfdoctor-prior-state-'));
  await writeFile(path.join(work, 'rds.yml'), '$schema: /aws/rds-defaults-1.yml\nengine: postgres\nengine_version: "15.7"\ninstance_class: db.t4g.small\nallocated_storage: 20\nname: app\nusername: app\nskip_final_snapshot: true\n');
  const account = {
    name: ACCOUNT,
    uid: '123456789012',
    resourcesDefaultRegion: 'us-east-1',
    providerVersion: '5.100.0',
    terraformState: {
      provider: 's3',
      bucket: 'prior-state-tfstate',
      region: 'us-east-1',
      integrations: [{ integration: 'terraform-resources', key: 'qontract-reconcile.tfstate' }],
    },
  };
  const ns = {
    name: 'ns',
    cluster: { name: 'c' },
    environment: { name: 'test' },
    app: { name: 'a' },
    managedExternalResources: true,
    externalResources: [{ provider: 'aws', provisioner: { name: ACCOUNT }, resources: [{ provider: 'rds', identifier: 'prior-db', defaults: 'rds.yml' }] }],
  };
  await writeFile(path.join(work, 'inventory.yml'), stringify({ accounts: [account], namespaces: [ns] }));
  inv = await loadInventory(path.join(work, 'inventory.yml'));
  const b = accountInfo(inv, ACCOUNT).backend;
  await prepareBackend(em, { bucket: b.bucket, region: b.region });
}, 60_000);

afterAll(async () => {
  await em?.stop();
  if (work) await rm(work, { recursive: true, force: true });
});

describe('the current state before synth', () => {
  it('reads the state (none yet) before the plan, in a private temp dir removed after the run', async () => {
    const phases: PlanPhase[] = [];
    const modes: { dir: number; config: number }[] = [];
    const lines: string[] = [];
    let dirSeen = '';
    const result = await planAccount({
      inventory: inv,
      account: ACCOUNT,
      env: em!.env,
      backendConfig: { ...EMULATOR_BACKEND_CONFIG },
      probe: false,
      onTerraformLine: (line) => lines.push(line),
      onProgress: (e) => {
        phases.push(e.phase);
        if (e.phase === 'plan') {
          dirSeen = dirOfPlanMessage(e.message);
          modes.push({ dir: statSync(dirSeen).mode & 0o777, config: statSync(path.join(dirSeen, 'main.tf.json')).mode & 0o777 });
        }
      },
    });
    // synth, then init (the backend is needed to read the state), the state read, then the plan.
    expect(phases.slice(0, 4)).toEqual(['synth', 'init', 'state', 'plan']);
    expect(result.timingsMs.state).toBeTypeOf('number');
    expect(modes).toEqual([{ dir: 0o700, config: 0o600 }]);
    expect(result.dir).toBe(dirSeen);
    expect(path.basename(result.dir)).toMatch(/^tfdoctor-prior-state-/);
    expect(() => statSync(result.dir)).toThrow(/ENOENT/);
    // The plan creates the instance; the state read printed nothing into the line log.
    expect(result.report.findings.filter((f) => f.severity === 'error')).toEqual([]);
    expect(lines.some((l) => l.includes('"lineage"'))).toBe(false);
  });

  it('with a state in the backend, synthesizes again from it before the plan', async () => {
    const b = accountInfo(inv, ACCOUNT).backend;
    const state = {
      version: 4,
      terraform_version: '1.11.4',
      serial: 1,
      lineage: '0b9f3a52-prior-state',
      outputs: { 'prior-db-rds__db_password': { value: 'FromTheStateNotPrinted', type: 'string', sensitive: true } },
      resources: [],
    };
    await s3Client(em!).send(new PutObjectCommand({ Bucket: b.bucket, Key: b.key, Body: JSON.stringify(state) }));
    const phases: string[] = [];
    const lines: string[] = [];
    const result = await planAccount({
      inventory: inv,
      account: ACCOUNT,
      env: em!.env,
      backendConfig: { ...EMULATOR_BACKEND_CONFIG },
      probe: false,
      onTerraformLine: (line) => lines.push(line),
      onProgress: (e) => phases.push(`${e.phase}: ${e.message.replace(/ in \S+$/, '')}`),
    });
    expect(phases.slice(0, 5)).toEqual([
      `synth: synthesizing ${ACCOUNT}`,
      'init: terraform init',
      `state: reading the current state of ${ACCOUNT} (secrets kept across runs)`,
      `synth: synthesizing ${ACCOUNT} with its current state`,
      'plan: terraform plan -out',
    ]);
    expect(result.state?.state.lineage).toBe('0b9f3a52-prior-state');
    expect(lines.filter((l) => l.includes('FromTheStateNotPrinted'))).toEqual([]);
    expect(JSON.stringify(result.report)).not.toContain('FromTheStateNotPrinted');
  });
});

describe('a kept work dir: the state of the last plan, checked against this plan', () => {
  const putState = async (password: string, serial: number) => {
    const b = accountInfo(inv, ACCOUNT).backend;
    const state = {
      version: 4,
      terraform_version: '1.11.4',
      serial,
      lineage: '0b9f3a52-prior-state',
      outputs: { 'prior-db-rds__db_password': { value: password, type: 'string', sensitive: true } },
      resources: [],
    };
    await s3Client(em!).send(new PutObjectCommand({ Bucket: b.bucket, Key: b.key, Body: JSON.stringify(state) }));
  };
  const run = async (workDir: string) => {
    const phases: string[] = [];
    const lines: string[] = [];
    const result = await planAccount({
      inventory: inv,
      account: ACCOUNT,
      workDir,
      env: em!.env,
      backendConfig: { ...EMULATOR_BACKEND_CONFIG },
      probe: false,
      onTerraformLine: (line) => lines.push(line),
      onProgress: (e) => phases.push(`${e.phase}: ${e.message.replace(/ in \S+$/, '')}`),
    });
    const config = await readFile(path.join(workDir, 'main.tf.json'), 'utf8');
    return { result, phases, lines, config };
  };
  const findingsOf = (r: Awaited<ReturnType<typeof run>>) => r.result.report.findings.map((f) => ({ kind: f.kind, address: f.address, severity: f.severity }));

  it('plans at once from the last plan\'s state when it still holds, and reads the state again when it changed', async () => {
    await putState('FirstPasswordNotPrinted', 2);
    const workDir = path.join(work, 'kept');
    // First run: no plan in the dir yet, the serial way.
    const first = await run(workDir);
    expect(first.phases).toContain(`state: reading the current state of ${ACCOUNT} (secrets kept across runs)`);
    expect(first.config).toContain('FirstPasswordNotPrinted');

    // Second run, state unchanged: no state pull, one plan, the same config and findings.
    const second = await run(workDir);
    expect(second.phases.filter((p) => p.startsWith('state:') || p.startsWith('plan:') || p.startsWith('synth:'))).toEqual([
      `synth: synthesizing ${ACCOUNT}`,
      `state: reading the state of ${ACCOUNT} the last plan was made against (checked against this plan's)`,
      `synth: synthesizing ${ACCOUNT} with the state of its last plan`,
      'plan: terraform plan -out',
    ]);
    expect(second.config).toBe(first.config);
    expect(findingsOf(second)).toEqual(findingsOf(first));
    expect(second.result.state?.state.serial).toBe(2);

    // The password in the state changed since: the check fails, the state is read and the plan runs again from it.
    await putState('SecondPasswordNotPrinted', 3);
    const third = await run(workDir);
    expect(third.phases.filter((p) => p.startsWith('state:') || p.startsWith('plan:'))).toEqual([
      `state: reading the state of ${ACCOUNT} the last plan was made against (checked against this plan's)`,
      'plan: terraform plan -out',
      `state: reading the current state of ${ACCOUNT} (secrets kept across runs)`,
      'plan: terraform plan -out',
    ]);
    expect(third.config).toContain('SecondPasswordNotPrinted');
    expect(third.config).not.toContain('FirstPasswordNotPrinted');
    expect(third.result.state?.state.serial).toBe(3);
    // What a fresh dir (the serial way only) gives for the same state.
    const fresh = await run(path.join(work, 'fresh'));
    expect(fresh.config).toBe(third.config);
    expect(findingsOf(third)).toEqual(findingsOf(fresh));
    for (const r of [first, second, third, fresh]) {
      expect(r.lines.filter((l) => l.includes('PasswordNotPrinted'))).toEqual([]);
      expect(JSON.stringify(r.result.report)).not.toContain('PasswordNotPrinted');
    }
  });
});

/** The plan progress message is `terraform plan -out in <dir>`. */
function dirOfPlanMessage(message: string): string {
  const m = /in (\S+)$/.exec(message);
  if (!m?.[1]) throw new Error(`no dir in progress message ${JSON.stringify(message)}`);
  return m[1];
}
