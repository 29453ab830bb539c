/**
 * Golden: the synthesized Terraform JSON of the kinds-10d fixture account
 * (elasticsearch, msk, kinesis with es_identifier), pinned in
 * fixtures/golden/synth/kinds-10d.tf.json. Its Vault fields come from
 * fixtures/inventory/kinds-10d/secrets.yml through the file secret source (as
 * `--secrets` reads them); the lambda's release zip is a fixed path (synth only
 * names it). Regenerate from the code (never by hand) with
 *   UPDATE_GOLDEN=1 npx vitest run test/golden/kinds-10d.test.ts
 */
import { readFile, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadInventory, synthAccount } from '../../src/synth/index.js';
import { loadSecretsFile } from '../../src/synth/secrets-file.js';
import { fileSecretSource, gatherSecrets } from '../../src/synth/secret-source.js';

const ROOT = path.join(import.meta.dirname, '../..');
export const KINDS_10D_INVENTORY = path.join(ROOT, 'fixtures/inventory/kinds-10d/inventory.yml');
const SECRETS = path.join(ROOT, 'fixtures/inventory/kinds-10d/secrets.yml');
const GOLDEN = path.join(ROOT, 'fixtures/golden/synth/kinds-10d.tf.json');

describe('synth golden: kinds-10d', () => {
  it('kinds-10d matches fixtures/golden/synth/kinds-10d.tf.json', async () => {
    const inv = await loadInventory(KINDS_10D_INVENTORY);
    expect(inv.warnings ?? []).toEqual([]);
    expect(new Set(inv.resources.map((r) => r.kind))).toEqual(new Set(['elasticsearch', 'kinesis', 'msk']));
    const secrets = await gatherSecrets(inv, 'kinds-10d', fileSecretSource(await loadSecretsFile(SECRETS), SECRETS));
    expect([...secrets.keys()].sort()).toEqual(['app-sre/es/logs-es/master', 'app-sre/kafka/events-kafka/consumer', 'app-sre/kafka/events-kafka/producer']);
    const artifacts = new Map([['kinesis-to-opensearch-lambda', '/artifacts/kinesis-to-opensearch-lambda.zip']]);
    const text = `${JSON.stringify(synthAccount(inv, 'kinds-10d', { secrets, artifacts }).json, null, 2)}\n`;
    if (process.env['UPDATE_GOLDEN'] === '1') await writeFile(GOLDEN, text);
    expect(text).toBe(await readFile(GOLDEN, 'utf8'));
  });
});
