/**
 * Golden: the synthesized Terraform JSON of the kinds-10a fixture account (sns,
 * secrets-manager-service-account, acm, s3-cloudfront-public-key, s3-cloudfront, s3-sqs),
 * its Vault fields from fixtures/inventory/kinds-10a/secrets.yml, pinned in
 * fixtures/golden/synth/kinds-10a.tf.json. Regenerate from the code (never by hand) with
 *   UPDATE_GOLDEN=1 npx vitest run test/golden/kinds-10a.test.ts
 */
import { readFile, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadInventory, synthAccount } from '../../src/synth/index.js';
import { fileSecretSource, gatherSecrets } from '../../src/synth/secret-source.js';
import { loadSecretsFile } from '../../src/synth/secrets-file.js';

const ROOT = path.join(import.meta.dirname, '../..');
export const KINDS_10A_INVENTORY = path.join(ROOT, 'fixtures/inventory/kinds-10a/inventory.yml');
export const KINDS_10A_SECRETS = path.join(ROOT, 'fixtures/inventory/kinds-10a/secrets.yml');
const GOLDEN = path.join(ROOT, 'fixtures/golden/synth/kinds-10a.tf.json');

describe('synth golden: kinds-10a', () => {
  it('kinds-10a matches fixtures/golden/synth/kinds-10a.tf.json', async () => {
    const inv = await loadInventory(KINDS_10A_INVENTORY);
    expect(inv.warnings ?? []).toEqual([]);
    expect(new Set(inv.resources.map((r) => r.kind))).toEqual(
      new Set(['sns', 'secrets-manager-service-account', 'acm', 's3-cloudfront-public-key', 's3-cloudfront', 's3-sqs']),
    );
    // Through the secret source, as `tfdoctor synth --secrets` reads it.
    const secrets = await gatherSecrets(inv, 'kinds-10a', fileSecretSource(await loadSecretsFile(KINDS_10A_SECRETS)));
    expect([...secrets.keys()].sort()).toEqual(['app-sre/kinds-10a/acm', 'app-sre/kinds-10a/cloudfront']);
    const text = `${JSON.stringify(synthAccount(inv, 'kinds-10a', { secrets }).json, null, 2)}\n`;
    if (process.env['UPDATE_GOLDEN'] === '1') await writeFile(GOLDEN, text);
    expect(text).toBe(await readFile(GOLDEN, 'utf8'));
  });
});
