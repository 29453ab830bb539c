/**
 * `repair propose`: pick state-mutating proposals from a saved report, bind them
 * to the exact state they were made for, and write them down for review.
 */
import { resolve } from 'node:path';
import { STATE_MUTATING_PROPOSAL_KINDS, type Finding, type Proposal, type ProposalKind, type Report } from '../doctor/report.js';
import { GuardError, InputError } from '../errors.js';
import type { TerraformContext } from '../state/terraform/context.js';
import { statePull } from '../state/terraform/state-pull.js';
import { readBackend, repairBackendOf } from './backend.js';
import { assertIdentity } from './identity.js';
import { displayArgv, GUARDED_KINDS, parseOperation } from './operations.js';
import { computeRepairHash, newNonce, REPAIR_VERSION, type Prediction, type Repair, type RepairProposal, type UnsignedRepair } from './repair-file.js';
import { loadPushes, pushBindingOf } from './push.js';
import { rehearse } from './rehearse.js';
import { GUARD_CHECKS } from './verify.js';

export const DEFAULT_TTL_MS = 24 * 3_600_000;

/** What proposeRepair takes: the saved report, the proposal ids, who proposes, terraform for the working dir. */
export interface ProposeOptions {
  report: Report;
  /** Proposal ids from the report, e.g. ["F1.a", "F3.a"]. */
  proposalIds: readonly string[];
  proposer: string;
  /** Terraform for the target working dir (cwd), already initialised against the real backend. */
  tf: TerraformContext;
  now?: Date;
  /** How long the repair stays applicable (default 24h). */
  ttlMs?: number;
  onProgress?: (message: string) => void;
}

/** What to do instead, for proposals that are not state repairs. */
export function insteadOf(kind: ProposalKind): string {
  if (kind === 'terraform-apply' || kind === 'terraform-apply-refresh-only') return 'run it through your normal reviewed plan/apply pipeline';
  if (kind.startsWith('config-')) return 'add its snippet to the Terraform config and let the normal plan/apply pipeline do the rest';
  if (kind.startsWith('inventory-')) return 'change the inventory (app-interface) through a merge request';
  return 'follow its "why"';
}

function findProposal(report: Report, id: string): { finding: Finding; proposal: Proposal } {
  for (const finding of report.findings) {
    const proposal = finding.proposals.find((p) => p.id === id);
    if (proposal) return { finding, proposal };
  }
  const known = report.findings.flatMap((f) => f.proposals.map((p) => p.id));
  throw new InputError(`no proposal ${JSON.stringify(id)} in the report (it has: ${known.join(', ') || 'none'})`);
}

export function selectProposals(report: Report, ids: readonly string[]): RepairProposal[] {
  if (ids.length === 0) throw new InputError('name at least one proposal id (e.g. --proposal F1.a)');
  const seen = new Set<string>();
  const out: RepairProposal[] = [];
  for (const id of ids) {
    if (seen.has(id)) throw new InputError(`proposal ${id} named twice`);
    seen.add(id);
    const { finding, proposal } = findProposal(report, id);
    if (!proposal.mutatesState || !STATE_MUTATING_PROPOSAL_KINDS.includes(proposal.kind)) {
      throw new InputError(`${id} (${proposal.kind}) is not a state repair: it does not write the state directly, so it does not go through a guarded repair; ${insteadOf(proposal.kind)}`);
    }
    if (!GUARDED_KINDS.includes(proposal.kind)) {
      throw new InputError(`${id} (${proposal.kind}) is a state repair tfdoctor cannot yet run under guard (it can: ${GUARDED_KINDS.join(', ')}); do it by hand with a backup, see docs/repair.md`);
    }
    if (!proposal.argv) throw new InputError(`${id} (${proposal.kind}) has no argv`);
    const op = parseOperation(proposal.kind, proposal.argv);
    const p: RepairProposal = {
      id,
      findingId: finding.id,
      findingKind: finding.kind,
      kind: proposal.kind,
      argv: displayArgv(op),
      why: proposal.why,
    };
    if (finding.address !== undefined) p.address = finding.address;
    out.push(p);
  }
  // force-unlock runs without tfdoctor's own lock (the held lock is the problem);
  // mixing it with state edits would make the rest run unlocked or deadlock.
  if (out.some((p) => p.kind === 'terraform-force-unlock') && out.length > 1) {
    throw new InputError('a force-unlock repair must be proposed on its own: unlock first, plan again, then propose the state edits');
  }
  return out;
}

