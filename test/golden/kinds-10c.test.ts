/**
 * Golden: the synthesized Terraform JSON of the kinds-10c fixture account
 * (alb, rosa-authenticator-vpce, rosa-authenticator), pinned in
 * fixtures/golden/synth/kinds-10c.tf.json. Regenerate from the code (never by hand) with
 *   UPDATE_GOLDEN=1 npx vitest run test/golden/kinds-10c.test.ts
 */
import { readFile, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadInventory, synthAccount } from '../../src/synth/index.js';

const ROOT = path.join(import.meta.dirname, '../..');
export const KINDS_10C_INVENTORY = path.join(ROOT, 'fixtures/inventory/kinds-10c/inventory.yml');
const GOLDEN = path.join(ROOT, 'fixtures/golden/synth/kinds-10c.tf.json');

describe('synth golden: kinds-10c', () => {
  it('kinds-10c matches fixtures/golden/synth/kinds-10c.tf.json', async () => {
    const inv = await loadInventory(KINDS_10C_INVENTORY);
    expect(inv.warnings ?? []).toEqual([]);
    expect(new Set(inv.resources.map((r) => r.kind))).toEqual(new Set(['rosa-authenticator-vpce', 'alb']));
    const text = `${JSON.stringify(synthAccount(inv, 'kinds-10c').json, null, 2)}\n`;
    if (process.env['UPDATE_GOLDEN'] === '1') await writeFile(GOLDEN, text);
    expect(text).toBe(await readFile(GOLDEN, 'utf8'));
  });
});
