/**
 * Findings read from the plan JSON (`terraform show -json <planfile>`, format
 * 1.2 on terraform 1.11.4): the stable signals. `resource_drift` says what
 * changed outside Terraform, `resource_changes` what the plan would do and
 * why (`action_reason`), `replace_paths` which attributes force a replacement.
 */
import type { PlanJson, ResourceChange } from '../tfjson/index.js';
import { deletionVerdict, isoDateAfter, type GateVerdict } from './deletion-gate.js';
import type { DraftFinding } from './draft.js';
import { importIdFor } from './import-id.js';
import {
  applyProposal, deletionApprovalProposal, importProposals, movedProposals, refreshOnlyProposal, removedBlockProposal, stateRmProposal,
  type DraftProposal,
} from './proposals.js';
import { attributeDiffParts, deepEqual, formatPath, isPlainObject, isSecretKey, markedSensitive, MASK, redact, type AttributeChange, type PathPart } from './sensitive.js';
import type { EvidenceByKind, GateEvidence, ObjectIdentityEvidence, PlanEntryEvidence } from './evidence.js';
import type { DiagnoseInput } from './types.js';

/** action_reason values meaning "the configuration no longer has this (instance)" (terraform 1.11). */
const REMOVED_FROM_CONFIG = new Set([
  'delete_because_no_resource_config',
  'delete_because_no_module',
  'delete_because_wrong_repetition',
  'delete_because_count_index',
  'delete_because_each_key',
]);

/**
 * Every `action_reason` terraform 1.11 writes for a replace or a delete
 * (internal/command/jsonplan: ResourceInstanceChange.ActionReason), said for a person.
 */
export const ACTION_REASONS: Readonly<Record<string, string>> = {
  replace_because_tainted: 'it is tainted (a failed create, or `terraform taint`): Terraform replaces a tainted object whatever the configuration says',
  replace_because_cannot_update: 'an attribute that cannot be changed in place changed',
  replace_by_request: 'the run asked for it (`-replace`)',
  replace_by_triggers: 'its `replace_triggered_by` changed',
  delete_because_no_resource_config: 'it was removed from the configuration/inventory',
  delete_because_no_module: 'its module was removed from the configuration',
  delete_because_wrong_repetition: 'its resource switched between count, for_each and a single instance',
  delete_because_count_index: 'its count index is no longer in range',
  delete_because_each_key: 'its for_each key is no longer in the map or set',
  delete_because_no_move_target: 'a moved block moves it to an address that has no configuration',
  read_because_config_unknown: 'its configuration depends on values known only after apply',
  read_because_dependency_pending: 'something it depends on has pending changes',
  read_because_check_nested: 'a check block reads it',
};

function actionBecause(rc: ResourceChange, replacePaths: readonly string[], input: DiagnoseInput): string {
  const known = rc.action_reason ? ACTION_REASONS[rc.action_reason] : undefined;
  const replace = rc.change.actions.includes('create');
  if (replace && rc.action_reason === 'replace_because_cannot_update' && replacePaths.length) return `${replacePaths.join(', ')} cannot be changed in place`;
  if (known) return known;
  if (rc.action_reason) return `terraform says ${rc.action_reason}`;
  if (replace) return `a replacement is forced${replacePaths.length ? ` by ${replacePaths.join(', ')}` : ' (terraform gives no reason)'}`;
  // No action_reason on a delete: the whole configuration is being destroyed (`plan -destroy`),
  // the only plan where terraform deletes a configured object without saying why.
  return input.planMode === 'destroy' || input.planMode === undefined
    ? 'the plan destroys everything (a `plan -destroy`: terraform gives no reason for such deletes)'
    : 'the plan deletes it (terraform gives no reason)';
}

/** Days an approval proposed by tfdoctor stays valid. */
export const APPROVAL_DAYS = 7;

export interface PlanFindings {
  findings: DraftFinding[];
  /** Addresses a rename explains (old and new), so other checks skip them. */
  renamed: Set<string>;
}

