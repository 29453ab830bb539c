/** `tfdoctor synth` in-process (commander, no child process): prints or writes the golden config. */
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Command } from 'commander';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { register } from '../../cli/commands/synth.js';
import { describeError } from '../../cli/exit.js';
import { GENERATED_SECRET_MARK } from '../../src/synth/prior-state.js';

const ROOT = path.join(import.meta.dirname, '../..');
const INVENTORY = path.join(ROOT, 'fixtures/inventory/inventory.yml');
const GOLDEN = path.join(ROOT, 'fixtures/golden/synth/app-sre-stage.tf.json');
/** test/golden/synth.test.ts synthesizes the goldens with this fixed generator. */
const GOLDEN_PASSWORD = 'GoldenFixturePassw0rd';

function program(): Command {
  const p = new Command('tfdoctor').exitOverride();
  register(p);
  return p;
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('tfdoctor synth', () => {
  it('--out writes DIR/main.tf.json equal to the golden config, and nothing else', async () => {
    const dir = path.join(await mkdtemp(path.join(tmpdir(), 'tfdoctor-cli-synth-')), 'wd');
    vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    await program().parseAsync(['synth', '--inventory', INVENTORY, '--account', 'app-sre-stage', '--out', dir], { from: 'user' });
    expect(await readdir(dir)).toEqual(['main.tf.json']);
    // Equal but for the RDS password, generated per run for an instance with no state (populate_tf_resource_rds).
    const written = await readFile(path.join(dir, 'main.tf.json'), 'utf8');
    const password = (JSON.parse(written) as { resource: Record<string, Record<string, Record<string, unknown>>> }).resource['aws_db_instance']!['quay-db']!['password'] as string;
    expect(password).toMatch(/^[A-Za-z0-9]{20}$/);
    expect(written.split(password).join(GOLDEN_PASSWORD)).toBe(await readFile(GOLDEN, 'utf8'));
  });

  it('without --out prints the config to stdout, the generated password as a mark', async () => {
    let out = '';
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      out += String(chunk);
      return true;
    });
    await program().parseAsync(['synth', '-i', INVENTORY, '-a', 'app-sre-stage'], { from: 'user' });
    expect(out).toBe((await readFile(GOLDEN, 'utf8')).split(GOLDEN_PASSWORD).join(GENERATED_SECRET_MARK));
  });

  it('an unknown account is an InputError printed once with the file and the known accounts', async () => {
    const err = await program()
      .parseAsync(['synth', '-i', INVENTORY, '-a', 'nope'], { from: 'user' })
      .then(() => undefined, (e: unknown) => e);
    expect(describeError(err)).toBe(`${INVENTORY}: accounts: unknown account "nope"; known: app-sre-stage, app-sre-prod`);
  });

  it('--help shows an example', () => {
    const synth = program().commands.find((c) => c.name() === 'synth');
    let help = '';
    synth?.configureOutput({ writeOut: (s) => (help += s) });
    synth?.outputHelp();
    expect(help).toContain('$ tfdoctor synth --inventory');
  });
});
