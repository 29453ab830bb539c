/**
 * `repair show`: the repair as a reviewer reads it in a pair-review session.
 * Plain text (no colour codes) so it can be pasted into a ticket.
 */
import { type ApproverEntry, verifyApproval } from './keys.js';
import { computeRepairHash, type Repair } from './repair-file.js';
import { sanitizeControl } from '../util/control-chars.js';

/** How renderRepair prints (colors). */
export interface RenderRepairOptions {
  now?: Date;
  /** When given, each approval also says whether its key is listed for its identity. */
  approvers?: readonly ApproverEntry[];
}

// Quote an argv element only when a shell reader would need it; display only,
// tfdoctor never runs a shell.
function shellWord(s: string): string {
  return /^[A-Za-z0-9_./:=@%+,-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

// Everything in the file may come from an editor: no control characters (terminal
// escapes, carriage returns) reach the reviewer's screen.
function clean(s: string): string {
  return sanitizeControl(s, 'hex-escape');
}

/** What the rehearsal at propose time predicts, as the approver reads it: the plan after the edit, and what it changes against the plan before. */
export function predictionLines(repair: Repair): string[] {
  const p = repair.prediction;
  if (!p) {
    if (repair.proposals.every((x) => x.kind === 'terraform-force-unlock')) return ['Prediction: none (a force-unlock edits no state)'];
    return [`Prediction: NONE RECORDED (repairVersion ${repair.repairVersion}): the consequence is only rehearsed at apply time`];
  }
  const out = [`Prediction (rehearsed ${p.rehearsedAt} on a local copy of the bound state), after the repair the plan will:`];
  const after = Object.entries(p.after.changes).sort(([a], [b]) => a.localeCompare(b));
  if (p.after.errored) out.push(`  FAIL: ${p.after.errors.join('; ')}`);
  if (after.length === 0) out.push('  change nothing');
  for (const [addr, act] of after) {
    const was = p.before.changes[addr];
    out.push(`  ${act} ${addr}${was === act ? ' (as before)' : was ? ` (before the repair: ${was})` : ' (new: no change before the repair)'}`);
  }
  const gone = Object.entries(p.before.changes).filter(([a]) => p.after.changes[a] === undefined).sort(([a], [b]) => a.localeCompare(b));
  for (const [addr, act] of gone) out.push(`  no longer ${act} ${addr}`);
  const unchanged = after.filter(([a, act]) => p.before.changes[a] === act).length;
  const changed = after.length - unchanged + gone.length;
  out.push(`  (${changed} address${changed === 1 ? '' : 'es'} change${changed === 1 ? 's' : ''} against the plan before the repair; ${unchanged} unchanged; apply refuses if its own rehearsal predicts anything else)`);
  return out;
}

/** A repair file as a person reviews it (`tfdoctor repair show`). */
export function renderRepair(repair: Repair, opts: RenderRepairOptions = {}): string {
  const now = opts.now ?? new Date();
  const hash = computeRepairHash(repair);
  const hashOk = hash === repair.hash;
  const expired = now.getTime() >= Date.parse(repair.expiresAt);
  const lines: string[] = [];
  lines.push(`tfdoctor repair ${repair.hash.slice(0, 16)}`);
  lines.push(`  integrity : ${hashOk ? 'content matches its hash' : `CHANGED since proposed (content hashes to ${hash.slice(0, 16)}); approvals are void`}`);
  lines.push(`  target    : ${repair.target.account ? `account ${repair.target.account}, ` : ''}dir ${repair.target.dir}`);
  const b = repair.target.backend;
  if (b) lines.push(`  backend   : ${b.type}${b.bucket ? ` s3://${b.bucket}/${b.key ?? ''}` : ''}${b.region ? ` (${b.region})` : ''}${b.dynamodb_table ? `, lock table ${b.dynamodb_table}` : ', NO lock table'}`);
  lines.push(`  state     : lineage ${repair.state.lineage}, serial ${repair.state.serial}, sha256 ${repair.state.sha256}`);
  lines.push(`  proposer  : ${repair.proposer} at ${repair.createdAt}`);
  lines.push(`  expires   : ${repair.expiresAt}${expired ? ' (EXPIRED)' : ''}`);
  lines.push('');
  lines.push(`Commands (${repair.proposals.length}), run in this order under one state lock:`);
  repair.proposals.forEach((p, i) => {
    lines.push(`  ${i + 1}. [${p.id}] ${p.kind} for finding ${p.findingId} (${p.findingKind}${p.address ? ` ${p.address}` : ''})`);
    lines.push(`     $ ${p.argv.map(shellWord).join(' ')}`);
    lines.push(`     why: ${p.why}`);
    if (p.statePush) {
      const gap = p.statePush.serial - repair.state.serial;
      lines.push(`     pushes: ${p.statePush.file} lineage ${p.statePush.lineage}, serial ${p.statePush.serial} (${gap > 0 ? `+${gap}` : gap} over the state), sha256 ${p.statePush.sha256}: apply pushes only these bytes`);
    }
  });
  lines.push('');
  lines.push(...predictionLines(repair));
  lines.push('');
  if (repair.approvals.length === 0) {
    lines.push('Approvals: none yet (another person runs: tfdoctor repair approve <file> --as <them> --key <keyfile>)');
  } else {
    lines.push('Approvals:');
    for (const a of repair.approvals) {
      const sig = verifyApproval(a.publicKey, a.signature, repair.hash, a.approver) ? 'signature ok' : 'SIGNATURE DOES NOT VERIFY';
      const self = a.approver === repair.proposer ? ', SELF-APPROVAL (does not count)' : '';
      const listed = opts.approvers
        ? opts.approvers.some((e) => e.identity === a.approver && e.publicKey === a.publicKey) ? ', key listed' : ', KEY NOT IN APPROVERS FILE'
        : '';
      lines.push(`  - ${a.approver} at ${a.at}: ${sig}${listed}${self}`);
    }
  }
  return `${lines.map(clean).join('\n')}\n`;
}
