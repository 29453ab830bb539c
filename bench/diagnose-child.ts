/**
 * Child of the diagnosis bench: read a plan JSON file, parse it the way
 * `tfdoctor plan` does (JSON.parse + the PlanJson schema, as in showPlan),
 * diagnose it, and print one JSON line with the time and peak memory.
 */
import { readFile } from 'node:fs/promises';
import { PlanJson } from '../src/state/schemas/plan.js';
import { diagnose } from '../src/doctor/index.js';

const file = process.argv[2];
if (!file) throw new Error('usage: diagnose-child.ts PLAN.json');
const text = await readFile(file, 'utf8');
const rssBefore = process.memoryUsage().rss;
const cpu0 = process.cpuUsage();
const t0 = performance.now();
const raw: unknown = JSON.parse(text);
const t1 = performance.now();
const plan = PlanJson.parse(raw);
const t2 = performance.now();
const findings = diagnose({
  plan,
  diagnostics: [],
  account: { name: 'bench', enableDeletion: false, deletionApprovals: [] },
  now: new Date(),
});
const t3 = performance.now();
const cpu = process.cpuUsage(cpu0);
const byKind: Record<string, number> = {};
for (const f of findings) byKind[f.kind] = (byKind[f.kind] ?? 0) + 1;
process.stdout.write(
  `${JSON.stringify({
    jsonParseMs: t1 - t0,
    schemaMs: t2 - t1,
    diagnoseMs: t3 - t2,
    totalMs: t3 - t0,
    // CPU time of this process (all threads, GC included): on a loaded machine, close to what the wall time would be on an idle one.
    cpuMs: (cpu.user + cpu.system) / 1000,
    rssBefore,
    // maxRSS is in KiB: the peak of the whole process, text and parse included.
    peakRss: process.resourceUsage().maxRSS * 1024,
    findings: findings.length,
    byKind,
  })}\n`,
);
