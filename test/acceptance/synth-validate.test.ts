/**
 * Acceptance: the synthesized config of every fixture account passes real
 * `terraform init -backend=false` + `terraform validate` with the real AWS
 * provider 5.100.0 from the filesystem mirror. Together the fixture accounts
 * cover every kind tfdoctor synthesizes (asserted below), so a wrong attribute
 * name or block shape in any kind fails here.
 */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findProviderMirror, init, validate, writeCliConfig } from '../../src/state/index.js';
import { KINDS, listAccounts, loadInventory, synthAccount, writeWorkingDir, type Inventory } from '../../src/synth/index.js';
import { FIXTURE_OPTIONS } from '../support/fixture-options.js';

const INVENTORY = path.join(import.meta.dirname, '../../fixtures/inventory/inventory.yml');

let work: string;
let env: Record<string, string>;
let inv: Inventory;

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'tfdoctor-synth-acc-'));
  const mirror = findProviderMirror();
  if (!mirror) throw new Error('no provider mirror found (set TFDOCTOR_PROVIDER_MIRROR)');
  const cliConfig = path.join(work, 'terraform.rc');
  // A shared plugin cache: with an unpacked mirror terraform links instead of copying the provider per dir.
  await writeCliConfig(cliConfig, { mirror, pluginCacheDir: path.join(work, 'plugin-cache') });
  env = { TF_CLI_CONFIG_FILE: cliConfig };
  inv = await loadInventory(INVENTORY);
});

afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

describe('synthesized configs validate with terraform + aws provider 5.100.0', () => {
  it('the fixture accounts cover every kind', async () => {
    const covered = new Set(inv.resources.map((r) => r.kind));
    // Kinds of issue 10 have their own fixture inventories (fixtures/inventory/kinds-*/), validated by test/acceptance/kinds-*.test.ts.
    const fixtures = path.dirname(INVENTORY);
    for (const d of (await readdir(fixtures)).filter((n) => n.startsWith('kinds-')))
      for (const r of (await loadInventory(path.join(fixtures, d, 'inventory.yml'))).resources) covered.add(r.kind);
    expect([...covered].sort()).toEqual([...KINDS].sort());
  });

  it.each(['app-sre-stage', 'app-sre-prod'])('%s: init -backend=false and validate', async (account) => {
    expect(listAccounts(inv)).toContain(account);
    const dir = path.join(work, account);
    await writeWorkingDir(synthAccount(inv, account, FIXTURE_OPTIONS), dir);
    const tf = { bin: process.env['TFDOCTOR_TERRAFORM_BIN'] ?? 'terraform', cwd: dir, env, timeoutMs: 120_000 };
    // -backend=false: validate needs the providers, not the S3 state.
    await init(tf, { backend: false });
    const result = await validate(tf);
    const errors = result.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.summary}: ${d.detail ?? ''}`);
    expect(errors).toEqual([]);
    expect(result.valid).toBe(true);
    expect(result.error_count).toBe(0);
  });
});
