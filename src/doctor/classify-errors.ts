/**
 * Findings read from diagnostics (the `-json` UI stream) and pasted text, via
 * the one pattern table (patterns.ts). An error diagnostic that matches
 * nothing is kept raw as `unclassified-error`: nothing is dropped. Warnings
 * become findings only when a pattern matches them (deprecation warnings are
 * not state trouble, and reporting them would make every account "sick").
 */
import type { Diagnostic, PlanJson } from '../tfjson/index.js';
import type { DraftFinding } from './draft.js';
import type { DiagnosticEvidence, EvidenceByKind } from './evidence.js';
import { existsUnmanagedFromProbe } from './classify-plan.js';
import { importIdFor } from './import-id.js';
import { parseLockInfo, type LockInfo } from './lock-info.js';
import { amiFilterFromConfig } from './plan-config.js';
import { EXTRACT, matchDiagnosticPattern, RECONCILER_AMI_PATTERNS, type TextPattern } from './patterns.js';
import { forceUnlockProposal, importProposals, pinImageProposal, statePushProposal } from './proposals.js';
import { isSafeAddress, resourceOf } from './safe.js';
import { erroredPushRefusal } from './errored-state.js';
import { DEFAULT_LOCK_STALE_AFTER_MS, type AmiLookup, type DiagnoseInput, type ErroredStateInput } from './types.js';

const AMI_CAUSES = 'the image build for that commit failed, or the AMI was not shared to this account/region';

export function classifyDiagnostic(diag: Diagnostic, input: DiagnoseInput): DraftFinding | undefined {
  const text = `${diag.summary}\n${diag.detail ?? ''}`;
  const pattern = matchDiagnosticPattern(text);
  if (!pattern) return diag.severity === 'error' ? unclassified(diag) : undefined;
  if (diag.severity !== 'error' && pattern.kind === 'unclassified-error') return undefined;
  switch (pattern.kind) {
    case 'state-lock-held':
      return lockHeld(diag, pattern, input);
    case 'state-checksum-mismatch':
      return checksumMismatch(diag, pattern);
    case 'state-write-failed':
      return writeFailed(diag, pattern);
    case 'provider-inconsistent-result':
      return inconsistent(diag, pattern, input.plan);
    case 'ami-not-found':
      return amiFromDiagnostic(diag, pattern, input);
    case 'exists-unmanaged':
      return existsFromDiagnostic(diag, pattern, input);
    default:
      return unclassified(diag, pattern);
  }
}

/** The reconciler's own AMI messages in pasted text, one finding per distinct message. */
export function classifyReconcilerText(text: string, input: DiagnoseInput): DraftFinding[] {
  const out: DraftFinding[] = [];
  const seen = new Set<string>();
  for (const line of text.split('\n')) {
    for (const p of RECONCILER_AMI_PATTERNS) {
      const m = p.match.exec(line);
      if (!m) continue;
      const message = m[0].trim();
      if (seen.has(message)) break;
      seen.add(message);
      if (p.generation === 'new') {
        const identifier = m[1] ?? '';
        const account = m[2] ?? '';
        const image = m[3] ?? '';
        const commit = EXTRACT.commitSha.re.exec(image)?.[0];
        const lookup = input.amis?.find((l) => l.address.endsWith(`.${identifier}`) && (!commit || l.commit === commit))
          ?? (commit ? input.amis?.find((l) => l.commit === commit && l.account === account) : undefined);
        out.push(amiFinding({ address: lookup?.address, account, commit: commit ?? lookup?.commit, identifier, imageDefinition: image }, lookup, { reconciler_message: message, pattern: p.id }));
      } else {
        const commit = m[1] ?? '';
        const account = m[2] ?? '';
        const lookup = input.amis?.find((l) => l.commit === commit && l.account === account) ?? input.amis?.find((l) => l.commit === commit);
        out.push(amiFinding({ address: lookup?.address, account, commit }, lookup, { reconciler_message: message, pattern: p.id }));
      }
      break;
    }
  }
  return out;
}

