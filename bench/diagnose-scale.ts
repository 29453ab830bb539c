/**
 * A 20,000-resource plan JSON made from real captured plans
 * (fixtures/captured/<scenario>/plan.json, written by scripts/capture-fixtures.ts
 * from real terraform runs): the clean plan copied over and over, with one copy
 * in a hundred taken from a drifted plan, every address renamed `<name>-c<i>`
 * so they stay unique. Only names change: every value is what terraform printed.
 */
import { readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ROOT } from './child.js';

type Json = Record<string, unknown>;

export interface ScaledPlan {
  file: string;
  resources: number;
  bytes: number;
  /** The captured plans it was made from. */
  sources: string[];
}

/** The captured plans to build from: the clean one and the drifted ones (any scenario with resource_drift). */
export async function capturedPlans(dir = join(ROOT, 'fixtures', 'captured')): Promise<{ clean: { name: string; plan: Json }; drifted: { name: string; plan: Json }[] }> {
  const names = (await readdir(dir, { withFileTypes: true })).filter((d) => d.isDirectory()).map((d) => d.name).sort();
  const plans: { name: string; plan: Json }[] = [];
  for (const name of names) {
    const text = await readFile(join(dir, name, 'plan.json'), 'utf8').catch(() => undefined);
    if (text) plans.push({ name, plan: JSON.parse(text) as Json });
  }
  const clean = plans.find((p) => p.name === 'clean') ?? plans[0];
  if (!clean) throw new Error(`no captured plan.json under ${dir}: run \`npm run fixtures\` first`);
  const drifted = plans.filter((p) => Array.isArray(p.plan['resource_drift']) && (p.plan['resource_drift'] as unknown[]).length > 0);
  return { clean, drifted };
}

export async function writeScaledPlan(out: string, target = 20_000): Promise<ScaledPlan> {
  const { clean, drifted } = await capturedPlans();
  const base = clean.plan;
  const scaled: Json = { ...base, resource_changes: [], resource_drift: [] };
  const rc = scaled['resource_changes'] as unknown[];
  const rd = scaled['resource_drift'] as unknown[];
  const prior: unknown[] = [];
  const planned: unknown[] = [];
  const config: unknown[] = [];
  for (let i = 0; rc.length < target; i++) {
    const src = i % 100 === 99 && drifted.length ? (drifted[(i / 100) % drifted.length | 0] as { plan: Json }).plan : base;
    const suffix = `-c${i}`;
    for (const r of arr(src['resource_changes'])) rc.push(rename(r, suffix));
    for (const r of arr(src['resource_drift'])) rd.push(rename(r, suffix));
    for (const r of arr(rootModule(src, 'prior_state')?.['resources'])) prior.push(rename(r, suffix));
    for (const r of arr(rootModule(src, 'planned_values')?.['resources'])) planned.push(rename(r, suffix));
    for (const r of arr((src['configuration'] as Json | undefined)?.['root_module'] && ((src['configuration'] as Json)['root_module'] as Json)['resources'])) config.push(rename(r, suffix));
  }
  const priorState = base['prior_state'] as Json | undefined;
  if (priorState) scaled['prior_state'] = { ...priorState, values: { ...(priorState['values'] as Json), root_module: { ...rootModule(base, 'prior_state'), resources: prior } } };
  const pv = base['planned_values'] as Json | undefined;
  if (pv) scaled['planned_values'] = { ...pv, root_module: { ...(pv['root_module'] as Json), resources: planned } };
  const cfg = base['configuration'] as Json | undefined;
  if (cfg) scaled['configuration'] = { ...cfg, root_module: { ...(cfg['root_module'] as Json), resources: config } };
  const text = JSON.stringify(scaled);
  await writeFile(out, text);
  return { file: out, resources: rc.length, bytes: Buffer.byteLength(text), sources: [clean.name, ...drifted.map((d) => d.name)] };
}

function arr(x: unknown): Json[] {
  return Array.isArray(x) ? (x as Json[]) : [];
}

function rootModule(plan: Json, key: 'prior_state' | 'planned_values'): Json | undefined {
  const top = plan[key] as Json | undefined;
  const holder = key === 'prior_state' ? (top?.['values'] as Json | undefined) : top;
  return holder?.['root_module'] as Json | undefined;
}

/** `type.name` -> `type.name-cN` (also `name`, `previous_address`); values untouched. */
function rename(r: Json, suffix: string): Json {
  const out: Json = { ...r };
  if (typeof r['address'] === 'string') out['address'] = `${r['address']}${suffix}`;
  if (typeof r['name'] === 'string') out['name'] = `${r['name']}${suffix}`;
  if (typeof r['previous_address'] === 'string') out['previous_address'] = `${r['previous_address']}${suffix}`;
  return out;
}
