// Small inline plan builders for the doctor's unit tests (shapes as terraform 1.11 writes plan JSON format 1.2).
import type { PlanJson, ResourceChange } from '../../src/tfjson/index.js';

export function rc(address: string, actions: ResourceChange['change']['actions'], change: Partial<ResourceChange['change']> = {}, extra: Partial<ResourceChange> = {}): ResourceChange {
  const parts = address.replace(/\[[^\]]*\]$/, '').split('.');
  const name = parts[parts.length - 1] ?? '';
  const type = parts[parts.length - 2] ?? '';
  return { address, mode: 'managed', type, name, provider_name: 'registry.terraform.io/hashicorp/aws', change: { actions, ...change }, ...extra };
}

export function plan(p: Partial<PlanJson> = {}): PlanJson {
  return { format_version: '1.2', terraform_version: '1.11.4', ...p };
}

export const NOW = new Date('2026-11-21T12:00:00Z');
