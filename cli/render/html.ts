/**
 * The report (one account or a fleet) and a repair file as ONE self-contained
 * HTML page for a shared screen (`--html FILE`): inline CSS and a few lines of
 * inline JS for the copy buttons, nothing fetched (a Content-Security-Policy
 * of `default-src 'none'` with the hashes of the one style and the one script
 * says so to the browser, and would stop any markup that slipped through).
 *
 * Every string from input (addresses, names, provider messages, the repair
 * file) is escaped for HTML text and attributes; control characters are made
 * visible as in the terminal renderer. Values under secret-looking keys are
 * masked again here with the report's own redaction (src/doctor/sensitive.ts),
 * so a report written by another tool cannot bring a password onto the screen.
 */
import { createHash } from 'node:crypto';
import type { Finding, FleetReport, Proposal, Report } from '../../src/doctor/report.js';
import { isSecretKey, MASK, redact } from '../../src/doctor/sensitive.js';
import type { AuditRecord } from '../../src/repair/audit.js';
import { type ApproverEntry, verifyApproval } from '../../src/repair/keys.js';
import { computeRepairHash, type Repair } from '../../src/repair/repair-file.js';
import { attributeRows, countLine, diagnosticOf, displayArgv, plural, SEVERITIES, showValue, targetName, visible, type AttributeRow } from './text.js';

export interface HtmlReportOptions {
  /** The JSON report file (`--report`), named in the `repair propose` command a state edit needs. */
  reportFile?: string | undefined;
}

export interface HtmlRepairOptions {
  /** The repair file as given on the command line (named in the next command). */
  file?: string | undefined;
  now?: Date | undefined;
  /** When given, each approval also says whether its key is listed for its identity. */
  approvers?: readonly ApproverEntry[] | undefined;
  /** The audit records of this repair (its hash), oldest first: whether and how it was applied. */
  audit?: readonly AuditRecord[] | undefined;
  /** Where the audit records were read from (said on the page). */
  auditLog?: string | undefined;
}

// ---- one account, a fleet -------------------------------------------------

/** One account's report as a page: header, findings list, one card per finding. */
export function renderHtml(report: Report, opts: HtmlReportOptions = {}): string {
  const name = targetName(report);
  const title = report.findings.length ? `tfdoctor: ${name}: ${countLine(report.findings)}` : `tfdoctor: ${name}: no findings`;
  return page(title, `<header><h1>${esc(title)}</h1>${reportMeta(report)}</header><main>${accountBody(report, 'a0', opts, 2)}</main>`);
}

/** A fleet report as a page: the overview table (account, status, findings by severity) linking to each account's section. */
export function renderFleetHtml(fleet: FleetReport, opts: HtmlReportOptions = {}): string {
  const sick = fleet.reports.filter((r) => r.findings.length);
  const shard = fleet.shard ? ` (shard ${fleet.shard.index + 1}/${fleet.shard.count})` : '';
  const title = `tfdoctor fleet${shard}: ${plural(fleet.reports.length, 'account')}, ${sick.length} with findings, ${fleet.failures.length} failed`;
  const rows = fleet.reports.map((r, i) => {
    const n = counts(r.findings);
    const status = r.findings.length ? sevBadge(n.error ? 'error' : n.warning ? 'warning' : 'info') : '<span class="badge ok">clean</span>';
    const kinds = [...new Set(r.findings.map((f) => f.kind))].map((k) => `<code>${esc(k)}</code>`).join(' ');
    return `<tr><th scope="row"><a href="#a${i}">${esc(targetName(r))}</a></th><td>${status}</td>${SEVERITIES.map((s) => `<td class="num">${n[s] || '<span class="dim">0</span>'}</td>`).join('')}<td>${kinds}</td></tr>`;
  });
  const failRows = fleet.failures.map((f, i) => `<tr><th scope="row"><a href="#x${i}">${esc(f.account)}</a></th><td><span class="badge error">could not diagnose</span></td><td colspan="3" class="dim">–</td><td>${esc(f.error.split('\n')[0] ?? '')}</td></tr>`);
  const overview = `<section aria-labelledby="overview"><h2 id="overview">Accounts</h2><div class="table-wrap"><table class="overview"><thead><tr><th scope="col" class="acct">account</th><th scope="col" class="status">status</th><th scope="col" class="num">errors</th><th scope="col" class="num">warnings</th><th scope="col" class="num">info</th><th scope="col">kinds</th></tr></thead><tbody>${[...rows, ...failRows].join('')}</tbody></table></div></section>`;
  const accounts = fleet.reports.map((r, i) => `<section class="account" id="a${i}" aria-labelledby="a${i}-h"><h2 id="a${i}-h">${esc(targetName(r))} <span class="count">${r.findings.length ? esc(countLine(r.findings)) : 'no findings'}</span></h2>${reportMeta(r)}${accountBody(r, `a${i}`, opts, 3)}<p class="back"><a href="#overview">back to the accounts</a></p></section>`);
  const failures = fleet.failures.map((f, i) => `<section class="account" id="x${i}" aria-labelledby="x${i}-h"><h2 id="x${i}-h">${esc(f.account)} <span class="badge error">could not diagnose</span></h2><pre>${esc(f.error)}</pre></section>`);
  const meta = `<p class="meta">tfdoctor ${esc(fleet.version)}</p>`;
  return page(title, `<header><h1>${esc(title)}</h1>${meta}</header><main>${overview}${accounts.join('')}${failures.join('')}</main>`);
}

