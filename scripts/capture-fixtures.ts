/**
 * `npm run fixtures`: captures real Terraform output for every scenario the
 * doctor classifies, into fixtures/captured/<scenario>/. Real terraform, the real
 * AWS provider (from the mirror), the moto emulator; nothing is hand-typed.
 *
 *   npm run fixtures                  # all scenarios
 *   npm run fixtures -- lock-held ... # only these
 *
 * Per scenario: config.tf.json (the config planned), plan-stream.jsonl (the
 * `plan -json` UI stream as printed), plan.json (`show -json` of the saved plan,
 * when terraform saved one), diagnostics.json, plan-stderr.txt (when not empty),
 * state.json (raw state from `state pull`, when readable), meta.json (versions,
 * date, exit codes, what was done out of band).
 */
import { execa } from 'execa';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { init, plan, showPlan, statePullIfAny, terraformBin, version, type PlanRun, type TerraformContext } from '../src/state/index.js';
import { apply, type ApplyRun } from '../src/state/terraform/mutating/apply.js';
import {
  corruptDigest, createAmi, createDbParameterGroup, deleteDbParameterGroup, EMULATOR_BACKEND_CONFIG, holdLock, prepareBackend,
  SAMPLE, startEmulator, tagDbParameterGroup, writeEmulatorOverride, writeSampleConfig, type Emulator, type SampleConfigOptions,
} from '../test/testbed/index.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const OUT = path.join(ROOT, 'fixtures', 'captured');
const BACKEND = { bucket: 'app-sre-stage-tfstate', key: 'qontract-reconcile.tfstate', region: 'us-east-1', dynamodb_table: 'terraform-locks' };
const LOCK = { table: BACKEND.dynamodb_table, bucket: BACKEND.bucket, key: BACKEND.key };
// A fixed, fake commit so the fixtures are stable across captures.
const MISSING_COMMIT = '0123456789abcdef0123456789abcdef01234567';

interface Ctx {
  em: Emulator;
  dir: string;
  out: string;
  meta: Record<string, unknown>;
  /** Out-of-band steps, in order, recorded in meta.json. */
  steps: string[];
}

interface Scenario {
  name: string;
  description: string;
  run(c: Ctx): Promise<void>;
}

function tfFor(c: Ctx, dir = c.dir, sink?: string[]): TerraformContext {
  return {
    bin: terraformBin(),
    cwd: dir,
    env: c.em.env,
    timeoutMs: 300_000,
    ...(sink ? { onLine: (line: string, stream: 'stdout' | 'stderr') => { if (stream === 'stdout') sink.push(line); } } : {}),
  };
}

async function setup(c: Ctx, cfg: Omit<SampleConfigOptions, 'backend'> = {}, dir = c.dir): Promise<void> {
  await writeSampleConfig(dir, { backend: BACKEND, ...cfg });
  await writeEmulatorOverride(dir);
  await init(tfFor(c, dir), { backendConfig: { ...EMULATOR_BACKEND_CONFIG }, reconfigure: true });
}

async function applyAll(c: Ctx): Promise<void> {
  const r = await apply(tfFor(c));
  if (r.exitCode !== 0) throw new Error(`setup apply failed: ${JSON.stringify(r.diagnostics)}`);
  c.steps.push('terraform apply (setup)');
}

async function writeJson(file: string, v: unknown): Promise<void> {
  await writeFile(file, `${JSON.stringify(v, null, 2)}\n`);
}

/** plan -out, then save stream, diagnostics, stderr, and show -json when a plan file was written. */
async function capturePlan(c: Ctx, prefix = 'plan', dir = c.dir, opts: { lockTimeout?: string } = {}): Promise<PlanRun> {
  const lines: string[] = [];
  const planFile = path.join(dir, `${prefix}.tfplan`);
  const run = await plan(tfFor(c, dir, lines), { out: `${prefix}.tfplan`, ...opts });
  await writeFile(path.join(c.out, `${prefix}-stream.jsonl`), `${lines.join('\n')}\n`);
  await writeJson(path.join(c.out, prefix === 'plan' ? 'diagnostics.json' : `${prefix}-diagnostics.json`), run.diagnostics);
  if (run.stderr.trim()) await writeFile(path.join(c.out, `${prefix}-stderr.txt`), run.stderr);
  // Terraform 1.11.4 writes -out for a plan that errored on a data source, not for a lock/backend error: record which.
  if (existsSync(planFile)) {
    const json = await showPlan(tfFor(c, dir), planFile);
    await writeJson(path.join(c.out, `${prefix}.json`), json);
  }
  c.meta[`${prefix}_exit_code`] = run.exitCode;
  c.meta[`${prefix}_file_written`] = existsSync(planFile);
  return run;
}

