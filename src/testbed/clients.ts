/** AWS SDK v3 clients pointed at the emulator (endpoint and fake credentials from its env). */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EC2Client } from '@aws-sdk/client-ec2';
import { IAMClient } from '@aws-sdk/client-iam';
import { RDSClient } from '@aws-sdk/client-rds';
import { S3Client } from '@aws-sdk/client-s3';
import { withoutNodeVersionWarning } from '../aws-sdk.js';
import type { Emulator } from './emulator.js';

function base(em: Pick<Emulator, 'endpoint' | 'env'>, region?: string) {
  return {
    endpoint: em.endpoint,
    region: region ?? em.env['AWS_REGION'] ?? 'us-east-1',
    credentials: { accessKeyId: em.env['AWS_ACCESS_KEY_ID'] ?? 'test', secretAccessKey: em.env['AWS_SECRET_ACCESS_KEY'] ?? 'test' },
    maxAttempts: 2,
  };
}

export type EmulatorRef = Pick<Emulator, 'endpoint' | 'env'>;

export const s3Client = (em: EmulatorRef, region?: string) => withoutNodeVersionWarning(() => new S3Client({ ...base(em, region), forcePathStyle: true }));
export const dynamoClient = (em: EmulatorRef, region?: string) => withoutNodeVersionWarning(() => new DynamoDBClient(base(em, region)));
export const rdsClient = (em: EmulatorRef, region?: string) => withoutNodeVersionWarning(() => new RDSClient(base(em, region)));
export const iamClient = (em: EmulatorRef) => withoutNodeVersionWarning(() => new IAMClient(base(em, 'us-east-1')));
export const ec2Client = (em: EmulatorRef, region?: string) => withoutNodeVersionWarning(() => new EC2Client(base(em, region)));
