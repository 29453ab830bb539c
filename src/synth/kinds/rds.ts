/**
 * rds: `aws_db_instance.<id>`, its parameter group(s) and optional enhanced
 * monitoring role. Outputs db_host, db_port, db_name, db_user.
 *
 * The reference generates a random password into the state; only the aws provider
 * is available here (no `random`), and a password in the config would be printed
 * by `synth`. So the instance uses `manage_master_user_password = true` (AWS keeps
 * it in Secrets Manager) and the output is the secret's ARN, not the password.
 */
import { aws, type DbParameterGroup } from '../cdk.js';
import { inputError } from '../load-inventory.js';
import type { ValuesFile } from '../inventory.js';
import { applyValues, declare, metadataOutputs, output, providerOf, stringValue, type KindContext } from './context.js';
import { readParameterGroup } from './parameter-group.js';

const CONSUMED = [
  'parameter_group',
  'old_parameter_group',
  'enhanced_monitoring',
  'output_resource_db_name',
  'instance_class',
  'parameter_group_name',
  'manage_master_user_password',
  'monitoring_role_arn',
];

export function synthRds(ctx: KindContext): void {
  const { res } = ctx;
  if (res.values['password'] !== undefined)
    throw inputError(
      res.origins['password'] ?? res.where,
      'a clear-text password is not accepted: tfdoctor sets manage_master_user_password = true (the password lives in Secrets Manager)',
    );
  const pg = res.parameterGroup ? parameterGroup(ctx, res.parameterGroup) : undefined;
  // Kept while an instance moves to a new group, so Terraform doesn't try to delete the one still in use.
  if (res.oldParameterGroup) parameterGroup(ctx, res.oldParameterGroup);

  let monitoringRoleArn: string | undefined;
  if (res.values['enhanced_monitoring'] === true) {
    const roleName = `${res.identifier}-enhanced-monitoring`;
    const role = declare(ctx, aws.IamRole, `${ctx.name}-enhanced-monitoring`, {
      name: roleName,
      assumeRolePolicy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: { Service: 'monitoring.rds.amazonaws.com' }, Action: 'sts:AssumeRole' }],
      }),
      tags: ctx.tags,
    });
    declare(ctx, aws.IamRolePolicyAttachment, `${ctx.name}-enhanced-monitoring`, {
      role: role.name,
      policyArn: 'arn:aws:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole',
    });
    monitoringRoleArn = role.arn;
  }

  const instanceClass = stringValue(ctx, 'instance_class');
  if (!instanceClass) throw inputError(res.where, 'instance_class is required for rds (in defaults, overrides or the entry)');
  const db = declare(ctx, aws.DbInstance, ctx.name, {
    identifier: res.identifier,
    instanceClass,
    manageMasterUserPassword: true,
    ...(pg ? { parameterGroupName: pg.name } : {}),
    ...(monitoringRoleArn ? { monitoringRoleArn } : {}),
    tags: ctx.tags,
    ...providerOf(ctx),
  });
  applyValues(ctx, db, aws.DbInstance, res.values, CONSUMED);
  if (monitoringRoleArn && res.values['monitoring_interval'] === undefined) db.monitoringInterval = 60;

  output(ctx, 'db_host', db.address);
  output(ctx, 'db_port', db.port);
  output(ctx, 'db_name', stringValue(ctx, 'output_resource_db_name') ?? db.dbName);
  output(ctx, 'db_user', db.username);
  output(ctx, 'db_master_user_secret_arn', db.masterUserSecret.get(0).secretArn);
  metadataOutputs(ctx);
}

function parameterGroup(ctx: KindContext, file: ValuesFile): DbParameterGroup {
  // Terraform name: the file's `identifier`, else its `name`, else `<id>-pg` (reference).
  const spec = readParameterGroup(file, `${ctx.res.identifier}-pg`, 'identifier');
  const pg = declare(ctx, aws.DbParameterGroup, spec.tfName, {
    name: spec.name,
    family: spec.family,
    description: spec.description,
    tags: ctx.tags,
    ...providerOf(ctx),
  });
  if (spec.parameters.length) pg.addOverride('parameter', spec.parameters);
  applyValues(ctx, pg, aws.DbParameterGroup, spec.rest, [], spec.where);
  return pg;
}
