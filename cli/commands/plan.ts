/**
 * `tfdoctor plan`: one account (synthesized from an inventory, or any working
 * dir with --dir) or a whole fleet (--all-accounts), diagnosed into a report.
 * stdout holds only the report (terminal text, --json or --markdown); progress
 * goes to stderr, so `tfdoctor plan --json > report.json` works.
 */
import { Command, InvalidArgumentError, Option } from 'commander';
import { InputError } from '../../src/errors.js';
import type { FleetReport, Report } from '../../src/doctor/report.js';
import { EXIT_FAILED, EXIT_FINDINGS, EXIT_OK } from '../exit.js';
import { writeFileAtomic } from '../../src/fs/write-file-atomic.js';
import { commandSignal } from '../signals.js';
import { baselineLines, FAIL_ON_VALUES, findingsFail, type FailOn } from '../../src/doctor/baseline.js';
import { sanitizeControl } from '../../src/util/control-chars.js';
import { parseDuration as parseDurationText } from '../../src/util/duration.js';

export interface PlanCliOptions {
  inventory?: string;
  account?: string;
  dir?: string;
  allAccounts?: boolean;
  /** The run-level --enable-deletion. */
  enableDeletion?: boolean;
  /** --refresh-only */
  refreshOnly?: boolean;
  concurrency?: number;
  shard?: string;
  json?: boolean;
  markdown?: boolean;
  report?: string;
  /** --html FILE: also write the report as one self-contained HTML page. */
  html?: string;
  workDir?: string;
  backendConfig?: Record<string, string>;
  lockStaleAfter?: number;
  lockTimeout?: string;
  terraformBin?: string;
  probe: boolean;
  color?: boolean;
  quiet?: boolean;
  verbose?: boolean;
  baseline?: string;
  failOn?: FailOn;
  /** --artifacts DIR (else env TFDOCTOR_ARTIFACTS): release zips the reconciler downloads while it synthesizes. */
  artifacts?: string;
  /** --secrets FILE (else env TFDOCTOR_SECRETS, else Vault's KV API with VAULT_ADDR + VAULT_TOKEN): the Vault secrets the inventory names. */
  secrets?: string;
}

const HELP_AFTER = `
What it does:
  Synthesizes the account's Terraform config (or takes --dir), runs terraform
  init (only when needed), ONE terraform plan -out and show -json, checks
  whether objects the plan would create already exist (one probe plan with
  import blocks), looks up AMIs when an image query failed, and diagnoses.
  It never changes the state: repairs go through 'tfdoctor repair'.

Examples:
  $ tfdoctor plan --inventory inventory.yml --account app-sre-stage
  $ tfdoctor plan --dir ./terraform/app-sre-stage --json > report.json
  $ tfdoctor plan --inventory inv/ --account app-sre-stage --markdown --report report.json
  $ tfdoctor plan --inventory inv/ --all-accounts --concurrency 4 --report fleet.json
  $ tfdoctor plan --inventory inv/ --all-accounts --html fleet.html
  $ tfdoctor plan --inventory inv/ --all-accounts --shard 0/8 --json > shard-0.json
  $ tfdoctor plan --dir . --backend-config use_path_style=true --lock-stale-after 30m
  $ tfdoctor plan --inventory inv/ --all-accounts --baseline last.json --report last.json --fail-on new

Exit codes:
  0  nothing found
  2  findings (see the report; 'tfdoctor repair propose --report FILE --proposal F1.a');
     with --fail-on new, only findings the --baseline report did not have
  1  tfdoctor could not do its job (bad input, terraform missing, a failure it could not
     classify: the report is still printed, its unclassified-error findings hold the raw diagnostics)

Environment:
  TFDOCTOR_TERRAFORM_BIN   terraform or tofu binary (default: terraform on PATH)
  TFDOCTOR_PROVIDER_MIRROR provider filesystem mirror, used when no CLI config is set
  AWS_*                    credentials/endpoint for terraform and the AMI lookup
  TFDOCTOR_SECRETS         the --secrets file
  VAULT_ADDR, VAULT_TOKEN  without --secrets: Vault's KV API (v1 and v2 mounts) for the Vault secrets the inventory names
                           (acm certificates, the CloudFront public key, ...); VAULT_NAMESPACE optional
`;

