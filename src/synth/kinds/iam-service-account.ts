/**
 * aws-iam-service-account: `aws_iam_user.<id>` + access key,
 * `aws_iam_user_policy_attachment.<id>-<policy>` per AWS-managed policy, and with
 * `user_policy` (`${k}` replaced from `variables`) `aws_iam_policy.<id>` + attachment.
 * Outputs keys and one output per variable.
 */
import { aws } from '../cdk.js';
import { inputError } from '../load-inventory.js';
import { escapeDeep, escapeTemplate, tfNameWithSuffix } from '../naming.js';
import { isPlainObject, type Values } from '../merge.js';
import { declare, metadataOutputs, output, type KindContext } from './context.js';
import { iamUserSet } from './iam-user-set.js';

export function synthIamServiceAccount(ctx: KindContext): void {
  const { res } = ctx;
  const variables = readVariables(ctx);
  let userPolicy = typeof res.values['user_policy'] === 'string' ? res.values['user_policy'] : undefined;
  if (userPolicy) {
    // The reference substitutes `${key}` from variables before anything else.
    for (const [k, v] of Object.entries(variables)) userPolicy = userPolicy.split(`\${${k}}`).join(String(v));
    try {
      JSON.parse(userPolicy);
    } catch (err) {
      throw inputError(res.origins['user_policy'] ?? res.where, `not a JSON policy document after substitution: ${(err as Error).message}`);
    }
  }
  const { user } = iamUserSet(ctx, userPolicy ? escapeTemplate(userPolicy) : undefined);
  for (const policy of policiesOf(ctx)) {
    declare(ctx, aws.IamUserPolicyAttachment, tfNameWithSuffix(ctx.name, policy), {
      user: user.name,
      policyArn: `arn:aws:iam::aws:policy/${policy}`,
    });
  }
  for (const [k, v] of Object.entries(variables)) {
    if (!/^[A-Za-z0-9_-]+$/.test(k)) throw inputError(res.origins['variables'] ?? res.where, `variable name ${JSON.stringify(k)} is not usable in an output name`);
    output(ctx, k, escapeDeep(String(v)));
  }
  metadataOutputs(ctx);
}

export function policiesOf(ctx: KindContext): string[] {
  const p = ctx.res.values['policies'];
  return Array.isArray(p) ? p.map(String) : [];
}

function readVariables(ctx: KindContext): Values {
  const raw = ctx.res.values['variables'];
  if (raw === undefined || raw === null) return {};
  let parsed: unknown = raw;
  if (typeof raw === 'string') {
    try {
      parsed = JSON.parse(raw);
    } catch (err) {
      throw inputError(ctx.res.origins['variables'] ?? ctx.res.where, `not valid JSON: ${(err as Error).message}`);
    }
  }
  if (!isPlainObject(parsed)) throw inputError(ctx.res.origins['variables'] ?? ctx.res.where, 'must be a JSON object');
  return parsed;
}
