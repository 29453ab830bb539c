/**
 * The one door to cdktf and @cdktf/provider-aws (src/synth is the only place
 * that uses them). Resource modules are loaded by path, never the package index
 * (2 s). They are CommonJS and loaded with require(): an ESM `import` of a CJS
 * module makes Node lex its source (and every re-export) for named exports, which
 * cost ~0.5 s CPU for these ~30 modules under tsx (measured on Node 20). Each
 * module loads on first use, so an account pays only for the kinds it has.
 */
import { createRequire } from 'node:module';
import type * as CdktfModule from 'cdktf';
import type * as AcmCertificateModule from '@cdktf/provider-aws/lib/acm-certificate/index.js';
import type * as AutoscalingGroupModule from '@cdktf/provider-aws/lib/autoscaling-group/index.js';
import type * as AwsProviderModule from '@cdktf/provider-aws/lib/provider/index.js';
import type * as CloudfrontDistributionModule from '@cdktf/provider-aws/lib/cloudfront-distribution/index.js';
import type * as CloudfrontOriginAccessIdentityModule from '@cdktf/provider-aws/lib/cloudfront-origin-access-identity/index.js';
import type * as CloudfrontPublicKeyModule from '@cdktf/provider-aws/lib/cloudfront-public-key/index.js';
import type * as CloudwatchLogGroupModule from '@cdktf/provider-aws/lib/cloudwatch-log-group/index.js';
import type * as DataAwsAmiModule from '@cdktf/provider-aws/lib/data-aws-ami/index.js';
import type * as DataAwsCanonicalUserIdModule from '@cdktf/provider-aws/lib/data-aws-canonical-user-id/index.js';
import type * as DataAwsCloudfrontLogDeliveryCanonicalUserIdModule from '@cdktf/provider-aws/lib/data-aws-cloudfront-log-delivery-canonical-user-id/index.js';
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
import type * as KinesisStreamModule from '@cdktf/provider-aws/lib/kinesis-stream/index.js';
import type * as KinesisResourcePolicyModule from '@cdktf/provider-aws/lib/kinesis-resource-policy/index.js';
import type * as LambdaFunctionModule from '@cdktf/provider-aws/lib/lambda-function/index.js';
import type * as LambdaEventSourceMappingModule from '@cdktf/provider-aws/lib/lambda-event-source-mapping/index.js';
import type * as DataAwsElasticsearchDomainModule from '@cdktf/provider-aws/lib/data-aws-elasticsearch-domain/index.js';
import type * as KmsAliasModule from '@cdktf/provider-aws/lib/kms-alias/index.js';
import type * as KmsKeyModule from '@cdktf/provider-aws/lib/kms-key/index.js';
import type * as LaunchTemplateModule from '@cdktf/provider-aws/lib/launch-template/index.js';
import type * as LbModule from '@cdktf/provider-aws/lib/lb/index.js';
import type * as LbListenerModule from '@cdktf/provider-aws/lib/lb-listener/index.js';
import type * as LbListenerRuleModule from '@cdktf/provider-aws/lib/lb-listener-rule/index.js';
import type * as LbTargetGroupModule from '@cdktf/provider-aws/lib/lb-target-group/index.js';
import type * as LbTargetGroupAttachmentModule from '@cdktf/provider-aws/lib/lb-target-group-attachment/index.js';
import type * as LbTrustStoreModule from '@cdktf/provider-aws/lib/lb-trust-store/index.js';
import type * as Route53RecordModule from '@cdktf/provider-aws/lib/route53-record/index.js';
import type * as Route53ZoneModule from '@cdktf/provider-aws/lib/route53-zone/index.js';
import type * as S3BucketModule from '@cdktf/provider-aws/lib/s3-bucket/index.js';
import type * as S3BucketAclModule from '@cdktf/provider-aws/lib/s3-bucket-acl/index.js';
import type * as S3BucketNotificationModule from '@cdktf/provider-aws/lib/s3-bucket-notification/index.js';
import type * as S3BucketPolicyModule from '@cdktf/provider-aws/lib/s3-bucket-policy/index.js';
import type * as SecretsmanagerSecretModule from '@cdktf/provider-aws/lib/secretsmanager-secret/index.js';
import type * as SecretsmanagerSecretVersionModule from '@cdktf/provider-aws/lib/secretsmanager-secret-version/index.js';
import type * as SecurityGroupModule from '@cdktf/provider-aws/lib/security-group/index.js';
import type * as SecurityGroupRuleModule from '@cdktf/provider-aws/lib/security-group-rule/index.js';
import type * as SnsTopicModule from '@cdktf/provider-aws/lib/sns-topic/index.js';
import type * as SnsTopicSubscriptionModule from '@cdktf/provider-aws/lib/sns-topic-subscription/index.js';
import type * as SqsQueueModule from '@cdktf/provider-aws/lib/sqs-queue/index.js';
import type * as VpcEndpointModule from '@cdktf/provider-aws/lib/vpc-endpoint/index.js';
import type * as VpcEndpointSubnetAssociationModule from '@cdktf/provider-aws/lib/vpc-endpoint-subnet-association/index.js';
// elasticsearch, msk (issue 10 part d)
import type * as ElasticsearchDomainModule from '@cdktf/provider-aws/lib/elasticsearch-domain/index.js';
import type * as IamServiceLinkedRoleModule from '@cdktf/provider-aws/lib/iam-service-linked-role/index.js';
import type * as CloudwatchLogResourcePolicyModule from '@cdktf/provider-aws/lib/cloudwatch-log-resource-policy/index.js';
import type * as MskClusterModule from '@cdktf/provider-aws/lib/msk-cluster/index.js';
import type * as MskConfigurationModule from '@cdktf/provider-aws/lib/msk-configuration/index.js';
import type * as MskScramSecretAssociationModule from '@cdktf/provider-aws/lib/msk-scram-secret-association/index.js';
import type * as SecretsmanagerSecretPolicyModule from '@cdktf/provider-aws/lib/secretsmanager-secret-policy/index.js';
// rosa-authenticator (src/synth/kinds/rosa-authenticator.ts)
import type * as ApiGatewayAccountModule from '@cdktf/provider-aws/lib/api-gateway-account/index.js';
import type * as ApiGatewayAuthorizerModule from '@cdktf/provider-aws/lib/api-gateway-authorizer/index.js';
import type * as ApiGatewayBasePathMappingModule from '@cdktf/provider-aws/lib/api-gateway-base-path-mapping/index.js';
import type * as ApiGatewayDeploymentModule from '@cdktf/provider-aws/lib/api-gateway-deployment/index.js';
import type * as ApiGatewayDomainNameModule from '@cdktf/provider-aws/lib/api-gateway-domain-name/index.js';
import type * as ApiGatewayIntegrationModule from '@cdktf/provider-aws/lib/api-gateway-integration/index.js';
import type * as ApiGatewayIntegrationResponseModule from '@cdktf/provider-aws/lib/api-gateway-integration-response/index.js';
import type * as ApiGatewayMethodModule from '@cdktf/provider-aws/lib/api-gateway-method/index.js';
import type * as ApiGatewayMethodResponseModule from '@cdktf/provider-aws/lib/api-gateway-method-response/index.js';
import type * as ApiGatewayMethodSettingsModule from '@cdktf/provider-aws/lib/api-gateway-method-settings/index.js';
import type * as ApiGatewayResourceModule from '@cdktf/provider-aws/lib/api-gateway-resource/index.js';
import type * as ApiGatewayRestApiModule from '@cdktf/provider-aws/lib/api-gateway-rest-api/index.js';
import type * as ApiGatewayRestApiPolicyModule from '@cdktf/provider-aws/lib/api-gateway-rest-api-policy/index.js';
import type * as ApiGatewayStageModule from '@cdktf/provider-aws/lib/api-gateway-stage/index.js';
import type * as ApiGatewayVpcLinkModule from '@cdktf/provider-aws/lib/api-gateway-vpc-link/index.js';
import type * as CognitoResourceServerModule from '@cdktf/provider-aws/lib/cognito-resource-server/index.js';
import type * as CognitoUserPoolModule from '@cdktf/provider-aws/lib/cognito-user-pool/index.js';
import type * as CognitoUserPoolClientModule from '@cdktf/provider-aws/lib/cognito-user-pool-client/index.js';
import type * as CognitoUserPoolDomainModule from '@cdktf/provider-aws/lib/cognito-user-pool-domain/index.js';
import type * as CognitoUserPoolUiCustomizationModule from '@cdktf/provider-aws/lib/cognito-user-pool-ui-customization/index.js';
import type * as LambdaPermissionModule from '@cdktf/provider-aws/lib/lambda-permission/index.js';
import type * as Wafv2WebAclModule from '@cdktf/provider-aws/lib/wafv2-web-acl/index.js';
import type * as Wafv2WebAclAssociationModule from '@cdktf/provider-aws/lib/wafv2-web-acl-association/index.js';
import type * as Wafv2WebAclLoggingConfigurationModule from '@cdktf/provider-aws/lib/wafv2-web-acl-logging-configuration/index.js';
import type * as DataAwsNetworkInterfaceModule from '@cdktf/provider-aws/lib/data-aws-network-interface/index.js';