export function register(program: Command): void {
  program
    .command('plan')
    .description('Plan one account (or a working dir, or every account) and diagnose what is wrong with its state.')
    .option('--inventory <path>', 'inventory file or folder (YAML/JSON)')
    .option('--account <name>', 'account (provisioner) name in the inventory')
    .option('--dir <tfdir>', 'an existing Terraform working dir instead of synthesizing (with --inventory/--account: the inventory supplies only the deletion gate)')
    .option('--all-accounts', 'every account of the inventory (a fleet report)')
    .option('--concurrency <n>', 'accounts planned at once with --all-accounts (default 4)', positiveInt)
    .option('--shard <i/n>', 'with --all-accounts: only the accounts of shard I of N (0-based)')
    .addOption(new Option('--json', 'print the report as JSON (stdout holds nothing else)').conflicts('markdown'))
    .option('--markdown', 'print the report as a merge-request comment')
    .option('--report <file>', 'also save the JSON report to FILE (atomically)')
    .option('--html <file>', 'also write the report as one self-contained HTML page to FILE (no network; for a shared screen or the ticket)')
    .option('--work-dir <dir>', 'working dir for the synthesized config, kept for the next run (made 0700; default: a private temp dir removed after the run; with --all-accounts: the root of one dir per account)')
    .option('--backend-config <key=value>', 'passed to terraform init as -backend-config (repeatable)', collectPair)
    .option('--lock-stale-after <duration>', 'a state lock older than this is stale and force-unlock is proposed (e.g. 30m, 1h, 2d; default 1h)', parseDuration)
    .option('--lock-timeout <duration>', 'how long terraform waits for a held state lock (terraform syntax, e.g. 5s; default 0s: report it at once)')
    .option('--terraform-bin <path>', 'terraform or tofu binary (default: $TFDOCTOR_TERRAFORM_BIN, else terraform on PATH)')
    .option('--enable-deletion', "allow deletions in this run whatever the accounts say (the reconciler's --enable-deletion); rds deletion_protection still refuses")
    .option('--refresh-only', 'plan -refresh-only: only what changed outside Terraform (deleted/changed out of band), no deletion-gate findings; for when the config is in doubt')
    .option('--no-probe', 'skip the probe plan that checks whether planned creates already exist')
    .option('--no-color', 'no colors in the terminal report (default: colors only on a TTY)')
    .option('-q, --quiet', 'no progress on stderr')
    .option('-v, --verbose', "also print terraform's own output lines on stderr")
    .option('--artifacts <dir>', 'folder of release zips the reconciler downloads while it synthesizes, each as <repository>.zip (default: env TFDOCTOR_ARTIFACTS)')
    .option('--secrets <file>', 'YAML/JSON: each Vault path the inventory names -> its fields (default: env TFDOCTOR_SECRETS, else Vault at VAULT_ADDR with VAULT_TOKEN)')
    .option('--baseline <previous.json>', 'a report of an earlier run (--report/--json): mark each finding new or still open, list the resolved ones (a missing file: every finding is new)')
    .addOption(new Option('--fail-on <what>', 'what makes exit 2: any finding, or only new ones (against --baseline)').choices(FAIL_ON_VALUES).default('any'))
    .addHelpText('after', HELP_AFTER)
    .action(async (opts: PlanCliOptions) => {
      process.exitCode = await runPlanCommand(opts);
    });
}

