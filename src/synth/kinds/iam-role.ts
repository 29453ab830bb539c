/**
 * aws-iam-role, as the reference's `populate_tf_resource_role` (TAC) writes it:
 * `aws_iam_role.<id>` with an assume-role policy (`sts:<assume_action or
 * AssumeRole>`, the non-null `assume_role` principals, `assume_condition`)
 * serialized as its json_dumps does, `inline_policy`, `lifecycle`,
 * `max_session_duration`; `role_policy` -> `aws_iam_policy.<id>` (tagged, as the
 * reference tags this one) + `aws_iam_role_policy_attachment.<id>`;
 * `policies[]` -> `aws_iam_role_policy_attachment.<id>-<policy>` (partition ARN).
 * Output role_arn.
 */
import { aws } from '../cdk.js';
import { inputError } from '../load-inventory.js';
import { isPlainObject } from '../merge.js';
import { escapeDeep, escapeTemplate, tfNameWithSuffix } from '../naming.js';
import { declare, metadataOutputs, output, stringValue, type KindContext } from './context.js';
import { policiesOf } from './iam-service-account.js';
import { jsonDumps } from './iam-user-set.js';

/** get_resource_lifecycle: all three keys, false/[] by default, `ignore_changes` "all" as a string. */
function resourceLifecycle(ctx: KindContext, raw: unknown): Record<string, unknown> {
  const where = ctx.res.origins['lifecycle'] ?? ctx.res.where;
  if (!isPlainObject(raw)) throw inputError(where, 'lifecycle must be a mapping');
  for (const k of Object.keys(raw))
    if (!['create_before_destroy', 'prevent_destroy', 'ignore_changes'].includes(k)) throw inputError(where, `unknown lifecycle key ${JSON.stringify(k)}`);
  const ignore = raw['ignore_changes'] ?? [];
  if (!Array.isArray(ignore) || !ignore.every((x) => typeof x === 'string')) throw inputError(where, 'lifecycle.ignore_changes must be a list of attribute names');
  return {
    create_before_destroy: raw['create_before_destroy'] ?? false,
    prevent_destroy: raw['prevent_destroy'] ?? false,
    ignore_changes: ignore.includes('all') ? 'all' : ignore,
  };
}

export function synthIamRole(ctx: KindContext): void {
  const { res } = ctx;
  const principal: Record<string, unknown> = {};
  const assume = res.values['assume_role'] ?? res.entry.assume_role;
  if (!isPlainObject(assume)) throw inputError(res.origins['assume_role'] ?? res.where, 'assume_role is required: who may assume the role');
  for (const [k, v] of Object.entries(assume)) if (v !== undefined && v !== null) principal[k] = v;
  const statement: Record<string, unknown> = {
    Action: `sts:${stringValue(ctx, 'assume_action') || 'AssumeRole'}`,
    Effect: 'Allow',
    Principal: principal,
  };
  const condition = parseJson(ctx, 'assume_condition', stringValue(ctx, 'assume_condition') || '{}');
  if (isPlainObject(condition) && Object.keys(condition).length) statement['Condition'] = condition;
  const role = declare(ctx, aws.IamRole, ctx.name, {
    name: escapeTemplate(res.identifier),
    tags: ctx.tags,
    assumeRolePolicy: escapeTemplate(jsonDumps({ Version: '2012-10-17', Statement: [statement] })),
  });
  const inline = stringValue(ctx, 'inline_policy');
  if (inline) role.addOverride('inline_policy', { name: escapeTemplate(res.identifier), policy: escapeTemplate(inline) });
  const lifecycle = res.values['lifecycle'];
  if (lifecycle) role.addOverride('lifecycle', escapeDeep(resourceLifecycle(ctx, lifecycle)));
  const maxSession = res.values['max_session_duration'];
  if (maxSession) role.addOverride('max_session_duration', escapeDeep(maxSession));
  const roleAddr = `aws_iam_role.${ctx.name}`;
  const rolePolicy = stringValue(ctx, 'role_policy');
  if (rolePolicy) {
    const policy = declare(ctx, aws.IamPolicy, ctx.name, { name: escapeTemplate(res.identifier), policy: escapeTemplate(rolePolicy), tags: ctx.tags });
    policy.addOverride('depends_on', [roleAddr]);
    const att = declare(ctx, aws.IamRolePolicyAttachment, ctx.name, {
      role: escapeTemplate(res.identifier),
      policyArn: `\${aws_iam_policy.${ctx.name}.arn}`,
    });
    att.addOverride('depends_on', [roleAddr, `aws_iam_policy.${ctx.name}`]);
  }
  for (const p of policiesOf(ctx)) {
    const att = declare(ctx, aws.IamRolePolicyAttachment, tfNameWithSuffix(ctx.name, p), {
      role: escapeTemplate(res.identifier),
      policyArn: `arn:${ctx.account.partition}:iam::aws:policy/${p}`,
    });
    att.addOverride('depends_on', [roleAddr]);
  }
  output(ctx, 'role_arn', `\${${roleAddr}.arn}`);
  metadataOutputs(ctx);
}

function parseJson(ctx: KindContext, key: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    throw inputError(ctx.res.origins[key] ?? ctx.res.where, `not valid JSON: ${(err as Error).message}`);
  }
}
