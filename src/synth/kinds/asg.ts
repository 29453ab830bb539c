/**
 * asg: `data.aws_ami.<id>` (owners self, most recent, one `tag:<tag_name>` filter
 * per image entry), `aws_launch_template.<id>` using it, `aws_autoscaling_group.<id>`,
 * and `aws_iam_instance_profile.<id>` when `iam_role_name` is set.
 * Outputs template_latest_version, image_id.
 *
 * The reference looks the AMI up itself (DescribeImages) and fails before
 * Terraform runs. Here the lookup is a data source, so a missing image fails
 * `terraform plan` with "Your query returned no results" (seen on 1.11 / aws 5.100),
 * and the commit is recorded under the config's top-level "//" so the doctor can
 * name it.
 */
import { aws, cdktf } from '../cdk.js';
import { inputError } from '../load-inventory.js';
import { escapeDeep, escapeTemplate } from '../naming.js';
import { applyValues, checkAttribute, declare, hasAttribute, metadataOutputs, output, pickValues, providerOf, stringValue, type KindContext } from './context.js';

const CONSUMED = ['image', 'extra_tags', 'variables', 'iam_role_name', 'name', 'launch_template', 'tag', 'image_id'];

const camel = (key: string) => key.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());

export function synthAsg(ctx: KindContext): void {
  const { res } = ctx;
  const images = res.images;
  const first = images[0];
  if (!first) throw inputError({ ...res.where, path: [...res.where.path, 'image'] }, 'asg needs at least one image entry');
  const ami = declare(
    ctx,
    aws.DataAwsAmi,
    ctx.name,
    {
      owners: ['self'],
      mostRecent: true,
      filter: images.map((img) => ({
        name: escapeTemplate(`tag:${img.tag_name}`),
        values: [escapeTemplate(img.provider === 'git' ? img.ref : img.value)],
      })),
      ...providerOf(ctx),
    },
    true,
  );
  ctx.images[`data.aws_ami.${ctx.name}`] = {
    tag_name: first.tag_name,
    commit: first.provider === 'git' ? first.ref : first.value,
    ...(first.provider === 'git' ? { url: first.url } : {}),
    region: ctx.region,
  };

  const roleName = stringValue(ctx, 'iam_role_name');
  const profile = roleName
    ? declare(ctx, aws.IamInstanceProfile, ctx.name, { name: res.identifier, role: escapeTemplate(roleName), tags: ctx.tags })
    : undefined;

  const template = declare(ctx, aws.LaunchTemplate, ctx.name, {
    name: res.identifier,
    imageId: ami.id,
    updateDefaultVersion: true,
    ...(profile ? { iamInstanceProfile: { name: profile.name } } : {}),
    tagSpecifications: [{ resourceType: 'instance', tags: ctx.tags }],
    tags: ctx.tags,
    ...providerOf(ctx),
  });

  // Defaults mix both resources' settings (instance_type for the template,
  // min_size for the group): route each key to the resource whose schema has it.
  const isAsgKey = (k: string) => hasAttribute(aws.AutoscalingGroup, camel(k));
  const ltValues = pickValues(res.values, (k) => !CONSUMED.includes(k) && !isAsgKey(k) && hasAttribute(aws.LaunchTemplate, camel(k)));
  const asgValues = pickValues(res.values, (k) => !(k in ltValues));
  for (const key of Object.keys(asgValues)) if (!CONSUMED.includes(key) && !['identifier', 'tags', 'region'].includes(key)) checkAttribute(ctx, aws.AutoscalingGroup, key);
  applyValues(ctx, template, aws.LaunchTemplate, ltValues, []);

  const size = (key: string): number => {
    const v = res.values[key];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0)
      throw inputError(res.origins[key] ?? res.where, `${key} is required for asg and must be a whole number`);
    return v;
  };
  const extra = (res.values['extra_tags'] ?? {}) as Record<string, string>;
  const groupTags = { ...ctx.tags, ...escapeDeep(extra) };
  const group = declare(ctx, aws.AutoscalingGroup, ctx.name, {
    name: res.identifier,
    minSize: size('min_size'),
    maxSize: size('max_size'),
    launchTemplate: { id: template.id, version: cdktf.Token.asString(template.latestVersion) },
    tag: Object.entries(groupTags).map(([key, value]) => ({ key, value, propagateAtLaunch: true })),
    ...providerOf(ctx),
  });
  applyValues(ctx, group, aws.AutoscalingGroup, asgValues, [...CONSUMED, 'min_size', 'max_size']);

  output(ctx, 'template_latest_version', template.latestVersion);
  output(ctx, 'image_id', ami.id);
  metadataOutputs(ctx);
}
