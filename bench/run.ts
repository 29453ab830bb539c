/**
 * `npm run bench`: one command, one table. Starts its own AWS emulator (test/testbed),
 * builds the CLI when dist/ is stale, measures, prints, and writes
 * bench/results/latest.json.
 *
 *   (a) tfdoctor plan --dir vs terraform plan -out + show -json (and vs a bare plan)
 *   (b) 8 accounts: planFleet vs one after another
 *   (c) diagnose a 20,000-resource plan JSON (scaled from real captured plans), in a child process
 *   (d) A's benchSynth() for 2,000 resources, in a child process
 *   (d-all) the same with all 25 kinds (bench/synth-all.ts: secrets file, artifacts folder, callback logo over S3), in a child process
 *   (e) import time of the built entry points: tfdoctor/doctor (pure) and tfdoctor, in fresh processes
 *   (f) tfdoctor plan --account vs the reconciler's own init + output + plan + show, same warm dir (an RDS account)
 *
 * Environment: BENCH_ROUNDS (plan rounds, default 5), BENCH_FLEET_ROUNDS (default 2),
 * BENCH_FLEET_CONCURRENCY (default 4), BENCH_IMPORT_ROUNDS (default 7), BENCH_FLEET_SWEEP (e.g. 1,2,4,6: one run per pool size),
 * BENCH_ONLY=a,b,c,d,d-all,e,f, BENCH_PARITY_ROUNDS (f, default 5), BENCH_BUILD=always|never|auto.
 */
