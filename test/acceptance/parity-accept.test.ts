/**
 * Acceptance of issue 9, per kind: one account holding the kinds rds (+ parameter
 * group), s3, aws-iam-service-account, aws-iam-role, sqs, dynamodb, ecr, kms,
 * cloudwatch, secrets-manager and route53-zone, with real-shaped data (`$schema`,
 * `name:` on rds):
 * synthesized, applied to moto with real terraform + aws provider 5.100.0, then
 * - `tfdoctor plan --account` (the CLI, on the applied dir) finds nothing (exit 0):
 *   it reads the state first (password, secret version) and synthesizes
 *   again with it, so a password it did not keep would be a change;
 * - a second synth of the same inventory, the secrets taken from the state only (a
 *   generator that throws), plans no change at all (`-detailed-exitcode` 0);
 * - every kind's main resource is in the applied state (so each kind is asserted);
 * - secrets: neither the RDS password nor the secret's value is in the report JSON,
 *   stdout, stderr (`--verbose`), the markdown or the terminal text of a run where the
 *   instance was changed by hand (a finding on it, with evidence) and the KMS alias
 *   dropped from the state (exists-unmanaged), nor in the propose/approve/show/apply output,
 *   the repair file or the audit log of the guarded import that repairs it; the private
 *   working dir is 0700 while planAccount runs and gone after, a `--work-dir` is 0700 and kept.
 * asg is in parity-kinds-b.test.ts (moto reads a launch template back with an extra
 * tag specification, so a plan after apply is not clean there; see its file comment).
 * elasticache cannot be applied to moto 5.2.1: CreateReplicationGroup answers, but
 * creates no member cluster, and the provider's read after create then fails with
 * `reading Cache Cluster (<id>-001): DescribeCacheClusters ... 404 CacheClusterNotFound`
 * (seen with a group of num_cache_clusters 1, no parameter group; moto has no
 * ElastiCache parameter groups either). Its synth rules are in test/unit/parity-kinds-a.test.ts.
 */
import { statSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { AddTagsToResourceCommand, DescribeDBInstancesCommand } from '@aws-sdk/client-rds';
import { execa } from 'execa';
import { stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planAccount } from '../../src/run/plan-account.js';
import { plan } from '../../src/state/terraform/plan.js';
import { showPlan, showState } from '../../src/state/terraform/show.js';
import { diagnose } from '../../src/doctor/index.js';
import { accountInfo, loadInventory, priorStateFromRaw, synthAccount, writeWorkingDir, type Inventory } from '../../src/synth/index.js';
import { EMULATOR_BACKEND_CONFIG, rdsClient, startEmulator, writeEmulatorOverride, type Emulator } from '../testbed/index.js';
import { applyDir, backendOf, findingsOf, parseReport, runCli } from './doctor-setup.js';

const ACCOUNT = 'pacc';
const SECRET_VALUE = 'sm-value-Kq7vXw2ZpLr9';
const UNMANAGED = 'aws_kms_alias.pacc-key';
let em: Emulator;
let work: string;
let dir: string;
let inventoryFile: string;
let inv: Inventory;
/** Every secret the applied config holds: the generated password, the Vault value. */
const secrets: string[] = [SECRET_VALUE];

/** The main resource each kind writes, as it must be in the applied state. */
const KIND_ADDRESSES: Record<string, string> = {
  rds: 'aws_db_instance.pacc-db',
  's3': 'aws_s3_bucket.pacc-bucket',
  'aws-iam-service-account': 'aws_iam_user.pacc-reader',
  'aws-iam-role': 'aws_iam_role.pacc-role',
  sqs: 'aws_sqs_queue.pacc-jobs',
  dynamodb: 'aws_dynamodb_table.pacc-sessions',
  ecr: 'aws_ecr_repository.pacc-repo',
  kms: 'aws_kms_key.pacc-key',
  cloudwatch: 'aws_cloudwatch_log_group.pacc-logs',
  'secrets-manager': 'aws_secretsmanager_secret_version.pacc-secret',
  'route53-zone': 'aws_route53_zone.pacc-zone',
};

beforeAll(async () => {
  em = await startEmulator();
  work = await mkdtemp(path.join(tmpdir(), 'tfdoctor-parity-accept-'));
  const account = {
    name: ACCOUNT,
    uid: '123456789012',
    resourcesDefaultRegion: 'us-east-1',
    providerVersion: '5.100.0',
    // A lock table: a guarded repair takes the state lock itself (and refuses without one).
    terraformState: { provider: 's3', bucket: `${ACCOUNT}-tfstate`, region: 'us-east-1', lockTable: `${ACCOUNT}-locks`, integrations: [{ integration: 'terraform-resources', key: 'qontract-reconcile.tfstate' }] },
  };
  const ns = {
    name: ACCOUNT,
    managedExternalResources: true,
    cluster: { name: 'cluster-a' },
    environment: { name: 'test' },
    app: { name: 'tfdoctor' },
    externalResources: [
      {
        provider: 'aws',
        provisioner: { name: ACCOUNT },
        resources: [
          { provider: 'rds', identifier: 'pacc-db', defaults: 'rds.yml', parameter_group: 'pg.yml' },
          { provider: 's3', identifier: 'pacc-bucket' },
          {
            provider: 'aws-iam-service-account',
            identifier: 'pacc-reader',
            policies: ['ReadOnlyAccess'],
            user_policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['s3:GetObject'], Resource: ['arn:aws:s3:::${bucket}/*'] }] }),
            variables: JSON.stringify({ bucket: 'pacc-bucket' }),
          },
          { provider: 'aws-iam-role', identifier: 'pacc-role', assume_role: { Service: ['ec2.amazonaws.com'] } },
          { provider: 'sqs', identifier: 'pacc-queues', specs: [{ defaults: 'sqs.yml', queues: [{ key: 'jobs', value: 'pacc-jobs' }] }] },
          { provider: 'dynamodb', identifier: 'pacc-tables', specs: [{ defaults: 'ddb.yml', tables: [{ key: 'sessions', value: 'pacc-sessions' }] }] },
          { provider: 'ecr', identifier: 'pacc-repo' },
          { provider: 'kms', identifier: 'pacc-key', overrides: { key_usage: 'encrypt_decrypt', deletion_window_in_days: 7 } },
          { provider: 'cloudwatch', identifier: 'pacc-logs' },
          { provider: 'secrets-manager', identifier: 'pacc-secret', secret: { path: 'app/pacc', field: 'all' } },
          { provider: 'route53-zone', identifier: 'pacc-zone', name: 'pacc.example.com', records: [{ name: 'www', type: 'A', records: ['10.0.0.1'] }] },
        ],
      },
    ],
  };
  inventoryFile = path.join(work, 'inventory.yml');
  await writeFile(inventoryFile, stringify({ accounts: [account], namespaces: [ns] }));
  // Real app-interface defaults: `$schema`, and the legacy `name:` for the database name.
  await writeFile(
    path.join(work, 'rds.yml'),
    '$schema: /aws/rds-defaults-1.yml\nengine: postgres\nengine_version: "15.7"\ninstance_class: db.t3.micro\nallocated_storage: 20\nname: pacc\nusername: pacc\nskip_final_snapshot: true\n',
  );
  // moto reads DB parameter group parameters back empty (see parity-kinds-a.test.ts).
  await writeFile(path.join(work, 'pg.yml'), stringify({ name: 'pacc-db-pg', family: 'postgres15', parameters: [] }));
  await writeFile(path.join(work, 'sqs.yml'), stringify({ visibility_timeout_seconds: 30 }));
  await writeFile(path.join(work, 'ddb.yml'), stringify({ billing_mode: 'PAY_PER_REQUEST', hash_key: 'id', attributes: [{ name: 'id', type: 'S' }] }));
  inv = await loadInventory(inventoryFile);

  dir = path.join(work, 'applied');
  const first = synthAccount(inv, ACCOUNT, { secrets: new Map([['app/pacc', { password: SECRET_VALUE }]]) });
  const resource = (first.json as { resource: Record<string, Record<string, Record<string, unknown>>> }).resource;
  const password = resource['aws_db_instance']?.['pacc-db']?.['password'];
  expect(password).toMatch(/^[A-Za-z0-9]{20}$/);
  secrets.push(String(password));
  await writeWorkingDir(first, dir);
  await writeEmulatorOverride(dir);
  await backendOf(em, inv, ACCOUNT);
  await applyDir(em, dir);
}, 400_000);

afterAll(async () => {
  await em?.stop();
  if (work) await rm(work, { recursive: true, force: true });
});

const cliArgs = (...more: string[]) => ['--inventory', inventoryFile, '--account', ACCOUNT, '--work-dir', dir, '--backend-config', 'use_path_style=true', ...more];
const tf = () => ({ bin: process.env['TFDOCTOR_TERRAFORM_BIN'] ?? 'terraform', cwd: dir, env: em.env, timeoutMs: 240_000 });

/** Each secret the account holds that occurs in `text`, by position (never the value itself: it would be printed). */
function leaked(text: string): number[] {
  return secrets.map((s, i) => (text.includes(s) ? i : -1)).filter((i) => i >= 0);
}

