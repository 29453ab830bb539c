/**
 * (f) What `tfdoctor plan --account` costs next to what the reconciler itself runs
 * for one account, on the same warm working dir (initialised, applied to the emulator):
 *   tfdoctor:    node bin/tfdoctor.js plan --inventory INV --account A --work-dir DIR --json
 *                (the built CLI: synth, the state read for the RDS password, synth again,
 *                plan -out, show -json when the plan can hold a finding; all inside the time)
 *   reconciler:  terraform init -input=false -no-color, terraform output -json,
 *                terraform plan -out=F -input=false -no-color, terraform show -no-color -json F
 *                (lean_terraform_client's init / output / plan / show_json, in that order)
 * The account has an RDS instance (so tfdoctor must read the state before it
 * synthesizes) and s3 buckets (5 resources each). Clean: the plan has no change and no
 * resource_drift (tfdoctor skips show -json); drifted: a bucket tag edited by hand (both run it). Rounds are interleaved (the order
 * alternates), one untimed round first; the ratio is the median of per-round ratios.
 */
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import { stringify } from 'yaml';
import { Report } from '../src/doctor/report.js';
import { apply } from '../src/state/terraform/mutating/apply.js';
import { init } from '../src/state/terraform/init.js';
import { loadInventory, synthAccount, writeWorkingDir } from '../src/synth/index.js';
import { EMULATOR_BACKEND_CONFIG, prepareBackend, writeEmulatorOverride, type Emulator } from '../test/testbed/index.js';
import { ROOT } from './child.js';
import { REGION, STATE_KEY } from './fleet-bed.js';
import { median, medianRatio } from './stats.js';

export const PARITY_ACCOUNT = 'bench-parity';

export interface AccountParityResult {
  rounds: number;
  tfdoctorMs: number[];
  reconcilerMs: number[];
  /** Per step of the reconciler's sequence, median ms. */
  reconcilerStepsMs: Record<'init' | 'output' | 'plan' | 'show', number>;
  /** tfdoctor's own time, median ms per terraform child (TFDOCTOR_TRACE_FILE) and per planAccount phase; `process` is the whole CLI run. */
  tfdoctorStepsMs: Record<string, number>;
  ratio: number;
  resources: number;
}