export function classifyPlan(plan: PlanJson, input: DiagnoseInput): PlanFindings {
  const findings: DraftFinding[] = [];
  const changes = (plan.resource_changes ?? []).filter((rc) => rc.mode === 'managed');
  const byAddress = new Map<string, ResourceChange>();
  for (const rc of changes) if (!rc.deposed) byAddress.set(rc.address, rc);

  const refreshOnly = input.planMode === 'refresh-only';
  if (plan.errored === true || plan.complete === false) findings.push(planErrored(plan, input));

  for (const drift of plan.resource_drift ?? []) {
    if (drift.mode !== 'managed') continue;
    const acts = drift.change.actions;
    if (acts.includes('delete') && !acts.includes('create')) findings.push(deletedOutOfBand(drift, byAddress.get(drift.address)));
    else if (acts.includes('update')) {
      const f = changedOutOfBand(drift, byAddress.get(drift.address), plan, refreshOnly);
      if (f) findings.push(f);
    }
  }

  // A refresh-only plan compares state with reality only: what the config would
  // delete or create is not in it, so the gate and rename checks have nothing to read.
  if (refreshOnly) return { findings, renamed: new Set() };
  if (input.account && plan.format_version !== RECONCILER_PLAN_FORMAT) findings.push(planFormatUnsupported(plan.format_version, input));

  const renames = matchRenames(changes);
  const renamed = new Set<string>();
  for (const r of renames) {
    renamed.add(r.from.address);
    renamed.add(r.to.address);
    // The reference gate sees only the delete (log_plan_diff): a rename without a
    // `moved` block is refused like any other delete, so the finding says the run fails.
    const verdict = input.account ? gateVerdict(r.from, input) : undefined;
    findings.push(renamedAddress(r, verdict, input));
  }

  for (const rc of changes) {
    if (!rc.change.actions.includes('delete') || renamed.has(rc.address)) continue;
    const removed = isRemovedFromConfig(rc);
    const verdict = input.account ? gateVerdict(rc, input) : undefined;
    if (verdict && !verdict.allowed) findings.push(deletionNotEnabled(rc, verdict, input));
    else if (removed) findings.push(orphanedInState(rc, verdict));
  }

  for (const probe of input.probes ?? []) {
    if (!probe.exists || renamed.has(probe.address)) continue;
    const rc = byAddress.get(probe.address);
    // A probe only counts for a planned plain create (not a replace, not an import the config already has).
    if (rc && !(rc.change.actions.length === 1 && rc.change.actions[0] === 'create' && !rc.change.importing)) continue;
    if (!rc && input.plan) continue;
    findings.push(existsUnmanagedFromProbe(probe.address, probe.type, probe.importId));
  }
  return { findings, renamed };
}

/** The one plan JSON format the reconciler reads (`ALLOWED_TF_SHOW_FORMAT_VERSION`); any other raises NotImplementedError. */
export const RECONCILER_PLAN_FORMAT = '1.2';

function gateVerdict(rc: ResourceChange, input: DiagnoseInput): GateVerdict | undefined {
  return input.account ? deletionVerdict(input.account, rc.type, rc.name, input.now, rc.change.before, input.enableDeletion ?? false) : undefined;
}

function planFormatUnsupported(formatVersion: string, input: DiagnoseInput): DraftFinding {
  return {
    kind: 'plan-format-unsupported',
    severity: 'error',
    summary: `the plan JSON has format_version "${formatVersion}", but the reconciler reads only "${RECONCILER_PLAN_FORMAT}": its run for account ${input.account?.name ?? '?'} stops with "terraform show untested format version"`,
    evidence: { format_version: formatVersion, expected: RECONCILER_PLAN_FORMAT, account: input.account?.name },
    proposals: [],
  };
}