function reportMeta(r: Report): string {
  const parts = [
    `tfdoctor ${esc(r.version)}`,
    r.terraform.version ? `terraform ${esc(r.terraform.version)}` : '',
    r.target.dir ? `dir <code>${esc(r.target.dir)}</code>` : '',
    r.state?.serial !== undefined ? `state serial ${r.state.serial}` : '',
    r.state?.lineage ? `lineage <code>${esc(r.state.lineage)}</code>` : '',
    r.plan && r.plan.mode !== 'normal' ? `${esc(r.plan.mode)} plan` : '',
    r.generatedAt ? `generated ${esc(r.generatedAt)}` : '',
  ].filter(Boolean);
  return `<p class="meta">${parts.join(' · ')}</p>`;
}

function accountBody(r: Report, anchor: string, opts: HtmlReportOptions, h: number): string {
  if (!r.findings.length) return '<p class="clean"><span class="badge ok">clean</span> State and reality agree: the plan changes nothing.</p>';
  const ordered = SEVERITIES.flatMap((s) => r.findings.filter((f) => f.severity === s));
  const ids = new Map(r.findings.map((f, i) => [f, `${anchor}-f${i}`]));
  const list = `<ol class="toc">${ordered.map((f) => `<li>${sevBadge(f.severity)} <a href="#${ids.get(f) ?? ''}"><b>${esc(f.id)}</b> ${esc(f.summary)}</a></li>`).join('')}</ol>`;
  const b = r.baseline;
  const since = b ? `<p class="meta">since the baseline${b.previousGeneratedAt ? ` of ${esc(b.previousGeneratedAt)}` : ''}: ${b.new} new, ${b.open} still open, ${b.resolved.length} resolved${b.resolved.length ? `: ${b.resolved.map((x) => `<code>${esc(x.kind)}</code>${x.address ? ` <code>${esc(x.address)}</code>` : ''}`).join(', ')}` : ''}</p>` : '';
  return `${list}${since}${ordered.map((f) => card(f, ids.get(f) ?? '', opts, h)).join('')}`;
}

function card(f: Finding, id: string, opts: HtmlReportOptions, h: number): string {
  const head = `<h${h} class="card-title">${sevBadge(f.severity)} <span class="fid">${esc(f.id)}</span> <code class="kind">${esc(f.kind)}</code>${f.baseline ? ` <span class="badge base">${esc(f.baseline)}</span>` : ''}${f.address ? ` <code class="addr">${esc(f.address)}</code>` : ''}</h${h}>`;
  const rows = attributeRows(f);
  const diff = rows.length ? `<h${h + 1}>Attributes</h${h + 1}>${diffTable(rows, f.kind === 'changed-out-of-band')}` : '';
  const facts = evidenceFacts(f);
  const diag = diagnosticOf(f);
  const diagHtml = diag ? `<h${h + 1}>Terraform said</h${h + 1}><pre class="diag">${esc([diag.summary, diag.detail].filter((x) => x.trim()).join('\n\n'))}</pre>` : '';
  const evidence = `<h${h + 1}>Evidence</h${h + 1}>${facts.length ? `<dl class="facts">${facts.map(([k, v]) => `<dt>${esc(k)}</dt><dd>${v}</dd>`).join('')}</dl>` : ''}${diagHtml}<details><summary>evidence as JSON</summary><pre>${esc(JSON.stringify(redactEvidence(f.evidence), null, 2))}</pre></details>`;
  const proposals = f.proposals.length ? `<h${h + 1}>Proposals</h${h + 1}><ul class="proposals">${f.proposals.map((p) => proposal(p, opts)).join('')}</ul>` : '';
  return `<article class="card sev-${f.severity}" id="${id}" aria-labelledby="${id}-t"><div id="${id}-t">${head}</div><p class="summary">${esc(f.summary)}</p>${diff}${evidence}${proposals}</article>`;
}