/** Writes the inventory, synthesizes, inits and applies the account; returns the inventory file and the warm dir. */
export async function prepareParityAccount(em: Emulator, root: string, buckets = 2): Promise<{ inventoryFile: string; dir: string }> {
  await mkdir(root, { recursive: true });
  await writeFile(
    join(root, 'rds.yml'),
    '$schema: /aws/rds-defaults-1.yml\nengine: postgres\nengine_version: "15.7"\ninstance_class: db.t3.micro\nallocated_storage: 20\nname: bench\nusername: bench\nskip_final_snapshot: true\n',
  );
  await writeFile(join(root, 'pg.yml'), stringify({ name: `${PARITY_ACCOUNT}-pg`, family: 'postgres15', parameters: [] }));
  const doc = {
    accounts: [
      {
        name: PARITY_ACCOUNT,
        uid: '123456789012',
        resourcesDefaultRegion: REGION,
        providerVersion: '5.100.0',
        terraformState: { provider: 's3', bucket: `${PARITY_ACCOUNT}-tfstate`, region: REGION, integrations: [{ integration: 'terraform-resources', key: STATE_KEY }] },
      },
    ],
    namespaces: [
      {
        name: `ns-${PARITY_ACCOUNT}`,
        cluster: { name: 'bench-cluster' },
        environment: { name: 'stage' },
        app: { name: 'bench' },
        managedExternalResources: true,
        externalResources: [
          {
            provider: 'aws',
            provisioner: { name: PARITY_ACCOUNT },
            resources: [
              { provider: 'rds', identifier: `${PARITY_ACCOUNT}-db`, defaults: 'rds.yml', parameter_group: 'pg.yml' },
              ...Array.from({ length: buckets }, (_, b) => ({ provider: 's3', identifier: `${PARITY_ACCOUNT}-b${b}` })),
            ],
          },
        ],
      },
    ],
  };
  const inventoryFile = join(root, 'inventory.yml');
  await writeFile(inventoryFile, stringify(doc));
  const inv = await loadInventory(inventoryFile);
  const dir = join(root, 'wd');
  await writeWorkingDir(synthAccount(inv, PARITY_ACCOUNT), dir);
  await writeEmulatorOverride(dir);
  await prepareBackend(em, { bucket: `${PARITY_ACCOUNT}-tfstate`, region: REGION });
  const tf = { bin: process.env['TFDOCTOR_TERRAFORM_BIN'] ?? 'terraform', cwd: dir, env: em.env, timeoutMs: 300_000 };
  await init(tf, { backendConfig: { ...EMULATOR_BACKEND_CONFIG } });
  const run = await apply(tf, {});
  if (run.exitCode !== 0) throw new Error(`apply failed for ${PARITY_ACCOUNT}: ${run.diagnostics.map((d) => `${d.summary}: ${d.detail ?? ''}`).join('; ')}`);
  // Right after the apply, the plan still reports resource_drift for computed attributes the
  // same apply changed (aws_iam_policy attachment_count, ...): no finding, but tfdoctor must then
  // read the plan JSON (show -json). A clean account is one whose plan has neither changes nor
  // drift: the state is refreshed once, as the next apply of a real account would leave it.
  const refresh = await execa(tf.bin, ['apply', '-refresh-only', '-auto-approve', '-input=false', '-no-color'], { cwd: dir, env: em.env, reject: false });
  if (refresh.exitCode !== 0) throw new Error(`apply -refresh-only failed for ${PARITY_ACCOUNT}: ${refresh.stderr.slice(-1500)}`);
  return { inventoryFile, dir };
}

