/**
 * aws-iam-role: `aws_iam_role.<id>` with an assume-role policy built from
 * `assume_role` {AWS, Service, Federated}, `assume_action` and `assume_condition`;
 * `role_policy` -> `aws_iam_policy.<id>` + `aws_iam_role_policy_attachment.<id>`;
 * `policies[]` -> `aws_iam_role_policy_attachment.<id>-<policy>`. Output role_arn.
 */
import { aws } from '../cdk.js';
import { inputError } from '../load-inventory.js';
import { escapeTemplate, tfNameWithSuffix } from '../naming.js';
import { declare, metadataOutputs, output, stringValue, type KindContext } from './context.js';
import { policiesOf } from './iam-service-account.js';

export function synthIamRole(ctx: KindContext): void {
  const { res } = ctx;
  const principal: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(res.entry.assume_role ?? {})) if (v !== undefined) principal[k] = v;
  const statement: Record<string, unknown> = {
    Effect: 'Allow',
    Principal: principal,
    Action: stringValue(ctx, 'assume_action') ?? 'sts:AssumeRole',
  };
  const condition = stringValue(ctx, 'assume_condition');
  if (condition) statement['Condition'] = parseJson(ctx, 'assume_condition', condition);
  const inline = stringValue(ctx, 'inline_policy');
  if (inline) parseJson(ctx, 'inline_policy', inline);
  const role = declare(ctx, aws.IamRole, ctx.name, {
    name: res.identifier,
    assumeRolePolicy: escapeTemplate(JSON.stringify({ Version: '2012-10-17', Statement: [statement] })),
    ...(inline ? { inlinePolicy: [{ name: res.identifier, policy: escapeTemplate(inline) }] } : {}),
    tags: ctx.tags,
  });
  const rolePolicy = stringValue(ctx, 'role_policy');
  if (rolePolicy) {
    parseJson(ctx, 'role_policy', rolePolicy);
    const policy = declare(ctx, aws.IamPolicy, ctx.name, { name: res.identifier, policy: escapeTemplate(rolePolicy), tags: ctx.tags });
    declare(ctx, aws.IamRolePolicyAttachment, ctx.name, { role: role.name, policyArn: policy.arn });
  }
  for (const p of policiesOf(ctx))
    declare(ctx, aws.IamRolePolicyAttachment, tfNameWithSuffix(ctx.name, p), { role: role.name, policyArn: `arn:aws:iam::aws:policy/${p}` });
  output(ctx, 'role_arn', role.arn);
  metadataOutputs(ctx);
}

function parseJson(ctx: KindContext, key: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    throw inputError(ctx.res.origins[key] ?? ctx.res.where, `not valid JSON: ${(err as Error).message}`);
  }
}
