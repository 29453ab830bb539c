/**
 * `tfdoctor review` under a real pseudo-terminal (tmux), against the real
 * testbed (terraform 1.11 + AWS provider + moto, S3 state with use_lockfile):
 * alice and bob walk a real report, alice's session writes the repair file and
 * the review record and prints bob's command; bob approves on his terminal
 * (an explicit yes), alice applies, and the state is repaired. Each step needs
 * the one before (one account, one state).
 */
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { readRepairFile, type Repair } from '../../src/repair/index.js';
import { statePull } from '../../src/state/terraform/state-pull.js';
import { rawStateAddresses } from '../../src/tfjson/raw-state.js';
import { startEmulator, type Emulator } from '../testbed/index.js';
import {
  bobsKey, CLI, cli, idsOf, PG, repairableAccount, SKIP_REASON, startReview, TSX, USER, USER_RENAMED, walkReview, type RepairableAccount,
} from '../support/review-scenario.js';
import { TmuxSession } from '../support/tmux.js';

let em: Emulator;
let work: string;
let acct: RepairableAccount;
let tmux: TmuxSession | undefined;
let bob: { keyFile: string; approvers: string };

beforeAll(async () => {
  em = await startEmulator();
  work = await mkdtemp(join(tmpdir(), 'tfdoctor-review-acc-'));
  acct = await repairableAccount(em, work);
  bob = await bobsKey(em, work);
}, 300_000);

afterEach(async () => {
  await tmux?.kill();
  tmux = undefined;
});

afterAll(async () => {
  await em?.stop();
  if (work) await rm(work, { recursive: true, force: true });
});

function newTmux(): TmuxSession {
  tmux = new TmuxSession();
  return tmux;
}

