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
  only DIR/main.tf.json holds it. Values read from Vault (--secrets FILE, env
  TFDOCTOR_SECRETS, else VAULT_ADDR + VAULT_TOKEN) are printed redacted too.

Examples:
  $ tfdoctor synth --inventory fixtures/inventory/inventory.yml --account app-sre-stage
  $ tfdoctor synth --inventory inv/ --account app-sre-stage --out work/app-sre-stage
  $ tfdoctor synth -i inv/ -a app-sre-stage --ami image-builder-workers=ami-0123456789abcdef0
    (an asg needs its image id: \`tfdoctor plan\` looks it up, synth takes it from --ami)
  $ tfdoctor synth -i inv/ -a app-sre-prod --secrets vault-export.yml
    (a new secrets-manager secret needs its Vault fields: {"app-sre/x/admin": {"password": "..."}};
     an acm certificate {"app-sre/x/acm": {"key": "...", "certificate": "...", "caCertificate": "..."}})
  $ VAULT_ADDR=https://vault.example.com VAULT_TOKEN=... tfdoctor synth -i inv/ -a app-sre-prod
    (without --secrets: the same fields read from Vault's KV API, v1 or v2 mounts)
  $ cd work/app-sre-stage && terraform init && terraform plan

Exit codes:
  0  written
  1  bad inventory (the message names the file and the path inside it) or write failure
`;

interface SynthOptions {
  inventory: string;
  account: string;
  out?: string;
  secrets?: string;
  artifacts?: string;
  ami: string[];
}

/** `--ami image-builder-workers=ami-0abc...`: the image an asg's lookup would find (synth runs offline). */
function collectAmi(value: string, previous: string[]): string[] {
  return [...previous, value];
}

export function register(program: Command): void {
  program
    .command('synth')
    .description("Synthesize one account's Terraform JSON from an inventory")
    .requiredOption('-i, --inventory <path>', 'inventory file or folder (YAML/JSON)')
    .requiredOption('-a, --account <name>', 'account (provisioner) name')
    .option('-o, --out <dir>', 'write <dir>/main.tf.json instead of printing')
    .option('--secrets <file>', 'YAML/JSON: each Vault path the inventory names -> its fields (default: env TFDOCTOR_SECRETS, else Vault at VAULT_ADDR with VAULT_TOKEN)')
    .option('--artifacts <dir>', 'folder of release zips the reconciler downloads, each as <repository>.zip (default: env TFDOCTOR_ARTIFACTS)')
    .option('--ami <identifier=ami-id>', "an asg's image (what the reconciler's DescribeImages by tag finds; repeatable)", collectAmi, [])
    .addHelpText('after', HELP_AFTER)
    .action(async (opts: SynthOptions) => {
      const { loadInventory, synthAccount, writeWorkingDir, accountInfo, CONFIG_FILE, recordingSecretGenerator, redactValues } = await import('../../src/synth/index.js');
      const { InputError } = await import('../../src/errors.js');
      const images = new Map<string, { imageId: string }>();
      for (const pair of opts.ami) {
        const m = /^([A-Za-z0-9_.-]+)=(ami-[0-9a-f]{8,17})$/.exec(pair);
        if (!m?.[1] || !m[2]) throw new InputError(`--ami ${JSON.stringify(pair)}: expected <asg identifier>=ami-<hex>`);
        images.set(m[1], { imageId: m[2] });
      }
      const inv = await loadInventory(opts.inventory);
      for (const w of inv.warnings ?? []) process.stderr.write(`tfdoctor: warning: ${w}\n`);
      // A secret generated for a new object (RDS password, auth token) goes only
      // into the working dir terraform reads (0600), never onto stdout.
      const secrets = recordingSecretGenerator();
      // What the reference reads from Vault: the file (--secrets / TFDOCTOR_SECRETS), else Vault at VAULT_ADDR.
      const { gatherSecrets, secretSourceFromOptions, secretValues } = await import('../../src/synth/secret-source.js');
      const source = await secretSourceFromOptions({ secretsFile: opts.secrets });
      const vault = source ? await gatherSecrets(inv, opts.account, source) : undefined;
      const artifacts = await (await import('../../src/synth/artifacts.js')).artifactsFromOption(opts.artifacts);
      // rosa-authenticator: the callback bucket's logo, read from S3 as the reconciler reads it while it synthesizes.
      let callbackLogos: Awaited<ReturnType<typeof import('../../src/run/callback-bucket.js').readCallbackLogos>> | undefined;
      if (inv.resources.some((r) => r.account === opts.account && r.kind === 'rosa-authenticator')) {
        const { readCallbackLogos } = await import('../../src/run/callback-bucket.js');
        callbackLogos = await readCallbackLogos(inv, opts.account, { defaultRegion: accountInfo(inv, opts.account).defaultRegion });
      }
      const cfg = synthAccount(inv, opts.account, { generatePassword: secrets.generate, images, ...(vault ? { secrets: vault } : {}), ...(artifacts ? { artifacts } : {}), ...(callbackLogos ? { callbackLogos } : {}) });
      if (opts.out) {
        await writeWorkingDir(cfg, opts.out);
        process.stderr.write(`wrote ${opts.out}/${CONFIG_FILE} (${Object.keys(cfg.json['resource'] ?? {}).length} resource types)\n`);
      } else {
        // Secrets (generated here, or literal in the config: the RDS password, auth
        // tokens, sensitive outputs) never reach stdout: printed redacted.
        // Every value read from Vault (an acm private key, a certificate, the CloudFront public key) is printed redacted too.
        const { redactSecrets, REDACTED } = await import('../../src/synth/redact-secrets.js');
        const fromVault = redactValues(cfg.json, secretValues(vault), REDACTED);
        process.stdout.write(`${JSON.stringify(redactSecrets(redactValues(fromVault, secrets.generated)), null, 2)}\n`);
      }
      process.exitCode = 0;
    });
}
