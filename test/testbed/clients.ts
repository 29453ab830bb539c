/** AWS SDK v3 clients pointed at the emulator (endpoint and fake credentials from its env). */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EC2Client } from '@aws-sdk/client-ec2';
import { IAMClient } from '@aws-sdk/client-iam';
import { RDSClient } from '@aws-sdk/client-rds';
import { S3Client } from '@aws-sdk/client-s3';
import { makeAwsClient } from '../../src/aws/clients.js';
import type { Emulator } from './emulator.js';

export type EmulatorRef = Pick<Emulator, 'endpoint' | 'env'>;

// The emulator's env pins the endpoint, region and fake keys; an explicit region wins.
const opts = (service: string, em: EmulatorRef, region?: string) => ({
  service,
  endpoint: em.endpoint,
  region: region ?? em.env['AWS_REGION'] ?? 'us-east-1',
  env: { AWS_ACCESS_KEY_ID: em.env['AWS_ACCESS_KEY_ID'] ?? 'test', AWS_SECRET_ACCESS_KEY: em.env['AWS_SECRET_ACCESS_KEY'] ?? 'test', AWS_SESSION_TOKEN: undefined },
  maxAttempts: 2,
});

export const s3Client = (em: EmulatorRef, region?: string) => makeAwsClient(S3Client, opts('S3', em, region), { forcePathStyle: true });
export const dynamoClient = (em: EmulatorRef, region?: string) => makeAwsClient(DynamoDBClient, opts('DYNAMODB', em, region));
export const rdsClient = (em: EmulatorRef, region?: string) => makeAwsClient(RDSClient, opts('RDS', em, region));
export const iamClient = (em: EmulatorRef) => makeAwsClient(IAMClient, opts('IAM', em, 'us-east-1'));
export const ec2Client = (em: EmulatorRef, region?: string) => makeAwsClient(EC2Client, opts('EC2', em, region));
