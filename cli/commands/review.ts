/**
 * `tfdoctor review REPORT.json --as USER`: the pair-review session on a
 * terminal. Walks the findings in severity order (src/review), rehearses each
 * chosen state edit as `repair propose` does, writes the repair file (with
 * proposeRepair/writeRepairFile, exactly as propose), the review record, and
 * prints what the second person runs next.
 *
 * Exit codes (cli/exit.ts): 0 the record (and the repair file, when a state
 * edit was chosen) is written; 1 nothing written: no terminal (stdin and stdout
 * must be a TTY; scripts use `repair propose`), the pair quit at the summary,
 * the final rehearsal refused the repair (the record is written then, saying
 * so), or any other error; 130 Ctrl-C in a prompt, nothing written.
 */
import { resolve } from 'node:path';
import { input, select } from '@inquirer/prompts';
import type { Command } from 'commander';
import type { Finding } from '../../src/doctor/report.js';
import { EnvironmentError, InputError } from '../../src/errors.js';
import { writeFileAtomic } from '../../src/fs/write-file-atomic.js';
import { terraformBin } from '../../src/state/terraform/binary.js';
import { parseDuration, proposeRepair, renderRepair, resolveIdentity, writeRepairFile, type Repair } from '../../src/repair/index.js';
import { nextCommands, renderReviewRecord, runReviewSession, type FindingAction, type ReviewIO } from '../../src/review/index.js';
import { renderRehearsed, renderReviewFinding, renderReviewSummary } from '../render/review.js';
import { displayArgv, visible } from '../render/text.js';
import { EXIT_FAILED, EXIT_INTERRUPTED } from '../exit.js';
import { isInteractive, isPromptExit } from '../prompts.js';
import { readReport } from './repair.js';

export const NO_TTY_MESSAGE = 'tfdoctor review needs a terminal (stdin and stdout a TTY) for two people to read and answer; '
  + 'in a script, pick the proposals yourself: tfdoctor repair propose --report FILE --proposal F1.a[,F2.a] --as USER';

interface ReviewOpts { as?: string; partner?: string; out?: string; record?: string; ttl: string; dir?: string; terraformBin?: string; color?: boolean }

const say = (s: string) => process.stdout.write(s);
const stderr = (line: string) => process.stderr.write(`tfdoctor: ${line}\n`);

function stamp(d: Date): string {
  return d.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
}

function terminalIO(color: boolean): ReviewIO {
  return {
    showFinding: (f, at, current) => say(renderReviewFinding(f, at, current, { color, now: new Date() })),
    async chooseAction(f: Finding, at, current): Promise<FindingAction> {
      // Each choice's name starts with its own word, so typing its first letters selects it.
      const choices: { name: string; value: FindingAction; description?: string }[] = f.proposals.map((p) => ({
        name: `${p.id} ${p.kind}${p.mutatesState ? ' (state edit: rehearse it, then choose)' : ''}`,
        value: { type: 'choose', proposalId: p.id },
        description: visible(`${p.why}${p.argv ? `\n$ ${displayArgv(p.argv)}` : ''}`),
      }));
      choices.push({ name: 'skip: leave it alone, say why', value: { type: 'skip' } });
      if (at.index > 0) choices.push({ name: 'back to the previous finding', value: { type: 'back' } });
      choices.push({ name: at.index + 1 < at.count ? 'forward to the next finding (decide later)' : 'forward to the summary', value: { type: 'forward' } });
      choices.push({ name: 'stop: go to the summary', value: { type: 'stop' } });
      const currentId = current && current.type !== 'skipped' ? current.proposalId : undefined;
      const def = choices.find((c) => c.value.type === 'choose' && c.value.proposalId === currentId)?.value;
      return select({ message: `${f.id}: what do you do?`, choices, pageSize: 12, ...(def ? { default: def } : {}) });
    },
    async confirmStateEdit(p, preview: Repair) {
      say(renderRehearsed(preview));
      return select({
        message: `Choose ${p.id} (it goes into the repair file)?`,
        choices: [{ name: `yes, choose ${p.id}`, value: true }, { name: 'no, back to the finding', value: false }],
      });
    },
    async confirmOutside(p, note) {
      say(`\n   ${visible(p.id)} is done outside tfdoctor: ${visible(note)}\n\n`);
      return select({
        message: `Record ${p.id} as the decision?`,
        choices: [{ name: `yes, record ${p.id}`, value: true }, { name: 'no, back to the finding', value: false }],
      });
    },
    askSkipReason: (f) => input({ message: `Why is ${f.id} left alone?`, validate: (s) => (s.trim() ? true : 'say why (it goes into the review record)') }),
    showProblem: (m) => say(`\n   problem: ${visible(m)}\n\n`),
    async chooseAtSummary(order, decisions) {
      say(renderReviewSummary(order, decisions, { color }));
      const edits = order.flatMap((f) => { const d = decisions.get(f.id); return d?.type === 'state-edit' ? [d.proposalId] : []; });
      return select({
        message: 'Done?',
        choices: [
          { name: edits.length ? `write the repair file (${edits.join(', ')}) and the review record` : 'write the review record (no state edit chosen)', value: 'write' as const },
          { name: 'back to the findings', value: 'back' as const },
          { name: 'quit without writing anything', value: 'quit' as const },
        ],
      });
    },
  };
}