function diffTable(rows: readonly AttributeRow[], drift: boolean): string {
  const planned = drift && rows.some((r) => r.planned !== undefined);
  const body = rows.map((r) => {
    // The report masks these already; a path that looks like a credential is masked again whatever the value says.
    const hidden = r.sensitive === true || isSecretKey(r.path);
    const cell = (v: unknown, cls: string) => `<td class="${cls}">${hidden ? `<span class="dim">${MASK}</span>` : v === undefined ? '<span class="dim">(none)</span>' : `<code>${esc(showValue(v))}</code>`}</td>`;
    return `<tr><th scope="row"><code>${esc(r.path)}</code></th>${cell(r.before, 'before')}${cell(r.after, 'after')}${planned ? cell(r.planned, 'planned') : ''}</tr>`;
  }).join('');
  const heads = drift ? ['in the state', 'in reality', ...(planned ? ['the plan sets'] : [])] : ['before', 'after'];
  return `<div class="table-wrap"><table class="diff"><thead><tr><th scope="col" class="attr">attribute</th>${heads.map((x, i) => `<th scope="col" class="${['before', 'after', 'planned'][i] ?? ''}">${x}</th>`).join('')}</tr></thead><tbody>${body}</tbody></table></div>`;
}

function proposal(p: Proposal, opts: HtmlReportOptions): string {
  const parts = [`<div class="p-head"><b>${esc(p.id)}</b> <code>${esc(p.kind)}</code>${p.mutatesState ? ' <span class="badge guard">changes state: needs a second person</span>' : ''}</div>`, `<p>${esc(p.why)}</p>`];
  if (p.argv) parts.push(copyBlock(displayArgv(p.argv), `command of ${p.id}`, 'sh'));
  if (p.snippet) parts.push(copyBlock(p.snippet.trimEnd(), `snippet of ${p.id}`, 'snippet', p.snippet));
  if (p.checkFirst?.length) parts.push(`<p class="check">check first:</p><ul>${p.checkFirst.map((c) => `<li>${esc(c)}</li>`).join('')}</ul>`);
  if (p.mutatesState) {
    const next = `tfdoctor repair propose --report ${opts.reportFile ? displayArgv([opts.reportFile]) : 'REPORT.json'} --proposal ${displayArgv([p.id])} --as YOU`;
    parts.push(`<p class="dim">Not run by hand: propose it, another person approves, then apply.</p>${copyBlock(next, `repair propose for ${p.id}`, 'sh')}`);
  }
  return `<li class="proposal">${parts.join('')}</li>`;
}

/**
 * A code block and its copy button; the button copies exactly the text shown (argv
 * quoted for a POSIX shell by displayArgv; a snippet with its final newline). Text with control characters is shown
 * escaped and not offered for copying: what lands in a shell must be what was read.
 */
function copyBlock(text: string, label: string, cls: string, copyText = text): string {
  const copyable = visible(copyText) === copyText;
  const button = copyable
    ? `<button type="button" class="copy" data-copy="${esc(copyText)}" aria-label="${esc(`copy the ${label}`)}">Copy</button>`
    : '<span class="dim">(contains control characters: not offered for copying)</span>';
  return `<div class="code ${cls}"><pre><code>${cls === 'sh' ? '<span class="dim" aria-hidden="true">$ </span>' : ''}${esc(text)}</code></pre>${button}</div>`;
}

