/** `tfdoctor synth` in-process (commander, no child process): prints or writes the golden config. */
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Command } from 'commander';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { register } from '../../cli/commands/synth.js';
import { describeError } from '../../cli/exit.js';

const ROOT = path.join(import.meta.dirname, '../..');
const INVENTORY = path.join(ROOT, 'fixtures/inventory/inventory.yml');
const GOLDEN = path.join(ROOT, 'fixtures/golden/synth/app-sre-stage.tf.json');

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
    await program().parseAsync(['synth', '--inventory', INVENTORY, '--account', 'app-sre-stage', '--ami', 'image-builder-workers=ami-0123456789abcdef0', '--out', dir], { from: 'user' });
    expect(await readdir(dir)).toEqual(['main.tf.json']);
    expect(await readFile(path.join(dir, 'main.tf.json'), 'utf8')).toBe(await readFile(GOLDEN, 'utf8'));
  });

  it('without --out prints the config to stdout', async () => {
    let out = '';
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      out += String(chunk);
      return true;
    });
    await program().parseAsync(['synth', '-i', INVENTORY, '-a', 'app-sre-stage', '--ami', 'image-builder-workers=ami-0123456789abcdef0'], { from: 'user' });
    expect(out).toBe(await readFile(GOLDEN, 'utf8'));
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
