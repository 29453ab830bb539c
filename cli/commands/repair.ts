/**
 * `tfdoctor repair propose|show|approve|apply`: the two-person guarded repair
 * (contracts §4). A thin shell over src/repair.
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { Report } from '../../src/doctor/report.js';
import { InputError } from '../../src/errors.js';
import { terraformBin } from '../../src/state/terraform/binary.js';
import {
  applyRepair,
  approveRepair,
  parseDuration,
  proposeRepair,
  readApproversFile,
  readPrivateKeyFile,
  readRepairFile,
  renderRepair,
  type Repair,
  resolveIdentity,
  writeRepairFile,
} from '../../src/repair/index.js';
import { askApproval, isInteractive, isPromptExit } from '../prompts.js';


export async function readReport(file: string): Promise<Report> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new InputError(`cannot read report: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, file);
  }
  let obj: unknown;
  try {
    obj = JSON.parse(text);
  } catch {
    throw new InputError('not JSON (save a report with tfdoctor plan --report FILE or --json)', file);
  }
  const r = Report.safeParse(obj);
  if (!r.success) {
    const issue = r.error.issues[0];
    throw new InputError(`not a tfdoctor report: ${issue?.message ?? 'invalid'}`, file, issue?.path.map((p) => (typeof p === 'symbol' ? String(p) : p)) ?? []);
  }
  return r.data;
}

const stderr = (line: string) => process.stderr.write(`tfdoctor: ${line}\n`);

export function register(program: Command): void {
  const repair = program
    .command('repair')
    .description('guarded state repairs: propose, approve (another person), apply with a rehearsal, a backup and an audit record');

  repair
    .command('propose')
    .description('write a repair file from proposals in a saved report, bound to the current state')
    .requiredOption('--report <file>', 'report saved by tfdoctor plan --report/--json')
    .requiredOption('--proposal <ids>', 'proposal ids, comma-separated (e.g. F1.a,F3.a)')
    .option('--as <user>', 'who proposes (default: $TFDOCTOR_USER, else git user.email)')
    .option('--out <file>', 'repair file to write (default: repair-<hash>.json)')
    .option('--ttl <duration>', 'how long the repair may be applied, e.g. 30m, 24h, 2d', '24h')
    .option('--dir <tfdir>', "the initialised working dir (default: the report's target dir)")
    .option('--terraform-bin <path>', 'terraform or tofu binary (default: $TFDOCTOR_TERRAFORM_BIN, else terraform)')
    .action(async (o: { report: string; proposal: string; as?: string; out?: string; ttl: string; dir?: string; terraformBin?: string }) => {
      const report = await readReport(o.report);
      const dir = o.dir ?? report.target.dir;
      if (!dir) throw new InputError('the report names no working dir; pass --dir', o.report);
      const proposer = await resolveIdentity(o.as);
      const r = await proposeRepair({
        report,
        proposalIds: o.proposal.split(',').map((s) => s.trim()).filter(Boolean),
        proposer,
        tf: { bin: terraformBin(o.terraformBin), cwd: resolve(dir) },
        ttlMs: parseDuration(o.ttl),
        onProgress: stderr,
      });
      const out = o.out ?? `repair-${r.hash.slice(0, 12)}.json`;
      await writeRepairFile(out, r);
      process.stdout.write(renderRepair(r));
      stderr(`repair written to ${out}; another person approves it with: tfdoctor repair approve ${out} --as <them> --key <keyfile>`);
    });

  repair
    .command('show')
    .description('show a repair file for review: commands, state binding, approvals, integrity')
    .argument('<file>', 'repair file')
    .option('--approvers <file>', 'also say whether each approval key is listed')
    .option('--html <file>', 'also write the repair as one self-contained HTML page to FILE: the edit, the prediction, proposed/approved/applied')
    .option('--audit-log <file>', "with --html: the audit log that says whether it was applied (default: <dir>/.tfdoctor/audit.jsonl of the repair's target)")
    .action(async (file: string, o: { approvers?: string; html?: string; auditLog?: string }) => {
      const r = await readRepairFile(file);
      const approvers = o.approvers ? await readApproversFile(o.approvers) : undefined;
      process.stdout.write(renderRepair(r, approvers ? { approvers } : {}));
      if (o.html) await writeRepairHtml(o.html, file, r, approvers, o.auditLog);
    });

  repair
    .command('approve')
    .description("sign a repair's hash with your ed25519 key (you must not be the proposer)")
    .argument('<file>', 'repair file (updated in place)')
    .option('--as <user>', 'who approves (default: $TFDOCTOR_USER, else git user.email)')
    .requiredOption('--key <keyfile>', 'your private key (from tfdoctor keygen)')
    .option('--yes', 'sign without asking (on a terminal it asks for an explicit yes; without one it never asks)')
    .action(async (file: string, o: { as?: string; key: string; yes?: boolean }) => {
      const r = await readRepairFile(file);
      const approver = await resolveIdentity(o.as);
      // What is signed, shown before signing: commands, binding and the predicted effect.
      process.stdout.write(renderRepair(r));
      // Signed in memory first, so a refusal (self-approval, expired, edited) comes before the question.
      const approved = approveRepair(r, { approver, privateKeyPem: await readPrivateKeyFile(o.key), keyFile: o.key });
      // On a terminal, an explicit yes (docs/review.md); a script has no one to ask and signs as before.
      if (!o.yes && isInteractive() && !(await askApproval(r.hash, approver).catch((e: unknown) => { if (isPromptExit(e)) return false; throw e; }))) {
        stderr(`not approved: ${file} is unchanged`);
        process.exitCode = 1;
        return;
      }
      await writeRepairFile(file, approved);
      stderr(`${approver} approved repair ${r.hash.slice(0, 16)} (${file})`);
    });

  repair
    .command('apply')
    .description('apply an approved repair: guard checks, lock, rehearsal, backup, commands, verification plan, audit')
    .argument('<file>', 'approved repair file')
    .option('--as <user>', 'who applies (default: $TFDOCTOR_USER, else git user.email)')
    .requiredOption('--approvers <file>', 'approvers file: "<identity> ed25519 <public key>" per line')
    .option('--key <keyfile>', 'your private key: when given, you must be listed in the approvers file with it (limits who can apply)')
    .option('--audit-log <file>', 'JSON-lines audit log to append to (default: <dir>/.tfdoctor/audit.jsonl)')
    .option('--backup-dir <dir>', 'where the state backup goes (default: <dir>/.tfdoctor/backups)')
    .option('--dir <tfdir>', "the initialised working dir (default: the repair's target dir)")
    .option('--terraform-bin <path>', 'terraform or tofu binary (default: $TFDOCTOR_TERRAFORM_BIN, else terraform)')
    .action(async (file: string, o: { as?: string; approvers: string; key?: string; auditLog?: string; backupDir?: string; dir?: string; terraformBin?: string }) => {
      const r = await readRepairFile(file);
      const applier = await resolveIdentity(o.as);
      const approvers = await readApproversFile(o.approvers);
      const result = await applyRepair({
        repair: r,
        applier,
        approvers,
        ...(o.key ? { applierKeyPem: await readPrivateKeyFile(o.key) } : {}),
        tf: { bin: terraformBin(o.terraformBin), ...(o.dir ? { cwd: resolve(o.dir) } : {}) },
        ...(o.auditLog ? { auditLog: o.auditLog } : {}),
        ...(o.backupDir ? { backupDir: o.backupDir } : {}),
        onProgress: stderr,
      });
      process.stdout.write(
        `applied repair ${r.hash.slice(0, 16)}: serial ${result.serialBefore} -> ${result.serialAfter} (lineage ${result.lineage})\n`
        + `backup: ${result.backup}\n`
        + result.commands.map((c) => `ran: ${c.join(' ')}\n`).join(''),
      );
    });
}

/** `repair show --html FILE`: the page, with the audit log's records of this repair (applied or not). */
async function writeRepairHtml(out: string, file: string, r: Repair, approvers: Awaited<ReturnType<typeof readApproversFile>> | undefined, auditLogOpt: string | undefined): Promise<void> {
  const [{ renderRepairHtml }, { defaultAuditLog, readAuditRecords }, { writeFileAtomic }] = await Promise.all([
    import('../render/html.js'),
    import('../../src/repair/audit.js'),
    import('../../src/fs/write-file-atomic.js'),
  ]);
  const auditLog = auditLogOpt ?? defaultAuditLog(r.target.dir);
  const audit = await readAuditRecords(auditLog, r.hash);
  await writeFileAtomic(out, renderRepairHtml(r, { file, ...(approvers ? { approvers } : {}), ...(audit ? { audit } : {}), auditLog }));
  stderr(`repair page written to ${out}`);
}