import { mkdtemp, mkdir, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { execa } from 'execa';
import { startEmulator, tagBucket, type Emulator } from '../test/testbed/index.js';
import { ROOT, runChild } from './child.js';
import { prepareFleet, writeFleetInventory } from './fleet-bed.js';
import { benchPlanOverhead, type PlanOverheadResult } from './plan-overhead.js';
import { benchFleetSpeedup, benchFleetSweep, type FleetSpeedupResult } from './fleet-speedup.js';
import { writeScaledPlan, type ScaledPlan } from './diagnose-scale.js';
import { benchAccountParity, prepareParityAccount, PARITY_ACCOUNT, type AccountParityResult } from './account-parity.js';
import { mb, median, ms } from './stats.js';

interface Line {
  id: string;
  what: string;
  measured: string;
  target: string;
  pass: boolean | undefined;
  value?: number;
}

const only = new Set((process.env['BENCH_ONLY'] ?? 'a,b,c,d,d-all,e,f').split(',').map((s) => s.trim()));
const rounds = Number(process.env['BENCH_ROUNDS'] ?? 5);
const fleetRounds = Number(process.env['BENCH_FLEET_ROUNDS'] ?? 2);
const fleetConcurrency = Number(process.env['BENCH_FLEET_CONCURRENCY'] ?? 4);
const IMPORT_ROUNDS = Number(process.env['BENCH_IMPORT_ROUNDS'] ?? 7);
const parityRounds = Number(process.env['BENCH_PARITY_ROUNDS'] ?? 5);
const log = (s: string): void => void process.stderr.write(`${s}\n`);

const lines: Line[] = [];
const details: Record<string, unknown> = {};
const started = new Date();
const loadBefore = loadavg();
let em: Emulator | undefined;
const work = await mkdtemp(join(tmpdir(), 'tfdoctor-bench-'));

try {
  if (only.has('a') || only.has('b') || only.has('f')) {
    if (only.has('a') || only.has('f')) await ensureBuilt();
    log('starting the AWS emulator');
    em = await startEmulator();
  }

  if (only.has('a') && em) {
    log('(a) one working dir, 20 resources: setting up (synth, init, apply)');
    const inv = await writeFleetInventory(join(work, 'single-inv'), { accounts: ['bench-single'], bucketsPerAccount: 4 });
    const { dirs } = await prepareFleet(em, { inventoryFile: inv, workRoot: join(work, 'single') });
    const r: PlanOverheadResult = await benchPlanOverhead(dirs.get('bench-single')!, em.env, rounds, log);
    details['planOverhead'] = r;
    lines.push({
      id: 'a',
      what: `tfdoctor plan --dir / (plan -out + show -json), ${r.resources} resources, median of ${r.rounds}`,
      measured: `${r.ratioOverPlanShow.toFixed(3)}x`,
      target: '<= 1.05x',
      pass: r.ratioOverPlanShow <= 1.05,
      value: r.ratioOverPlanShow,
    });
    lines.push({
      id: 'a2',
      what: 'tfdoctor plan --dir / bare terraform plan (reference)',
      measured: `${r.ratioOverBarePlan.toFixed(3)}x`,
      target: '(info)',
      pass: undefined,
      value: r.ratioOverBarePlan,
    });
    // The same dir after a tag edited by hand: now tfdoctor needs `show -json` too
    // (on a clean dir it skips it), so this is the overhead where both do the same work.
    log('(a-drift) the same dir after a tag was edited by hand');
    await tagBucket(em, { bucket: 'bench-single-b0', tags: { team: 'edited-by-hand' } });
    const d: PlanOverheadResult = await benchPlanOverhead(dirs.get('bench-single')!, em.env, rounds, log, true);
    details['planOverheadDrift'] = d;
    lines.push({
      id: 'a-drift',
      what: `  same with drift (exit 2, show -json needed), median of ${d.rounds}`,
      measured: `${d.ratioOverPlanShow.toFixed(3)}x`,
      target: '<= 1.05x',
      pass: d.ratioOverPlanShow <= 1.05,
      value: d.ratioOverPlanShow,
    });
  }

  if (only.has('b') && em) {
    log('(b) 8 accounts: setting up (synth, init, apply; 4 at a time)');
    const accounts = Array.from({ length: 8 }, (_, i) => `bench-fleet-${i}`);
    const inv = await writeFleetInventory(join(work, 'fleet-inv'), { accounts, bucketsPerAccount: 1 });
    const workRoot = join(work, 'fleet');
    const { inventory } = await prepareFleet(em, { inventoryFile: inv, workRoot });
    const r: FleetSpeedupResult = await benchFleetSpeedup(inventory, workRoot, em.env, { concurrency: fleetConcurrency, rounds: fleetRounds, log });
    details['fleetSpeedup'] = r;
    lines.push({
      id: 'b',
      what: `8 accounts: one after another / planFleet(concurrency ${r.concurrency}), median of ${r.rounds}`,
      measured: `${r.speedup.toFixed(2)}x`,
      target: '>= 1.4x',
      pass: r.speedup >= 1.4,
      value: r.speedup,
    });
    const sweep = (process.env['BENCH_FLEET_SWEEP'] ?? '').split(',').map(Number).filter((n) => Number.isInteger(n) && n > 0);
    if (sweep.length) {
      const s = await benchFleetSweep(inventory, workRoot, em.env, sweep, log);
      details['fleetSweep'] = s;
      lines.push({ id: 'b-sweep', what: '8 accounts, planFleet by pool size', measured: s.map((x) => `${x.concurrency}: ${ms(x.ms)}`).join(', '), target: '(info)', pass: undefined });
    }
  }

  if (only.has('f') && em) {
    log('(f) an account with an RDS instance: setting up (synth, init, apply)');
    const setup = await prepareParityAccount(em, join(work, 'parity'));
    const r: AccountParityResult = await benchAccountParity(setup, em.env, parityRounds, log);
    details['accountParity'] = r;
    const steps = (x: AccountParityResult): string =>
      `init ${ms(x.reconcilerStepsMs.init)}, output ${ms(x.reconcilerStepsMs.output)}, plan ${ms(x.reconcilerStepsMs.plan)}, show ${ms(x.reconcilerStepsMs.show)}`;
    const tfdSteps = (x: AccountParityResult): string => Object.entries(x.tfdoctorStepsMs).map(([k, v]) => `${k} ${ms(v)}`).join(', ');
    log(`  reconciler steps (median): ${steps(r)}; tfdoctor median ${ms(median(r.tfdoctorMs))} (${tfdSteps(r)})`);
    lines.push({
      id: 'f',
      what: `tfdoctor plan --account / reconciler init+output+plan+show, ${r.resources} resources (rds), clean, median of ${r.rounds}`,
      measured: `${r.ratio.toFixed(3)}x`,
      target: '<= 0.6x',
      pass: r.ratio <= 0.6,
      value: r.ratio,
    });
    log('(f-drift) the same account after a tag was edited by hand');
    await tagBucket(em, { bucket: `${PARITY_ACCOUNT}-b0`, tags: { team: 'edited-by-hand' } });
    const d: AccountParityResult = await benchAccountParity(setup, em.env, parityRounds, log, true);
    details['accountParityDrift'] = d;
    log(`  reconciler steps (median): ${steps(d)}; tfdoctor median ${ms(median(d.tfdoctorMs))} (${tfdSteps(d)})`);
    lines.push({
      id: 'f-drift',
      what: `  same with drift (exit 2, show -json needed), median of ${d.rounds}`,
      measured: `${d.ratio.toFixed(3)}x`,
      target: '<= 0.9x',
      pass: d.ratio <= 0.9,
      value: d.ratio,
    });
  }

  if (only.has('c')) {
    log('(c) diagnosing a 20,000-resource plan JSON in a child process');
    const scaled: ScaledPlan = await writeScaledPlan(join(work, 'plan-20k.json'), 20_000);
    const r = await runChild<{ jsonParseMs: number; schemaMs: number; diagnoseMs: number; totalMs: number; cpuMs: number; peakRss: number; rssBefore: number; findings: number; byKind: Record<string, number> }>(
      './diagnose-child.ts',
      [scaled.file],
    );
    details['diagnose'] = { ...r, plan: { resources: scaled.resources, bytes: scaled.bytes, sources: scaled.sources } };
    log(`  ${scaled.resources} resources, ${mb(scaled.bytes)} of JSON from ${scaled.sources.join(', ')}: JSON.parse ${ms(r.jsonParseMs)}, schema ${ms(r.schemaMs)}, diagnose ${ms(r.diagnoseMs)}, ${r.findings} findings`);
    lines.push({ id: 'c', what: `parse + diagnose ${scaled.resources} resources (${mb(scaled.bytes)} JSON)`, measured: `${ms(r.totalMs)} (cpu ${ms(r.cpuMs)})`, target: '< 1 s', pass: r.totalMs < 1000, value: r.totalMs });
    lines.push({ id: 'c-mem', what: 'peak memory of that process (RSS)', measured: mb(r.peakRss), target: '< 400 MB', pass: r.peakRss < 400 * 1024 * 1024, value: r.peakRss });
  }

  if (only.has('d')) {
    log("(d) A's benchSynth() for 2,000 resources in a child process");
    const have = await stat(join(ROOT, 'bench', 'synth.ts')).then(() => true, () => false);
    if (!have) {
      lines.push({ id: 'd', what: 'synth 2,000 resources', measured: 'bench/synth.ts missing', target: '< 3 s', pass: false });
    } else {
      try {
        const r = await runChild<{ loadMs: number; synthMs: number; totalMs: number; cpuMs: number; peakRss: number; result: unknown }>('./synth-child.ts', ['2000']);
        details['synth'] = r;
        lines.push({ id: 'd', what: 'synth 2,000 resources (module load included)', measured: `${ms(r.totalMs)} (cpu ${ms(r.cpuMs)})`, target: '< 3 s', pass: r.totalMs < 3000, value: r.totalMs });
        lines.push({ id: 'd-mem', what: 'peak memory of that process (RSS)', measured: mb(r.peakRss), target: '< 500 MB', pass: r.peakRss < 500 * 1024 * 1024, value: r.peakRss });
      } catch (err) {
        lines.push({ id: 'd', what: 'synth 2,000 resources', measured: `error: ${(err as Error).message.split('\n')[0]}`, target: '< 3 s', pass: false });
      }
    }
  }

  if (only.has('d-all')) {
    log('(d-all) `tfdoctor synth` of an account holding all 25 kinds, ~2,000 resources, in a child process');
    try {
      const r = await runChild<{ loadMs: number; synthMs: number; totalMs: number; cpuMs: number; peakRss: number; result: { resources?: number; entries?: number; phases?: Record<string, number> } }>(
        './synth-child.ts',
        ['2000', 'all'],
      );
      details['synthAllKinds'] = r;
      const p = r.result.phases ?? {};
      log(`  ${r.result.resources} resources from ${r.result.entries} entries: import ${ms(p['importMs'] ?? 0)}, load ${ms(p['loadMs'] ?? 0)}, secrets+artifacts+logo ${ms(p['inputsMs'] ?? 0)}, synth ${ms(p['synthMs'] ?? 0)}, write ${ms(p['writeMs'] ?? 0)}`);
      lines.push({ id: 'd-all', what: `synth, all 25 kinds, ${r.result.resources} resources (module load, secrets, artifacts, S3 logo included)`, measured: `${ms(r.totalMs)} (cpu ${ms(r.cpuMs)})`, target: '< 3 s', pass: r.totalMs < 3000, value: r.totalMs });
      lines.push({ id: 'd-all-mem', what: 'peak memory of that process (RSS)', measured: mb(r.peakRss), target: '< 500 MB', pass: r.peakRss < 500 * 1024 * 1024, value: r.peakRss });
    } catch (err) {
      lines.push({ id: 'd-all', what: 'synth, all 25 kinds', measured: `error: ${(err as Error).message.split('\n')[0]}`, target: '< 3 s', pass: false });
    }
    // The same account through the built CLI, its own process timed by GNU time: what `tfdoctor synth` costs a person.
    const haveTime = await stat('/usr/bin/time').then(() => true, () => false);
    if (!haveTime) {
      lines.push({ id: 'd-all-cli', what: 'node bin/tfdoctor.js synth, all 25 kinds', measured: 'no /usr/bin/time', target: '< 3 s', pass: undefined });
    } else {
      try {
        await ensureBuilt();
        const { benchSynthAllKindsCli } = await import('./synth-all.js');
        const c = await benchSynthAllKindsCli(2000);
        details['synthAllKindsCli'] = c;
        lines.push({ id: 'd-all-cli', what: `  node bin/tfdoctor.js synth --secrets --artifacts --ami --out, ${c.resources} resources (node start included)`, measured: `${ms(c.seconds * 1000)} (cpu ${ms(c.cpuSeconds * 1000)})`, target: '< 3 s', pass: c.seconds < 3, value: c.seconds * 1000 });
        lines.push({ id: 'd-all-cli-mem', what: '  peak memory of that process (RSS)', measured: `${c.peakRssMB} MB`, target: '< 500 MB', pass: c.peakRssMB < 500, value: c.peakRssMB });
      } catch (err) {
        lines.push({ id: 'd-all-cli', what: 'node bin/tfdoctor.js synth, all 25 kinds', measured: `error: ${(err as Error).message.split('\n')[0]}`, target: '< 3 s', pass: false });
      }
    }
  }

  if (only.has('e')) {
    log('(e) import time of the built entry points, in fresh processes');
    await ensureBuilt();
    const r = await benchImports(IMPORT_ROUNDS);
    details['imports'] = r;
    lines.push({ id: 'e', what: `import 'tfdoctor/doctor' (dist, no cdktf/execa/AWS SDK), median of ${IMPORT_ROUNDS}`, measured: ms(r.doctorMs), target: '< 300 ms', pass: r.doctorMs < 300, value: r.doctorMs });
    lines.push({ id: 'e2', what: `  import 'tfdoctor' (dist, the whole API), median of ${IMPORT_ROUNDS}`, measured: ms(r.rootMs), target: '(info)', pass: undefined, value: r.rootMs });
  }
} finally {
  await em?.stop();
  await rm(work, { recursive: true, force: true });
}

const machine = { cpus: cpus().length, memGiB: Math.round(totalmem() / 2 ** 30), node: process.version, loadavgBefore: loadBefore, loadavgAfter: loadavg() };
printTable(lines);
log(`machine: ${machine.cpus} cores, ${machine.memGiB} GiB, node ${machine.node}; load average ${loadBefore[0]!.toFixed(1)} before, ${machine.loadavgAfter[0]!.toFixed(1)} after (timings are noisy when it is above the core count)`);
await mkdir(join(ROOT, 'bench', 'results'), { recursive: true });
const out = join(ROOT, 'bench', 'results', 'latest.json');
await writeFile(out, `${JSON.stringify({ startedAt: started.toISOString(), finishedAt: new Date().toISOString(), machine, lines, details }, null, 2)}\n`);
log(`wrote ${out}`);
process.exitCode = lines.some((l) => l.pass === false) ? 2 : 0;

function printTable(rows: Line[]): void {
  const w = [Math.max(4, ...rows.map((r) => r.what.length)), Math.max(8, ...rows.map((r) => r.measured.length)), Math.max(6, ...rows.map((r) => r.target.length))];
  const row = (a: string, b: string, c: string, d: string): string => `${a.padEnd(w[0]!)}  ${b.padStart(w[1]!)}  ${c.padEnd(w[2]!)}  ${d}`;
  process.stdout.write(`${row('what', 'measured', 'target', 'result')}\n`);
  for (const r of rows) process.stdout.write(`${row(r.what, r.measured, r.target, r.pass === undefined ? '' : r.pass ? 'pass' : 'MISS')}\n`);
}

/** (a) runs the built CLI: build it when dist/ is missing or older than a source file (BENCH_BUILD=always|never|auto). */
async function ensureBuilt(): Promise<void> {
  const mode = process.env['BENCH_BUILD'] ?? 'auto';
  if (mode === 'never') return;
  const built = await stat(join(ROOT, 'dist', 'cli', 'main.js')).then((s) => s.mtimeMs, () => 0);
  const newest = Math.max(await newestMtime(join(ROOT, 'src')), await newestMtime(join(ROOT, 'cli')));
  if (mode === 'auto' && built >= newest) return;
  log('building the CLI (tsc -p tsconfig.build.json)');
  // tsc still emits when another file has a type error; the bench measures what was built.
  const r = await execa(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'], { cwd: ROOT, reject: false });
  if (r.exitCode !== 0) log(`  tsc reported errors (the build is still used):\n${r.stdout.split('\n').slice(0, 10).join('\n')}`);
}

/** Median import time of each built entry point, each import in a fresh node process (nothing cached). */
async function benchImports(rounds: number): Promise<{ doctorMs: number; rootMs: number; samples: Record<string, number[]> }> {
  const entries = { doctor: join(ROOT, 'dist', 'src', 'public', 'doctor.js'), root: join(ROOT, 'dist', 'src', 'index.js') };
  const samples: Record<string, number[]> = { doctor: [], root: [] };
  for (let i = 0; i < rounds; i++) {
    for (const [name, file] of Object.entries(entries)) {
      const script = `const t0 = performance.now(); await import(${JSON.stringify(pathToFileURL(file).href)}); process.stdout.write(String(performance.now() - t0));`;
      const r = await execa(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT, stdin: 'ignore' });
      samples[name]!.push(Number(r.stdout));
    }
  }
  const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  return { doctorMs: median(samples['doctor']!), rootMs: median(samples['root']!), samples };
}

async function newestMtime(dir: string): Promise<number> {
  let newest = 0;
  for (const ent of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (!ent.isFile() || !ent.name.endsWith('.ts')) continue;
    const s = await stat(join(ent.parentPath, ent.name));
    newest = Math.max(newest, s.mtimeMs);
  }
  return newest;
}
