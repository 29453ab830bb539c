#!/usr/bin/env node
/**
 * tfdoctor's command line: a thin shell over src/index.ts. Each command lives in
 * cli/commands/<name>.ts and is loaded only when used (synth pulls in cdktf, which
 * is slow to load; `plan --dir` must not pay for it).
 */
import { Command } from 'commander';
import { VERSION } from '../src/version.js';
import { runAndExit } from './exit.js';
import { installSignalHandlers } from './signals.js';

// The CLI owns its process (the library never touches signals, exits or the environment).
installSignalHandlers();
// The AWS SDK's notice about its future Node 22 requirement is not about this run
// (the SDK is tfdoctor's dependency, not the user's): stderr carries progress and
// real warnings only.
process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';

const program = new Command('tfdoctor')
  .description('Diagnose and repair Terraform state for fleets of AWS accounts.')
  .version(VERSION)
  .showHelpAfterError()
  .enablePositionalOptions();

const commands: Array<[string, () => Promise<{ register(p: Command): void }>]> = [
  ['synth', () => import('./commands/synth.js')],
  ['plan', () => import('./commands/plan.js')],
  ['keygen', () => import('./commands/keygen.js')],
  ['repair', () => import('./commands/repair.js')],
  ['report', () => import('./commands/report.js')],
  ['review', () => import('./commands/review.js')],
];

// Register only the command being run (plus all of them for --help), so a
// command's imports are loaded only when needed.
const wanted = process.argv[2];
const selected = commands.filter(([name]) => name === wanted);
for (const [, load] of selected.length ? selected : commands) (await load()).register(program);

await runAndExit(() => program.parseAsync(process.argv));
