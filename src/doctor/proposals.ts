/**
 * Proposal builders. argv values are checked with safe.ts: when an address or
 * id from input does not have Terraform's own shape, the command is left out
 * (a snippet alone is still offered) rather than built from it.
 * Config snippets are HCL for a `.tf` file beside the configuration
 * (Terraform reads `.tf` and `.tf.json` together).
 */
import type { Proposal } from './report.js';
import { hclString, isSafeAddress, isSafeArg, isSafeLockId, resourceOf, yamlString } from './safe.js';

export type DraftProposal = Omit<Proposal, 'id'>;

export function applyProposal(why: string, checkFirst?: string[]): DraftProposal {
  return { kind: 'terraform-apply', argv: ['terraform', 'apply'], mutatesState: false, why, ...(checkFirst ? { checkFirst } : {}) };
}

export function refreshOnlyProposal(why: string): DraftProposal {
  return { kind: 'terraform-apply-refresh-only', argv: ['terraform', 'apply', '-refresh-only'], mutatesState: false, why };
}

export function stateRmProposal(address: string, why: string, checkFirst?: string[]): DraftProposal[] {
  if (!isSafeAddress(address)) return [];
  return [{ kind: 'terraform-state-rm', argv: ['terraform', 'state', 'rm', address], mutatesState: true, why, ...(checkFirst ? { checkFirst } : {}) }];
}

export function removedBlockProposal(address: string, why: string): DraftProposal[] {
  if (!isSafeAddress(address)) return [];
  const from = resourceOf(address);
  return [{
    kind: 'config-removed-block',
    snippet: `removed {\n  from = ${from}\n\n  lifecycle {\n    destroy = false\n  }\n}\n`,
    mutatesState: false,
    why,
  }];
}

export function importProposals(address: string, id: string, why: string, checkFirst?: string[]): DraftProposal[] {
  if (!isSafeAddress(address)) return [];
  const out: DraftProposal[] = [];
  if (isSafeArg(id)) {
    out.push({ kind: 'terraform-import', argv: ['terraform', 'import', address, id], mutatesState: true, why, ...(checkFirst ? { checkFirst } : {}) });
  }
  out.push({
    kind: 'config-import-block',
    snippet: `import {\n  to = ${address}\n  id = ${hclString(id)}\n}\n`,
    mutatesState: false,
    why: `${why} (reviewable: the import happens in the next plan/apply)`,
  });
  return out;
}

export function movedProposals(from: string, to: string, why: string): DraftProposal[] {
  if (!isSafeAddress(from) || !isSafeAddress(to)) return [];
  return [
    { kind: 'config-moved-block', snippet: `moved {\n  from = ${from}\n  to   = ${to}\n}\n`, mutatesState: false, why },
    { kind: 'terraform-state-mv', argv: ['terraform', 'state', 'mv', from, to], mutatesState: true, why },
  ];
}

export function forceUnlockProposal(lockId: string, why: string, checkFirst: string[]): DraftProposal[] {
  if (!isSafeLockId(lockId)) return [];
  return [{ kind: 'terraform-force-unlock', argv: ['terraform', 'force-unlock', '-force', lockId], mutatesState: true, why, checkFirst }];
}

export function statePushProposal(why: string, checkFirst: string[]): DraftProposal {
  return { kind: 'terraform-state-push', argv: ['terraform', 'state', 'push', 'errored.tfstate'], mutatesState: true, why, checkFirst };
}

export function deletionApprovalProposal(type: string, name: string, expiration: string, why: string): DraftProposal {
  return {
    kind: 'inventory-deletion-approval',
    snippet: `deletionApprovals:\n  - { type: ${yamlString(type)}, name: ${yamlString(name)}, expiration: ${yamlString(expiration)} }\n`,
    mutatesState: false,
    why,
  };
}

export function pinImageProposal(image: { tagName: string; url?: string | undefined; commit: string }, why: string): DraftProposal {
  const url = image.url ? `, url: ${yamlString(image.url)}` : '';
  return {
    kind: 'inventory-pin-image-ref',
    snippet: `image:\n  - { provider: git, tag_name: ${yamlString(image.tagName)}${url}, ref: ${yamlString(image.commit)} }\n`,
    mutatesState: false,
    why,
  };
}