/** The evidence of each kind (evidence.ts) as label → HTML, the facts a person reads first. */
function evidenceFacts(f: Finding): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  const add = (label: string, v: unknown, asCode = false) => {
    if (v === undefined || v === null || v === '') return;
    if (typeof v === 'string' && isSecretKey(label)) { out.push([label, MASK]); return; }
    const s = typeof v === 'string' ? v : typeof v === 'boolean' ? (v ? 'yes' : 'no') : String(v);
    out.push([label, asCode ? `<code>${esc(s)}</code>` : esc(s)]);
  };
  const entry = (label: string, e: { address: string; actions: readonly string[]; action_reason?: string | undefined } | undefined) => {
    if (e) out.push([label, `<code>${esc(e.actions.join(', '))}</code> <code>${esc(e.address)}</code>${e.action_reason ? ` <span class="dim">(${esc(e.action_reason)})</span>` : ''}`]);
  };
  const object = (o: Record<string, unknown> | undefined) => {
    for (const k of ['import_id', 'id', 'arn', 'name', 'bucket', 'identifier'] as const) add(k.replace('_', ' '), o?.[k], true);
  };
  const gate = (g: { account?: string | undefined; enableDeletion?: boolean | undefined; runEnableDeletion?: boolean | undefined; verdict?: string | undefined; approval?: { type: string; name: string; expiration: string } | undefined } | string | undefined) => {
    if (typeof g === 'string') { add('deletion gate', g); return; }
    if (!g) return;
    add('gate: account', g.account, true);
    add('gate: enableDeletion', g.enableDeletion);
    add('gate: --enable-deletion', g.runEnableDeletion);
    add('gate: verdict', g.verdict, true);
    if (g.approval) add('gate: approval', `${g.approval.type} ${g.approval.name} until ${g.approval.expiration}`, true);
  };
  switch (f.kind) {
    case 'deleted-out-of-band':
      entry('drift', f.evidence.resource_drift); object(f.evidence.object); entry('the plan', f.evidence.planned);
      break;
    case 'changed-out-of-band':
      entry('drift', f.evidence.resource_drift); entry('the plan', f.evidence.planned);
      break;
    case 'exists-unmanaged':
      if (f.evidence.probe) add('probe', `${f.evidence.probe.exists ? 'exists' : 'not found'}: ${f.evidence.probe.type} ${f.evidence.probe.import_id}`, true);
      add('error code', f.evidence.error_code, true);
      break;
    case 'renamed-address':
      entry('the old address', f.evidence.from); entry('the new address', f.evidence.to); add('import id', f.evidence.import_id, true); gate(f.evidence.gate);
      break;
    case 'orphaned-in-state':
      entry('the plan', f.evidence.planned); object(f.evidence.object); gate(f.evidence.gate);
      break;
    case 'deletion-not-enabled':
      entry('the plan', f.evidence.planned); add('reason', f.evidence.reason, true); add('because', f.evidence.because); gate(f.evidence.gate);
      break;
    case 'ami-not-found': {
      const e = f.evidence;
      add('account', e.account, true); add('region', e.region, true); add('commit', e.commit, true); add('tag', e.tag_name, true);
      add('url', e.url, true); add('identifier', e.identifier, true); add('image definition', e.image_definition, true);
      if (e.commits_with_ami) {
        out.push(['commits with an AMI', e.commits_with_ami.length
          ? `<ul class="plain">${e.commits_with_ami.map((c) => `<li><code>${esc(c.commit)}</code> <code>${esc(c.image_id)}</code>${c.created ? ` <span class="dim">${esc(c.created)}</span>` : ''}</li>`).join('')}</ul>`
          : 'none']);
      }
      if (e.usual_causes?.length) out.push(['usual causes', `<ul class="plain">${e.usual_causes.map((c) => `<li>${esc(c)}</li>`).join('')}</ul>`]);
      add('reconciler said', e.reconciler_message);
      break;
    }
    case 'state-lock-held': {
      const e = f.evidence;
      if (e.lock === null) add('lock info', 'terraform printed none');
      for (const k of ['id', 'who', 'operation', 'created', 'path', 'version', 'info'] as const) add(`lock ${k}`, e.lock?.[k], k !== 'created');
      if (e.age_seconds !== undefined) add('age', `${age(e.age_seconds)}${e.stale ? ' (stale' : ' (not stale'}${e.stale_after_seconds !== undefined ? `: stale after ${age(e.stale_after_seconds)})` : ')'}`);
      add('advice', e.advice); add('backend said', e.backend_error);
      break;
    }
    case 'state-checksum-mismatch': {
      const e = f.evidence;
      add('bucket', e.bucket, true); add('key', e.key, true); add('calculated', e.calculated_checksum, true); add('stored', e.stored_checksum, true); add('digest to set', e.digest_to_set, true);
      break;
    }
    case 'provider-inconsistent-result':
      add('root object absent after apply', f.evidence.root_object_absent);
      break;
    case 'plan-format-unsupported':
      add('format_version', f.evidence.format_version, true); add('expected', f.evidence.expected, true); add('account', f.evidence.account, true);
      break;
    case 'plan-errored': {
      const e = f.evidence;
      add('errored', e.errored); add('complete', e.complete); add('applyable', e.applyable);
      if (e.diagnostics?.length) out.push(['diagnostics', `<ul class="plain">${e.diagnostics.map((d) => `<li>${esc(d.summary)}${d.detail ? `: ${esc(d.detail)}` : ''}</li>`).join('')}</ul>`]);
      break;
    }
    case 'unclassified-error':
      add('hint', f.evidence.hint);
      break;
    case 'state-write-failed':
      break;
  }
  const diag = diagnosticOf(f);
  if (diag?.address) add('diagnostic address', diag.address, true);
  if (diag?.range) add('in the config', `${diag.range.filename}:${diag.range.line}`, true);
  const pattern = (f.evidence as Record<string, unknown>)['pattern'];
  if (typeof pattern === 'string') add('matched pattern', pattern, true);
  return out;
}

/**
 * The evidence with the report's redaction applied again: values under
 * credential-looking keys, and the values of an attribute change whose path
 * looks like one (`{ path: "master_password", before, after }`), are masked.
 */
