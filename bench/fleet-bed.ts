/**
 * A small fleet on the AWS emulator, for the bench and the fleet acceptance
 * test: an inventory of N accounts (each its own state bucket, one shared lock
 * table), synthesized by src/synth, initialized and applied for real.
 *
 * Only quick resources: each inventory entry is an `s3` kind, which the
 * synthesizer turns into 5 resources (bucket, IAM user, access key, policy,
 * attachment), all of which the emulator creates in well under a second.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { apply } from '../src/state/terraform/mutating/apply.js';
import { init } from '../src/state/terraform/init.js';
import type { TerraformContext } from '../src/state/terraform/context.js';
import { loadInventory, synthAccount, writeWorkingDir, type Inventory } from '../src/synth/index.js';
import { EMULATOR_BACKEND_CONFIG, prepareBackend, writeEmulatorOverride, type Emulator } from '../test/testbed/index.js';
import { prewarmPluginCache, runPool } from '../src/run/fleet.js';

/**
 * A lock table only for the accounts in `FleetSpec.lockTables`. Accounts planned
 * in parallel against one moto server with DynamoDB locking sometimes failed
 * their OWN lock request: "Error acquiring the state lock" with a lock Created
 * seconds after the plan started, Who = this host, left behind (seen twice,
 * moto 5.2.1 + terraform 1.11.4 under load, with one shared table and with one
 * table per account; emulator behaviour, not reproduced on demand). Locking is
 * covered by the runner's and the repair's acceptance tests; here only the
 * account whose held lock is the scenario gets a table.
 */
export function lockTableOf(account: string): string {
  return `${account}-locks`;
}

export const STATE_KEY = 'qontract-reconcile.tfstate';
export const REGION = 'us-east-1';

export interface FleetSpec {
  accounts: readonly string[];
  /** s3 entries per account (5 Terraform resources each). */
  bucketsPerAccount: number;
  /** Accounts whose backend has a DynamoDB lock table (default none; see lockTableOf). */
  lockTables?: readonly string[];
}

/** Writes `<dir>/inventory.yaml` (+ its defaults file) and returns its path. */
export async function writeFleetInventory(dir: string, spec: FleetSpec): Promise<string> {
  await mkdir(join(dir, 'resources', 's3'), { recursive: true });
  // Versioning/encryption come from the synthesizer's s3 defaults; nothing else needed.
  await writeFile(join(dir, 'resources', 's3', 'bucket.yml'), 'force_destroy: true\n');
  const doc = {
    accounts: spec.accounts.map((name, i) => ({
      name,
      uid: String(100000000000 + i),
      resourcesDefaultRegion: REGION,
      providerVersion: '5.100.0',
      enableDeletion: false,
      terraformState: {
        provider: 's3',
        bucket: `${name}-tfstate`,
        region: REGION,
        ...(spec.lockTables?.includes(name) ? { lockTable: lockTableOf(name) } : {}),
        integrations: [{ integration: 'terraform-resources', key: STATE_KEY }],
      },
    })),
    namespaces: spec.accounts.map((name) => ({
      name: `ns-${name}`,
      cluster: { name: 'bench-cluster' },
      environment: { name: 'stage' },
      app: { name: `app-${name}` },
      managedExternalResources: true,
      externalResources: [
        {
          provider: 'aws',
          provisioner: { name },
          resources: Array.from({ length: spec.bucketsPerAccount }, (_, b) => ({
            provider: 's3',
            identifier: `${name}-b${b}`,
            defaults: 'resources/s3/bucket.yml',
          })),
        },
      ],
    })),
  };
  const file = join(dir, 'inventory.yaml');
  await writeFile(file, stringify(doc));
  return file;
}

export interface PrepareFleetOptions {
  inventoryFile: string;
  /** Working dirs go to `<workRoot>/<account>` (what planFleet's workRoot expects). */
  workRoot: string;
  /** Apply the config so each account has real state and objects: true (default), false, or only these accounts. */
  apply?: boolean | readonly string[];
  concurrency?: number;
}

/**
 * State buckets + lock table, then per account: synth, the emulator override,
 * init, apply. Returns the loaded inventory and each account's working dir.
 */
export async function prepareFleet(em: Emulator, opts: PrepareFleetOptions): Promise<{ inventory: Inventory; dirs: Map<string, string> }> {
  const inventory = await loadInventory(opts.inventoryFile);
  const dirs = new Map<string, string>();
  // Parallel first inits must not race on the empty plugin cache: fill it once first.
  const cacheDir = em.env['TF_PLUGIN_CACHE_DIR'];
  if (cacheDir) await prewarmPluginCache({ cacheDir, providerVersions: ['5.100.0'], env: em.env });
  const results = await runPool(inventory.accounts, opts.concurrency ?? 4, async (account) => {
    await prepareBackend(em, { bucket: account.terraformState?.bucket ?? '', region: REGION, ...(account.terraformState?.lockTable ? { lockTable: account.terraformState.lockTable } : {}) });
    const dir = join(opts.workRoot, account.name);
    await writeWorkingDir(synthAccount(inventory, account.name), dir);
    await writeEmulatorOverride(dir);
    const tf: TerraformContext = { bin: process.env['TFDOCTOR_TERRAFORM_BIN'] ?? 'terraform', cwd: dir, env: { ...em.env, TF_PLUGIN_CACHE_MAY_BREAK_DEPENDENCY_LOCK_FILE: 'true' } };
    await init(tf, { backendConfig: { ...EMULATOR_BACKEND_CONFIG } });
    const applyIt = Array.isArray(opts.apply) ? opts.apply.includes(account.name) : (opts.apply ?? true);
    if (applyIt) {
      const run = await apply(tf, {});
      if (run.exitCode !== 0) {
        throw new Error(`apply failed for ${account.name}: ${run.diagnostics.map((d) => `${d.summary}: ${d.detail ?? ''}`).join('; ')}`);
      }
    }
    dirs.set(account.name, dir);
  });
  const failed = results.find((r) => r.status === 'rejected');
  if (failed?.status === 'rejected') throw failed.reason;
  return { inventory, dirs };
}
