/**
 * The one door to cdktf and @cdktf/provider-aws (src/synth is the only place
 * that uses them). Resource modules are loaded by path, never the package index
 * (2 s). They are CommonJS and loaded with require(): an ESM `import` of a CJS
 * module makes Node lex its source (and every re-export) for named exports, which
 * cost ~0.5 s CPU for these ~30 modules under tsx (measured on Node 20).
 */
import { createRequire } from 'node:module';
import type * as CdktfModule from 'cdktf';
import type * as AutoscalingGroupModule from '@cdktf/provider-aws/lib/autoscaling-group/index.js';
import type * as AwsProviderModule from '@cdktf/provider-aws/lib/provider/index.js';
import type * as CloudwatchLogGroupModule from '@cdktf/provider-aws/lib/cloudwatch-log-group/index.js';
import type * as DataAwsAmiModule from '@cdktf/provider-aws/lib/data-aws-ami/index.js';
import type * as DbInstanceModule from '@cdktf/provider-aws/lib/db-instance/index.js';
import type * as DbParameterGroupModule from '@cdktf/provider-aws/lib/db-parameter-group/index.js';
import type * as DynamodbTableModule from '@cdktf/provider-aws/lib/dynamodb-table/index.js';
import type * as EcrRepositoryModule from '@cdktf/provider-aws/lib/ecr-repository/index.js';
import type * as EcrpublicRepositoryModule from '@cdktf/provider-aws/lib/ecrpublic-repository/index.js';
import type * as ElasticacheParameterGroupModule from '@cdktf/provider-aws/lib/elasticache-parameter-group/index.js';
import type * as ElasticacheReplicationGroupModule from '@cdktf/provider-aws/lib/elasticache-replication-group/index.js';
import type * as IamAccessKeyModule from '@cdktf/provider-aws/lib/iam-access-key/index.js';
import type * as IamInstanceProfileModule from '@cdktf/provider-aws/lib/iam-instance-profile/index.js';
import type * as IamPolicyModule from '@cdktf/provider-aws/lib/iam-policy/index.js';
import type * as IamRoleModule from '@cdktf/provider-aws/lib/iam-role/index.js';
import type * as IamRolePolicyAttachmentModule from '@cdktf/provider-aws/lib/iam-role-policy-attachment/index.js';
import type * as IamUserModule from '@cdktf/provider-aws/lib/iam-user/index.js';
import type * as IamUserPolicyAttachmentModule from '@cdktf/provider-aws/lib/iam-user-policy-attachment/index.js';
import type * as KmsAliasModule from '@cdktf/provider-aws/lib/kms-alias/index.js';
import type * as KmsKeyModule from '@cdktf/provider-aws/lib/kms-key/index.js';
import type * as LaunchTemplateModule from '@cdktf/provider-aws/lib/launch-template/index.js';
import type * as Route53RecordModule from '@cdktf/provider-aws/lib/route53-record/index.js';
import type * as Route53ZoneModule from '@cdktf/provider-aws/lib/route53-zone/index.js';
import type * as S3BucketModule from '@cdktf/provider-aws/lib/s3-bucket/index.js';
import type * as S3BucketPolicyModule from '@cdktf/provider-aws/lib/s3-bucket-policy/index.js';
import type * as SecretsmanagerSecretModule from '@cdktf/provider-aws/lib/secretsmanager-secret/index.js';
import type * as SqsQueueModule from '@cdktf/provider-aws/lib/sqs-queue/index.js';

const load = createRequire(import.meta.url);

export const cdktf = load('cdktf') as typeof CdktfModule;