/** Builds a repair (contracts §4) from proposals of a saved report, bound to the state pulled now (lineage, serial, sha256; GuardError if it moved since the report), with its hash. Changes nothing; writing the file is writeRepairFile. */
export async function proposeRepair(opts: ProposeOptions): Promise<Repair> {
  const proposer = assertIdentity(opts.proposer);
  const proposals = selectProposals(opts.report, opts.proposalIds);
  const now = opts.now ?? new Date();
  const ttl = opts.ttlMs ?? DEFAULT_TTL_MS;
  if (!(ttl > 0)) throw new InputError('the ttl must be positive');
  const dir = resolve(opts.tf.cwd);

  const reportState = opts.report.state;
  const onlyUnlock = proposals.every((p) => p.kind === 'terraform-force-unlock');
  if ((reportState?.lineage === undefined || reportState.serial === undefined) && !onlyUnlock) {
    // A plan that failed before reading state (e.g. on a held lock) gives a report
    // without lineage/serial; only a force-unlock can be bound to a fresh pull then.
    throw new InputError('the report has no state lineage/serial to bind the repair to; run tfdoctor plan again once the plan gets as far as reading the state');
  }
  const pulled = await statePull({ ...opts.tf, cwd: dir });
  const current = { lineage: pulled.state.lineage, serial: pulled.state.serial, sha256: pulled.sha256 };
  if (reportState?.lineage !== undefined && reportState.serial !== undefined
    && (reportState.lineage !== current.lineage || reportState.serial !== current.serial)) {
    throw new GuardError(GUARD_CHECKS.stateBinding,
      `the state moved since this report; run tfdoctor plan again (report: lineage ${reportState.lineage} serial ${reportState.serial}; now: lineage ${current.lineage} serial ${current.serial})`);
  }
  // The rehearsal at propose time (read-only: a local copy of the pulled state
  // and plans with -lock=false): what the approver signs includes its outcome.
  let prediction: Prediction | undefined;
  if (!onlyUnlock) {
    // A push is bound to the exact bytes of errored.tfstate, held to the push rule now.
    const ops = await loadPushes(dir, proposals.map((p) => parseOperation(p.kind, p.argv)), pulled);
    for (const [i, op] of ops.entries()) {
      const binding = pushBindingOf(op);
      const p = proposals[i];
      if (binding && p) p.statePush = binding;
    }
    opts.onProgress?.('rehearsing on a local copy of the state');
    const rehearsal = await rehearse({ ...opts.tf, cwd: dir }, ops, pulled);
    if (rehearsal.violations.length) {
      throw new GuardError(GUARD_CHECKS.rehearsal, `the rehearsal on a local copy does not give what the repair promises, so it is not proposed:\n  - ${rehearsal.violations.join('\n  - ')}`);
    }
    prediction = { before: rehearsal.before, after: rehearsal.after, rehearsedAt: new Date().toISOString() };
  }
  const backend = await readBackend(dir);
  const target: UnsignedRepair['target'] = { dir };
  if (opts.report.target.account !== undefined) target.account = opts.report.target.account;
  if (backend) target.backend = repairBackendOf(backend);

  const unsigned: UnsignedRepair = {
    repairVersion: REPAIR_VERSION,
    nonce: newNonce(),
    target,
    proposals,
    state: current,
    ...(prediction ? { prediction } : {}),
    proposer,
    createdAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + ttl).toISOString(),
  };
  return { ...unsigned, hash: computeRepairHash(unsigned), approvals: [] };
}