/** The diagnostic as evidence (snippet values dropped: they can hold config values). */
export function diagnosticEvidence(diag: Diagnostic): DiagnosticEvidence {
  const e: DiagnosticEvidence = { severity: diag.severity, summary: diag.summary, detail: diag.detail ?? '' };
  if (diag.address) e.address = diag.address;
  if (diag.range) e.range = { filename: diag.range.filename, line: diag.range.start.line };
  if (diag.snippet?.context) e.context = diag.snippet.context;
  return e;
}

/**
 * The resource a diagnostic is about. Terraform 1.11 fills `address` for
 * most resource errors but not for data sources failing during refresh, whose
 * address is only in the human detail (`with data.aws_ami.x,`) or in the
 * snippet (`data "aws_ami" "x" {` in HCL; the block's key in `.tf.json`).
 */
export function addressOf(diag: Diagnostic): string | undefined {
  const candidates: string[] = [];
  if (diag.address) candidates.push(diag.address);
  const withLine = EXTRACT.humanWithAddress.re.exec(diag.detail ?? '');
  if (withLine?.[1]) candidates.push(withLine[1]);
  for (const t of [diag.snippet?.context, diag.snippet?.code]) {
    if (!t) continue;
    const hcl = EXTRACT.snippetHclBlock.re.exec(t);
    if (hcl) candidates.push(`${hcl[1] === 'data' ? 'data.' : ''}${hcl[2]}.${hcl[3]}`);
  }
  const ctx = diag.snippet?.context ?? '';
  const code = diag.snippet?.code ?? '';
  // .tf.json: context like `data.aws_ami` / `resource.aws_s3_bucket`, code like `"name": {`.
  const jsonCtx = EXTRACT.snippetJsonContext.re.exec(ctx);
  const jsonKey = EXTRACT.snippetJsonKey.re.exec(code);
  if (jsonCtx) {
    const name = jsonCtx[3] ?? jsonKey?.[1];
    if (name) candidates.push(`${jsonCtx[1] === 'data' ? 'data.' : ''}${jsonCtx[2]}.${name}`);
  }
  return candidates.find(isSafeAddress);
}

/** The evidence every finding read from a diagnostic carries. */
type BaseEvidence = {
  diagnostic: DiagnosticEvidence;
  pattern?: string;
};

function base(diag: Diagnostic, pattern?: TextPattern): BaseEvidence {
  return { diagnostic: diagnosticEvidence(diag), ...(pattern ? { pattern: pattern.id } : {}) };
}

function unclassified(diag: Diagnostic, pattern?: TextPattern): DraftFinding {
  const address = addressOf(diag);
  return {
    kind: 'unclassified-error',
    severity: diag.severity === 'error' ? 'error' : 'warning',
    ...(address ? { address } : {}),
    summary: `${address ? `${address}: ` : ''}${oneLine(diag.summary)}${pattern?.hint ? ` (usually: ${pattern.hint})` : ''}`,
    evidence: { ...base(diag, pattern), ...(pattern?.hint ? { hint: pattern.hint } : {}) },
    proposals: [],
  };
}

