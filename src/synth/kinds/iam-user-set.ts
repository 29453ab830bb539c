/**
 * The reference's "IAM user set": `aws_iam_user.<id>`, `aws_iam_access_key.<id>`,
 * and, with a policy, `aws_iam_policy.<id>` + `aws_iam_user_policy_attachment.<id>`;
 * outputs `aws_access_key_id` and `aws_secret_access_key` (sensitive).
 * IAM is global: these use the default provider even for regional kinds.
 */
import { aws, type IamAccessKey, type IamUser } from '../cdk.js';
import { declare, output, type KindContext } from './context.js';

export interface IamUserSet {
  user: IamUser;
  accessKey: IamAccessKey;
}

/** `policy` is the policy document (JSON text; may hold Terraform references to the kind's resources). */
export function iamUserSet(ctx: KindContext, policy: string | undefined): IamUserSet {
  const user = declare(ctx, aws.IamUser, ctx.name, { name: ctx.res.identifier, tags: ctx.tags });
  const accessKey = declare(ctx, aws.IamAccessKey, ctx.name, { user: user.name });
  if (policy) {
    const doc = declare(ctx, aws.IamPolicy, ctx.name, { name: ctx.res.identifier, policy, tags: ctx.tags });
    declare(ctx, aws.IamUserPolicyAttachment, ctx.name, { user: user.name, policyArn: doc.arn });
  }
  output(ctx, 'aws_access_key_id', accessKey.id);
  output(ctx, 'aws_secret_access_key', accessKey.secret, true);
  return { user, accessKey };
}

/** A policy document allowing `actions` on `resources`. */
export function allowPolicy(actions: string[], resources: string[]): string {
  return JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: actions, Resource: resources }] });
}