const load = createRequire(import.meta.url);

export const cdktf = load('cdktf') as typeof CdktfModule;

const loaded = new Map<string, unknown>();
function once<T>(path: string): T {
  let m = loaded.get(path);
  if (m === undefined) {
    m = load(path);
    loaded.set(path, m);
  }
  return m as T;
}

/** The resource classes, each loaded on first access. */
export const aws = {
  // elasticsearch, msk (issue 10 part d)
  get ElasticsearchDomain() {
    return once<typeof ElasticsearchDomainModule>('@cdktf/provider-aws/lib/elasticsearch-domain/index.js').ElasticsearchDomain;
  },
  get IamServiceLinkedRole() {
    return once<typeof IamServiceLinkedRoleModule>('@cdktf/provider-aws/lib/iam-service-linked-role/index.js').IamServiceLinkedRole;
  },
  get CloudwatchLogResourcePolicy() {
    return once<typeof CloudwatchLogResourcePolicyModule>('@cdktf/provider-aws/lib/cloudwatch-log-resource-policy/index.js').CloudwatchLogResourcePolicy;
  },
  get MskCluster() {
    return once<typeof MskClusterModule>('@cdktf/provider-aws/lib/msk-cluster/index.js').MskCluster;
  },
  get MskConfiguration() {
    return once<typeof MskConfigurationModule>('@cdktf/provider-aws/lib/msk-configuration/index.js').MskConfiguration;
  },
  get MskScramSecretAssociation() {
    return once<typeof MskScramSecretAssociationModule>('@cdktf/provider-aws/lib/msk-scram-secret-association/index.js').MskScramSecretAssociation;
  },
  get SecretsmanagerSecretPolicy() {
    return once<typeof SecretsmanagerSecretPolicyModule>('@cdktf/provider-aws/lib/secretsmanager-secret-policy/index.js').SecretsmanagerSecretPolicy;
  },
  get AcmCertificate() {
    return once<typeof AcmCertificateModule>('@cdktf/provider-aws/lib/acm-certificate/index.js').AcmCertificate;
  },
  get AutoscalingGroup() {
    return once<typeof AutoscalingGroupModule>('@cdktf/provider-aws/lib/autoscaling-group/index.js').AutoscalingGroup;
  },
  get CloudfrontDistribution() {
    return once<typeof CloudfrontDistributionModule>('@cdktf/provider-aws/lib/cloudfront-distribution/index.js').CloudfrontDistribution;
  },
  get CloudfrontOriginAccessIdentity() {
    return once<typeof CloudfrontOriginAccessIdentityModule>('@cdktf/provider-aws/lib/cloudfront-origin-access-identity/index.js').CloudfrontOriginAccessIdentity;
  },
  get CloudfrontPublicKey() {
    return once<typeof CloudfrontPublicKeyModule>('@cdktf/provider-aws/lib/cloudfront-public-key/index.js').CloudfrontPublicKey;
  },
  get DataAwsCanonicalUserId() {
    return once<typeof DataAwsCanonicalUserIdModule>('@cdktf/provider-aws/lib/data-aws-canonical-user-id/index.js').DataAwsCanonicalUserId;
  },
  get AwsProvider() {
    return once<typeof AwsProviderModule>('@cdktf/provider-aws/lib/provider/index.js').AwsProvider;
  },
  get CloudwatchLogGroup() {
    return once<typeof CloudwatchLogGroupModule>('@cdktf/provider-aws/lib/cloudwatch-log-group/index.js').CloudwatchLogGroup;
  },
  get DataAwsAmi() {
    return once<typeof DataAwsAmiModule>('@cdktf/provider-aws/lib/data-aws-ami/index.js').DataAwsAmi;
  },
  get DataAwsCloudfrontLogDeliveryCanonicalUserId() {
    return once<typeof DataAwsCloudfrontLogDeliveryCanonicalUserIdModule>('@cdktf/provider-aws/lib/data-aws-cloudfront-log-delivery-canonical-user-id/index.js').DataAwsCloudfrontLogDeliveryCanonicalUserId;
  },
  get DbInstance() {
    return once<typeof DbInstanceModule>('@cdktf/provider-aws/lib/db-instance/index.js').DbInstance;
  },
  get DbParameterGroup() {
    return once<typeof DbParameterGroupModule>('@cdktf/provider-aws/lib/db-parameter-group/index.js').DbParameterGroup;
  },
  get DynamodbTable() {
    return once<typeof DynamodbTableModule>('@cdktf/provider-aws/lib/dynamodb-table/index.js').DynamodbTable;
  },
  get EcrRepository() {
    return once<typeof EcrRepositoryModule>('@cdktf/provider-aws/lib/ecr-repository/index.js').EcrRepository;
  },
  get EcrpublicRepository() {
    return once<typeof EcrpublicRepositoryModule>('@cdktf/provider-aws/lib/ecrpublic-repository/index.js').EcrpublicRepository;
  },
  get ElasticacheParameterGroup() {
    return once<typeof ElasticacheParameterGroupModule>('@cdktf/provider-aws/lib/elasticache-parameter-group/index.js').ElasticacheParameterGroup;
  },
  get ElasticacheReplicationGroup() {
    return once<typeof ElasticacheReplicationGroupModule>('@cdktf/provider-aws/lib/elasticache-replication-group/index.js').ElasticacheReplicationGroup;
  },
  get IamAccessKey() {
    return once<typeof IamAccessKeyModule>('@cdktf/provider-aws/lib/iam-access-key/index.js').IamAccessKey;
  },
  get IamInstanceProfile() {
    return once<typeof IamInstanceProfileModule>('@cdktf/provider-aws/lib/iam-instance-profile/index.js').IamInstanceProfile;
  },
  get IamPolicy() {
    return once<typeof IamPolicyModule>('@cdktf/provider-aws/lib/iam-policy/index.js').IamPolicy;
  },
  get IamRole() {
    return once<typeof IamRoleModule>('@cdktf/provider-aws/lib/iam-role/index.js').IamRole;
  },
  get IamRolePolicyAttachment() {
    return once<typeof IamRolePolicyAttachmentModule>('@cdktf/provider-aws/lib/iam-role-policy-attachment/index.js').IamRolePolicyAttachment;
  },
  get IamUser() {
    return once<typeof IamUserModule>('@cdktf/provider-aws/lib/iam-user/index.js').IamUser;
  },
  get IamUserPolicyAttachment() {
    return once<typeof IamUserPolicyAttachmentModule>('@cdktf/provider-aws/lib/iam-user-policy-attachment/index.js').IamUserPolicyAttachment;
  },
  get KinesisStream() {
    return once<typeof KinesisStreamModule>('@cdktf/provider-aws/lib/kinesis-stream/index.js').KinesisStream;
  },
  get KinesisResourcePolicy() {
    return once<typeof KinesisResourcePolicyModule>('@cdktf/provider-aws/lib/kinesis-resource-policy/index.js').KinesisResourcePolicy;
  },
  get LambdaFunction() {
    return once<typeof LambdaFunctionModule>('@cdktf/provider-aws/lib/lambda-function/index.js').LambdaFunction;
  },
  get LambdaEventSourceMapping() {
    return once<typeof LambdaEventSourceMappingModule>('@cdktf/provider-aws/lib/lambda-event-source-mapping/index.js').LambdaEventSourceMapping;
  },
  get DataAwsElasticsearchDomain() {
    return once<typeof DataAwsElasticsearchDomainModule>('@cdktf/provider-aws/lib/data-aws-elasticsearch-domain/index.js').DataAwsElasticsearchDomain;
  },
  get KmsAlias() {
    return once<typeof KmsAliasModule>('@cdktf/provider-aws/lib/kms-alias/index.js').KmsAlias;
  },
  get KmsKey() {
    return once<typeof KmsKeyModule>('@cdktf/provider-aws/lib/kms-key/index.js').KmsKey;
  },
  get LaunchTemplate() {
    return once<typeof LaunchTemplateModule>('@cdktf/provider-aws/lib/launch-template/index.js').LaunchTemplate;
  },
  get Lb() {
    return once<typeof LbModule>('@cdktf/provider-aws/lib/lb/index.js').Lb;
  },
  get LbListener() {
    return once<typeof LbListenerModule>('@cdktf/provider-aws/lib/lb-listener/index.js').LbListener;
  },
  get LbListenerRule() {
    return once<typeof LbListenerRuleModule>('@cdktf/provider-aws/lib/lb-listener-rule/index.js').LbListenerRule;
  },
  get LbTargetGroup() {
    return once<typeof LbTargetGroupModule>('@cdktf/provider-aws/lib/lb-target-group/index.js').LbTargetGroup;
  },
  get LbTargetGroupAttachment() {
    return once<typeof LbTargetGroupAttachmentModule>('@cdktf/provider-aws/lib/lb-target-group-attachment/index.js').LbTargetGroupAttachment;
  },
  get LbTrustStore() {
    return once<typeof LbTrustStoreModule>('@cdktf/provider-aws/lib/lb-trust-store/index.js').LbTrustStore;
  },
  get Route53Record() {
    return once<typeof Route53RecordModule>('@cdktf/provider-aws/lib/route53-record/index.js').Route53Record;
  },
  get Route53Zone() {
    return once<typeof Route53ZoneModule>('@cdktf/provider-aws/lib/route53-zone/index.js').Route53Zone;
  },
  get S3Bucket() {
    return once<typeof S3BucketModule>('@cdktf/provider-aws/lib/s3-bucket/index.js').S3Bucket;
  },
  get S3BucketAcl() {
    return once<typeof S3BucketAclModule>('@cdktf/provider-aws/lib/s3-bucket-acl/index.js').S3BucketAcl;
  },
  get S3BucketNotification() {
    return once<typeof S3BucketNotificationModule>('@cdktf/provider-aws/lib/s3-bucket-notification/index.js').S3BucketNotification;
  },
  get S3BucketPolicy() {
    return once<typeof S3BucketPolicyModule>('@cdktf/provider-aws/lib/s3-bucket-policy/index.js').S3BucketPolicy;
  },
  get SecretsmanagerSecret() {
    return once<typeof SecretsmanagerSecretModule>('@cdktf/provider-aws/lib/secretsmanager-secret/index.js').SecretsmanagerSecret;
  },
  get SecretsmanagerSecretVersion() {
    return once<typeof SecretsmanagerSecretVersionModule>('@cdktf/provider-aws/lib/secretsmanager-secret-version/index.js').SecretsmanagerSecretVersion;
  },
  get SecurityGroup() {
    return once<typeof SecurityGroupModule>('@cdktf/provider-aws/lib/security-group/index.js').SecurityGroup;
  },
  get SecurityGroupRule() {
    return once<typeof SecurityGroupRuleModule>('@cdktf/provider-aws/lib/security-group-rule/index.js').SecurityGroupRule;
  },
  get SnsTopic() {
    return once<typeof SnsTopicModule>('@cdktf/provider-aws/lib/sns-topic/index.js').SnsTopic;
  },
  get SnsTopicSubscription() {
    return once<typeof SnsTopicSubscriptionModule>('@cdktf/provider-aws/lib/sns-topic-subscription/index.js').SnsTopicSubscription;
  },
  get SqsQueue() {
    return once<typeof SqsQueueModule>('@cdktf/provider-aws/lib/sqs-queue/index.js').SqsQueue;
  },
  get VpcEndpoint() {
    return once<typeof VpcEndpointModule>('@cdktf/provider-aws/lib/vpc-endpoint/index.js').VpcEndpoint;
  },
  get VpcEndpointSubnetAssociation() {
    return once<typeof VpcEndpointSubnetAssociationModule>('@cdktf/provider-aws/lib/vpc-endpoint-subnet-association/index.js').VpcEndpointSubnetAssociation;
  },
  // rosa-authenticator (src/synth/kinds/rosa-authenticator.ts)
  get ApiGatewayAccount() {
    return once<typeof ApiGatewayAccountModule>('@cdktf/provider-aws/lib/api-gateway-account/index.js').ApiGatewayAccount;
  },
  get ApiGatewayAuthorizer() {
    return once<typeof ApiGatewayAuthorizerModule>('@cdktf/provider-aws/lib/api-gateway-authorizer/index.js').ApiGatewayAuthorizer;
  },
  get ApiGatewayBasePathMapping() {
    return once<typeof ApiGatewayBasePathMappingModule>('@cdktf/provider-aws/lib/api-gateway-base-path-mapping/index.js').ApiGatewayBasePathMapping;
  },
  get ApiGatewayDeployment() {
    return once<typeof ApiGatewayDeploymentModule>('@cdktf/provider-aws/lib/api-gateway-deployment/index.js').ApiGatewayDeployment;
  },
  get ApiGatewayDomainName() {
    return once<typeof ApiGatewayDomainNameModule>('@cdktf/provider-aws/lib/api-gateway-domain-name/index.js').ApiGatewayDomainName;
  },
  get ApiGatewayIntegration() {
    return once<typeof ApiGatewayIntegrationModule>('@cdktf/provider-aws/lib/api-gateway-integration/index.js').ApiGatewayIntegration;
  },
  get ApiGatewayIntegrationResponse() {
    return once<typeof ApiGatewayIntegrationResponseModule>('@cdktf/provider-aws/lib/api-gateway-integration-response/index.js').ApiGatewayIntegrationResponse;
  },
  get ApiGatewayMethod() {
    return once<typeof ApiGatewayMethodModule>('@cdktf/provider-aws/lib/api-gateway-method/index.js').ApiGatewayMethod;
  },
  get ApiGatewayMethodResponse() {
    return once<typeof ApiGatewayMethodResponseModule>('@cdktf/provider-aws/lib/api-gateway-method-response/index.js').ApiGatewayMethodResponse;
  },
  get ApiGatewayMethodSettings() {
    return once<typeof ApiGatewayMethodSettingsModule>('@cdktf/provider-aws/lib/api-gateway-method-settings/index.js').ApiGatewayMethodSettings;
  },
  get ApiGatewayResource() {
    return once<typeof ApiGatewayResourceModule>('@cdktf/provider-aws/lib/api-gateway-resource/index.js').ApiGatewayResource;
  },
  get ApiGatewayRestApi() {
    return once<typeof ApiGatewayRestApiModule>('@cdktf/provider-aws/lib/api-gateway-rest-api/index.js').ApiGatewayRestApi;
  },
  get ApiGatewayRestApiPolicy() {
    return once<typeof ApiGatewayRestApiPolicyModule>('@cdktf/provider-aws/lib/api-gateway-rest-api-policy/index.js').ApiGatewayRestApiPolicy;
  },
  get ApiGatewayStage() {
    return once<typeof ApiGatewayStageModule>('@cdktf/provider-aws/lib/api-gateway-stage/index.js').ApiGatewayStage;
  },
  get ApiGatewayVpcLink() {
    return once<typeof ApiGatewayVpcLinkModule>('@cdktf/provider-aws/lib/api-gateway-vpc-link/index.js').ApiGatewayVpcLink;
  },
  get CognitoResourceServer() {
    return once<typeof CognitoResourceServerModule>('@cdktf/provider-aws/lib/cognito-resource-server/index.js').CognitoResourceServer;
  },
  get CognitoUserPool() {
    return once<typeof CognitoUserPoolModule>('@cdktf/provider-aws/lib/cognito-user-pool/index.js').CognitoUserPool;
  },
  get CognitoUserPoolClient() {
    return once<typeof CognitoUserPoolClientModule>('@cdktf/provider-aws/lib/cognito-user-pool-client/index.js').CognitoUserPoolClient;
  },
  get CognitoUserPoolDomain() {
    return once<typeof CognitoUserPoolDomainModule>('@cdktf/provider-aws/lib/cognito-user-pool-domain/index.js').CognitoUserPoolDomain;
  },
  get CognitoUserPoolUiCustomization() {
    return once<typeof CognitoUserPoolUiCustomizationModule>('@cdktf/provider-aws/lib/cognito-user-pool-ui-customization/index.js').CognitoUserPoolUiCustomization;
  },
  get LambdaPermission() {
    return once<typeof LambdaPermissionModule>('@cdktf/provider-aws/lib/lambda-permission/index.js').LambdaPermission;
  },
  get Wafv2WebAcl() {
    return once<typeof Wafv2WebAclModule>('@cdktf/provider-aws/lib/wafv2-web-acl/index.js').Wafv2WebAcl;
  },
  get Wafv2WebAclAssociation() {
    return once<typeof Wafv2WebAclAssociationModule>('@cdktf/provider-aws/lib/wafv2-web-acl-association/index.js').Wafv2WebAclAssociation;
  },
  get Wafv2WebAclLoggingConfiguration() {
    return once<typeof Wafv2WebAclLoggingConfigurationModule>('@cdktf/provider-aws/lib/wafv2-web-acl-logging-configuration/index.js').Wafv2WebAclLoggingConfiguration;
  },
  get DataAwsNetworkInterface() {
    return once<typeof DataAwsNetworkInterfaceModule>('@cdktf/provider-aws/lib/data-aws-network-interface/index.js').DataAwsNetworkInterface;
  },
};