function lockHeld(diag: Diagnostic, pattern: TextPattern, input: DiagnoseInput): DraftFinding {
  const lock: LockInfo | undefined = parseLockInfo(diag.detail ?? '');
  const staleAfter = input.lockStaleAfterMs ?? DEFAULT_LOCK_STALE_AFTER_MS;
  const ageMs = lock?.createdIso ? input.now.getTime() - Date.parse(lock.createdIso) : undefined;
  const stale = ageMs !== undefined && ageMs > staleAfter;
  const who = lock?.who ?? 'an unknown holder';
  const op = lock?.operation?.replace(/^OperationType/, '').toLowerCase();
  const holder = op ? `${who} (${op})` : who;
  const age = ageMs !== undefined ? formatAge(ageMs) : 'an unknown time';
  const backendError = EXTRACT.backendLockError.re.exec(diag.detail ?? '')?.[0];
  const repair = lock?.id ? input.repairsInProgress?.find((r) => r.lockId === lock.id) : undefined;
  const summary = repair
    ? `the state lock is held by tfdoctor repair ${repair.repairHash.slice(0, 16)} applied by ${repair.applier} (started ${repair.startedAt}), which stopped before it finished: the state may be half-repaired; compare it with the backup ${repair.backup}, restore it if needed, then release the lock`
    : stale
    ? `the state lock has been held by ${holder} for ${age}, longer than ${formatAge(staleAfter)}: it is probably stale`
    : `the state lock is held by ${holder}, taken ${age} ago: wait for it, or re-run with -lock-timeout=10m`;
  return {
    kind: 'state-lock-held',
    severity: 'error',
    summary,
    evidence: {
      ...base(diag, pattern),
      lock: lock ?? null,
      ...(ageMs !== undefined ? { age_seconds: Math.round(ageMs / 1000) } : {}),
      stale,
      stale_after_seconds: Math.round(staleAfter / 1000),
      advice: stale
        ? `if ${who} confirms nothing is running, release it (the force-unlock proposal); otherwise wait`
        : 'wait for the holder to finish, or re-run with -lock-timeout=10m; force-unlock is proposed only once the lock is stale',
      ...(backendError ? { backend_error: backendError } : {}),
      ...(repair ? { repair: { hash: repair.repairHash, applier: repair.applier, proposer: repair.proposer, approvers: repair.approvers, backup: repair.backup, started_at: repair.startedAt } } : {}),
    },
    proposals:
      stale && lock?.id
        ? forceUnlockProposal(lock.id, `release the stale lock taken by ${who} at ${lock.created ?? '?'}`, [
            `ask ${who}: is their terraform ${op ?? 'run'} still running? (the lock was taken ${age} ago)`,
            `on the holder's machine, no terraform process for ${lock.path ?? 'this state'} is left`,
            'the lock ID is still the same when you run it (re-run the plan to see)',
          ])
        : [],
  };
}

type ChecksumField = 'bucket' | 'key' | 'calculated_checksum' | 'stored_checksum';

/** `Bucket:`, `Key:`, `Calculated checksum:`, `Stored checksum:` as snake_case keys (the labels checksumField matches). */
function checksumFields(detail: string): Partial<Record<ChecksumField, string>> {
  const out: Partial<Record<ChecksumField, string>> = {};
  for (const m of detail.matchAll(EXTRACT.checksumField.re)) {
    if (m[1] && m[2]) out[m[1].toLowerCase().replace(/ /g, '_') as ChecksumField] = m[2];
  }
  return out;
}

function checksumMismatch(diag: Diagnostic, pattern: TextPattern): DraftFinding {
  const detail = `${diag.summary}\n${diag.detail ?? ''}`;
  const parsed = checksumFields(detail);
  const expected = EXTRACT.checksumDigestToSet.re.exec(detail)?.[1];
  return {
    kind: 'state-checksum-mismatch',
    severity: 'error',
    summary:
      'the state object in S3 and its digest in the DynamoDB lock table disagree: retry in a minute or two; if it persists, verify the state (terraform state pull) and then fix or remove the digest item',
    evidence: { ...base(diag, pattern), ...parsed, ...(expected ? { digest_to_set: expected } : {}) },
    proposals: [],
  };
}

function writeFailed(diag: Diagnostic, pattern: TextPattern): DraftFinding {
  return {
    kind: 'state-write-failed',
    severity: 'error',
    summary: 'Terraform could not write the state after changing infrastructure; it saved what it knows to errored.tfstate in the working dir',
    evidence: base(diag, pattern),
    proposals: [
      statePushProposal('upload the state Terraform saved, so the state matches what was applied', [
        'errored.tfstate is in the working dir where the failed apply ran',
        'nobody has written the state since (compare `terraform state pull` serial/lineage with errored.tfstate)',
        'the backend answers again (the cause of the failed write is fixed)',
      ]),
    ],
  };
}

/**
 * `state-write-failed` from the errored.tfstate in the working dir itself (a
 * plan never prints the apply's error): the push is proposed only when the push
 * rule (errored-state.ts) holds against the current state.
 */
