/**
 * sns, as the reference's `populate_tf_resource_sns` (TAC) writes it:
 * `aws_sns_topic.<id>` with only `name` (`<id>.fifo` when `fifo_topic`), `policy`
 * (`inline_policy`) and `fifo_topic`: no tags, no provider (not even in a
 * multi-region account), nothing else from the defaults file. One
 * `aws_sns_topic_subscription.<id>_<protocol>_aws_sns_topic_subscription[_<n>]` per
 * subscription (the `_<n>` suffix, 1-based, only when there are several). An email
 * endpoint must look like an address (EMAIL_REGEX). Outputs aws_region, endpoint.
 */
import { aws } from '../cdk.js';
import { inputError } from '../load-inventory.js';
import { isPlainObject } from '../merge.js';
import { escapeTemplate } from '../naming.js';
import { declare, metadataOutputs, output, type KindContext } from './context.js';

/** TAC EMAIL_REGEX. */
const EMAIL = /^[a-zA-Z0-9_.+-]+@[a-zA-Z0-9-]+\.[a-zA-Z0-9-.]+$/;

export function synthSns(ctx: KindContext): void {
  const { res } = ctx;
  const v = res.values;
  const fifo = v['fifo_topic'] ?? false;
  if (typeof fifo !== 'boolean') throw inputError(res.origins['fifo_topic'] ?? res.where, 'fifo_topic must be true or false');
  const policy = v['inline_policy'];
  if (policy !== undefined && policy !== null && typeof policy !== 'string')
    throw inputError(res.origins['inline_policy'] ?? res.where, 'inline_policy must be a JSON string');
  const topic = declare(ctx, aws.SnsTopic, ctx.name, { name: escapeTemplate(fifo ? `${res.identifier}.fifo` : res.identifier) });
  if (typeof policy === 'string') topic.addOverride('policy', escapeTemplate(policy));
  topic.addOverride('fifo_topic', fifo);

  const subs = v['subscriptions'];
  if (subs !== undefined && subs !== null) {
    const where = res.origins['subscriptions'] ?? res.where;
    if (!Array.isArray(subs)) throw inputError(where, 'subscriptions must be a list of {protocol, endpoint}');
    for (const [i, sub] of subs.entries()) {
      const at = { ...where, path: [...where.path, i] };
      if (!isPlainObject(sub) || typeof sub['protocol'] !== 'string' || typeof sub['endpoint'] !== 'string')
        throw inputError(at, 'a subscription needs protocol and endpoint (strings)');
      const { protocol, endpoint } = sub;
      if (!/^[A-Za-z0-9_-]+$/.test(protocol)) throw inputError({ ...at, path: [...at.path, 'protocol'] }, 'not an SNS protocol');
      if (protocol === 'email' && !EMAIL.test(endpoint))
        throw inputError({ ...at, path: [...at.path, 'endpoint'] }, `SNS topic ${res.identifier} has an invalid subscription email address (${endpoint})`);
      const suffix = subs.length > 1 ? `_${i + 1}` : '';
      declare(ctx, aws.SnsTopicSubscription, `${ctx.name}_${protocol}_aws_sns_topic_subscription${suffix}`, {
        topicArn: `\${aws_sns_topic.${ctx.name}.arn}`,
        protocol,
        endpoint: escapeTemplate(endpoint),
      });
    }
  }
  output(ctx, 'aws_region', ctx.region);
  output(ctx, 'endpoint', `https://sns.${ctx.region}.amazonaws.com`);
  metadataOutputs(ctx);
}