export type AcmCertificate = AcmCertificateModule.AcmCertificate;
export type AutoscalingGroup = AutoscalingGroupModule.AutoscalingGroup;
export type AwsProvider = AwsProviderModule.AwsProvider;
export type CloudfrontDistribution = CloudfrontDistributionModule.CloudfrontDistribution;
export type CloudfrontOriginAccessIdentity = CloudfrontOriginAccessIdentityModule.CloudfrontOriginAccessIdentity;
export type CloudfrontPublicKey = CloudfrontPublicKeyModule.CloudfrontPublicKey;
export type CloudwatchLogGroup = CloudwatchLogGroupModule.CloudwatchLogGroup;
export type DataAwsAmi = DataAwsAmiModule.DataAwsAmi;
export type DbInstance = DbInstanceModule.DbInstance;
export type DbParameterGroup = DbParameterGroupModule.DbParameterGroup;
export type DynamodbTable = DynamodbTableModule.DynamodbTable;
export type EcrRepository = EcrRepositoryModule.EcrRepository;
export type EcrpublicRepository = EcrpublicRepositoryModule.EcrpublicRepository;
export type ElasticacheParameterGroup = ElasticacheParameterGroupModule.ElasticacheParameterGroup;
export type ElasticacheReplicationGroup = ElasticacheReplicationGroupModule.ElasticacheReplicationGroup;
export type IamAccessKey = IamAccessKeyModule.IamAccessKey;
export type IamInstanceProfile = IamInstanceProfileModule.IamInstanceProfile;
export type IamPolicy = IamPolicyModule.IamPolicy;
export type IamRole = IamRoleModule.IamRole;
export type IamRolePolicyAttachment = IamRolePolicyAttachmentModule.IamRolePolicyAttachment;
export type IamUser = IamUserModule.IamUser;
export type IamUserPolicyAttachment = IamUserPolicyAttachmentModule.IamUserPolicyAttachment;
export type KmsAlias = KmsAliasModule.KmsAlias;
export type KmsKey = KmsKeyModule.KmsKey;
export type LaunchTemplate = LaunchTemplateModule.LaunchTemplate;
export type Route53Record = Route53RecordModule.Route53Record;
export type Route53Zone = Route53ZoneModule.Route53Zone;
export type S3Bucket = S3BucketModule.S3Bucket;
export type S3BucketNotification = S3BucketNotificationModule.S3BucketNotification;
export type S3BucketPolicy = S3BucketPolicyModule.S3BucketPolicy;
export type SecretsmanagerSecret = SecretsmanagerSecretModule.SecretsmanagerSecret;
export type SnsTopic = SnsTopicModule.SnsTopic;
export type SqsQueue = SqsQueueModule.SqsQueue;
