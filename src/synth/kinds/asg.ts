/**
 * asg (`populate_tf_resource_asg`): `aws_launch_template.<id>` with the literal
 * `image_id` found before synth (DescribeImages by the image tags, no owner filter:
 * `get_asg_image_id` / `AWSApi.get_image_id`), `aws_autoscaling_group.<id>` using it
 * through `mixed_instances_policy` with a rolling `instance_refresh`, and, with
 * `iam_role_name`, an untagged `aws_iam_instance_profile.<id>`. Only the keys the
 * reference reads reach the resources. Tags are the common tags plus `Name=<id>`
 * and `extra_tags`, on the template, its instance and volume tag specifications
 * and the group's `tag` list. The group has no provider (the reference sets none);
 * the template and profile take the region's. `cloudinit_configs` become
 * `data.cloudinit_config.<id>` (gzip + base64) whose `rendered` is the user data.
 * Outputs template_latest_version, image_id (the literal).
 */
import { aws, cdktf } from '../cdk.js';
import { inputError } from '../load-inventory.js';
import { escapeDeep, escapeTemplate } from '../naming.js';
import type { ImageRef } from '../inventory-schema.js';
import { declare, metadataOutputs, output, providerOf, requireProvider, type KindContext } from './context.js';

/** The key of `SynthOptions.images` for an asg: its identifier (unique per account, as its addresses are). */
export function imageKey(identifier: string): string {
  return identifier;
}

/** The tag filters the reference's DescribeImages uses (`tag:<tag_name>` = commit or static value). */
export function imageTags(images: readonly ImageRef[]): { name: string; value: string }[] {
  return images.map((img) => ({ name: img.tag_name, value: img.provider === 'git' ? img.ref : img.value }));
}

/** The image definition as the reference prints it in its error (a Python list of dicts). */
export function imageDefinition(images: readonly ImageRef[]): string {
  const q = (s: string) => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  return `[${images.map((img) => `{${Object.entries(img).map(([k, v]) => `${q(k)}: ${q(String(v))}`).join(', ')}}`).join(', ')}]`;
}

/** The reference's error when DescribeImages finds nothing (the doctor's ami-not-found pattern reads it). */
export function amiNotFoundMessage(identifier: string, account: string, images: readonly ImageRef[]): string {
  return `[${identifier}] could not find ami specified in image section in account ${account}, image definition ${imageDefinition(images)}`;
}

const TEMPLATE_KEYS = ['vpc_security_group_ids', 'update_default_version', 'block_device_mappings', 'metadata_options'] as const;
const GROUP_KEYS = ['vpc_zone_identifier', 'capacity_rebalance', 'max_instance_lifetime', 'protect_from_scale_in', 'enabled_metrics'] as const;

export function synthAsg(ctx: KindContext): void {
  const { res } = ctx;
  const at = (key: string) => res.origins[key] ?? { ...res.where, path: [...res.where.path, key] };
  const value = (key: string): unknown => {
    const v = res.values[key];
    return v === null ? undefined : escapeDeep(v);
  };
  if (!res.images.length) throw inputError(at('image'), 'asg needs at least one image entry');
  const image = ctx.options.images?.get(imageKey(res.identifier));
  if (!image) throw inputError(at('image'), amiNotFoundMessage(res.identifier, ctx.account.name, res.images));
  if (!/^ami-[0-9a-f]{8,17}$/.test(image.imageId)) throw inputError(at('image'), `not an AMI id: ${JSON.stringify(image.imageId)}`);

  const tags: Record<string, string> = { ...ctx.tags, Name: res.identifier, ...extraTags(ctx) };

  const template: Record<string, unknown> = {
    name: res.identifier,
    image_id: image.imageId,
    tags,
    tag_specifications: [
      { resource_type: 'instance', tags },
      { resource_type: 'volume', tags },
    ],
  };
  for (const key of TEMPLATE_KEYS) if (value(key) !== undefined) template[key] = value(key);

  const roleName = res.values['iam_role_name'];
  if (roleName !== undefined && roleName !== null && typeof roleName !== 'string') throw inputError(at('iam_role_name'), 'iam_role_name must be a string');
  if (roleName) {
    const profile = declare(ctx, aws.IamInstanceProfile, ctx.name, { name: res.identifier, role: escapeTemplate(roleName), ...providerOf(ctx) });
    template['iam_instance_profile'] = { name: profile.name };
  }
  const userData = cloudinit(ctx);
  if (userData) template['user_data'] = userData;

  const lt = declare(ctx, aws.LaunchTemplate, ctx.name, { ...providerOf(ctx) });
  for (const [k, v] of Object.entries(template)) lt.addOverride(k, v);

  const size = (key: string): number => {
    const v = res.values[key];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) throw inputError(at(key), `${key} is required for asg and must be a whole number`);
    return v;
  };
  const launchTemplate: Record<string, unknown> = {
    launch_template_specification: { launch_template_id: lt.id, version: cdktf.Token.asString(lt.latestVersion) },
  };
  const overrides: unknown[] = [];
  const types = res.values['instance_types'];
  if (types !== undefined && types !== null) {
    if (!Array.isArray(types) || !types.every((t) => typeof t === 'string')) throw inputError(at('instance_types'), 'instance_types must be a list of instance type names');
    overrides.push(...types.map((t) => ({ instance_type: escapeTemplate(t) })));
  }
  if (value('instance_requirements')) overrides.push({ instance_requirements: value('instance_requirements') });
  if (overrides.length) launchTemplate['override'] = overrides;
  const mixed: Record<string, unknown> = { launch_template: launchTemplate };
  if (value('instances_distribution') !== undefined) mixed['instances_distribution'] = value('instances_distribution');
  const refresh: Record<string, unknown> = { strategy: 'Rolling' };
  if (value('instance_refresh_preferences') !== undefined) refresh['preferences'] = value('instance_refresh_preferences');

  // No provider on the group: the reference sets none (it lands in the default provider's region).
  const group = declare(ctx, aws.AutoscalingGroup, ctx.name, { name: res.identifier, minSize: size('min_size'), maxSize: size('max_size') });
  for (const key of GROUP_KEYS) if (value(key) !== undefined) group.addOverride(key, value(key));
  group.addOverride('mixed_instances_policy', mixed);
  group.addOverride('instance_refresh', refresh);
  group.addOverride('tag', Object.entries(tags).map(([key, v]) => ({ key, value: v, propagate_at_launch: true })));

  output(ctx, 'template_latest_version', lt.latestVersion);
  output(ctx, 'image_id', image.imageId);
  metadataOutputs(ctx);
}