function planErrored(plan: PlanJson, input: DiagnoseInput): DraftFinding {
  const errors = input.diagnostics.filter((d) => d.severity === 'error').map((d) => ({ summary: d.summary, ...(d.detail ? { detail: d.detail } : {}) }));
  const failed = plan.errored === true;
  return {
    kind: 'plan-errored',
    severity: failed ? 'error' : 'warning',
    summary: failed
      ? `the plan failed (errored: true): it is not a picture of what apply would do${errors.length ? `: ${errors[0]?.summary ?? ''}` : ' (no diagnostics given; see terraform\'s output)'}`
      : 'the plan is incomplete (complete: false): apply would leave more to do (e.g. -target or deferred changes)',
    evidence: {
      errored: plan.errored ?? false,
      ...(plan.complete !== undefined ? { complete: plan.complete } : {}),
      ...(plan.applyable !== undefined ? { applyable: plan.applyable } : {}),
      ...(errors.length ? { diagnostics: errors } : {}),
    },
    proposals: [],
  };
}

function isRemovedFromConfig(rc: ResourceChange): boolean {
  return rc.change.actions.length === 1 && rc.change.actions[0] === 'delete' && REMOVED_FROM_CONFIG.has(rc.action_reason ?? '');
}

function planEntry(rc: ResourceChange): PlanEntryEvidence {
  const e: PlanEntryEvidence = { address: rc.address, type: rc.type, name: rc.name, actions: rc.change.actions };
  if (rc.action_reason) e.action_reason = rc.action_reason;
  if (rc.provider_name) e.provider_name = rc.provider_name;
  if (rc.deposed) e.deposed = rc.deposed;
  if (rc.previous_address) e.previous_address = rc.previous_address;
  return e;
}

function marksOf(rc: ResourceChange): unknown[] {
  return [rc.change.before_sensitive, rc.change.after_sensitive];
}

/** A few identifying attributes of an object (never sensitive ones). */
function identity(rc: ResourceChange, values: unknown): ObjectIdentityEvidence {
  const out: ObjectIdentityEvidence = {};
  if (!isPlainObject(values)) return out;
  const importId = importIdFor(rc.type, values);
  if (importId !== undefined) out.import_id = importId;
  for (const k of ['id', 'arn', 'name', 'bucket', 'identifier'] as const) {
    const v = values[k];
    if (typeof v !== 'string' || isSecretKey(k) || marksOf(rc).some((m) => markedSensitive(m, [k]))) continue;
    out[k] = v;
  }
  return out;
}

function deletedOutOfBand(drift: ResourceChange, planned: ResourceChange | undefined): DraftFinding {
  const a = drift.address;
  const recreates = planned?.change.actions.includes('create') ?? false;
  return {
    kind: 'deleted-out-of-band',
    severity: 'error',
    address: a,
    summary: `${a} was deleted outside Terraform${recreates ? '; the plan would create it again' : ''}`,
    evidence: {
      resource_drift: planEntry(drift),
      object: identity(drift, drift.change.before),
      ...(planned ? { planned: planEntry(planned) } : {}),
    },
    proposals: [
      applyProposal('recreate it from the desired state (the plan already shows the create)'),
      ...stateRmProposal(a, 'forget it, only if it should no longer be managed (then remove it from the configuration/inventory too)', [
        'it really should not exist any more (ask its owner)',
      ]),
      ...removedBlockProposal(a, 'reviewable alternative to state rm: remove the resource from the configuration and add this block'),
    ],
  };
}

