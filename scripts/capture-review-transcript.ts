/**
 * `npm run transcript:review`: captures docs/review-transcript.txt from a real
 * run, the pair-review scenario of test/acceptance/review.test.ts (moto +
 * terraform + the AWS provider): alice's `tfdoctor review` in tmux, bob's
 * `repair approve` in tmux, alice's `repair apply`. The screens are read with
 * tmux capture-pane; only the temp dir's path is replaced by `~/acct`.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator } from '../test/testbed/index.js';
import { bobsKey, CLI, cli, repairableAccount, ROOT, startReview, TSX, walkReview } from '../test/support/review-scenario.js';
import { TmuxSession } from '../test/support/tmux.js';

process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';
const OUT = join(ROOT, 'docs', 'review-transcript.txt');

const em = await startEmulator();
const work = await mkdtemp(join(tmpdir(), 'tfdoctor-review-transcript-'));
const tmux: TmuxSession[] = [];
const clean = (s: string) => s.split(work).join('~/acct').replace(/\n+Pane is dead \(status \d+, [^)]*\)\n*$/, '\n').replace(/\n{3,}/g, '\n\n').trimEnd();
try {
  process.stderr.write('setting up the account (terraform apply, then the faults, then tfdoctor plan)...\n');
  const acct = await repairableAccount(em, work);
  const bob = await bobsKey(em, work);
  const parts: string[] = [];

  const review = new TmuxSession();
  tmux.push(review);
  await startReview(review, em, work);
  await walkReview(review, acct.report);
  const status = await review.waitForExit();
  if (status !== 0) throw new Error(`review failed (exit ${status}):\n${await review.screen()}`);
  parts.push('$ tfdoctor review report.json --as alice --partner bob --out repair.json --record review.md', clean(await review.screen()));

  const approve = new TmuxSession();
  tmux.push(approve);
  await approve.start({ argv: [TSX, CLI, 'repair', 'approve', 'repair.json', '--as', 'bob', '--key', bob.keyFile], cwd: work, env: { ...process.env, ...em.env }, width: 110, height: 60 });
  await approve.waitFor('Sign repair');
  await approve.type('y');
  await approve.keys('Enter');
  if (await approve.waitForExit() !== 0) throw new Error(`approve failed:\n${await approve.screen()}`);
  parts.push('', '$ tfdoctor repair approve repair.json --as bob --key ~/acct/bob.key', clean(await approve.screen()));

  const applied = await cli(em, work, ['repair', 'apply', 'repair.json', '--as', 'alice', '--approvers', bob.approvers]);
  if (applied.exitCode !== 0) throw new Error(`apply failed: ${applied.stderr}`);
  parts.push('', '$ tfdoctor repair apply repair.json --as alice --approvers approvers.txt', clean(`${applied.stderr}\n${applied.stdout}`));

  parts.push('', '$ cat review.md', clean(await readFile(join(work, 'review.md'), 'utf8')));
  await writeFile(OUT, `${parts.join('\n')}\n`);
  process.stderr.write(`wrote ${OUT}\n`);
} finally {
  for (const t of tmux) await t.kill();
  await em.stop();
  await rm(work, { recursive: true, force: true });
}
