/**
 * `tfdoctor synth`: an account's Terraform JSON, printed (what the reconciler's
 * `--print-to-file` gives) or written as a ready working dir (DIR/main.tf.json).
 * cdktf loads only here, when this command runs.
 */
import type { Command } from 'commander';

const HELP_AFTER = `
What it does:
  Loads the inventory (a YAML/JSON file or a folder of them; defaults files are
  relative to it), synthesizes the account's Terraform JSON with cdktf (resource
  names, tags, outputs and the S3 backend as the terraform-resources reconciler
  makes them) and prints it, or writes DIR/main.tf.json (atomically: nothing
  half-written; the dir 0700 when made here, the file 0600). Emulator settings
  are not added: the config is production's. A secret synth generates (the
  password of a new RDS instance) is printed as (generated-secret-not-printed);
  only DIR/main.tf.json holds it.

Examples:
  $ tfdoctor synth --inventory fixtures/inventory/inventory.yml --account app-sre-stage
  $ tfdoctor synth --inventory inv/ --account app-sre-stage --out work/app-sre-stage
  $ cd work/app-sre-stage && terraform init && terraform plan

Exit codes:
  0  written
  1  bad inventory (the message names the file and the path inside it) or write failure
`;

interface SynthOptions {
  inventory: string;
  account: string;
  out?: string;
}

export function register(program: Command): void {
  program
    .command('synth')
    .description("Synthesize one account's Terraform JSON from an inventory")
    .requiredOption('-i, --inventory <path>', 'inventory file or folder (YAML/JSON)')
    .requiredOption('-a, --account <name>', 'account (provisioner) name')
    .option('-o, --out <dir>', 'write <dir>/main.tf.json instead of printing')
    .addHelpText('after', HELP_AFTER)
    .action(async (opts: SynthOptions) => {
      const { loadInventory, synthAccount, writeWorkingDir, CONFIG_FILE, recordingSecretGenerator, redactValues } = await import('../../src/synth/index.js');
      const inv = await loadInventory(opts.inventory);
      for (const w of inv.warnings ?? []) process.stderr.write(`tfdoctor: warning: ${w}\n`);
      // A secret generated for a new object (RDS password, auth token) goes only
      // into the working dir terraform reads (0600), never onto stdout.
      const secrets = recordingSecretGenerator();
      const cfg = synthAccount(inv, opts.account, { generatePassword: secrets.generate });
      if (opts.out) {
        await writeWorkingDir(cfg, opts.out);
        process.stderr.write(`wrote ${opts.out}/${CONFIG_FILE} (${Object.keys(cfg.json['resource'] ?? {}).length} resource types)\n`);
      } else {
        process.stdout.write(`${JSON.stringify(redactValues(cfg.json, secrets.generated), null, 2)}\n`);
      }
      process.exitCode = 0;
    });
}
