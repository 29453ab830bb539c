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

const README = join(ROOT, 'README.md');
const START = '<!-- review-transcript:start (scripts/capture-review-transcript.ts writes this block) -->';
const END = '<!-- review-transcript:end -->';

/** The README's short version: the last finding's screen to the end of the session (without the repair rendering, which approve shows again), and bob's answer. */
function readmeExcerpt(review: string, approve: string): string {
  const lines = review.split('\n');
  const from = lines.map((l) => l.startsWith('── finding ')).lastIndexOf(true);
  const out: string[] = [];
  let inRepair = false;
  for (const l of lines.slice(from)) {
    if (l.startsWith('tfdoctor repair ')) inRepair = true;
    if (!inRepair) out.push(l);
    if (inRepair && l.startsWith('Approvals: ')) inRepair = false;
  }
  const answer = approve.split('\n').filter((l) => l.startsWith('✔ Sign repair') || l.startsWith('tfdoctor: bob approved'));
  return ['$ tfdoctor review report.json --as alice --partner bob --out repair.json --record review.md', '...', ...out,
    '', '$ tfdoctor repair approve repair.json --as bob --key ~/acct/bob.key', '...', ...answer].join('\n').replace(/\n{3,}/g, '\n\n');
}

function spliceReadme(readme: string, excerpt: string): string {
  const a = readme.indexOf(START);
  const b = readme.indexOf(END);
  if (a < 0 || b < a) throw new Error(`README.md has no ${START} ... ${END} block`);
  return `${readme.slice(0, a + START.length)}\n\`\`\`\n${excerpt}\n\`\`\`\n${readme.slice(b)}`;
}

const em = await startEmulator();
const work = await mkdtemp(join(tmpdir(), 'tfdoctor-review-transcript-'));
const tmux: TmuxSession[] = [];
const clean = (s: string) => s.split(work).join('~/acct').replace(/\n{3,}/g, '\n\n').trimEnd();
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
  const reviewScreen = clean(await review.output());
  parts.push('$ tfdoctor review report.json --as alice --partner bob --out repair.json --record review.md', reviewScreen);

  const approve = new TmuxSession();
  tmux.push(approve);
  await approve.start({ argv: [TSX, CLI, 'repair', 'approve', 'repair.json', '--as', 'bob', '--key', bob.keyFile], cwd: work, env: { ...process.env, ...em.env }, width: 110, height: 60 });
  await approve.waitFor('Sign repair');
  await approve.type('y');
  await approve.keys('Enter');
  if (await approve.waitForExit() !== 0) throw new Error(`approve failed:\n${await approve.screen()}`);
  const approveScreen = clean(await approve.output());
  parts.push('', '$ tfdoctor repair approve repair.json --as bob --key ~/acct/bob.key', approveScreen);

  const applied = await cli(em, work, ['repair', 'apply', 'repair.json', '--as', 'alice', '--approvers', bob.approvers]);
  if (applied.exitCode !== 0) throw new Error(`apply failed: ${applied.stderr}`);
  parts.push('', '$ tfdoctor repair apply repair.json --as alice --approvers approvers.txt', clean(`${applied.stderr}\n${applied.stdout}`));

  parts.push('', '$ cat review.md', clean(await readFile(join(work, 'review.md'), 'utf8')));
  await writeFile(OUT, `${parts.join('\n')}\n`);
  process.stderr.write(`wrote ${OUT}\n`);
  await writeFile(README, spliceReadme(await readFile(README, 'utf8'), readmeExcerpt(reviewScreen, approveScreen)));
  process.stderr.write(`updated the transcript in ${README}\n`);
} finally {
  for (const t of tmux) await t.kill();
  await em.stop();
  await rm(work, { recursive: true, force: true });
}