function changedOutOfBand(drift: ResourceChange, planned: ResourceChange | undefined, plan: PlanJson, refreshOnly = false): DraftFinding | undefined {
  const marks = [...marksOf(drift), ...(planned ? marksOf(planned) : [])];
  const diff = attributeDiffParts(drift.change.before, drift.change.after, marks);
  const relevant = (plan.relevant_attributes ?? []).filter((r) => r.resource === drift.address).map((r) => r.attribute.filter(isPathPart));
  const acts = planned?.change.actions ?? [];
  const plannedChange = acts.some((x) => x === 'update' || x === 'create' || x === 'delete');
  // The object goes away (removed from the config): its drift is moot, the
  // deletion is what the other findings are about (seen on moto: a user
  // removed from the config also drifted tags null -> {}).
  const deletedWhole = acts.length === 1 && acts[0] === 'delete';
  // Don't cry wolf: drift the plan does not act on (ignore_changes, computed
  // attributes, values the config does not set) is not reported, nor a value
  // going between null and empty (a provider normalizing, not a person editing).
  const kept = diff.filter(({ parts }) => {
    if (deletedWhole) return false;
    if (isEmptyValue(valueAt(drift.change.before, parts)) && isEmptyValue(valueAt(drift.change.after, parts))) return false;
    // Refresh-only: every drift is the point (the config is in doubt, or ignores it).
    if (refreshOnly) return true;
    if (relevant.some((r) => isPrefix(r, parts) || isPrefix(parts, r))) return true;
    if (!planned || !plannedChange) return false;
    if (isUnknownAt(planned.change.after_unknown, parts)) return true;
    return !deepEqual(valueAt(planned.change.after, parts), valueAt(drift.change.after, parts));
  });
  if (!kept.length) return undefined;
  const a = drift.address;
  const names = kept.map((k) => k.change.path);
  // What the plan sets at each drifted path: the value from before the drift
  // (a revert), another one (the config changed too), unknown, or nothing.
  const plannedMarks = planned ? marksOf(planned) : [];
  const attributes = kept.map((k) => {
    if (refreshOnly || !planned || !plannedChange || deletedWhole) return k.change;
    if (isUnknownAt(planned.change.after_unknown, k.parts)) return { ...k.change, planned: '(known after apply)' };
    if (k.change.sensitive) return { ...k.change, planned: MASK };
    return { ...k.change, planned: redact(valueAt(planned.change.after, k.parts), k.parts, [...marks, ...plannedMarks]) };
  });
  const outcome = (): string => {
    if (refreshOnly) return 'the refresh-only plan would accept it into the state';
    if (!planned || !plannedChange) return 'the plan leaves it as it is';
    if (acts.includes('delete')) return 'the plan replaces it';
    const reverted = kept.filter((k) => !isUnknownAt(planned.change.after_unknown, k.parts) && deepEqual(valueAt(planned.change.after, k.parts), valueAt(drift.change.before, k.parts)));
    if (reverted.length === kept.length) return "the plan reverts it to the configuration's value";
    const fresh = kept.filter((k) => !reverted.includes(k)).map((k) => k.change.path);
    if (reverted.length) return `the plan reverts ${reverted.map((k) => k.change.path).join(', ')} and sets a new value for ${fresh.join(', ')} (the configuration changed too)`;
    return 'the plan sets a new value (not the one from before the change: the configuration changed too)';
  };
  return {
    kind: 'changed-out-of-band',
    severity: 'warning',
    address: a,
    summary: `${a} was changed outside Terraform (${names.slice(0, 5).join(', ')}${names.length > 5 ? `, +${names.length - 5} more` : ''}); ${outcome()}`,
    evidence: {
      resource_drift: planEntry(drift),
      ...(planned ? { planned: planEntry(planned) } : {}),
      attributes,
    },
    proposals: [
      applyProposal('revert the object to the configuration'),
      refreshOnlyProposal('accept the change into the state (then change the configuration/inventory to match, or the next plan reverts it)'),
    ],
  };
}

/** null, absent, [] and {}: the same to a person reading a drift report. */
function isEmptyValue(v: unknown): boolean {
  return v === null || v === undefined || (Array.isArray(v) && v.length === 0) || (isPlainObject(v) && Object.keys(v).length === 0);
}

interface Rename { from: ResourceChange; to: ResourceChange; importId: string }