async function captureApply(c: Ctx, prefix = 'apply'): Promise<ApplyRun> {
  const lines: string[] = [];
  const run = await apply(tfFor(c, c.dir, lines));
  await writeFile(path.join(c.out, `${prefix}-stream.jsonl`), `${lines.join('\n')}\n`);
  await writeJson(path.join(c.out, `${prefix}-diagnostics.json`), run.diagnostics);
  if (run.stderr.trim()) await writeFile(path.join(c.out, `${prefix}-stderr.txt`), run.stderr);
  c.meta[`${prefix}_exit_code`] = run.exitCode;
  return run;
}

async function captureState(c: Ctx): Promise<void> {
  try {
    const snap = await statePullIfAny(tfFor(c));
    if (snap) await writeFile(path.join(c.out, 'state.json'), snap.raw.endsWith('\n') ? snap.raw : `${snap.raw}\n`);
    c.meta['state_pulled'] = Boolean(snap);
  } catch (err) {
    // e.g. checksum-mismatch: the backend refuses to read the state; that is the point.
    c.meta['state_pulled'] = false;
    c.meta['state_pull_error'] = (err as Error).message;
  }
}

const scenarios: Scenario[] = [
  {
    name: 'clean',
    description: 'applied, nothing changed: plan exit 0',
    async run(c) {
      await setup(c);
      await applyAll(c);
      await capturePlan(c);
      await captureState(c);
    },
  },
  {
    name: 'deleted-out-of-band',
    description: `applied, then the DB parameter group ${SAMPLE.paramGroup} deleted with the SDK (DeleteDBParameterGroup)`,
    async run(c) {
      await setup(c);
      await applyAll(c);
      await deleteDbParameterGroup(c.em, { name: SAMPLE.paramGroup });
      c.steps.push(`sdk: DeleteDBParameterGroup ${SAMPLE.paramGroup}`);
      await capturePlan(c);
      await captureState(c);
    },
  },
  {
    name: 'changed-out-of-band',
    description: `applied, then a tag added to the DB parameter group ${SAMPLE.paramGroup} with the SDK (AddTagsToResource)`,
    async run(c) {
      await setup(c);
      await applyAll(c);
      await tagDbParameterGroup(c.em, { name: SAMPLE.paramGroup, tags: { owner: 'someone-in-the-console' } });
      c.steps.push(`sdk: AddTagsToResource ${SAMPLE.paramGroup} owner=someone-in-the-console`);
      await capturePlan(c);
      await captureState(c);
    },
  },
  {
    name: 'exists-unmanaged',
    description: `the DB parameter group ${SAMPLE.paramGroup} created with the SDK before Terraform manages it: (a) probe plan with import blocks for all three resources (only the parameter group exists), (b) plain plan (create), (c) apply fails "already exists"`,
    async run(c) {
      await setup(c);
      await createDbParameterGroup(c.em, { name: SAMPLE.paramGroup, family: 'postgres15' });
      c.steps.push(`sdk: CreateDBParameterGroup ${SAMPLE.paramGroup}`);
      // (a) the probe: a throwaway copy of the working dir with import blocks.
      const probeDir = `${c.dir}-probe`;
      await setup(c, {
        imports: [
          { to: `aws_db_parameter_group.${SAMPLE.paramGroup}`, id: SAMPLE.paramGroup },
          { to: `aws_s3_bucket.${SAMPLE.bucket}`, id: SAMPLE.bucket },
          { to: `aws_iam_user.${SAMPLE.user}`, id: SAMPLE.user },
        ],
      }, probeDir);
      await capturePlan(c, 'probe-plan', probeDir);
      await writeFile(path.join(c.out, 'probe-config.tf.json'), await readFile(path.join(probeDir, 'main.tf.json'), 'utf8'));
      // (b) what the doctor normally sees, (c) what the reconciler hit.
      await capturePlan(c);
      await captureApply(c);
      await captureState(c);
    },
  },
  {
    name: 'removed-from-config',
    description: `applied, then aws_iam_user.${SAMPLE.user} removed from the config: plan deletes it`,
    async run(c) {
      await setup(c);
      await applyAll(c);
      await writeSampleConfig(c.dir, { backend: BACKEND, names: { user: null } });
      c.steps.push(`config: removed aws_iam_user.${SAMPLE.user}`);
      await capturePlan(c);
      await captureState(c);
    },
  },
  {
    name: 'renamed',
    description: `applied, then aws_db_parameter_group.${SAMPLE.paramGroup} renamed in the config to aws_db_parameter_group.${SAMPLE.paramGroup}-renamed (same name attribute, same real object)`,
    async run(c) {
      await setup(c);
      await applyAll(c);
      await writeSampleConfig(c.dir, { backend: BACKEND, addressNames: { paramGroup: `${SAMPLE.paramGroup}-renamed` } });
      c.steps.push(`config: aws_db_parameter_group.${SAMPLE.paramGroup} -> aws_db_parameter_group.${SAMPLE.paramGroup}-renamed`);
      await capturePlan(c);
      await captureState(c);
    },
  },
  {
    name: 'replace-forced',
    description: `applied, then the family of aws_db_parameter_group.${SAMPLE.paramGroup} changed in the config (postgres15 -> postgres16): a replacement forced by "family"`,
    async run(c) {
      await setup(c);
      await applyAll(c);
      await writeSampleConfig(c.dir, { backend: BACKEND, family: 'postgres16' });
      c.steps.push(`config: aws_db_parameter_group.${SAMPLE.paramGroup} family postgres15 -> postgres16`);
      await capturePlan(c);
      await captureState(c);
    },
  },
  {
    name: 'lock-held',
    description: 'applied, then a lock item put into the DynamoDB lock table (Who alice@workstation, created 2 hours before capture); plan -lock-timeout=1s',
    async run(c) {
      await setup(c);
      await applyAll(c);
      const id = await holdLock(c.em, { ...LOCK, who: 'alice@workstation', created: new Date(Date.now() - 2 * 3600_000), operation: 'OperationTypeApply' });
      c.steps.push(`dynamodb: PutItem lock ${id} (Who alice@workstation, 2h old)`);
      c.meta['lock_id'] = id;
      await capturePlan(c, 'plan', c.dir, { lockTimeout: '1s' });
      await captureState(c);
    },
  },
  {
    name: 'ami-not-found',
    description: `data "aws_ami" "image-builder-workers" (owners self, tag:commit = ${MISSING_COMMIT}) with no such image in the account; one other image tagged with a different commit exists`,
    async run(c) {
      const ami = { name: 'image-builder-workers', tagName: 'commit', value: MISSING_COMMIT };
      await setup(c, { ami });
      const other = await createAmi(c.em, { tags: { commit: 'fedcba9876543210fedcba9876543210fedcba98' } });
      c.steps.push(`ec2: CreateImage ${other.imageId} tagged commit=fedcba98... (not the wanted one)`);
      await capturePlan(c);
      await captureState(c);
    },
  },
  {
    name: 'checksum-mismatch',
    description: 'applied, then the DynamoDB digest item (<bucket>/<key>-md5) overwritten with another md5: the S3 backend refuses the state',
    async run(c) {
      await setup(c);
      await applyAll(c);
      const digest = await corruptDigest(c.em, LOCK);
      c.steps.push(`dynamodb: PutItem ${LOCK.bucket}/${LOCK.key}-md5 Digest=${digest}`);
      await capturePlan(c);
      await captureState(c);
    },
  },
];