describe('every kind, applied: tfdoctor plan --account finds nothing, a second synth plans no change', () => {
  it('each kind is in the applied state', async () => {
    const state = await showState(tf());
    const addresses = new Set(((state.values as { root_module?: { resources?: { address: string }[] } } | undefined)?.root_module?.resources ?? []).map((r) => r.address));
    expect(Object.entries(KIND_ADDRESSES).filter(([, a]) => !addresses.has(a))).toEqual([]);
  }, 60_000);

  it('tfdoctor plan --account on the applied dir: nothing found (exit 0), no secret printed', async () => {
    const reportFile = path.join(work, 'clean.json');
    const r = await runCli(em, cliArgs('--json', '--report', reportFile));
    expect(r.exitCode, r.stderr).toBe(0);
    expect(parseReport(r.stdout).findings).toEqual([]);
    // It read the state (the secrets kept across runs) and synthesized again with it.
    expect(r.stderr).toContain(`reading the current state of ${ACCOUNT}`);
    expect(leaked(r.stdout + r.stderr + (await readFile(reportFile, 'utf8')))).toEqual([]);
    // --work-dir: kept, private.
    expect(statSync(dir).mode & 0o777).toBe(0o700);
  }, 200_000);

  it('again on the kept dir: the state of the last plan holds (no state pull), show -json skipped on update-only drift, same findings as the plan JSON gives', async () => {
    const phases: string[] = [];
    const result = await planAccount({
      inventory: inv,
      account: ACCOUNT,
      workDir: dir,
      env: em.env,
      backendConfig: { ...EMULATOR_BACKEND_CONFIG },
      onProgress: (e) => phases.push(`${e.phase}: ${e.message.replace(/ in \S+$/, '')}`),
    });
    expect(phases).toContain(`state: reading the state of ${ACCOUNT} the last plan was made against (checked against this plan's)`);
    expect(phases.filter((p) => p.startsWith('state: reading the current state'))).toEqual([]);
    expect(phases.filter((p) => p.startsWith('plan:'))).toEqual(['plan: terraform plan -out']);
    expect(result.report.findings).toEqual([]);
    expect(result.plan).toBeUndefined();
    expect(result.timingsMs.show).toBeUndefined();
    // What the skipped show -json would have given. The RDS instance drifts on every plan
    // (latest_restorable_time): update drift on a plan with no change, and no finding from it.
    const full = await showPlan(tf(), result.planFile!);
    const drifts = (full.resource_drift ?? []).flatMap((d) => d.change.actions.map((action) => ({ address: d.address, action })));
    expect(drifts).toContainEqual({ address: 'aws_db_instance.pacc-db', action: 'update' });
    expect(drifts.filter((d) => d.action !== 'update')).toEqual([]);
    expect((full.resource_changes ?? []).filter((rc) => !rc.change.actions.every((a) => a === 'no-op'))).toEqual([]);
    const info = accountInfo(inv, ACCOUNT);
    const fromJson = diagnose({
      plan: full,
      diagnostics: result.diagnostics,
      account: { name: info.name, enableDeletion: info.enableDeletion, deletionApprovals: info.deletionApprovals },
      planMode: 'normal',
      probes: [],
      amis: [],
      now: new Date(),
    });
    expect(fromJson).toEqual([]);
  }, 300_000);

  it('a second synth, secrets from the state only, plans no change at all', async () => {
    const prior = priorStateFromRaw(JSON.parse((await execa('terraform', ['state', 'pull'], { cwd: dir, env: em.env })).stdout));
    const second = synthAccount(inv, ACCOUNT, {
      priorState: prior,
      generatePassword: () => {
        throw new Error('an object in the state must keep its secret');
      },
    });
    await writeWorkingDir(second, dir);
    await writeEmulatorOverride(dir);
    const again = await plan(tf(), { out: 'second.tfplan' });
    expect(again.messages.filter((m) => m.type === 'planned_change')).toEqual([]);
    // -detailed-exitcode 0: no resource and no output changes.
    expect(again.exitCode, again.stderr).toBe(0);
  }, 200_000);

  it('planAccount without --work-dir: a private dir (0700) while it runs, gone after', async () => {
    let seen = '';
    let mode = 0;
    const result = await planAccount({
      inventory: inv,
      account: ACCOUNT,
      env: em.env,
      backendConfig: { ...EMULATOR_BACKEND_CONFIG },
      onProgress: (e) => {
        if (e.phase !== 'plan') return;
        seen = /in (\S+)$/.exec(e.message)?.[1] ?? '';
        mode = statSync(seen).mode & 0o777;
      },
    });
    expect(mode).toBe(0o700);
    expect(result.dir).toBe(seen);
    expect(() => statSync(seen)).toThrow(/ENOENT/);
    // A fresh dir: init ran there. Its plan is not judged here: a temp dir has no emulator
    // override (path-style S3 and the skipped STS calls live there).
    expect(result.initRan).toBe(true);
  }, 200_000);

  it('secrets: runs with findings on the instance and a guarded repair print no secret anywhere (JSON, markdown, terminal, stderr, repair file, audit log)', async () => {
    // The instance changed by hand (a finding with evidence on the object holding the password),
    // and the KMS alias dropped from the state (exists-unmanaged: an import, a state repair; a
    // leaf: an object others refer to would change their plan too, which the rehearsal refuses).
    const rds = rdsClient(em);
    const arn = (await rds.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: 'pacc-db' }))).DBInstances?.[0]?.DBInstanceArn;
    expect(arn).toMatch(/^arn:aws:rds:/);
    await rds.send(new AddTagsToResourceCommand({ ResourceName: arn, Tags: [{ Key: 'team', Value: 'edited-by-hand' }] }));
    const rm = await execa('terraform', ['state', 'rm', UNMANAGED], { cwd: dir, env: em.env, reject: false });
    expect(rm.exitCode, rm.stderr).toBe(0);

    const reportFile = path.join(work, 'drift.json');
    const json = await runCli(em, cliArgs('--json', '--report', reportFile, '--verbose'));
    expect(json.exitCode, json.stderr).toBe(2);
    const report = parseReport(json.stdout);
    const [changed] = findingsOf(report, 'changed-out-of-band', KIND_ADDRESSES['rds']);
    expect(JSON.stringify(changed?.evidence)).toContain('edited-by-hand');
    const [unmanaged] = findingsOf(report, 'exists-unmanaged', UNMANAGED);
    const importProposal = unmanaged?.proposals.find((p) => p.kind === 'terraform-import');
    expect(importProposal?.id).toMatch(/^F\d+\.[a-z]$/);
    const md = await runCli(em, cliArgs('--markdown'));
    expect(md.exitCode, md.stderr).toBe(2);
    const text = await runCli(em, cliArgs());
    expect(text.exitCode, text.stderr).toBe(2);

    // The import as a guarded repair: propose, show, approve, apply (rehearsal, proof plan, audit record).
    const cli = (args: string[]) => execa('npx', ['tsx', 'cli/main.ts', ...args], { env: { ...em.env }, reject: false });
    const repairFile = path.join(work, 'repair.json');
    const auditLog = path.join(work, 'audit.jsonl');
    const keygen = await cli(['keygen', '--as', 'bob@example.com', '--out', path.join(work, 'bob.key')]);
    expect(keygen.exitCode, keygen.stderr).toBe(0);
    await writeFile(path.join(work, 'approvers.txt'), `${keygen.stdout.trim()}\n`);
    const propose = await cli(['repair', 'propose', '--report', reportFile, '--proposal', importProposal?.id ?? '', '--as', 'alice@example.com', '--out', repairFile]);
    expect(propose.exitCode, propose.stderr).toBe(0);
    const approve = await cli(['repair', 'approve', repairFile, '--as', 'bob@example.com', '--key', path.join(work, 'bob.key')]);
    expect(approve.exitCode, approve.stderr).toBe(0);
    const show = await cli(['repair', 'show', repairFile, '--approvers', path.join(work, 'approvers.txt')]);
    const applied = await cli(['repair', 'apply', repairFile, '--as', 'alice@example.com', '--approvers', path.join(work, 'approvers.txt'), '--audit-log', auditLog, '--backup-dir', path.join(work, 'backups')]);
    expect(applied.exitCode, applied.stderr).toBe(0);
    const audit = await readFile(auditLog, 'utf8');
    expect(JSON.parse(audit.trim().split('\n').at(-1) ?? '{}')).toMatchObject({ outcome: 'applied', applier: 'alice@example.com' });

    const outputs = {
      'report JSON (stdout)': json.stdout,
      'stderr (--verbose: terraform lines too)': json.stderr,
      'report file': await readFile(reportFile, 'utf8'),
      markdown: md.stdout + md.stderr,
      terminal: text.stdout + text.stderr,
      'repair propose': String(propose.stdout) + String(propose.stderr),
      'repair file': await readFile(repairFile, 'utf8'),
      'repair approve': String(approve.stdout) + String(approve.stderr),
      'repair show': String(show.stdout) + String(show.stderr),
      'repair apply': String(applied.stdout) + String(applied.stderr),
      'audit log': audit,
    };
    expect(Object.entries(outputs).map(([k, v]) => [k, leaked(v)]).filter(([, l]) => (l as number[]).length)).toEqual([]);
    // The greps looked at real output: the findings are in each rendering.
    for (const k of ['report JSON (stdout)', 'report file', 'markdown', 'terminal'] as const) {
      expect(outputs[k], k).toContain(KIND_ADDRESSES['rds']);
      expect(outputs[k], k).toContain(UNMANAGED);
    }
    // (The state backup the repair made is the state itself, password included: like the
    // working dir, it is not a report or a log, and is not grepped.)
  }, 600_000);
});