/** Unique one-to-one matches only (drift-peers lesson 9): same type, same import id, one delete, one create. */
function matchRenames(changes: readonly ResourceChange[]): Rename[] {
  const groups = new Map<string, { dels: ResourceChange[]; adds: ResourceChange[]; id: string }>();
  const group = (type: string, id: string) => {
    const key = `${type}\u0000${id}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { dels: [], adds: [], id }));
    return g;
  };
  for (const rc of changes) {
    if (rc.deposed) continue;
    if (isRemovedFromConfig(rc)) {
      const id = importIdFor(rc.type, rc.change.before);
      if (id !== undefined) group(rc.type, id).dels.push(rc);
    } else if (rc.change.actions.length === 1 && rc.change.actions[0] === 'create' && !rc.change.importing) {
      const id = importIdFor(rc.type, rc.change.after);
      if (id !== undefined) group(rc.type, id).adds.push(rc);
    }
  }
  const out: Rename[] = [];
  for (const g of groups.values()) {
    const [from] = g.dels;
    const [to] = g.adds;
    if (g.dels.length === 1 && g.adds.length === 1 && from && to) out.push({ from, to, importId: g.id });
  }
  return out.sort((x, y) => x.from.address.localeCompare(y.from.address));
}

function renamedAddress(r: Rename, verdict: GateVerdict | undefined, input: DiagnoseInput): DraftFinding {
  const refused = verdict !== undefined && !verdict.allowed;
  const proposals: DraftProposal[] = [...movedProposals(r.from.address, r.to.address, refused
    ? 'tell Terraform the object moved: the plan then has no delete, so the deletion gate lets the run through and nothing is destroyed or created'
    : 'tell Terraform the object moved, so nothing is destroyed or created')];
  if (refused && verdict.because !== 'deletion-protection') {
    proposals.push(deletionApprovalProposal(r.from.type, r.from.name, isoDateAfter(input.now, APPROVAL_DAYS),
      `only if destroying and recreating ${r.from.type} "${r.importId}" is really intended: approve the delete for ${APPROVAL_DAYS} days`));
  }
  return {
    kind: 'renamed-address',
    severity: refused ? 'error' : 'warning',
    address: r.from.address,
    summary: `${r.from.address} was renamed to ${r.to.address} (same ${r.from.type} "${r.importId}"): the plan would delete and recreate it` +
      (refused ? `, and the reconciler's run fails ("Terraform plan has disabled deletions detected") because ${gateReason(verdict, input)}; a moved block avoids the delete` : ''),
    evidence: {
      from: planEntry(r.from), to: planEntry(r.to), import_id: r.importId,
      ...(verdict ? { gate: gateEvidence(verdict, input) } : {}),
    },
    proposals,
  };
}

function gateReason(verdict: Extract<GateVerdict, { allowed: false }>, input: DiagnoseInput): string {
  return verdict.because === 'deletion-protection'
    ? 'aws_db_instance has deletion_protection = true, so the delete always fails'
    : verdict.because === 'approval-expired'
      ? `its deletion approval expired on ${verdict.approval?.expiration ?? '?'}`
      : `account ${input.account?.name ?? '?'} has no enableDeletion and no unexpired approval for it`;
}

function gateEvidence(verdict: GateVerdict, input: DiagnoseInput): GateEvidence {
  return {
    account: input.account?.name,
    enableDeletion: input.account?.enableDeletion ?? false,
    runEnableDeletion: input.enableDeletion ?? false,
    verdict: verdict.because,
    ...(verdict.approval ? { approval: verdict.approval } : {}),
  };
}

function replaceAttributes(rc: ResourceChange): AttributeChange[] {
  const marks = marksOf(rc);
  return (rc.change.replace_paths ?? []).map((p) => {
    const parts = p.filter(isPathPart);
    const hidden = parts.some((x) => typeof x === 'string' && isSecretKey(x)) || marks.some((m) => markedSensitive(m, parts));
    return hidden
      ? { path: formatPath(parts), sensitive: true as const, before: MASK, after: MASK }
      : { path: formatPath(parts), before: redact(valueAt(rc.change.before, parts), parts, marks), after: isUnknownAt(rc.change.after_unknown, parts) ? '(known after apply)' : redact(valueAt(rc.change.after, parts), parts, marks) };
  });
}