/** `extra_tags`: a JSON object string in the reference (`json.loads`); a mapping is taken as already parsed. */
function extraTags(ctx: KindContext): Record<string, string> {
  const raw = ctx.res.values['extra_tags'];
  const at = ctx.res.origins['extra_tags'] ?? { ...ctx.res.where, path: [...ctx.res.where.path, 'extra_tags'] };
  if (raw === undefined || raw === null || raw === '') return {};
  let parsed: unknown = raw;
  if (typeof raw === 'string') {
    try {
      parsed = JSON.parse(raw);
    } catch (err) {
      throw inputError(at, `extra_tags is not valid JSON: ${(err as Error).message}`);
    }
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw inputError(at, 'extra_tags must be a JSON object of tag names to values');
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(parsed)) {
    if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean') throw inputError(at, `extra_tags.${k} must be a string`);
    out[escapeTemplate(k)] = escapeTemplate(String(v));
  }
  return out;
}

/**
 * `cloudinit_configs`: each part's content rendered with the "extracurly" Jinja
 * variables `{{{ name }}}` from `variables` (a JSON object) plus aws_region and
 * aws_account_id, then `${`/`%{` escaped, as the reference does. tfdoctor takes the
 * content inline (the reconciler reads it from an app-interface resource file) and
 * refuses any other template syntax rather than render it differently.
 */
function cloudinit(ctx: KindContext): string | undefined {
  const { res } = ctx;
  const configs = res.entry.cloudinit_configs;
  if (!configs?.length) return undefined;
  const where = { ...res.where, path: [...res.where.path, 'cloudinit_configs'] };
  let vars: Record<string, unknown> = {};
  const raw = res.values['variables'];
  if (typeof raw === 'string' && raw) {
    try {
      vars = JSON.parse(raw) as Record<string, unknown>;
    } catch {
      throw inputError(res.origins['variables'] ?? where, 'variables is not valid JSON');
    }
  } else if (raw && typeof raw === 'object') vars = raw as Record<string, unknown>;
  vars = { ...vars, aws_region: ctx.region, aws_account_id: ctx.account.uid };
  const parts = configs.map((c, i) => {
    const content = c.content.replace(/\{\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}\}/g, (m, name: string) => {
      if (!(name in vars)) throw inputError({ ...where, path: [...where.path, i, 'content'] }, `{{{ ${name} }}} is not a variable`);
      return String(vars[name]);
    });
    if (/\{\{\{|\{\{%|\{\{#/.test(content)) throw inputError({ ...where, path: [...where.path, i, 'content'] }, 'only {{{ variable }}} substitutions are supported by tfdoctor');
    return { filename: c.filename ?? null, content_type: c.content_type ?? null, content: escapeTemplate(content) };
  });
  requireProvider(ctx, 'cloudinit');
  const address = `data.cloudinit_config.${ctx.name}`;
  if (ctx.addresses.has(address)) throw inputError(res.where, `${address} would be declared twice`);
  ctx.addresses.set(address, res.where);
  const data = new cdktf.TerraformDataSource(ctx.stack, address, { terraformResourceType: 'cloudinit_config' });
  data.overrideLogicalId(ctx.name);
  data.addOverride('gzip', true);
  data.addOverride('base64_encode', true);
  data.addOverride('part', parts);
  return `\${${address}.rendered}`;
}