function redactEvidence(evidence: unknown): unknown {
  const walk = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(walk);
    if (typeof v !== 'object' || v === null) return v;
    const o = Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    if (typeof o['path'] === 'string' && isSecretKey(o['path'])) {
      for (const k of ['before', 'after', 'planned']) if (o[k] !== undefined && o[k] !== null) o[k] = MASK;
    }
    return o;
  };
  return walk(redact(evidence));
}

function age(seconds: number): string {
  if (seconds < 120) return `${seconds} s`;
  const m = Math.round(seconds / 60);
  if (m < 120) return `${m} min`;
  const h = Math.round(m / 60);
  return h < 48 ? `${h} h` : `${Math.round(h / 24)} days`;
}

function counts(findings: readonly Finding[]): Record<Finding['severity'], number> {
  const c = { error: 0, warning: 0, info: 0 };
  for (const f of findings) c[f.severity] += 1;
  return c;
}

function sevBadge(sev: Finding['severity'], label: string = sev): string {
  return `<span class="badge ${sev}">${label}</span>`;
}

// ---- a repair file ----------------------------------------------------------

/** A repair file as a page: the edit, the prediction from the propose-time rehearsal, and the guard's state (proposed, approved by whom, applied). */
export function renderRepairHtml(repair: Repair, opts: HtmlRepairOptions = {}): string {
  const now = opts.now ?? new Date();
  const hashOk = computeRepairHash(repair) === repair.hash;
  const expired = now.getTime() >= Date.parse(repair.expiresAt);
  const approvals = repair.approvals.map((a) => {
    const sig = hashOk && verifyApproval(a.publicKey, a.signature, repair.hash, a.approver);
    const self = a.approver === repair.proposer;
    const listed = opts.approvers ? opts.approvers.some((e) => e.identity === a.approver && e.publicKey === a.publicKey) : undefined;
    return { a, sig, self, listed, counts: sig && !self && listed !== false };
  });
  const approvedBy = approvals.filter((x) => x.counts);
  const applied = [...(opts.audit ?? [])].reverse().find((x) => x.outcome === 'applied');
  const lastTry = opts.audit?.at(-1);
  const file = opts.file ? displayArgv([opts.file]) : 'REPAIR.json';
  const title = `tfdoctor repair ${repair.hash.slice(0, 16)}`;

  const step = (state: 'done' | 'todo' | 'bad', name: string, body: string) =>
    `<li class="step ${state}"><span class="badge ${state === 'done' ? 'ok' : state === 'bad' ? 'error' : 'todo'}">${state === 'done' ? 'done' : state === 'bad' ? 'blocked' : 'not yet'}</span> <b>${name}</b><div>${body}</div></li>`;
  const proposed = step(hashOk ? 'done' : 'bad', 'Proposed', `by <b>${esc(repair.proposer)}</b> at ${esc(repair.createdAt)}; expires ${esc(repair.expiresAt)}${expired ? ' <span class="badge error">EXPIRED</span>' : ''}<br>${hashOk ? 'the content matches its hash' : '<span class="badge error">CHANGED since proposed</span> the content no longer matches its hash: every approval is void'}`);
  const approvalItems = approvals.map(({ a, sig, self, listed }) => `<li><b>${esc(a.approver)}</b> at ${esc(a.at)}: ${sig ? 'signature ok' : '<span class="badge error">signature does not verify</span>'}${listed === undefined ? '' : listed ? ', key listed in the approvers file' : ' <span class="badge error">key not in the approvers file</span>'}${self ? ' <span class="badge error">self-approval: does not count</span>' : ''}</li>`).join('');
  const approved = step(approvedBy.length ? 'done' : approvals.length ? 'bad' : 'todo', 'Approved',
    `${approvals.length ? `<ul class="plain">${approvalItems}</ul>` : 'no approval yet'}${opts.approvers ? '' : '<p class="dim">Whether each key is trusted: <code>repair show --approvers FILE</code>.</p>'}`);
  const appliedBody = applied
    ? `by <b>${esc(applied.applier)}</b> at ${esc(applied.at)}: serial ${applied.serialBefore ?? '?'} → ${applied.serialAfter ?? '?'}${applied.backup ? `, backup <code>${esc(applied.backup)}</code>` : ''}`
    : lastTry
      ? `not applied; the last attempt by <b>${esc(lastTry.applier)}</b> at ${esc(lastTry.at)}: <code>${esc(lastTry.outcome)}</code>${lastTry.check ? ` (check <code>${esc(lastTry.check)}</code>)` : ''}${lastTry.error ? `<pre>${esc(lastTry.error)}</pre>` : ''}`
      : `no record in ${opts.auditLog ? `<code>${esc(opts.auditLog)}</code>` : 'the audit log'}`;
  const appliedStep = step(applied ? 'done' : lastTry && lastTry.outcome !== 'refused' ? 'bad' : 'todo', 'Applied', appliedBody);

  const next = applied ? '' : !hashOk || expired ? '<p>This repair cannot be approved or applied: propose it again from a fresh report.</p>'
    : approvedBy.length
      ? `<p>Next, the person applying it runs:</p>${copyBlock(`tfdoctor repair apply ${file} --as YOU --approvers APPROVERS_FILE`, 'repair apply command', 'sh')}`
      : `<p>Next, another person than ${esc(repair.proposer)} reviews this page and runs:</p>${copyBlock(`tfdoctor repair approve ${file} --as YOU --key KEYFILE`, 'repair approve command', 'sh')}`;

  const b = repair.target.backend;
  const binding = `<dl class="facts">${[
    repair.target.account ? ['account', `<code>${esc(repair.target.account)}</code>`] : undefined,
    ['dir', `<code>${esc(repair.target.dir)}</code>`],
    b ? ['backend', `<code>${esc(b.type)}</code>${b.bucket ? ` <code>s3://${esc(b.bucket)}/${esc(b.key ?? '')}</code>` : ''}${b.region ? ` ${esc(b.region)}` : ''}${b.dynamodb_table ? `, lock table <code>${esc(b.dynamodb_table)}</code>` : ''}${b.use_lockfile ? ', S3 lockfile' : ''}${b.path ? ` <code>${esc(b.path)}</code>` : ''}`] : undefined,
    ['state', `lineage <code>${esc(repair.state.lineage)}</code>, serial ${repair.state.serial}`],
    ['state sha256', `<code>${esc(repair.state.sha256)}</code>`],
    ['repair hash', `<code>${esc(repair.hash)}</code>`],
  ].filter((x): x is string[] => x !== undefined).map(([k, v]) => `<dt>${k}</dt><dd>${v}</dd>`).join('')}</dl>`;

  // The edit is shown, not offered for copying: run by hand it would bypass the guard (lock, rehearsal, backup, audit).
  const edits = repair.proposals.map((p, i) => `<li class="proposal"><div class="p-head"><b>${i + 1}. ${esc(p.id)}</b> <code>${esc(p.kind)}</code> for finding <b>${esc(p.findingId)}</b> <code>${esc(p.findingKind)}</code>${p.address ? ` <code class="addr">${esc(p.address)}</code>` : ''}</div><div class="code sh"><pre><code><span class="dim" aria-hidden="true">$ </span>${esc(displayArgv(p.argv))}</code></pre></div><p>${esc(p.why)}</p></li>`).join('');

  const body = `<header><h1>${esc(title)}</h1><p class="meta">repairVersion ${repair.repairVersion}${repair.target.account ? ` · account <code>${esc(repair.target.account)}</code>` : ''}</p></header><main>`
    + `<section aria-labelledby="guard"><h2 id="guard">Guard</h2><ol class="steps">${proposed}${approved}${appliedStep}</ol>${next}</section>`
    + `<section aria-labelledby="edit"><h2 id="edit">The edit (${repair.proposals.length}), run in this order under one state lock</h2><ul class="proposals">${edits}</ul></section>`
    + `<section aria-labelledby="pred"><h2 id="pred">Prediction</h2>${predictionHtml(repair)}</section>`
    + `<section aria-labelledby="bound"><h2 id="bound">Bound to</h2>${binding}</section></main>`;
  return page(title, body);
}

