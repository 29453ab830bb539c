/**
 * What a reconciler does each loop, with tfdoctor as a library: plan every
 * account of the inventory, refuse to apply an account that has errors (a
 * deletion the account may not do, a missing AMI, a held lock, ...), write the
 * merge-request comment, keep the fleet report as the next loop's baseline, and
 * exit with the fleet's status.
 *
 *   node reconciler.js --inventory INVENTORY --out DIR [--baseline PREVIOUS.json]
 *                      [--work-root DIR] [--backend-config key=value ...] [--concurrency N]
 *
 * Writes DIR/merge-request.md and DIR/fleet.json, prints one line per account
 * (`apply` or `refuse: why`). Exit 0: every account clean; 2: findings (with
 * --baseline: new findings only); 1: an account could not be diagnosed.
 *
 * The reconciler owns its process: it decides what Ctrl-C means (here: stop
 * every terraform cleanly through the AbortSignal, then exit 1). tfdoctor
 * installs no handlers, never exits and prints nothing itself.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { findingsFail, loadInventory, planFleet, readBaseline, renderFleetMarkdown, type FleetReport, type Report } from 'tfdoctor';

const { values } = parseArgs({
  options: {
    inventory: { type: 'string' },
    out: { type: 'string' },
    baseline: { type: 'string' },
    'work-root': { type: 'string' },
    'backend-config': { type: 'string', multiple: true },
    concurrency: { type: 'string' },
  },
});
if (!values.inventory || !values.out) {
  process.stderr.write('usage: reconciler --inventory INVENTORY --out DIR [--baseline PREVIOUS.json] [--work-root DIR] [--backend-config k=v ...] [--concurrency N]\n');
  process.exit(1);
}
const out = values.out;

const controller = new AbortController();
for (const sig of ['SIGINT', 'SIGTERM'] as const) process.once(sig, () => controller.abort(new Error(`stopped by ${sig}`)));

const inventory = await loadInventory(values.inventory);
const baseline = values.baseline ? await readBaseline(values.baseline) : undefined;
const fleet: FleetReport = await planFleet({
  inventory,
  signal: controller.signal,
  ...(values.concurrency ? { concurrency: Number(values.concurrency) } : {}),
  ...(values['work-root'] ? { workRoot: values['work-root'] } : {}),
  ...(values['backend-config'] ? { backendConfig: Object.fromEntries(values['backend-config'].map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)])) } : {}),
  ...(baseline ? { baseline } : {}),
  onProgress: (e) => {
    if (e.phase === 'failed') process.stderr.write(`reconciler: ${e.account}: ${e.error ?? 'failed'}\n`);
  },
});

/** An account is applied only when tfdoctor found nothing that is an error. */
function decide(report: Report): { apply: boolean; why: string[] } {
  const errors = report.findings.filter((f) => f.severity === 'error');
  return { apply: errors.length === 0, why: errors.map((f) => `${f.kind}${f.address ? ` ${f.address}` : ''}`) };
}

await mkdir(out, { recursive: true });
await writeFile(join(out, 'merge-request.md'), renderFleetMarkdown(fleet));
// The next loop's --baseline: only what changed since this one will fail it.
await writeFile(join(out, 'fleet.json'), `${JSON.stringify(fleet, null, 2)}\n`);

for (const report of fleet.reports) {
  const { apply, why } = decide(report);
  // A real reconciler runs `terraform apply` here for the accounts it may apply.
  process.stdout.write(`${report.target.account}: ${apply ? 'apply' : `refuse: ${why.join(', ')}`}\n`);
}
for (const f of fleet.failures) process.stdout.write(`${f.account}: refuse: could not be diagnosed: ${f.error.split('\n')[0]}\n`);

process.exitCode = fleet.failures.length ? 1 : findingsFail(fleet.reports, baseline ? 'new' : 'any') ? 2 : 0;
