/**
 * What the rest of tfdoctor needs to know about one account: regions, the
 * deletion gate, the backend. The backend rules follow the reference: the key is
 * the `terraform-resources` integration's; a missing bucket is an error.
 */
import type { Account, Inventory } from './inventory.js';
import { inputError, isAccountDisabled } from './load-inventory.js';

export interface DeletionApproval {
  type: string;
  name: string;
  /** YYYY-MM-DD; valid while now <= expiration + 1 day (UTC), as the reference does. */
  expiration: string;
}

/** The account's S3 backend block (terraformState): bucket, key, region, lock table. */
export interface BackendConfig {
  bucket: string;
  key: string;
  region: string;
  dynamodb_table?: string;
}

/** An account's settings as synthesis and the deletion gate read them. */
export interface AccountInfo {
  name: string;
  uid: string;
  /** The AWS partition for ARNs (`aws` unless the account says otherwise, as the reference's `_get_partition`). */
  partition: string;
  defaultRegion: string;
  /** supportedDeploymentRegions; empty when the account has none (no aliased providers). */
  regions: string[];
  enableDeletion: boolean;
  deletionApprovals: DeletionApproval[];
  backend: BackendConfig;
}

/** The integration whose state key the backend uses. */
export const INTEGRATION_NAME = 'terraform-resources';

/** The accounts' (provisioners') names the reconciler runs, in inventory order: those with terraform-resources disabled are left out. */
export function listAccounts(inv: Inventory): string[] {
  return inv.accounts.filter((a) => !isAccountDisabled(a)).map((a) => a.name);
}

export function findAccount(inv: Inventory, name: string): Account {
  const account = inv.accounts.find((a) => a.name === name);
  if (!account)
    throw inputError(
      { file: inv.source, path: ['accounts'] },
      `unknown account ${JSON.stringify(name)}; known: ${listAccounts(inv).join(', ') || '(none)'}`,
    );
  // TAC filter_disabled_accounts: the reconciler writes no config for it at all.
  if (isAccountDisabled(account))
    throw inputError(
      { file: account.where.file, path: [...account.where.path, 'disable', 'integrations'] },
      `terraform-resources is disabled for account ${account.name}: the reconciler does not run it`,
    );
  return account;
}

/** One account's settings: uid, regions, provider version, deletion gate and S3 backend. InputError for an unknown account. */
export function accountInfo(inv: Inventory, name: string): AccountInfo {
  const account = findAccount(inv, name);
  const state = account.terraformState;
  const integration = state?.integrations?.find((i) => i.integration === INTEGRATION_NAME);
  if (!state?.bucket || !state.region || !integration?.key) {
    const missing = [!state?.bucket && 'bucket', !state?.region && 'region', !integration?.key && `integrations[${INTEGRATION_NAME}].key`]
      .filter(Boolean)
      .join(', ');
    throw inputError(
      { file: account.where.file, path: [...account.where.path, 'terraformState'] },
      `No bucket config found for account ${account.name} (missing ${missing})`,
    );
  }
  const backend: BackendConfig = { bucket: state.bucket, key: integration.key, region: state.region };
  if (state.lockTable) backend.dynamodb_table = state.lockTable;
  return {
    name: account.name,
    uid: account.uid,
    partition: account.partition || 'aws',
    defaultRegion: account.resourcesDefaultRegion,
    regions: [...(account.supportedDeploymentRegions ?? [])],
    enableDeletion: account.enableDeletion === true,
    deletionApprovals: (account.deletionApprovals ?? []).map((d) => ({ type: d.type, name: d.name, expiration: d.expiration })),
    backend,
  };
}
