/**
 * secrets-manager-service-account, as the reference's
 * `populate_tf_resource_secrets_manager_sa` (TAC) writes it: the IAM user set of
 * `get_tf_iam_service_user` (user tagged, access key, policy, attachment) whose
 * policy allows `secretsmanager:ListSecrets` on `*` and `secretsmanager:*` on
 * `arn:aws:secretsmanager:*:*:secret:<secrets_prefix>/*` (the `aws` partition
 * literally, as the reference writes it). Output secrets_prefix.
 */
import { inputError } from '../load-inventory.js';
import { escapeTemplate } from '../naming.js';
import { metadataOutputs, output, type KindContext } from './context.js';
import { iamUserSet, jsonDumps } from './iam-user-set.js';

export function synthSecretsManagerServiceAccount(ctx: KindContext): void {
  const { res } = ctx;
  const prefix = res.values['secrets_prefix'];
  if (typeof prefix !== 'string' || !prefix)
    throw inputError({ ...res.where, path: [...res.where.path, 'secrets_prefix'] }, 'secrets_prefix is required for secrets-manager-service-account (a string)');
  const doc = {
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', Action: ['secretsmanager:ListSecrets'], Resource: '*' },
      { Effect: 'Allow', Action: 'secretsmanager:*', Resource: [`arn:aws:secretsmanager:*:*:secret:${prefix}/*`] },
    ],
  };
  iamUserSet(ctx, escapeTemplate(jsonDumps(doc)));
  output(ctx, 'secrets_prefix', escapeTemplate(prefix));
  metadataOutputs(ctx);
}