export function erroredStateFinding(e: ErroredStateInput): DraftFinding {
  const refused = erroredPushRefusal(e, e.current);
  const evidence = {
    errored_file: e.file, errored_lineage: e.lineage, errored_serial: e.serial, errored_sha256: e.sha256,
    ...(e.current ? { state_lineage: e.current.lineage, state_serial: e.current.serial } : {}),
    ...(refused ? { push_refused: refused } : {}),
  };
  return {
    kind: 'state-write-failed',
    severity: 'error',
    summary: refused
      ? `an errored.tfstate (serial ${e.serial}) is in the working dir, left by an apply whose state write failed; it cannot be pushed as it is: ${refused}`
      : `an apply changed infrastructure but could not write the state: Terraform saved it to errored.tfstate (serial ${e.serial}, the backend has ${e.current?.serial ?? '?'}); push it back before anything else applies`,
    evidence,
    proposals: refused ? [] : [
      statePushProposal('upload the state Terraform saved, so the state matches what was applied (guarded: same lineage, serial 1 or 2 above the current one, rehearsed, backed up)', [
        'the backend answers again (the cause of the failed write is fixed)',
        'nobody ran terraform apply since (a second apply without this state would create the objects again)',
      ]),
    ],
  };
}

function inconsistent(diag: Diagnostic, pattern: TextPattern, plan: PlanJson | undefined): DraftFinding {
  const text = `${diag.summary}\n${diag.detail ?? ''}`;
  const fromText = EXTRACT.inconsistentAddress.re.exec(text)?.[1];
  const address = [diag.address, fromText, addressOf(diag)].find((a): a is string => a !== undefined && isSafeAddress(a));
  const rc = address ? plan?.resource_changes?.find((r) => r.address === address) : undefined;
  const id = rc ? importIdFor(rc.type, rc.change.after) : undefined;
  const absent = EXTRACT.rootObjectAbsent.re.test(text);
  return {
    kind: 'provider-inconsistent-result',
    severity: 'error',
    ...(address ? { address } : {}),
    summary: `${address ?? 'a resource'}: the provider returned an inconsistent result after apply${absent ? ': the object may exist in AWS but is not in the state' : ''}`,
    evidence: { ...base(diag, pattern), root_object_absent: absent },
    proposals:
      address && id
        ? importProposals(address, id, 'adopt the object the apply created into the state', ['the object exists in AWS (look it up by that id first)'])
        : [],
  };
}

function existsFromDiagnostic(diag: Diagnostic, pattern: TextPattern, input: DiagnoseInput): DraftFinding {
  const address = addressOf(diag);
  const rc = address ? input.plan?.resource_changes?.find((r) => r.address === address) : undefined;
  const type = rc?.type ?? (address ? EXTRACT.resourceTypeOfAddress.re.exec(resourceOf(address))?.[1] : undefined);
  const probe = address ? input.probes?.find((p) => p.address === address) : undefined;
  // AWS provider 5.x error summaries name the object in parentheses:
  // `creating RDS DB Parameter Group (quay-db-pg): ...`.
  const idFromText = EXTRACT.providerObjectId.re.exec(diag.summary)?.[1];
  const id = (rc ? importIdFor(rc.type, rc.change.after) : undefined) ?? probe?.importId ?? idFromText;
  const code = EXTRACT.alreadyExistsCode.re.exec(`${diag.summary}\n${diag.detail ?? ''}`)?.[1];
  if (address && type && id) {
    return existsUnmanagedFromProbe(address, type, id, { ...base(diag, pattern), ...(code ? { error_code: code } : {}) });
  }
  return {
    kind: 'exists-unmanaged',
    severity: 'error',
    ...(address ? { address } : {}),
    summary: `${address ?? 'an object'} already exists outside the state${code ? ` (${code})` : ''}: import it (the import id could not be derived)`,
    evidence: { ...base(diag, pattern), ...(code ? { error_code: code } : {}) },
    proposals: [],
  };
}