/** Runs the command; returns the exit code (0 or 2). Throws for exit 1 (cli/exit.ts maps it). */
export async function runPlanCommand(opts: PlanCliOptions): Promise<number> {
  validate(opts);
  // Ctrl-C (cli/signals.ts): terraform stops cleanly (it releases the lock), then exit 1 through the thrown error.
  const signal = commandSignal();
  const artifacts = opts.dir ? undefined : await (await import('../../src/synth/artifacts.js')).artifactsFromOption(opts.artifacts);
  const secretSource = opts.dir ? undefined : await (await import('../../src/synth/secret-source.js')).secretSourceFromOptions({ secretsFile: opts.secrets, signal });
  const common = {
    ...(artifacts ? { synthOptions: { artifacts } } : {}),
    ...(secretSource ? { secretSource } : {}),
    signal,
    ...(opts.backendConfig ? { backendConfig: opts.backendConfig } : {}),
    ...(opts.lockStaleAfter !== undefined ? { lockStaleAfterMs: opts.lockStaleAfter } : {}),
    ...(opts.lockTimeout ? { lockTimeout: opts.lockTimeout } : {}),
    ...(opts.terraformBin ? { terraformBin: opts.terraformBin } : {}),
    ...(opts.probe === false ? { probe: false } : {}),
    ...(opts.enableDeletion ? { enableDeletion: true } : {}),
    ...(opts.refreshOnly ? { refreshOnly: true } : {}),
    // Read before anything is written: --baseline and --report may be the same file.
    ...(opts.baseline ? { baseline: await readPreviousReport(opts.baseline) } : {}),
  };
  if (opts.allAccounts) {
    const fleet = await runFleet(opts, common);
    await emitFleet(fleet, opts);
    if (fleet.failures.length) {
      // Some accounts could not be diagnosed: the fleet run did not do its whole job.
      throw new Error(`${fleet.failures.length} account(s) could not be diagnosed: ${fleet.failures.map((f) => f.account).join(', ')}`);
    }
    return exitCodeFor(fleet.reports, opts.failOn);
  }

  const { planAccount } = await import('../../src/run/plan-account.js');
  const inventory = opts.inventory ? await (await import('../../src/synth/index.js')).loadInventory(opts.inventory) : undefined;
  for (const w of inventory?.warnings ?? []) process.stderr.write(`tfdoctor: warning: ${oneLine(w)}\n`);
  const result = await planAccount({
    ...common,
    ...(inventory ? { inventory } : {}),
    ...(opts.account ? { account: opts.account } : {}),
    ...(opts.dir ? { dir: opts.dir } : {}),
    ...(opts.workDir ? { workDir: opts.workDir } : {}),
    ...(opts.quiet ? {} : { onProgress: (e) => progressLine(`${e.phase}: ${e.message}`) }),
    ...(opts.verbose ? { onTerraformLine: (line: string) => progressLine(`  | ${line}`) } : {}),
  });
  for (const w of result.warnings) process.stderr.write(`tfdoctor: warning: ${oneLine(w)}\n`);
  await emitReport(result.report, opts);
  return exitCodeFor([result.report], opts.failOn);
}

/**
 * 0 nothing found, 2 findings, 1 when terraform failed in a way tfdoctor could not
 * classify (contracts §2): the report is still printed and saved, with the raw
 * diagnostics in its `unclassified-error` findings, but a script must not read
 * the run as a complete diagnosis (fail closed).
 */
export function exitCodeFor(reports: readonly Report[], failOn: FailOn = 'any'): number {
  const findings = reports.flatMap((r) => r.findings);
  const unclassified = findings.filter((f) => f.kind === 'unclassified-error' && f.severity === 'error');
  if (unclassified.length) {
    process.stderr.write(`tfdoctor: terraform failed in a way tfdoctor could not classify (${unclassified.map((f) => f.id).join(', ')}); the raw diagnostics are in the report\n`);
    return EXIT_FAILED;
  }
  return findingsFail(reports, failOn) ? EXIT_FINDINGS : EXIT_OK;
}

async function readPreviousReport(file: string): Promise<{ previous: Report | FleetReport | undefined }> {
  const { readBaseline } = await import('../../src/run/baseline.js');
  const baseline = await readBaseline(file);
  if (!baseline.previous) process.stderr.write(`tfdoctor: no baseline at ${oneLine(file)} yet: every finding is new\n`);
  return baseline;
}

function validate(opts: PlanCliOptions): void {
  if (opts.failOn === 'new' && !opts.baseline) throw new InputError('--fail-on new needs --baseline PREVIOUS.json');
  if (opts.allAccounts) {
    if (!opts.inventory) throw new InputError('--all-accounts needs --inventory');
    if (opts.account || opts.dir) throw new InputError('--all-accounts cannot be combined with --account or --dir');
    return;
  }
  if (opts.concurrency !== undefined || opts.shard !== undefined) throw new InputError('--concurrency and --shard go with --all-accounts');
  if (opts.dir) {
    if (!!opts.inventory !== !!opts.account) throw new InputError('with --dir, give both --inventory and --account (for the deletion gate) or neither');
    return;
  }
  if (!opts.inventory || !opts.account) throw new InputError('give --inventory PATH --account NAME, or --dir TFDIR, or --inventory PATH --all-accounts');
}