describe('tfdoctor review on a terminal, then repair approve and apply', () => {
  it('without a terminal: exit 1, points to repair propose, writes nothing', async () => {
    const r = await cli(em, work, ['review', 'report.json', '--as', 'alice', '--record', 'never.md']);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain('tfdoctor review needs a terminal');
    expect(r.stderr).toContain('tfdoctor repair propose --report FILE --proposal');
    expect(existsSync(join(work, 'never.md'))).toBe(false);
  });

  it('Ctrl-C at the first prompt: exit 130, nothing written, the state untouched', async () => {
    const id = idsOf(acct.report);
    const t = newTmux();
    await startReview(t, em, work);
    await t.waitFor(`${id.deleted}: what do you do?`, { timeoutMs: 120_000 });
    await t.keys('C-c');
    expect(await t.waitForExit()).toBe(130);
    expect(existsSync(join(work, 'repair.json'))).toBe(false);
    expect(existsSync(join(work, 'review.md'))).toBe(false);
    // The state is as the report found it.
    const pulled = await statePull(acct.tf);
    expect({ lineage: pulled.state.lineage, serial: pulled.state.serial }).toEqual({ lineage: acct.report.state?.lineage, serial: acct.report.state?.serial });
  }, 240_000);

  let nextCommand = '';
  it('the pair walks the report: skip with a reason, back, forward, the rehearsed state mv chosen; repair file, record, next command', async () => {
    const id = idsOf(acct.report);
    const t = newTmux();
    await startReview(t, em, work);
    const screens: Record<string, string> = {};
    await walkReview(t, acct.report, (step, screen) => { screens[step] = screen; });
    expect(await t.waitForExit()).toBe(0);
    const screen = await t.screen();

    // Severity order: the error first, the warning second.
    expect(screens['first finding']).toContain(`finding 1 of 2 · ERROR · ${id.deleted} deleted-out-of-band`);
    expect(screens['first finding']).toContain(`$ terraform state rm ${PG}`);
    expect(screens['second finding']).toContain(`finding 2 of 2 · WARNING · ${id.renamed} renamed-address`);
    expect(screens['back']).toContain('decided so far: skipped');
    // The rehearsed result of the state mv, before choosing it.
    expect(screens['rehearsed']).toContain(`${id.mv}: $ terraform state mv ${USER} ${USER_RENAMED}`);
    expect(screens['rehearsed']).toContain(`no longer delete ${USER}`);
    expect(screens['rehearsed']).toContain(`no longer create ${USER_RENAMED}`);
    expect(screens['rehearsed']).toContain(`create ${PG} (as before)`);
    expect(screens['summary']).toMatch(new RegExp(`${id.deleted} error +deleted-out-of-band ${PG}: skipped \\(${SKIP_REASON}\\)`));
    expect(screens['summary']).toContain(`${id.renamed} warning renamed-address ${USER}: ${id.mv}: state edit, in the repair file`);

    // The repair file: what repair propose writes, for the chosen state edit only.
    const repair: Repair = await readRepairFile(join(work, 'repair.json'));
    expect(repair.proposer).toBe('alice');
    expect(repair.approvals).toEqual([]);
    expect(repair.proposals.map((p) => [p.id, p.kind, p.argv])).toEqual([[id.mv, 'terraform-state-mv', ['terraform', 'state', 'mv', USER, USER_RENAMED]]]);
    const pulled = await statePull(acct.tf);
    expect(repair.state).toEqual({ lineage: pulled.state.lineage, serial: pulled.state.serial, sha256: pulled.sha256 });
    expect(repair.prediction?.before.changes).toMatchObject({ [USER]: 'delete', [USER_RENAMED]: 'create', [PG]: 'create' });
    expect(repair.prediction?.after.changes).toEqual({ [PG]: 'create' });

    // The review record.
    const record = await readFile(join(work, 'review.md'), 'utf8');
    expect(record).toContain('- Reviewed by: alice with bob');
    expect(record).toMatch(/- When: \d{4}-\d\d-\d\dT[\d:.]+Z to \d{4}-\d\d-\d\dT[\d:.]+Z/);
    expect(record).toContain(`| 1 | ${id.deleted} deleted-out-of-band | error | ${PG} | skipped | ${SKIP_REASON} |`);
    expect(record).toContain(`| 2 | ${id.renamed} renamed-address | warning | ${USER} | ${id.mv}: state edit, in the repair file |`);
    expect(record).toContain(`- Repair file: \`repair.json\` (repair ${repair.hash.slice(0, 16)}: ${id.mv})`);

    // The exact command bob runs next, printed and in the record.
    nextCommand = 'tfdoctor repair approve repair.json --as bob --key PARTNER_KEYFILE';
    expect(screen).toContain(`Next, bob runs:\n  ${nextCommand}\n`);
    expect(screen).toContain('then, once approved:\n  tfdoctor repair apply repair.json --as alice --approvers APPROVERS_FILE');
    expect(record).toContain(`    ${nextCommand}`);
  }, 400_000);

  it('bob runs the printed command on his terminal: the same rendering with the rehearsed result; "no" leaves the file, "yes" signs', async () => {
    expect(nextCommand).not.toBe('');
    const argv = nextCommand.replace(/^tfdoctor /, '').replace('PARTNER_KEYFILE', bob.keyFile).split(' ');
    const before = await readFile(join(work, 'repair.json'), 'utf8');

    const no = newTmux();
    await no.start({ argv: [TSX, CLI, ...argv], cwd: work, env: { ...process.env, ...em.env }, width: 160, height: 50 });
    const shown = await no.waitFor('Sign repair');
    expect(shown).toContain('Prediction (rehearsed');
    expect(shown).toContain(`no longer delete ${USER}`);
    await no.type('n');
    await no.keys('Enter');
    expect(await no.waitForExit()).toBe(1);
    expect(await no.screen()).toContain('not approved: repair.json is unchanged');
    expect(await readFile(join(work, 'repair.json'), 'utf8')).toBe(before);
    await no.kill();

    const yes = newTmux();
    await yes.start({ argv: [TSX, CLI, ...argv], cwd: work, env: { ...process.env, ...em.env }, width: 160, height: 50 });
    await yes.waitFor('Sign repair');
    await yes.type('y');
    await yes.keys('Enter');
    expect(await yes.waitForExit()).toBe(0);
    expect(await yes.screen()).toMatch(/bob approved repair [0-9a-f]{16} \(repair.json\)/);
    const approved = await readRepairFile(join(work, 'repair.json'));
    expect(approved.approvals.map((a) => a.approver)).toEqual(['bob']);
  }, 120_000);

  it('alice applies with the existing command (no terminal): the state is repaired', async () => {
    const r = await cli(em, work, ['repair', 'apply', 'repair.json', '--as', 'alice', '--approvers', bob.approvers]);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/applied repair [0-9a-f]{16}: serial \d+ -> \d+/);
    const addrs = rawStateAddresses((await statePull(acct.tf)).state);
    expect(addrs).toContain(USER_RENAMED);
    expect(addrs).not.toContain(USER);
    expect(addrs).toContain(PG); // skipped: still in the state, for the apply pipeline to recreate
  }, 300_000);
});