function amiFromDiagnostic(diag: Diagnostic, pattern: TextPattern, input: DiagnoseInput): DraftFinding {
  let address = addressOf(diag);
  let lookup = address ? input.amis?.find((l) => l.address === address) : undefined;
  if (!lookup && !address) {
    // No address in the diagnostic: use the one lookup that found nothing for its commit, if unique.
    const missing = (input.amis ?? []).filter((l) => !l.available.some((a) => a.commit === l.commit));
    if (missing.length === 1) {
      lookup = missing[0];
      address = lookup?.address;
    }
  }
  // Without a lookup, the commit and region still follow from the data source's filter in the plan's configuration.
  const filter = address ? amiFilterFromConfig(input.plan, address) : undefined;
  return amiFinding(
    { address, account: lookup?.account ?? input.account?.name, commit: lookup?.commit ?? filter?.commit, region: filter?.region, tagName: filter?.tagName },
    lookup,
    base(diag, pattern),
  );
}

function amiFinding(
  seen: {
    address?: string | undefined; account?: string | undefined; commit?: string | undefined; region?: string | undefined; tagName?: string | undefined;
    identifier?: string; imageDefinition?: string;
  },
  lookup: AmiLookup | undefined,
  extra: Pick<EvidenceByKind['ami-not-found'], 'diagnostic' | 'pattern' | 'reconciler_message'>,
): DraftFinding {
  const commit = seen.commit ?? lookup?.commit;
  const account = seen.account ?? lookup?.account;
  const region = lookup?.region ?? seen.region;
  const others = lookup ? newestFirst(lookup.available.filter((a) => a.commit !== commit)) : [];
  const newest = others[0];
  const where = [account ? `account ${account}` : undefined, region].filter(Boolean).join(' ');
  return {
    kind: 'ami-not-found',
    severity: 'error',
    ...(seen.address ? { address: seen.address } : {}),
    summary: `no AMI${commit ? ` for commit ${commit.slice(0, 12)}` : ''}${where ? ` in ${where}` : ''}: ${AMI_CAUSES}${newest ? `; newest commit with an AMI: ${newest.commit.slice(0, 12)}` : ''}`,
    evidence: {
      ...(account ? { account } : {}),
      ...(region ? { region } : {}),
      ...(commit ? { commit } : {}),
      ...(lookup ? { tag_name: lookup.tagName, ...(lookup.url ? { url: lookup.url } : {}) } : seen.tagName ? { tag_name: seen.tagName } : {}),
      ...(seen.identifier ? { identifier: seen.identifier } : {}),
      ...(seen.imageDefinition ? { image_definition: seen.imageDefinition } : {}),
      ...(lookup ? { commits_with_ami: others.map((a) => ({ commit: a.commit, image_id: a.imageId, ...(a.creationDate ? { created: a.creationDate } : {}) })) } : {}),
      usual_causes: ['image build failed for that commit', 'AMI not shared to the account (AMI-sharing job)'],
      ...extra,
    },
    proposals:
      newest && lookup
        ? [pinImageProposal({ tagName: lookup.tagName, url: lookup.url, commit: newest.commit },
            `pin the image ref to ${newest.commit.slice(0, 12)}, the newest commit that has an AMI (${newest.imageId}) in this account, until the build/share is fixed`)]
        : [],
  };
}

function newestFirst<T extends { creationDate?: string | undefined; commit: string }>(xs: readonly T[]): T[] {
  return [...xs].sort((a, b) => (b.creationDate ?? '').localeCompare(a.creationDate ?? '') || a.commit.localeCompare(b.commit));
}

function oneLine(s: string): string {
  const t = s.replace(/\s+/g, ' ').trim();
  return t.length > 200 ? `${t.slice(0, 197)}...` : t;
}

export function formatAge(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 120) return `${s}s`;
  const m = Math.round(s / 60);
  if (m < 120) return `${m}m`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h}h${m % 60 ? `${m % 60}m` : ''}`;
  return `${Math.floor(h / 24)}d${h % 24 ? `${h % 24}h` : ''}`;
}