function predictionHtml(repair: Repair): string {
  const p = repair.prediction;
  if (!p) {
    return repair.proposals.every((x) => x.kind === 'terraform-force-unlock')
      ? '<p>None: a force-unlock edits no state.</p>'
      : `<p><span class="badge error">none recorded</span> (repairVersion ${repair.repairVersion}): the consequence is only rehearsed at apply time.</p>`;
  }
  const addrs = [...new Set([...Object.keys(p.before.changes), ...Object.keys(p.after.changes), ...Object.keys(p.before.drift), ...Object.keys(p.after.drift)])].sort();
  const rows = addrs.map((a) => {
    const bc = p.before.changes[a];
    const ac = p.after.changes[a];
    const effect = bc === ac ? '<span class="dim">as before</span>' : ac === undefined ? `no longer ${esc(bc ?? '')}` : bc === undefined ? `<b>new</b>: ${esc(ac)}` : `${esc(bc)} → ${esc(ac)}`;
    const cls = bc === ac ? '' : ' class="changed"';
    const v = (x: string | undefined) => (x === undefined ? '<span class="dim">–</span>' : `<code>${esc(x)}</code>`);
    return `<tr${cls}><th scope="row"><code>${esc(a)}</code></th><td>${v(bc)}</td><td>${v(ac)}</td><td>${v(p.before.drift[a])}</td><td>${v(p.after.drift[a])}</td><td>${effect}</td></tr>`;
  }).join('');
  const fail = p.after.errored ? `<p><span class="badge error">the plan after the repair fails</span></p><pre>${esc(p.after.errors.join('\n'))}</pre>` : '';
  const changed = addrs.filter((a) => p.before.changes[a] !== p.after.changes[a]).length;
  return `<p>Rehearsed ${esc(p.rehearsedAt)} on a local copy of the bound state. After the repair the plan ${Object.keys(p.after.changes).length ? 'will:' : 'changes nothing.'} ${plural(changed, 'address')} change against the plan before the repair; apply refuses if its own rehearsal predicts anything else.</p>${fail}`
    + (addrs.length ? `<div class="table-wrap"><table class="pred"><thead><tr><th scope="col" class="addr">address</th><th scope="col">plan before</th><th scope="col">plan after</th><th scope="col">drift before</th><th scope="col">drift after</th><th scope="col">effect</th></tr></thead><tbody>${rows}</tbody></table></div>` : '');
}