async function runFleet(opts: PlanCliOptions, common: Record<string, unknown>): Promise<FleetReport> {
  const [{ planFleet }, { parseShard }, { loadInventory }, { createProgress }] = await Promise.all([
    import('../../src/run/fleet.js'),
    import('../../src/run/shard.js'),
    import('../../src/synth/index.js'),
    import('../progress.js'),
  ]);
  const inventory = await loadInventory(opts.inventory as string);
  for (const w of inventory.warnings ?? []) process.stderr.write(`tfdoctor: warning: ${oneLine(w)}\n`);
  const sink = opts.quiet ? undefined : createProgress();
  try {
    return await planFleet({
      ...common,
      inventory,
      ...(opts.concurrency !== undefined ? { concurrency: opts.concurrency } : {}),
      ...(opts.shard ? { shard: parseShard(opts.shard) } : {}),
      ...(opts.workDir ? { workRoot: opts.workDir } : {}),
      ...(sink ? { onProgress: (e) => sink.update(e) } : {}),
    });
  } finally {
    sink?.close();
  }
}

async function emitReport(report: Report, opts: PlanCliOptions): Promise<void> {
  if (opts.report) await writeFileAtomic(opts.report, `${JSON.stringify(report, null, 2)}\n`);
  if (opts.html) await writeFileAtomic(opts.html, (await import('../render/html.js')).renderHtml(report, { reportFile: opts.report }));
  if (opts.json) {
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  } else if (opts.markdown) {
    const { renderMarkdown } = await import('../render/markdown.js');
    process.stdout.write(`${renderMarkdown(report)}\n${baselineText(report, true)}`);
  } else {
    const { renderTerminal } = await import('../render/terminal.js');
    process.stdout.write(`${renderTerminal(report, { color: opts.color !== false && Boolean(process.stdout.isTTY) })}\n${baselineText(report, false)}`);
  }
}

async function emitFleet(fleet: FleetReport, opts: PlanCliOptions): Promise<void> {
  if (opts.report) await writeFileAtomic(opts.report, `${JSON.stringify(fleet, null, 2)}\n`);
  if (opts.html) await writeFileAtomic(opts.html, (await import('../render/html.js')).renderFleetHtml(fleet));
  if (opts.json) {
    process.stdout.write(`${JSON.stringify(fleet, null, 2)}\n`);
    return;
  }
  const { renderTerminal } = await import('../render/terminal.js');
  const render = opts.markdown
    ? (await import('../render/markdown.js')).renderMarkdown
    : (r: Report) => renderTerminal(r, { color: opts.color !== false && Boolean(process.stdout.isTTY) });
  for (const r of fleet.reports) process.stdout.write(`${render(r)}\n${baselineText(r, !!opts.markdown)}`);
  for (const f of fleet.failures) process.stdout.write(`${oneLine(f.account)}: could not be diagnosed: ${oneLine(f.error)}\n`);
}

/** With --baseline: what changed since the previous report, after the rendered report. */
function baselineText(report: Report, markdown: boolean): string {
  const lines = baselineLines(report).map(oneLine);
  if (!lines.length) return '';
  return markdown ? `${lines.map((l) => l.trim()).join('  \n')}\n` : `${lines.join('\n')}\n`;
}

function progressLine(text: string): void {
  process.stderr.write(`tfdoctor: ${oneLine(text)}\n`);
}

/** Text from terraform or input goes to a terminal: no control characters (no cursor moves, no fake lines). */
function oneLine(text: string): string {
  return sanitizeControl(text.replace(/\r?\n/g, ' | '), 'placeholder');
}


function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 256) throw new InvalidArgumentError('a whole number from 1 to 256');
  return n;
}

function collectPair(value: string, prev: Record<string, string> | undefined): Record<string, string> {
  const i = value.indexOf('=');
  if (i <= 0) throw new InvalidArgumentError('expected key=value');
  const key = value.slice(0, i);
  if (!/^[a-z_][a-z0-9_]*$/.test(key)) throw new InvalidArgumentError(`not a backend attribute name: ${JSON.stringify(key)}`);
  return { ...prev, [key]: value.slice(i + 1) };
}

/** `--lock-stale-after`: the one duration grammar (src/util/duration.ts), a bare number as milliseconds; commander's error type. */
export function parseDuration(value: string): number {
  try {
    return parseDurationText(value, { bareMilliseconds: true });
  } catch (err) {
    throw new InvalidArgumentError(err instanceof Error ? err.message : String(err));
  }
}