async function motoVersion(): Promise<string | undefined> {
  const r = await execa('python3', ['-c', 'import moto; print(moto.__version__)'], { reject: false });
  return r.exitCode === 0 ? String(r.stdout).trim() : undefined;
}

async function main(): Promise<void> {
  const only = process.argv.slice(2).filter((a) => !a.startsWith('-'));
  const unknown = only.filter((n) => !scenarios.some((s) => s.name === n));
  if (unknown.length) throw new Error(`unknown scenario(s): ${unknown.join(', ')}; known: ${scenarios.map((s) => s.name).join(', ')}`);
  const chosen = only.length ? scenarios.filter((s) => only.includes(s.name)) : scenarios;
  // A fixed path: it shows up in some stderr text, and fixtures should not change with a pid.
  const work = path.join(os.tmpdir(), 'tfdoctor-fixtures');
  await rm(work, { recursive: true, force: true });
  const em = await startEmulator();
  const moto = await motoVersion();
  try {
    for (const s of chosen) {
      const started = Date.now();
      await em.reset();
      await prepareBackend(em, { bucket: BACKEND.bucket, region: BACKEND.region, lockTable: BACKEND.dynamodb_table });
      const out = path.join(OUT, s.name);
      await rm(out, { recursive: true, force: true });
      await mkdir(out, { recursive: true });
      const c: Ctx = { em, dir: path.join(work, s.name), out, meta: {}, steps: [] };
      await s.run(c);
      const v = await version({ bin: terraformBin(), cwd: c.dir, env: em.env });
      await writeFile(path.join(out, 'config.tf.json'), await readFile(path.join(c.dir, 'main.tf.json'), 'utf8'));
      await writeJson(path.join(out, 'meta.json'), {
        scenario: s.name,
        description: s.description,
        terraform_version: v.version,
        provider_selections: v.providerSelections,
        emulator: moto ? `moto ${moto}` : 'moto',
        captured_at: new Date().toISOString(),
        backend: BACKEND,
        steps: c.steps,
        ...c.meta,
      });
      process.stdout.write(`captured ${s.name} in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
    }
  } finally {
    await em.stop();
    await rm(work, { recursive: true, force: true });
  }
}

await main();
