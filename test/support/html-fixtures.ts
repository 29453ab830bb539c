/**
 * Reports for the HTML page's tests and screenshots, assembled from the
 * whole-report goldens (fixtures/golden/doctor/*.report.json, which
 * test/golden/doctor.test.ts writes from the captured terraform runs): each
 * finding is a real one; only the account names and the finding ids (renumbered
 * per account, F1, F2, ...) are set here.
 */
import { readFileSync } from 'node:fs';
import { type Finding, FleetReport, Report } from '../../src/doctor/report.js';
import type { AuditRecord } from '../../src/repair/audit.js';
import { approversLine, approveRepair, computeRepairHash, generateKeyPair, parseApprovers, type ApproverEntry, type Repair } from '../../src/repair/index.js';
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

/**
 * A repair of the removed-from-config golden's state-rm proposal, as `repair
 * propose` writes one (repairVersion 2, with the propose-time prediction),
 * approved by a second person with a real ed25519 signature; and the audit
 * record `apply` appends when it went through. The state binding and the
 * prediction are what such a repair holds; the acceptance test
 * (test/acceptance/repair.test.ts) makes real ones against the emulator.
 */
export function sampleRepair(opts: { hostile?: boolean } = {}): { repair: Repair; unsigned: Repair; approvers: ApproverEntry[]; audit: AuditRecord[] } {
  const report = opts.hostile ? hostileReport() : accountReport('app-sre-stage', ['removed-from-config-refused']);
  const f = report.findings[0];
  const p = f?.proposals.find((x) => x.kind === 'terraform-state-rm');
  if (!f || !p?.argv) throw new Error('golden has no state-rm proposal');
  const address = f.address ?? '';
  const createdAt = '2026-11-21T12:00:00.000Z';
  const unsignedBody = {
    repairVersion: 2 as const,
    nonce: '5f0c1d2e3a4b5c6d7e8f9a0b',
    target: { account: report.target.account ?? 'app-sre-stage', dir: '/srv/tfdoctor/app-sre-stage', backend: { type: 's3', bucket: 'app-sre-stage-tfstate', key: 'qontract-reconcile.tfstate', region: 'us-east-1', dynamodb_table: 'terraform-locks', use_lockfile: true } },
    proposals: [{ id: p.id, findingId: f.id, findingKind: f.kind, kind: p.kind, argv: p.argv, why: p.why, address }],
    state: { lineage: '9b1f3c2e-58d4-4e0c-a1f2-3d4c5b6a7e8f', serial: 12, sha256: 'a'.repeat(64) },
    prediction: {
      before: { changes: { [address]: 'delete', 'aws_db_parameter_group.quay-db-pg': 'update' }, drift: {}, errored: false, errors: [] },
      after: { changes: { 'aws_db_parameter_group.quay-db-pg': 'update' }, drift: {}, errored: false, errors: [] },
      rehearsedAt: '2026-11-21T12:00:05.000Z',
    },
    proposer: 'alice@example.com',
    createdAt,
    expiresAt: '2099-11-22T12:00:00.000Z',
  };
  const unsigned: Repair = { ...unsignedBody, hash: computeRepairHash(unsignedBody), approvals: [] };
  const bob = generateKeyPair();
  const repair = approveRepair(unsigned, { approver: 'bob@example.com', privateKeyPem: bob.privateKeyPem, now: new Date('2026-11-21T12:30:00.000Z') });
  const audit: AuditRecord[] = [{
    at: '2026-11-21T12:41:09.000Z', repairHash: repair.hash, target: { account: unsignedBody.target.account, dir: unsignedBody.target.dir },
    proposer: 'alice@example.com', approvers: ['bob@example.com'], applier: 'alice@example.com',
    proposals: [{ id: p.id, kind: p.kind, argv: p.argv }], commands: [['terraform', 'state', 'rm', '-lock=false', address]],
    serialBefore: 12, serialAfter: 13, lineage: unsignedBody.state.lineage, backup: '/srv/tfdoctor/app-sre-stage/.tfdoctor/backups/9b1f3c2e-serial12.tfstate', outcome: 'applied', durationMs: 48210,
  }];
  return { repair, unsigned, approvers: parseApprovers(approversLine('bob@example.com', bob.publicKey)), audit };
}