// ---- the page -------------------------------------------------------------

/** HTML text and attribute values: control characters made visible, then the five HTML specials escaped. */
export function esc(s: string): string {
  return visible(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const CSS = `
:root{color-scheme:light dark;--bg:#fbfbfc;--fg:#1d2128;--dim:#5c6370;--card:#fff;--line:#d5d9e0;--code:#f1f3f6;--link:#0b57d0;--focus:#b35c00;
--err:#b3261e;--err-bg:#fde7e5;--warn:#8a5a00;--warn-bg:#fff1cc;--info:#1f5fa8;--info-bg:#e3eefb;--ok:#1e6b34;--ok-bg:#dcf3e2;--del:#9b1c1c;--del-bg:#fdeaea;--add:#1c6b2f;--add-bg:#e6f6ea;--guard:#6b2fa0;--guard-bg:#f1e6fb}
@media (prefers-color-scheme:dark){:root{--bg:#15171c;--fg:#e4e7ec;--dim:#a0a7b4;--card:#1e2128;--line:#3a3f4a;--code:#272b33;--link:#8ab4f8;--focus:#ffb454;
--err:#ffb4ab;--err-bg:#5c1a16;--warn:#ffd37a;--warn-bg:#4a3600;--info:#a8c8ff;--info-bg:#12345e;--ok:#8fdba4;--ok-bg:#143d22;--del:#ffb3b3;--del-bg:#4d1c1c;--add:#a6e6b4;--add-bg:#173d22;--guard:#dcb8ff;--guard-bg:#3d2457}}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--fg);font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif}
header,main{max-width:1200px;margin:0 auto;padding:0 24px}
header{padding-top:16px}
h1{font-size:1.5rem;margin:.5rem 0}h2{font-size:1.3rem;margin:1.5rem 0 .5rem}h3{font-size:1.1rem}h4{font-size:1rem;margin:1rem 0 .25rem}
h1,h2,h3,h4,p,li,dd,dt,td,th,a,code,pre,summary{overflow-wrap:break-word}
a{color:var(--link)}
code,pre{font-family:ui-monospace,"SFMono-Regular",Menlo,Consolas,"DejaVu Sans Mono",monospace;font-size:.9em}
code{background:var(--code);border-radius:4px;padding:0 .25em}
pre{background:var(--code);border-radius:6px;padding:.6em .8em;margin:.25rem 0;white-space:pre-wrap;max-width:100%}
pre code{background:none;padding:0}
.meta,.dim{color:var(--dim)}.meta{margin:.25rem 0 .75rem}
.badge{display:inline-block;white-space:nowrap;border-radius:999px;padding:0 .6em;font-size:.8rem;font-weight:600;line-height:1.6;vertical-align:middle;border:1px solid currentColor}
.badge.error{color:var(--err);background:var(--err-bg)}.badge.warning{color:var(--warn);background:var(--warn-bg)}.badge.info{color:var(--info);background:var(--info-bg)}
.badge.ok{color:var(--ok);background:var(--ok-bg)}.badge.guard{color:var(--guard);background:var(--guard-bg)}.badge.base,.badge.todo{color:var(--dim);background:var(--code)}
.table-wrap{max-width:100%}
table{border-collapse:collapse;width:100%;table-layout:fixed;background:var(--card)}
th,td{border:1px solid var(--line);padding:.35em .6em;text-align:left;vertical-align:top}
thead th{background:var(--code)}
td.num,th.num{text-align:right}th.num{width:6.5em}th.status{width:7.5em}
table.overview th.acct{width:24%}table.pred th.addr{width:30%}
table.diff th.attr{width:30%}
table.diff td.before code{color:var(--del);background:var(--del-bg)}table.diff td.after code{color:var(--add);background:var(--add-bg)}
table.diff th.before{color:var(--del)}table.diff th.after{color:var(--add)}
table.pred tr.changed{background:var(--warn-bg)}
.card{background:var(--card);border:1px solid var(--line);border-left:6px solid var(--info);border-radius:8px;padding:.5rem 1.1rem 1rem;margin:1rem 0}
.card.sev-error{border-left-color:var(--err)}.card.sev-warning{border-left-color:var(--warn)}
.card-title{margin:.5rem 0}.card .summary{font-size:1.05rem;margin:.25rem 0 .5rem}
.fid{font-weight:700}
dl.facts{display:grid;grid-template-columns:minmax(8em,max-content) minmax(0,1fr);gap:.2rem 1rem;margin:.25rem 0}
dl.facts dt{color:var(--dim);min-width:0}dl.facts dd{margin:0;min-width:0}
ul.plain{list-style:none;padding:0;margin:0}
ol.toc{padding-left:1.2em}ol.toc li{margin:.15rem 0}
ul.proposals{list-style:none;padding:0;margin:0}
li.proposal{border-top:1px solid var(--line);padding:.5rem 0}
li.proposal p{margin:.25rem 0}
.code{display:flex;gap:.5rem;align-items:flex-start}
.code pre{flex:1 1 auto;min-width:0}
button.copy{flex:0 0 auto;font:inherit;font-size:.9rem;padding:.3em .9em;margin-top:.25rem;border-radius:6px;border:1px solid var(--line);background:var(--card);color:var(--fg);cursor:pointer}
button.copy:hover{border-color:var(--link)}
:focus-visible{outline:3px solid var(--focus);outline-offset:2px}
a:focus-visible,button:focus-visible,summary:focus-visible{outline:3px solid var(--focus);outline-offset:2px}
details summary{cursor:pointer;color:var(--dim);margin:.5rem 0}
ol.steps{list-style:none;padding:0;margin:0}
li.step{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:.5rem 1rem;margin:.5rem 0}
li.step.bad{border-color:var(--err)}
.account{border-top:2px solid var(--line);margin-top:1.5rem}
.count{font-weight:400;color:var(--dim);font-size:1rem}
.back{font-size:.9rem}
.clean{margin:.5rem 0}
.offscreen{position:fixed;left:-9999px;top:0;opacity:0}
#copy-status{position:fixed;right:16px;bottom:16px;margin:0;padding:.4em .8em;border-radius:6px;background:var(--fg);color:var(--bg);opacity:0;transition:opacity .2s}
#copy-status.shown{opacity:.95}
@media (max-width:900px){header,main{padding:0 12px}dl.facts{grid-template-columns:minmax(0,1fr)}dl.facts dd{margin-bottom:.3rem}th.num{width:5.5em}}
`;

// The copy buttons: the Clipboard API (a file:// page is a secure context), else a
// selected textarea and execCommand('copy'). Focus goes back to the button.
const JS = `
(function(){
  var status=document.getElementById('copy-status');
  function say(t){status.textContent=t;status.className='shown';setTimeout(function(){status.className='';},1800);}
  function fallback(text){var ta=document.createElement('textarea');ta.value=text;ta.setAttribute('readonly','');ta.className='offscreen';document.body.appendChild(ta);ta.select();var ok=false;try{ok=document.execCommand('copy');}catch(e){ok=false;}ta.remove();return ok;}
  document.addEventListener('click',function(ev){
    var b=ev.target instanceof Element?ev.target.closest('button[data-copy]'):null;
    if(!b)return;
    var text=b.getAttribute('data-copy')||'';
    var done=function(ok){b.focus();b.textContent=ok?'Copied':'Copy failed';say(ok?'Copied to the clipboard':'Could not copy: select the text instead');setTimeout(function(){b.textContent='Copy';},1800);};
    if(navigator.clipboard&&window.isSecureContext){navigator.clipboard.writeText(text).then(function(){done(true);},function(){done(fallback(text));});}
    else done(fallback(text));
  });
})();
`;

function sha256b64(text: string): string {
  return createHash('sha256').update(text).digest('base64');
}

function page(title: string, body: string): string {
  const csp = `default-src 'none'; style-src 'sha256-${sha256b64(CSS)}'; script-src 'sha256-${sha256b64(JS)}'; img-src data:; base-uri 'none'; form-action 'none'`;
  return `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">`
    + `<meta http-equiv="Content-Security-Policy" content="${csp}"><meta name="referrer" content="no-referrer"><meta name="generator" content="tfdoctor">`
    + `<link rel="icon" href="data:,"><title>${esc(title)}</title><style>${CSS}</style></head>\n<body>${body}<p id="copy-status" role="status" aria-live="polite"></p><script>${JS}</script></body></html>\n`;
}
