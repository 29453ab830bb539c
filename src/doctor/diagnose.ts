/**
 * diagnose(): data in, findings out. Pure: no processes, files or clock (the
 * caller passes `now`). Order of evidence: the plan JSON first (stable), then
 * diagnostics through the pattern table, then pasted text; every error
 * diagnostic ends up in some finding, and a clean plan yields none.
 */
import { InputError } from '../errors.js';
import type { Diagnostic } from '../tfjson/index.js';
import { addressOf, classifyDiagnostic, classifyReconcilerText, erroredStateFinding } from './classify-errors.js';
import { classifyPlan } from './classify-plan.js';
import type { DraftFinding } from './draft.js';
import { FINDING_KINDS, type Finding } from './report.js';
import { diagnosticsFromText, stripAnsi } from './text-input.js';
import { erroredPushRefusal } from './errored-state.js';
import type { DiagnoseInput, ErroredStateInput } from './types.js';

/** The doctor: plan JSON, diagnostics, pasted text, probes and AMI lookups in, findings with proposals out. Pure: no processes, files or clock (pass `now`). */
export function diagnose(input: DiagnoseInput): Finding[] {
  // Lock ages and approval expiry are computed from `now`: an invalid date would make every lock "fresh".
  if (!(input.now instanceof Date) || Number.isNaN(input.now.getTime())) throw new InputError('diagnose: `now` must be a valid Date');
  const drafts: DraftFinding[] = [];
  if (input.plan) drafts.push(...classifyPlan(input.plan, input).findings);
  else if (input.probes?.length) drafts.push(...classifyPlan({ format_version: '1.2' }, input).findings);

  const seen = new Set<string>();
  const fromJson = dedupe(input.diagnostics, seen, true);
  const fromText = input.text ? dedupe(diagnosticsFromText(input.text), seen, false) : [];
  for (const d of [...fromJson, ...fromText]) {
    const f = classifyDiagnostic(d, input);
    if (f) drafts.push(f);
  }
  if (input.text) drafts.push(...classifyReconcilerText(stripAnsi(input.text), input));
  if (input.erroredState) {
    // The file says more than a pasted "Failed to persist state" (lineage, serial, whether it can be pushed): one finding.
    drafts.splice(0, drafts.length, ...drafts.filter((d) => d.kind !== 'state-write-failed'), erroredStateFinding(input.erroredState));
    linkToErroredState(drafts, input.erroredState);
  }

  // `errored: true` is only news when no diagnostic already says why the plan failed
  // (a failed precondition in a saved plan, diagnostics not passed in).
  const explained = drafts.some((d) => d.severity === 'error' && d.kind !== 'plan-errored' && d.kind !== 'plan-format-unsupported' && d.kind !== 'deletion-not-enabled');
  if (explained) drafts.splice(0, drafts.length, ...drafts.filter((d) => !(d.kind === 'plan-errored' && d.severity === 'error')));

  return number(merge(drafts));
}

/**
 * An object the failed apply created is in errored.tfstate, not in the backend's
 * state: the plan creates it again and the probe finds it. Pushing errored.tfstate
 * (the state-write-failed finding) brings it back; importing it first would raise the
 * state's serial and the push would then be refused. When the push may go ahead, such
 * an exists-unmanaged finding says so and proposes no import.
 */
function linkToErroredState(drafts: DraftFinding[], errored: ErroredStateInput): void {
  if (!errored.addresses?.length || erroredPushRefusal(errored, errored.current)) return;
  const inErrored = new Set(errored.addresses);
  for (const [i, d] of drafts.entries()) {
    if (d.kind !== 'exists-unmanaged' || !d.address || !inErrored.has(d.address)) continue;
    drafts[i] = {
      ...d,
      summary: `${d.summary}; it is in ${errored.file} (serial ${errored.serial}), which the apply that created it could not write to the backend: push that back (state-write-failed) instead of importing it`,
      evidence: { ...d.evidence, in_errored_state: { file: errored.file, serial: errored.serial, sha256: errored.sha256 } },
      proposals: [],
    };
  }
}

/** Terraform prints one problem once per source; the same one can come both as JSON and in pasted text. */
function dedupe(diags: readonly Diagnostic[], seen: Set<string>, withDetail: boolean): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const d of diags) {
    const loose = `${d.severity}\u0000${d.summary.trim()}\u0000${addressOf(d) ?? ''}`;
    const strict = `${loose}\u0000${(d.detail ?? '').replace(/\s+/g, ' ').trim()}`;
    // Text diagnostics carry extra "with/on" lines, so they match JSON ones on summary + address only.
    if (seen.has(strict) || (!withDetail && seen.has(loose))) continue;
    seen.add(strict);
    seen.add(loose);
    out.push(d);
  }
  return out;
}

/** One finding per kind and address: e.g. an AMI seen both as a diagnostic and in the reconciler's log. */
function merge(drafts: readonly DraftFinding[]): DraftFinding[] {
  const out: DraftFinding[] = [];
  const byKey = new Map<string, DraftFinding>();
  for (const d of drafts) {
    if (!d.address || d.kind === 'unclassified-error') {
      out.push(d);
      continue;
    }
    const key = `${d.kind}\u0000${d.address}`;
    const prev = byKey.get(key);
    if (!prev) {
      // A copy (the evidence is merged into below); the cast keeps kind and evidence paired, which a spread of the union loses.
      const copy = { ...d, evidence: { ...d.evidence }, proposals: [...d.proposals] } as DraftFinding;
      byKey.set(key, copy);
      out.push(copy);
      continue;
    }
    // Same kind (it is in the key): the keys one source saw and the other did not, e.g. a
    // data source's diagnostic and the reconciler's message about the same AMI.
    const into: Record<string, unknown> = prev.evidence;
    for (const [k, v] of Object.entries(d.evidence)) if (!(k in into)) into[k] = v;
    if (d.proposals.length > prev.proposals.length) {
      prev.proposals = [...d.proposals];
      prev.summary = d.summary;
    }
  }
  return out;
}

const KIND_ORDER = new Map<string, number>(FINDING_KINDS.map((k, i) => [k, i]));

/** Stable order (kind as listed in the contract, then address, then as found) and ids F1.., F1.a.. */
function number(drafts: readonly DraftFinding[]): Finding[] {
  const sorted = drafts
    .map((d, i) => ({ d, i }))
    .sort((x, y) =>
      (KIND_ORDER.get(x.d.kind) ?? 99) - (KIND_ORDER.get(y.d.kind) ?? 99) ||
      cmpAddr(x.d.address, y.d.address) ||
      x.i - y.i);
  return sorted.map(({ d }, n) => numbered(d, `F${n + 1}`));
}

/**
 * The finding of a draft: its id first, and ids for its proposals. A spread of
 * the draft keeps kind and evidence paired (TypeScript spreads each member of
 * the union); the drafts hold no `address: undefined`, so no key appears that
 * was not there (the golden reports are compared as text).
 */
function numbered(d: DraftFinding, id: string): Finding {
  return { id, ...d, proposals: d.proposals.map((p, j) => ({ id: `${id}.${letters(j)}`, ...p })) };
}

function cmpAddr(a: string | undefined, b: string | undefined): number {
  if (a === b) return 0;
  if (a === undefined) return 1;
  if (b === undefined) return -1;
  return a < b ? -1 : 1;
}

/** 0 -> a, 25 -> z, 26 -> aa. */
export function letters(n: number): string {
  let s = '';
  let i = n;
  do {
    s = String.fromCharCode(97 + (i % 26)) + s;
    i = Math.floor(i / 26) - 1;
  } while (i >= 0);
  return s;
}
