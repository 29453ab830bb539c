/**
 * The exists-unmanaged probe: does an object the plan wants to CREATE already
 * exist in the account? Found before apply, not after a failed apply.
 *
 * How (seen on terraform 1.11.4 + aws 5.100.0): a throwaway copy of the working
 * dir gets one extra file with `import` blocks for every candidate, and ONE
 * `terraform plan -json -lock=false` runs there. An object that exists arrives as
 * a `planned_change` "<addr>: Plan to import" (action `import`); one that does
 * not fails with the diagnostic "Cannot import non-existent remote object" whose
 * `address` field is EMPTY: the address is only in `detail`
 * ("While attempting to import an existing object to \"<addr>\"...").
 * The real working dir and the state are never touched (`-lock=false`, no `-out`).
 */
import { join } from 'node:path';
import type { ExistsProbe } from '../doctor/types.js';
import type { Diagnostic, PlanJson, ResourceChange, UiMessage } from '../tfjson/index.js';
import { makeProbeCopy, removeDir, writeFileAtomic } from './workdir.js';
import { EXTRACT } from '../doctor/patterns.js';

export interface ProbeCandidate {
  address: string;
  type: string;
  importId: string;
}

/** The file name added to the probe copy; `_override` is avoided on purpose (it would merge, not add). */
export const PROBE_FILE = 'tfdoctor_probe_imports.tf.json';

/**
 * Candidates: managed resources the plan would create from nothing (a replace
 * is delete+create of an object already in state: not a candidate), whose
 * import id follows from the planned values.
 */
export function probeCandidates(
  plan: PlanJson,
  importIdFor: (rc: ResourceChange) => string | undefined,
): ProbeCandidate[] {
  const out: ProbeCandidate[] = [];
  // An object deleted out of band is still in the (pre-refresh) state, and an
  // import block aimed at an address the state already has is a no-op (1.11.4):
  // the probe could not answer for it, and the drift already explains the create.
  const drifted = new Set((plan.resource_drift ?? []).map((d) => d.address));
  for (const rc of plan.resource_changes ?? []) {
    if (rc.mode !== 'managed' || drifted.has(rc.address)) continue;
    const a = rc.change.actions;
    if (a.length !== 1 || a[0] !== 'create') continue;
    if (rc.change.importing) continue;
    // Instances of resources in modules can be probed too: `to` takes any instance address.
    let id: string | undefined;
    try {
      id = importIdFor(rc);
    } catch {
      id = undefined;
    }
    if (!id) continue;
    out.push({ address: rc.address, type: rc.type, importId: id });
  }
  return out;
}

/** The probe file: `{"import":[{"to":"<addr>","id":"<id>"}...]}` (Terraform JSON syntax, 1.5+). */
export function importBlocksJson(candidates: readonly ProbeCandidate[]): string {
  return `${JSON.stringify({ import: candidates.map((c) => ({ to: c.address, id: c.importId })) }, null, 2)}\n`;
}

const MISSING_SUMMARY = EXTRACT.probeMissingSummary.re;
const TO_ADDRESS = EXTRACT.probeImportTarget.re;

/** Address a "Cannot import non-existent remote object" diagnostic is about (detail text, else its own `address`). */
export function missingImportAddress(d: Diagnostic): string | undefined {
  if (!MISSING_SUMMARY.test(d.summary)) return undefined;
  const m = TO_ADDRESS.exec(d.detail ?? '');
  return m?.[1]?.replace(/\\(.)/g, '$1') ?? (d.address || undefined);
}

export interface ProbeOutcome {
  probes: ExistsProbe[];
  /** Candidates the probe plan said nothing about (plan stopped on another error). */
  undecided: ProbeCandidate[];
  /** Error diagnostics of the probe plan that are not about the candidates (kept for evidence). */
  otherDiagnostics: Diagnostic[];
}

/** Read one probe plan's `-json` messages into an answer per candidate. */
export function readProbeMessages(candidates: readonly ProbeCandidate[], messages: readonly UiMessage[]): ProbeOutcome {
  const importing = new Set<string>();
  const missing = new Set<string>();
  const otherDiagnostics: Diagnostic[] = [];
  for (const m of messages) {
    // "Plan to import" is action `import` only when the imported object already
    // matches the config; an import that also updates (tags, versioning...) is
    // action `update` with `importing` set (seen on 1.11.4).
    if (m.type === 'planned_change' && m.change && (m.change.action === 'import' || m.change.importing)) importing.add(m.change.resource.addr);
    if (m.type === 'diagnostic' && m.diagnostic) {
      const addr = missingImportAddress(m.diagnostic);
      if (addr) missing.add(addr);
      else if (m.diagnostic.severity === 'error') otherDiagnostics.push(m.diagnostic);
    }
  }
  const probes: ExistsProbe[] = [];
  const undecided: ProbeCandidate[] = [];
  for (const c of candidates) {
    if (importing.has(c.address)) probes.push({ ...c, exists: true });
    else if (missing.has(c.address)) probes.push({ ...c, exists: false });
    else undecided.push(c);
  }
  return { probes, undecided, otherDiagnostics };
}

/** Runs `terraform plan -json -lock=false` (no -out) in a dir and returns its messages. */
export type ProbePlanRunner = (dir: string) => Promise<{ messages: UiMessage[] }>;

/**
 * Make the probe copy, write the import blocks, run one plan, read it, remove
 * the copy (also when the plan throws or is cancelled).
 */
export async function runExistsProbe(
  workDir: string,
  candidates: readonly ProbeCandidate[],
  runPlan: ProbePlanRunner,
): Promise<ProbeOutcome> {
  if (!candidates.length) return { probes: [], undecided: [], otherDiagnostics: [] };
  const copy = await makeProbeCopy(workDir);
  try {
    await writeFileAtomic(join(copy, PROBE_FILE), importBlocksJson(candidates));
    const { messages } = await runPlan(copy);
    return readProbeMessages(candidates, messages);
  } finally {
    await removeDir(copy);
  }
}
