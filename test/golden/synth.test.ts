/**
 * Golden: the synthesized Terraform JSON of each fixture account, pinned under
 * fixtures/golden/synth/. Regenerate from the code (never by hand) with
 *   UPDATE_GOLDEN=1 npx vitest run test/golden/synth.test.ts
 * and review the diff: it is exactly what changes for the reconciler's state.
 */
import { readFile, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { listAccounts, loadInventory, synthAccount, type Inventory } from '../../src/synth/index.js';
import { FIXTURE_OPTIONS } from '../support/fixture-options.js';

const ROOT = path.join(import.meta.dirname, '../..');
const INVENTORY = path.join(ROOT, 'fixtures/inventory/inventory.yml');
const GOLDEN = path.join(ROOT, 'fixtures/golden/synth');
const update = process.env['UPDATE_GOLDEN'] === '1';
const OPTIONS = FIXTURE_OPTIONS;

let inv: Inventory;
beforeAll(async () => {
  inv = await loadInventory(INVENTORY);
});

describe('synth golden', () => {
  it('the fixture inventory has the two accounts', () => {
    expect(listAccounts(inv)).toEqual(['app-sre-stage', 'app-sre-prod']);
  });

  it.each(['app-sre-stage', 'app-sre-prod'])('%s matches its golden (fixtures/golden/synth/<account>.tf.json)', async (account) => {
    const text = `${JSON.stringify(synthAccount(inv, account, OPTIONS).json, null, 2)}\n`;
    const file = path.join(GOLDEN, `${account}.tf.json`);
    if (update) await writeFile(file, text);
    expect(text).toBe(await readFile(file, 'utf8'));
  });

  it('the golden stage config has the runbook addresses', async () => {
    const json = JSON.parse(await readFile(path.join(GOLDEN, 'app-sre-stage.tf.json'), 'utf8')) as {
      resource: Record<string, Record<string, unknown>>;
    };
    expect(Object.keys(json.resource['aws_db_parameter_group'] ?? {})).toEqual(['quay-db-pg']);
    expect(Object.keys(json.resource['aws_elasticache_parameter_group'] ?? {})).toEqual(['quay-orchestrator-parameters']);
    // The asg's image is the literal id found before synth (populate_tf_resource_asg), not a data source.
    expect((json as { data?: Record<string, unknown> }).data?.['aws_ami']).toBeUndefined();
    expect((json.resource['aws_launch_template']?.['image-builder-workers'] as { image_id?: string } | undefined)?.image_id).toBe('ami-0123456789abcdef0');
  });
});
