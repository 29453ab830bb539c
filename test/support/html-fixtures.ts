/**
 * Reports for the HTML page's tests and screenshots, assembled from the
 * whole-report goldens (fixtures/golden/doctor/*.report.json, which
 * test/golden/doctor.test.ts writes from the captured terraform runs): each
 * finding is a real one; only the account names and the finding ids (renumbered
 * per account, F1, F2, ...) are set here.
 */
import { readFileSync } from 'node:fs';
import { type Finding, FleetReport, Report } from '../../src/doctor/report.js';
import { VERSION } from '../../src/version.js';

const GOLDEN = new URL('../../fixtures/golden/doctor/', import.meta.url);

export function goldenReport(name: string): Report {
  return Report.parse(JSON.parse(readFileSync(new URL(`${name}.report.json`, GOLDEN), 'utf8')));
}

/** Finding `f` as the `n`th finding (1-based) of another report: id F<n>, its proposals F<n>.a, F<n>.b, ... */
function renumber(f: Finding, n: number): Finding {
  const id = `F${n}`;
  return { ...f, id, proposals: f.proposals.map((p) => ({ ...p, id: `${id}${p.id.slice(p.id.indexOf('.'))}` })) } as Finding;
}

/** One account's report holding the findings of several goldens, in order. */
export function accountReport(account: string, goldens: readonly string[]): Report {
  const reports = goldens.map(goldenReport);
  const first = reports[0];
  if (!first) throw new Error('no goldens');
  const findings = reports.flatMap((r) => r.findings).map((f, i) => renumber(f, i + 1));
  const { generatedAt: _g, ...rest } = first;
  return Report.parse({ ...rest, version: VERSION, target: { account }, findings });
}

/** The accounts of the fleet report the HTML tests and the README screenshot use. */
export const FLEET_ACCOUNTS: ReadonlyArray<readonly [string, readonly string[]]> = [
  ['app-sre-stage', ['removed-from-config-refused', 'changed-out-of-band', 'deleted-out-of-band', 'replace-forced']],
  ['app-sre-prod', ['lock-held-stale', 'checksum-mismatch']],
  ['app-sre-int', ['clean']],
  ['app-sre-ci', ['ami-not-found-lookup', 'exists-unmanaged-probe', 'renamed']],
];

/** A multi-account, multi-finding fleet report from the goldens. */
export function goldenFleet(): FleetReport {
  return FleetReport.parse({
    tool: 'tfdoctor',
    version: VERSION,
    schemaVersion: 1,
    reports: FLEET_ACCOUNTS.map(([account, goldens]) => accountReport(account, goldens)),
    failures: [],
  });
}

/** Text that breaks out of HTML text, attributes and scripts when it is not escaped. */
export const HOSTILE = `"><script>window.__pwned=1</script><img src=x onerror="window.__pwned=2">'`;
/** A resource address (a for_each key) carrying the hostile text: a valid Terraform address. */
export const HOSTILE_ADDRESS = `aws_iam_user.quay-ci["${HOSTILE.replace(/"/g, '\\"')}"]`;

/** The removed-from-config golden with a hostile account name, address and summary (its state-rm argv carries the address). */
export function hostileReport(): Report {
  const r = accountReport(`acct-${HOSTILE}`, ['removed-from-config-refused']);
  const f = r.findings[0];
  if (!f) throw new Error('golden has no finding');
  const old = f.address ?? '';
  f.address = HOSTILE_ADDRESS;
  f.summary = `${f.summary.split(old).join(HOSTILE_ADDRESS)} ${HOSTILE}`;
  f.proposals = f.proposals.map((p) => ({ ...p, ...(p.argv ? { argv: p.argv.map((a) => (a === old ? HOSTILE_ADDRESS : a)) } : {}) }));
  return r;
}
