/**
 * Reading constants out of the plan JSON's `configuration` block (format 1.2,
 * terraform 1.11): a `data "aws_ami"` filter (tag name and commit) and the
 * region of its provider. Used when no AMI lookup was run, so an
 * ami-not-found finding still says which commit and region it is about.
 */
import type { PlanJson } from '../tfjson/index.js';
import { isPlainObject } from './sensitive.js';

export interface AmiFilter {
  tagName: string;
  commit: string;
  region?: string;
}

export function amiFilterFromConfig(plan: PlanJson | undefined, address: string): AmiFilter | undefined {
  const cfg = plan?.configuration;
  if (!isPlainObject(cfg)) return undefined;
  const root = cfg['root_module'];
  const resources = isPlainObject(root) && Array.isArray(root['resources']) ? root['resources'] : [];
  const r = resources.find((x): x is Record<string, unknown> => isPlainObject(x) && x['address'] === address);
  if (!r || !isPlainObject(r['expressions'])) return undefined;
  const filters = r['expressions']['filter'];
  if (!Array.isArray(filters)) return undefined;
  for (const f of filters) {
    if (!isPlainObject(f)) continue;
    const name = constant(f['name']);
    const values = constant(f['values']);
    if (typeof name !== 'string' || !name.startsWith('tag:') || !Array.isArray(values) || typeof values[0] !== 'string') continue;
    const out: AmiFilter = { tagName: name.slice(4), commit: values[0] };
    const region = providerRegion(cfg, r['provider_config_key']);
    if (region) out.region = region;
    return out;
  }
  return undefined;
}

function providerRegion(cfg: Record<string, unknown>, key: unknown): string | undefined {
  const providers = cfg['provider_config'];
  if (typeof key !== 'string' || !isPlainObject(providers)) return undefined;
  const p = providers[key];
  if (!isPlainObject(p) || !isPlainObject(p['expressions'])) return undefined;
  const region = constant(p['expressions']['region']);
  return typeof region === 'string' ? region : undefined;
}

function constant(expr: unknown): unknown {
  return isPlainObject(expr) ? expr['constant_value'] : undefined;
}