function deletionNotEnabled(rc: ResourceChange, verdict: Extract<GateVerdict, { allowed: false }>, input: DiagnoseInput): DraftFinding {
  const a = rc.address;
  const removed = isRemovedFromConfig(rc);
  const replace = rc.change.actions.includes('create');
  const why = removed ? 'removed-from-config' : replace ? 'replacement' : 'delete';
  const attrs = replace ? replaceAttributes(rc) : [];
  const because = actionBecause(rc, attrs.map((x) => x.path), input);
  const gate = gateReason(verdict, input);
  const proposals: DraftProposal[] = [];
  if (verdict.because !== 'deletion-protection') {
    proposals.push(deletionApprovalProposal(rc.type, rc.name, isoDateAfter(input.now, APPROVAL_DAYS),
      `approve this one ${replace ? 'replacement' : 'deletion'} in the account's inventory for ${APPROVAL_DAYS} days, if it is intended`));
  }
  if (removed) {
    proposals.push(...removedBlockProposal(a, 'keep the object but stop managing it (no delete happens)'));
    proposals.push(...stateRmProposal(a, 'keep the object but stop managing it (CLI alternative to the removed block)', [
      'nothing else in the configuration still refers to it',
    ]));
  }
  return {
    kind: 'deletion-not-enabled',
    severity: 'error',
    address: a,
    summary: `the plan ${replace ? 'replaces' : 'deletes'} ${a} because ${because}, but ${gate}`,
    evidence: {
      planned: planEntry(rc),
      reason: why,
      because,
      ...(attrs.length ? { replace_attributes: attrs } : {}),
      gate: gateEvidence(verdict, input),
    },
    proposals,
  };
}

function orphanedInState(rc: ResourceChange, verdict: GateVerdict | undefined): DraftFinding {
  const a = rc.address;
  return {
    kind: 'orphaned-in-state',
    severity: 'warning',
    address: a,
    summary: `${a} is in the state but no longer in the configuration: the plan deletes it`,
    evidence: {
      planned: planEntry(rc),
      object: identity(rc, rc.change.before),
      gate: verdict ? { verdict: verdict.because, ...(verdict.approval ? { approval: verdict.approval } : {}) } : 'no account given: deletion gate not evaluated',
    },
    proposals: [
      applyProposal('delete the object, if removing it was the intent'),
      ...stateRmProposal(a, 'keep the object, stop managing it'),
      ...removedBlockProposal(a, 'keep the object, stop managing it (reviewable alternative to state rm)'),
    ],
  };
}

export function existsUnmanagedFromProbe(address: string, type: string, importId: string, extra: Omit<EvidenceByKind['exists-unmanaged'], 'probe'> = {}): DraftFinding {
  return {
    kind: 'exists-unmanaged',
    severity: 'error',
    address,
    summary: `${address} would be created, but ${type} "${importId}" already exists outside the state: apply would fail`,
    evidence: { probe: { address, type, import_id: importId, exists: true }, ...extra },
    proposals: importProposals(address, importId, 'adopt the existing object into the state', [
      `the existing ${type} "${importId}" is the one this configuration means (not another team's)`,
    ]),
  };
}

// ---- paths -------------------------------------------------------------

function isPathPart(x: unknown): x is PathPart {
  return typeof x === 'string' || typeof x === 'number';
}

function isPrefix(prefix: readonly PathPart[], parts: readonly PathPart[]): boolean {
  return prefix.length <= parts.length && prefix.every((p, i) => String(p) === String(parts[i]));
}

function valueAt(v: unknown, parts: readonly PathPart[]): unknown {
  let cur = v;
  for (const p of parts) {
    if (Array.isArray(cur) && typeof p === 'number') cur = cur[p];
    else if (isPlainObject(cur)) cur = cur[String(p)];
    else return undefined;
  }
  return cur;
}

function isUnknownAt(unknown: unknown, parts: readonly PathPart[]): boolean {
  return markedSensitive(unknown, parts);
}
