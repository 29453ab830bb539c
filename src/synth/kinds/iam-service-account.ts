/**
 * aws-iam-service-account, as the reference's `populate_tf_resource_service_account`
 * (TAC) writes it: `aws_iam_user.<id>` + access key,
 * `aws_iam_user_policy_attachment.<id>-<policy>` per AWS-managed policy (ARN in
 * the account's partition), and with `user_policy` (`${k}` replaced from
 * `variables`, one output per variable) `aws_iam_policy.<id>` + attachment.
 * Variable outputs exist only with a `user_policy`, as in the reference;
 * `aws_infrastructure_access.assume_role` gives the `role_arn` output.
 */
import { aws } from '../cdk.js';
import { inputError } from '../load-inventory.js';
import { escapeTemplate, tfNameWithSuffix } from '../naming.js';
import { isPlainObject, type Values } from '../merge.js';
import { declare, metadataOutputs, output, type KindContext } from './context.js';
import { iamUserSet } from './iam-user-set.js';

export function synthIamServiceAccount(ctx: KindContext): void {
  const { res } = ctx;
  const raw = res.values['user_policy'];
  let userPolicy = typeof raw === 'string' && raw !== '' ? raw : undefined;
  const variableOutputs: [string, string][] = [];
  if (userPolicy) {
    for (const [k, v] of Object.entries(readVariables(ctx))) {
      if (typeof v !== 'string') throw inputError(res.origins['variables'] ?? res.where, `variable ${JSON.stringify(k)} must be a string`);
      if (!/^[A-Za-z0-9_-]+$/.test(k)) throw inputError(res.origins['variables'] ?? res.where, `variable name ${JSON.stringify(k)} is not usable in an output name`);
      userPolicy = userPolicy.split(`\${${k}}`).join(v);
      variableOutputs.push([k, v]);
    }
  }
  // The policy text from the inventory is a literal: escaped so Terraform doesn't read `${aws:username}` as a template.
  iamUserSet(ctx, userPolicy === undefined ? undefined : escapeTemplate(userPolicy));
  for (const policy of policiesOf(ctx)) {
    const att = declare(ctx, aws.IamUserPolicyAttachment, tfNameWithSuffix(ctx.name, policy), {
      user: escapeTemplate(res.identifier),
      policyArn: `arn:${ctx.account.partition}:iam::aws:policy/${policy}`,
    });
    att.addOverride('depends_on', [`aws_iam_user.${ctx.name}`]);
  }
  for (const [k, v] of variableOutputs) output(ctx, k, escapeTemplate(v));
  const access = res.values['aws_infrastructure_access'];
  if (access) {
    const assume = isPlainObject(access) ? access['assume_role'] : undefined;
    if (typeof assume !== 'string' || !assume)
      throw inputError(
        res.origins['aws_infrastructure_access'] ?? res.where,
        'aws_infrastructure_access without assume_role needs OCM (the reference asks OCM for the role grants): not supported by tfdoctor',
      );
    output(ctx, 'role_arn', escapeTemplate(assume));
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