export function register(program: Command): void {
  program
    .command('review')
    .description('a pair-review session on a terminal: walk the findings, choose proposals or skip with a reason; writes the repair file and a review record')
    .argument('<report>', 'report saved by tfdoctor plan --report/--json')
    .option('--as <user>', 'who runs the session and proposes the repair (default: $TFDOCTOR_USER, else git user.email)')
    .option('--partner <user>', 'who reviews with you (named in the record and in the approve command)')
    .option('--out <file>', 'repair file to write (default: repair-<hash>.json)')
    .option('--record <file>', 'review record to write (default: review-<time>.md)')
    .option('--ttl <duration>', 'how long the repair may be applied, e.g. 30m, 24h, 2d', '24h')
    .option('--dir <tfdir>', "the initialised working dir (default: the report's target dir)")
    .option('--terraform-bin <path>', 'terraform or tofu binary (default: $TFDOCTOR_TERRAFORM_BIN, else terraform)')
    .option('--no-color', 'no colors')
    .addHelpText('after', `
Needs a terminal; without one it exits 1 and points to 'tfdoctor repair propose'.
Exit codes: 0 written; 1 nothing written (no terminal, quit, an error) or the repair refused; 130 Ctrl-C.
See docs/review.md.`)
    .action(async (reportFile: string, o: ReviewOpts) => {
      if (!isInteractive()) throw new EnvironmentError(NO_TTY_MESSAGE);
      const report = await readReport(reportFile);
      const dir = o.dir ?? report.target.dir;
      if (!dir) throw new InputError('the report names no working dir; pass --dir', reportFile);
      const reviewer = await resolveIdentity(o.as);
      const partner = o.partner ? await resolveIdentity(o.partner) : undefined;
      if (partner === reviewer) throw new InputError(`--partner is you (${reviewer}): the second person approves, not the proposer`);
      const ttlMs = parseDuration(o.ttl);
      const tf = { bin: terraformBin(o.terraformBin), cwd: resolve(dir) };
      const propose = (ids: readonly string[]) => proposeRepair({ report, proposalIds: ids, proposer: reviewer, tf, ttlMs, onProgress: stderr });
      const startedAt = new Date();
      if (report.findings.length === 0) say('no findings in this report: nothing to review; the record says so.\n');

      let session;
      try {
        session = await runReviewSession({
          report,
          io: terminalIO(o.color !== false),
          preview: (ids) => {
            stderr(`rehearsing ${ids.join(', ')} as repair propose does (read-only, a local copy of the state)`);
            return propose(ids);
          },
        });
      } catch (err) {
        if (!isPromptExit(err)) throw err;
        stderr('review interrupted; nothing written');
        process.exitCode = EXIT_INTERRUPTED;
        return;
      }
      if (session.outcome === 'quit') {
        stderr('quit: nothing written');
        process.exitCode = EXIT_FAILED;
        return;
      }

      // The repair file: the one state edit's rehearsal is reused as it is; several are rehearsed together.
      let repair: { file: string; repair: Repair } | undefined;
      let refused: string | undefined;
      if (session.stateEditIds.length) {
        const chosen = [...session.decisions.values()].flatMap((d) => (d.type === 'state-edit' ? [d] : []));
        const only = chosen.length === 1 ? chosen[0] : undefined;
        try {
          const r = only ? only.preview : await propose(session.stateEditIds);
          const file = o.out ?? `repair-${r.hash.slice(0, 12)}.json`;
          await writeRepairFile(file, r);
          repair = { file, repair: r };
        } catch (err) {
          refused = (err as Error).message;
        }
      }
      const next = repair ? nextCommands({ repairFile: repair.file, applier: reviewer, ...(partner ? { partner } : {}) }) : [];
      const recordFile = o.record ?? `review-${stamp(startedAt)}.md`;
      let record = renderReviewRecord({
        report, reportFile, reviewer, ...(partner ? { partner } : {}), startedAt, finishedAt: new Date(),
        order: session.order, decisions: session.decisions, ...(repair ? { repair } : {}), next,
      });
      if (refused) record += `\n## Repair not written\n\n${visible(refused)}\n`;
      await writeFileAtomic(recordFile, record);

      if (repair) say(`\n${renderRepair(repair.repair)}`);
      say(`\nreview record written to ${recordFile}\n`);
      if (refused) {
        stderr(`the repair was not written: ${refused}`);
        process.exitCode = EXIT_FAILED;
        return;
      }
      if (repair) {
        say(`repair file written to ${repair.file}\n\nNext, ${partner ?? 'the second person'} runs:\n  ${next[0] ?? ''}\nthen, once approved:\n  ${next[1] ?? ''}\n`);
      } else {
        say('no state edit chosen: no repair file, nothing to approve\n');
      }
    });
}
