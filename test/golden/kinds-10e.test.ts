/**
 * Golden: the synthesized Terraform JSON of the kinds-10e fixture account
 * (rosa-authenticator), pinned in fixtures/golden/synth/kinds-10e.tf.json. The
 * outside inputs (trigger zip paths, the callback bucket's logo, a PNG made at test
 * time) are test/support/kinds-10e-inputs.ts. Regenerate from the code (never by hand) with
 *   UPDATE_GOLDEN=1 npx vitest run test/golden/kinds-10e.test.ts
 */
import { readFile, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadInventory, synthAccount } from '../../src/synth/index.js';
import { KINDS_10E_GOLDEN_OPTIONS } from '../support/kinds-10e-inputs.js';

const ROOT = path.join(import.meta.dirname, '../..');
export const KINDS_10E_INVENTORY = path.join(ROOT, 'fixtures/inventory/kinds-10e/inventory.yml');
const GOLDEN = path.join(ROOT, 'fixtures/golden/synth/kinds-10e.tf.json');

describe('synth golden: kinds-10e', () => {
  it('kinds-10e matches fixtures/golden/synth/kinds-10e.tf.json', async () => {
    const inv = await loadInventory(KINDS_10E_INVENTORY);
    expect(inv.warnings ?? []).toEqual([]);
    expect(new Set(inv.resources.map((r) => r.kind))).toEqual(new Set(['rosa-authenticator']));
    const text = `${JSON.stringify(synthAccount(inv, 'kinds-10e', KINDS_10E_GOLDEN_OPTIONS).json, null, 2)}\n`;
    if (process.env['UPDATE_GOLDEN'] === '1') await writeFile(GOLDEN, text);
    expect(text).toBe(await readFile(GOLDEN, 'utf8'));
  });
});
