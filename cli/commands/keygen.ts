/**
 * `tfdoctor keygen --as USER --out KEYFILE`: an ed25519 key for approving
 * repairs. The private key is written mode 0600 and never over an existing
 * file; stdout gets the one line to add to the approvers file.
 */
import type { Command } from 'commander';
import { approversLine, generateKeyPair, resolveIdentity, writeKeyFile } from '../../src/repair/index.js';

export function register(program: Command): void {
  program
    .command('keygen')
    .description('create an ed25519 key for approving repairs; prints the approvers-file line')
    .option('--as <user>', 'your identity (default: $TFDOCTOR_USER, else git user.email)')
    .requiredOption('--out <keyfile>', 'where to write the private key (mode 0600; never overwritten)')
    .addHelpText('after', `
Example:
  $ tfdoctor keygen --as bob@example.com --out ~/.config/tfdoctor/bob.key >> approvers.txt
The printed line ("<identity> ed25519 <public key>") goes into the approvers file
that 'tfdoctor repair apply --approvers' reads. Keep the key file private.`)
    .action(async (o: { as?: string; out: string }) => {
      const identity = await resolveIdentity(o.as);
      const pair = generateKeyPair();
      await writeKeyFile(o.out, pair);
      process.stdout.write(`${approversLine(identity, pair.publicKey)}\n`);
      process.stderr.write(`tfdoctor: private key written to ${o.out} (mode 0600)\n`);
    });
}
