/** `tfdoctor synth` in-process (commander, no child process): prints or writes the golden config. */
import { mkdtemp, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Command } from 'commander';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { register } from '../../cli/commands/synth.js';
import { describeError } from '../../cli/exit.js';
import { REDACTED, redactSecrets } from '../../src/synth/redact-secrets.js';

const ROOT = path.join(import.meta.dirname, '../..');
const INVENTORY = path.join(ROOT, 'fixtures/inventory/inventory.yml');
const GOLDEN = path.join(ROOT, 'fixtures/golden/synth/app-sre-stage.tf.json');
/** Fake Vault fields for the fixture's secrets-manager entry (the same the golden test uses). */
const SECRETS = path.join(ROOT, 'fixtures/inventory/secrets.yml');
/** test/golden/synth.test.ts synthesizes the goldens with this fixed generator. */
const GOLDEN_PASSWORD = 'GoldenPassword000000';

function program(): Command {
  const p = new Command('tfdoctor').exitOverride();
  register(p);
  return p;
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('tfdoctor synth', () => {
  it('a key the reconciler does not select is a warning on stderr; --out makes the dir 0700 and the file 0600', async () => {
    const dir = path.join(await mkdtemp(path.join(tmpdir(), 'tfdoctor-cli-synth-')), 'wd');
    let err = '';
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      err += String(chunk);
      return true;
    });
    await program().parseAsync(['synth', '-i', INVENTORY, '-a', 'app-sre-prod', '--secrets', SECRETS, '--out', dir], { from: 'user' });
    expect(err).toMatch(/tfdoctor: warning: .*inventory\.yml: namespaces\.2\.externalResources\.0\.resources\.5: ignored "overrides": the reconciler's GraphQL query does not select this key for cloudwatch\n/);
    expect((await stat(dir)).mode & 0o777).toBe(0o700);
    expect((await stat(path.join(dir, 'main.tf.json'))).mode & 0o777).toBe(0o600);
  });

  it('--out writes DIR/main.tf.json equal to the golden config, and nothing else', async () => {
    const dir = path.join(await mkdtemp(path.join(tmpdir(), 'tfdoctor-cli-synth-')), 'wd');
    vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    await program().parseAsync(['synth', '--inventory', INVENTORY, '--account', 'app-sre-stage', '--ami', 'image-builder-workers=ami-0123456789abcdef0', '--out', dir], { from: 'user' });
    expect(await readdir(dir)).toEqual(['main.tf.json']);
    // Equal but for the RDS password, generated per run for an instance with no state (populate_tf_resource_rds).
    const written = await readFile(path.join(dir, 'main.tf.json'), 'utf8');
    const password = (JSON.parse(written) as { resource: Record<string, Record<string, Record<string, unknown>>> }).resource['aws_db_instance']!['quay-db']!['password'] as string;
    expect(password).toMatch(/^[A-Za-z0-9]{20}$/);
    expect(written.split(password).join(GOLDEN_PASSWORD)).toBe(await readFile(GOLDEN, 'utf8'));
  });

  it('without --out prints the config to stdout, its secrets (generated or not) redacted', async () => {
    let out = '';
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      out += String(chunk);
      return true;
    });
    await program().parseAsync(['synth', '-i', INVENTORY, '-a', 'app-sre-stage', '--ami', 'image-builder-workers=ami-0123456789abcdef0'], { from: 'user' });
    const golden = JSON.parse(await readFile(GOLDEN, 'utf8')) as Record<string, unknown>;
    expect(out).toBe(`${JSON.stringify(redactSecrets(golden), null, 2)}\n`);
    expect(out).not.toContain(GOLDEN_PASSWORD);
    expect(out).toContain(REDACTED);
  });

  it('--secrets: the Vault fields reach the secret version; a bad file names itself and the field, never a value', async () => {
    const dir = path.join(await mkdtemp(path.join(tmpdir(), 'tfdoctor-cli-synth-')), 'wd');
    vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    await program().parseAsync(['synth', '-i', INVENTORY, '-a', 'app-sre-prod', '--secrets', SECRETS, '--out', dir], { from: 'user' });
    const written = JSON.parse(await readFile(path.join(dir, 'main.tf.json'), 'utf8')) as { resource: Record<string, Record<string, { secret_string?: string }>> };
    expect(written.resource['aws_secretsmanager_secret_version']?.['grafana-admin']?.secret_string).toBe('{"password": "golden-fixture-not-a-secret", "username": "admin"}');
    const bad = path.join(path.dirname(dir), 'bad.yml');
    await writeFile(bad, 'app-sre/grafana/admin:\n  password: [s3cr3t-value]\n');
    const err = await program()
      .parseAsync(['synth', '-i', INVENTORY, '-a', 'app-sre-prod', '--secrets', bad], { from: 'user' })
      .then(() => undefined, (e: unknown) => e);
    expect(describeError(err)).toBe(`${bad}: app-sre/grafana/admin.password: expected a string`);
    expect(describeError(err)).not.toContain('s3cr3t');
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
