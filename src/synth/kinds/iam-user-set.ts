/**
 * The reference's IAM user set (`get_tf_iam_service_user`, `get_tf_iam_access_key`
 * and the s3 variant `_populate_tf_resource_s3_iam`): `aws_iam_user.<id>` (tagged),
 * `aws_iam_access_key.<id>`, and with a policy `aws_iam_policy.<id>` (untagged) +
 * `aws_iam_user_policy_attachment.<id>`; outputs `aws_access_key_id` and
 * `aws_secret_access_key`, both sensitive. Literal names and explicit
 * `depends_on` as the reference writes them. IAM is global: the default provider.
 */
import { aws, type IamAccessKey, type IamUser } from '../cdk.js';
import { escapeTemplate } from '../naming.js';
import { declare, output, type KindContext } from './context.js';

export interface IamUserSet {
  user: IamUser;
  accessKey: IamAccessKey;
}

/**
 * `policy` is the policy document as the reference passes it (JSON text; it may
 * hold Terraform references to the kind's resources, so it is not escaped here).
 * `userDependsOn`: addresses the user waits for (s3: the bucket).
 */
export function iamUserSet(ctx: KindContext, policy: string | undefined, userDependsOn: string[] = []): IamUserSet {
  const id = ctx.res.identifier;
  const name = escapeTemplate(id);
  const user = declare(ctx, aws.IamUser, ctx.name, { name, tags: ctx.tags });
  if (userDependsOn.length) user.addOverride('depends_on', userDependsOn);
  const userAddr = `aws_iam_user.${ctx.name}`;
  const accessKey = declare(ctx, aws.IamAccessKey, ctx.name, { user: name });
  accessKey.addOverride('depends_on', [userAddr]);
  output(ctx, 'aws_access_key_id', `\${aws_iam_access_key.${ctx.name}.id}`, true);
  output(ctx, 'aws_secret_access_key', `\${aws_iam_access_key.${ctx.name}.secret}`, true);
  if (policy !== undefined) {
    const doc = declare(ctx, aws.IamPolicy, ctx.name, { name, policy });
    doc.addOverride('depends_on', [userAddr]);
    const att = declare(ctx, aws.IamUserPolicyAttachment, ctx.name, { user: name, policyArn: `\${aws_iam_policy.${ctx.name}.arn}` });
    att.addOverride('depends_on', [userAddr, `aws_iam_policy.${ctx.name}`]);
  }
  return { user, accessKey };
}

/**
 * Python's `json.dumps(value, sort_keys=True)` as the reference's `json_dumps`
 * writes policy documents: keys sorted, `", "` and `": "` separators, non-ASCII
 * as `\uXXXX`. Byte-identical documents, so not even a normalization question.
 */
export function jsonDumps(value: unknown): string {
  if (value === null || typeof value === 'boolean') return JSON.stringify(value);
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : JSON.stringify(value);
  if (typeof value === 'string')
    return JSON.stringify(value).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  if (Array.isArray(value)) return `[${value.map(jsonDumps).join(', ')}]`;
  if (typeof value === 'object') {
    const keys = Object.keys(value).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${keys.map((k) => `${jsonDumps(k)}: ${jsonDumps((value as Record<string, unknown>)[k])}`).join(', ')}}`;
  }
  throw new TypeError(`not JSON: ${typeof value}`);
}

/** A policy document allowing `actions` on `resources` (kept for the kinds not yet on the reference's documents). */
export function allowPolicy(actions: string[], resources: string[]): string {
  return JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: actions, Resource: resources }] });
}