/** `expectFindings`: the account has drift (exit 2, tfdoctor also runs show -json); otherwise it must be clean (exit 0). */
export async function benchAccountParity(
  setup: { inventoryFile: string; dir: string },
  env: Record<string, string>,
  rounds: number,
  log: (s: string) => void,
  expectFindings = false,
): Promise<AccountParityResult> {
  const { inventoryFile, dir } = setup;
  const terraform = process.env['TFDOCTOR_TERRAFORM_BIN'] ?? 'terraform';
  const childEnv = { ...env, TF_IN_AUTOMATION: '1', TF_INPUT: '0' };
  const planFile = join(dir, '.terraform', 'bench-reconciler.tfplan');
  const tfRun = (args: string[]) => execa(terraform, args, { cwd: dir, env: childEnv, maxBuffer: 1 << 30 });
  let resources = 0;
  const steps: Record<'init' | 'output' | 'plan' | 'show', number[]> = { init: [], output: [], plan: [], show: [] };
  const tfdSteps: Record<string, number[]> = {};
  const traceFile = join(dir, '..', 'tfdoctor-trace.jsonl');
  const timeIt = async (fn: () => Promise<unknown>): Promise<number> => {
    const t0 = performance.now();
    await fn();
    return performance.now() - t0;
  };
  const runs: Record<'tfdoctor' | 'reconciler', () => Promise<number>> = {
    tfdoctor: () =>
      timeIt(async () => {
        const args = ['plan', '--inventory', inventoryFile, '--account', PARITY_ACCOUNT, '--work-dir', dir, '--backend-config', 'use_path_style=true', '--json', '--quiet'];
        await rm(traceFile, { force: true });
        const r = await execa(process.execPath, [join(ROOT, 'bin', 'tfdoctor.js'), ...args], { env: { ...childEnv, TFDOCTOR_TRACE_FILE: traceFile }, reject: false });
        await recordTrace(traceFile, tfdSteps);
        if (r.exitCode !== (expectFindings ? 2 : 0)) throw new Error(`tfdoctor plan --account exited ${r.exitCode}: ${r.stderr.slice(-1500)}`);
        const report = Report.parse(JSON.parse(r.stdout));
        if (!expectFindings && report.findings.length) throw new Error(`the parity bench account is not clean: ${report.findings.map((f) => `${f.kind} ${f.address ?? ''}`).join(', ')}`);
        if (expectFindings && !report.findings.length) throw new Error('the drifted parity bench account gave no findings');
      }),
    reconciler: () =>
      timeIt(async () => {
        // The emulator needs path-style S3 for the backend; the dir was initialised with it (an init without would ask to migrate).
        steps.init.push(await timeIt(() => tfRun(['init', '-input=false', '-no-color', '-backend-config=use_path_style=true'])));
        steps.output.push(await timeIt(() => tfRun(['output', '-json'])));
        steps.plan.push(await timeIt(() => tfRun(['plan', `-out=${planFile}`, '-input=false', '-no-color'])));
        steps.show.push(
          await timeIt(async () => {
            const show = await tfRun(['show', '-no-color', '-json', planFile]);
            const plan = JSON.parse(show.stdout) as { planned_values?: { root_module?: { resources?: unknown[] } } };
            resources = plan.planned_values?.root_module?.resources?.length ?? 0;
          }),
        );
      }),
  };

  // One untimed round: page cache, provider binary, node's compile cache; then the step times start clean.
  for (const fn of Object.values(runs)) await fn();
  for (const s of Object.values(steps)) s.length = 0;
  for (const k of Object.keys(tfdSteps)) delete tfdSteps[k];
  const t: Record<'tfdoctor' | 'reconciler', number[]> = { tfdoctor: [], reconciler: [] };
  for (let i = 0; i < rounds; i++) {
    const order: Array<keyof typeof runs> = i % 2 ? ['reconciler', 'tfdoctor'] : ['tfdoctor', 'reconciler'];
    for (const k of order) t[k].push(await runs[k]());
    const last = (k: string) => Math.round(tfdSteps[k]?.at(-1) ?? 0);
    const children = Object.keys(tfdSteps).filter((k) => k.startsWith('tf ')).map((k) => `${k.slice(3)} ${last(k)}`).join(', ');
    log(`  round ${i + 1}/${rounds}: tfdoctor ${Math.round(t.tfdoctor.at(-1)!)} ms (${children}; planAccount ${last('phase total')}), reconciler init+output+plan+show ${Math.round(t.reconciler.at(-1)!)} ms (init ${Math.round(steps.init.at(-1)!)}, output ${Math.round(steps.output.at(-1)!)}, plan ${Math.round(steps.plan.at(-1)!)}, show ${Math.round(steps.show.at(-1)!)})`);
  }
  return {
    rounds,
    tfdoctorMs: t.tfdoctor,
    reconcilerMs: t.reconciler,
    reconcilerStepsMs: { init: median(steps.init), output: median(steps.output), plan: median(steps.plan), show: median(steps.show) },
    tfdoctorStepsMs: Object.fromEntries(Object.entries(tfdSteps).map(([k, v]) => [k, median(v)])),
    ratio: medianRatio(t.tfdoctor, t.reconciler),
    resources,
  };
}

/** Adds one tfdoctor run's trace (terraform children as `tf <cmd>`, planAccount phases as `phase <name>`) to `into`. */
async function recordTrace(file: string, into: Record<string, number[]>): Promise<void> {
  const text = await readFile(file, 'utf8').catch(() => '');
  const sums: Record<string, number> = {};
  for (const line of text.split('\n').filter(Boolean)) {
    const e = JSON.parse(line) as Record<string, string | number>;
    if (e['cmd'] === 'planAccount') {
      for (const [k, v] of Object.entries(e)) if (k !== 'cmd' && k !== 'startMs' && typeof v === 'number') sums[`phase ${k}`] = v;
    } else if (typeof e['durMs'] === 'number') {
      sums[`tf ${String(e['cmd'])}`] = (sums[`tf ${String(e['cmd'])}`] ?? 0) + e['durMs'];
    }
  }
  for (const [k, v] of Object.entries(sums)) (into[k] ??= []).push(v);
}
