/**
 * What happens to real objects behind Terraform's back, done with the AWS SDK
 * against the emulator: the runbook's failures, reproduced for real.
 */
import {
  CreateImageCommand, CreateTagsCommand, DeregisterImageCommand, DescribeImagesCommand, RunInstancesCommand, TerminateInstancesCommand,
} from '@aws-sdk/client-ec2';
import { CreateUserCommand, DeleteUserCommand, TagUserCommand } from '@aws-sdk/client-iam';
import {
  AddTagsToResourceCommand, CreateDBParameterGroupCommand, DeleteDBParameterGroupCommand, DescribeDBParameterGroupsCommand,
} from '@aws-sdk/client-rds';
import {
  CreateBucketCommand, DeleteBucketCommand, DeleteObjectsCommand, ListObjectsV2Command, PutBucketTaggingCommand, PutObjectCommand,
  type BucketLocationConstraint,
} from '@aws-sdk/client-s3';
import { ec2Client, iamClient, rdsClient, s3Client, type EmulatorRef } from './clients.js';

type Tags = Record<string, string>;
const tagList = (tags: Tags) => Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));

// RDS parameter groups
export async function createDbParameterGroup(em: EmulatorRef, o: { name: string; family: string; description?: string; region?: string; tags?: Tags }): Promise<void> {
  await rdsClient(em, o.region).send(new CreateDBParameterGroupCommand({
    DBParameterGroupName: o.name, DBParameterGroupFamily: o.family, Description: o.description ?? 'Managed by Terraform', Tags: tagList(o.tags ?? {}),
  }));
}
export async function deleteDbParameterGroup(em: EmulatorRef, o: { name: string; region?: string }): Promise<void> {
  await rdsClient(em, o.region).send(new DeleteDBParameterGroupCommand({ DBParameterGroupName: o.name }));
}
export async function tagDbParameterGroup(em: EmulatorRef, o: { name: string; region?: string; tags: Tags }): Promise<void> {
  const rds = rdsClient(em, o.region);
  const r = await rds.send(new DescribeDBParameterGroupsCommand({ DBParameterGroupName: o.name }));
  const arn = r.DBParameterGroups?.[0]?.DBParameterGroupArn;
  if (!arn) throw new Error(`no DB parameter group ${o.name}`);
  await rds.send(new AddTagsToResourceCommand({ ResourceName: arn, Tags: tagList(o.tags) }));
}

// S3
export async function createBucket(em: EmulatorRef, o: { bucket: string; region?: string }): Promise<void> {
  const region = o.region ?? em.env['AWS_REGION'] ?? 'us-east-1';
  await s3Client(em, region).send(new CreateBucketCommand({
    Bucket: o.bucket,
    ...(region !== 'us-east-1' ? { CreateBucketConfiguration: { LocationConstraint: region as BucketLocationConstraint } } : {}),
  }));
}
/** Empty the bucket, then delete it. */
export async function deleteBucket(em: EmulatorRef, o: { bucket: string; region?: string }): Promise<void> {
  const s3 = s3Client(em, o.region);
  for (;;) {
    const list = await s3.send(new ListObjectsV2Command({ Bucket: o.bucket }));
    const keys = (list.Contents ?? []).flatMap((c) => (c.Key ? [{ Key: c.Key }] : []));
    if (keys.length === 0) break;
    await s3.send(new DeleteObjectsCommand({ Bucket: o.bucket, Delete: { Objects: keys } }));
  }
  await s3.send(new DeleteBucketCommand({ Bucket: o.bucket }));
}
/** Replaces the bucket's tag set (PutBucketTagging is not additive). */
export async function tagBucket(em: EmulatorRef, o: { bucket: string; region?: string; tags: Tags }): Promise<void> {
  await s3Client(em, o.region).send(new PutBucketTaggingCommand({ Bucket: o.bucket, Tagging: { TagSet: tagList(o.tags) } }));
}
export async function putObject(em: EmulatorRef, o: { bucket: string; key: string; body: string; region?: string }): Promise<void> {
  await s3Client(em, o.region).send(new PutObjectCommand({ Bucket: o.bucket, Key: o.key, Body: o.body }));
}

// IAM
export async function createIamUser(em: EmulatorRef, o: { name: string; tags?: Tags }): Promise<void> {
  await iamClient(em).send(new CreateUserCommand({ UserName: o.name, Tags: tagList(o.tags ?? {}) }));
}
export async function deleteIamUser(em: EmulatorRef, o: { name: string }): Promise<void> {
  await iamClient(em).send(new DeleteUserCommand({ UserName: o.name }));
}
export async function tagIamUser(em: EmulatorRef, o: { name: string; tags: Tags }): Promise<void> {
  await iamClient(em).send(new TagUserCommand({ UserName: o.name, Tags: tagList(o.tags) }));
}

// AMIs
export interface CreatedAmi {
  imageId: string;
  sourceImageId: string;
}
/**
 * An image owned by the account, tagged e.g. { commit: <sha> }: RunInstances on
 * an Amazon-owned image the emulator ships, CreateImage, CreateTags (seen to make
 * `data "aws_ami"` with owners ["self"] and filter tag:commit find it).
 */
export async function createAmi(em: EmulatorRef, o: { region?: string; tags: Tags; name?: string }): Promise<CreatedAmi> {
  const ec2 = ec2Client(em, o.region);
  const images = await ec2.send(new DescribeImagesCommand({ Owners: ['amazon'] }));
  const source = images.Images?.find((i) => i.ImageId && (i.Architecture ?? 'x86_64') === 'x86_64')?.ImageId;
  if (!source) throw new Error('the emulator lists no Amazon-owned image to start from');
  const run = await ec2.send(new RunInstancesCommand({ ImageId: source, MinCount: 1, MaxCount: 1, InstanceType: 't3.micro' }));
  const instanceId = run.Instances?.[0]?.InstanceId;
  if (!instanceId) throw new Error('RunInstances returned no instance');
  const img = await ec2.send(new CreateImageCommand({ InstanceId: instanceId, Name: o.name ?? `tfdoctor-${Object.values(o.tags).join('-').slice(0, 60)}-${Date.now()}` }));
  if (!img.ImageId) throw new Error('CreateImage returned no image id');
  await ec2.send(new CreateTagsCommand({ Resources: [img.ImageId], Tags: tagList(o.tags) }));
  await ec2.send(new TerminateInstancesCommand({ InstanceIds: [instanceId] }));
  return { imageId: img.ImageId, sourceImageId: source };
}
export async function removeAmi(em: EmulatorRef, o: { imageId: string; region?: string }): Promise<void> {
  await ec2Client(em, o.region).send(new DeregisterImageCommand({ ImageId: o.imageId }));
}
