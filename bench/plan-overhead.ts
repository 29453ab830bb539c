/**
 * (a) What `tfdoctor plan --dir` costs over doing it by hand on the same
 * initialized working dir (20 quick resources applied to the emulator):
 *   tfdoctor:  node bin/tfdoctor.js plan --dir DIR --json      (the built CLI)
 *   by hand:   terraform plan -out F  +  terraform show -json F
 *   reference: terraform plan (no plan file, no JSON)
 * Repetitions are interleaved (the order rotates each round) so load from
 * anything else on the machine falls on all three alike; the ratio is the
 * median of per-round ratios.
 */
import { join } from 'node:path';
import { execa } from 'execa';
import { Report } from '../src/doctor/report.js';
import { ROOT } from './child.js';
import { medianRatio, median } from './stats.js';

export interface PlanOverheadResult {
  rounds: number;
  tfdoctorMs: number[];
  planShowMs: number[];
  barePlanMs: number[];
  ratioOverPlanShow: number;
  ratioOverBarePlan: number;
  resources: number;
}

/**
 * `expectFindings`: the dir has drift (tfdoctor must also run `show -json`, exit 2);
 * otherwise it must be clean (tfdoctor skips `show -json` there, exit 0).
 */
export async function benchPlanOverhead(dir: string, env: Record<string, string>, rounds: number, log: (s: string) => void, expectFindings = false): Promise<PlanOverheadResult> {
  const terraform = process.env['TFDOCTOR_TERRAFORM_BIN'] ?? 'terraform';
  const childEnv = { ...env, TF_IN_AUTOMATION: '1', TF_INPUT: '0' };
  const planFile = join(dir, '.terraform', 'bench-by-hand.tfplan');
  let resources = 0;

  const timeIt = async (fn: () => Promise<void>): Promise<number> => {
    const t0 = performance.now();
    await fn();
    return performance.now() - t0;
  };
  const runs: Record<'tfdoctor' | 'planShow' | 'bare', () => Promise<number>> = {
    tfdoctor: () =>
      timeIt(async () => {
        const r = await execa(process.execPath, [join(ROOT, 'bin', 'tfdoctor.js'), 'plan', '--dir', dir, '--json', '--quiet'], { env: childEnv, reject: false });
        if (r.exitCode !== (expectFindings ? 2 : 0)) throw new Error(`tfdoctor plan --dir exited ${r.exitCode}: ${r.stderr.slice(-1500)}`);
        const report = Report.parse(JSON.parse(r.stdout));
        if (!expectFindings && report.findings.length) throw new Error(`the bench dir is not clean: ${report.findings.map((f) => f.kind).join(', ')}`);
        if (expectFindings && !report.findings.length) throw new Error('the drifted bench dir gave no findings');
      }),
    planShow: () =>
      timeIt(async () => {
        await execa(terraform, ['plan', '-input=false', `-out=${planFile}`], { cwd: dir, env: childEnv });
        const show = await execa(terraform, ['show', '-json', planFile], { cwd: dir, env: childEnv, maxBuffer: 1 << 30 });
        const plan = JSON.parse(show.stdout) as { planned_values?: { root_module?: { resources?: unknown[] } } };
        resources = plan.planned_values?.root_module?.resources?.length ?? 0;
      }),
    bare: () => timeIt(async () => void (await execa(terraform, ['plan', '-input=false'], { cwd: dir, env: childEnv }))),
  };

  // One untimed round: page cache, provider binary, node's compile cache.
  for (const fn of Object.values(runs)) await fn();
  const t: Record<'tfdoctor' | 'planShow' | 'bare', number[]> = { tfdoctor: [], planShow: [], bare: [] };
  const order: Array<keyof typeof runs> = ['tfdoctor', 'planShow', 'bare'];
  for (let i = 0; i < rounds; i++) {
    const rot = [...order.slice(i % 3), ...order.slice(0, i % 3)];
    for (const k of rot) t[k].push(await runs[k]());
    log(`  round ${i + 1}/${rounds}: tfdoctor ${Math.round(t.tfdoctor.at(-1)!)} ms, plan+show ${Math.round(t.planShow.at(-1)!)} ms, plan ${Math.round(t.bare.at(-1)!)} ms`);
  }
  return {
    rounds,
    tfdoctorMs: t.tfdoctor,
    planShowMs: t.planShow,
    barePlanMs: t.bare,
    ratioOverPlanShow: medianRatio(t.tfdoctor, t.planShow),
    ratioOverBarePlan: medianRatio(t.tfdoctor, t.bare),
    resources,
  };
}

export { median };