export const { AutoscalingGroup } = load('@cdktf/provider-aws/lib/autoscaling-group/index.js') as typeof AutoscalingGroupModule;
export type AutoscalingGroup = AutoscalingGroupModule.AutoscalingGroup;
export const { AwsProvider } = load('@cdktf/provider-aws/lib/provider/index.js') as typeof AwsProviderModule;
export type AwsProvider = AwsProviderModule.AwsProvider;
export const { CloudwatchLogGroup } = load('@cdktf/provider-aws/lib/cloudwatch-log-group/index.js') as typeof CloudwatchLogGroupModule;
export type CloudwatchLogGroup = CloudwatchLogGroupModule.CloudwatchLogGroup;
export const { DataAwsAmi } = load('@cdktf/provider-aws/lib/data-aws-ami/index.js') as typeof DataAwsAmiModule;
export type DataAwsAmi = DataAwsAmiModule.DataAwsAmi;
export const { DbInstance } = load('@cdktf/provider-aws/lib/db-instance/index.js') as typeof DbInstanceModule;
export type DbInstance = DbInstanceModule.DbInstance;
export const { DbParameterGroup } = load('@cdktf/provider-aws/lib/db-parameter-group/index.js') as typeof DbParameterGroupModule;
export type DbParameterGroup = DbParameterGroupModule.DbParameterGroup;
export const { DynamodbTable } = load('@cdktf/provider-aws/lib/dynamodb-table/index.js') as typeof DynamodbTableModule;
export type DynamodbTable = DynamodbTableModule.DynamodbTable;
export const { EcrRepository } = load('@cdktf/provider-aws/lib/ecr-repository/index.js') as typeof EcrRepositoryModule;
export type EcrRepository = EcrRepositoryModule.EcrRepository;
export const { EcrpublicRepository } = load('@cdktf/provider-aws/lib/ecrpublic-repository/index.js') as typeof EcrpublicRepositoryModule;
export type EcrpublicRepository = EcrpublicRepositoryModule.EcrpublicRepository;
export const { ElasticacheParameterGroup } = load('@cdktf/provider-aws/lib/elasticache-parameter-group/index.js') as typeof ElasticacheParameterGroupModule;
export type ElasticacheParameterGroup = ElasticacheParameterGroupModule.ElasticacheParameterGroup;
export const { ElasticacheReplicationGroup } = load('@cdktf/provider-aws/lib/elasticache-replication-group/index.js') as typeof ElasticacheReplicationGroupModule;
export type ElasticacheReplicationGroup = ElasticacheReplicationGroupModule.ElasticacheReplicationGroup;
export const { IamAccessKey } = load('@cdktf/provider-aws/lib/iam-access-key/index.js') as typeof IamAccessKeyModule;
export type IamAccessKey = IamAccessKeyModule.IamAccessKey;
export const { IamInstanceProfile } = load('@cdktf/provider-aws/lib/iam-instance-profile/index.js') as typeof IamInstanceProfileModule;
export type IamInstanceProfile = IamInstanceProfileModule.IamInstanceProfile;
export const { IamPolicy } = load('@cdktf/provider-aws/lib/iam-policy/index.js') as typeof IamPolicyModule;
export type IamPolicy = IamPolicyModule.IamPolicy;
export const { IamRole } = load('@cdktf/provider-aws/lib/iam-role/index.js') as typeof IamRoleModule;
export type IamRole = IamRoleModule.IamRole;
export const { IamRolePolicyAttachment } = load('@cdktf/provider-aws/lib/iam-role-policy-attachment/index.js') as typeof IamRolePolicyAttachmentModule;
export type IamRolePolicyAttachment = IamRolePolicyAttachmentModule.IamRolePolicyAttachment;
export const { IamUser } = load('@cdktf/provider-aws/lib/iam-user/index.js') as typeof IamUserModule;
export type IamUser = IamUserModule.IamUser;
export const { IamUserPolicyAttachment } = load('@cdktf/provider-aws/lib/iam-user-policy-attachment/index.js') as typeof IamUserPolicyAttachmentModule;
export type IamUserPolicyAttachment = IamUserPolicyAttachmentModule.IamUserPolicyAttachment;
export const { KmsAlias } = load('@cdktf/provider-aws/lib/kms-alias/index.js') as typeof KmsAliasModule;
export type KmsAlias = KmsAliasModule.KmsAlias;
export const { KmsKey } = load('@cdktf/provider-aws/lib/kms-key/index.js') as typeof KmsKeyModule;
export type KmsKey = KmsKeyModule.KmsKey;
export const { LaunchTemplate } = load('@cdktf/provider-aws/lib/launch-template/index.js') as typeof LaunchTemplateModule;
export type LaunchTemplate = LaunchTemplateModule.LaunchTemplate;
export const { Route53Record } = load('@cdktf/provider-aws/lib/route53-record/index.js') as typeof Route53RecordModule;
export type Route53Record = Route53RecordModule.Route53Record;
export const { Route53Zone } = load('@cdktf/provider-aws/lib/route53-zone/index.js') as typeof Route53ZoneModule;
export type Route53Zone = Route53ZoneModule.Route53Zone;
export const { S3Bucket } = load('@cdktf/provider-aws/lib/s3-bucket/index.js') as typeof S3BucketModule;
export type S3Bucket = S3BucketModule.S3Bucket;
export const { S3BucketPolicy } = load('@cdktf/provider-aws/lib/s3-bucket-policy/index.js') as typeof S3BucketPolicyModule;
export type S3BucketPolicy = S3BucketPolicyModule.S3BucketPolicy;
export const { SecretsmanagerSecret } = load('@cdktf/provider-aws/lib/secretsmanager-secret/index.js') as typeof SecretsmanagerSecretModule;
export type SecretsmanagerSecret = SecretsmanagerSecretModule.SecretsmanagerSecret;
export const { SqsQueue } = load('@cdktf/provider-aws/lib/sqs-queue/index.js') as typeof SqsQueueModule;
export type SqsQueue = SqsQueueModule.SqsQueue;
