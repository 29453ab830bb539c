/**
 * Acceptance for the kinds alb, rosa-authenticator-vpce and rosa-authenticator (issue 10,
 * part c), one emulator for the file:
 * - the kinds-10c fixture account (the golden's config) passes real `terraform validate`
 *   with aws provider 5.100.0, with one change: alb's `random_id` resources need
 *   hashicorp/random, which is not mirrored here, so they are removed and each
 *   `${random_id.<x>.hex}` becomes the literal `0a1b2c3d` (what a 4-byte id looks like);
 *   every aws resource is validated as synthesized otherwise. The random_id JSON itself is
 *   pinned by the golden and test/unit/kinds-10c.test.ts only;
 * - alb is not applied: its target groups' names need random_id (no random provider here);
 * - rosa-authenticator-vpce applies to moto (a VPC and two subnets made with the SDK
 *   first), then `tfdoctor plan --account` finds nothing (exit 0), then a tag put on the
 *   endpoint's security group with the SDK is found as changed-out-of-band (exit 2).
 */
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { CreateSubnetCommand, CreateTagsCommand, CreateVpcCommand, DescribeSecurityGroupsCommand } from '@aws-sdk/client-ec2';
import { parse, stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadInventory, synthAccount, writeWorkingDir } from '../../src/synth/index.js';
import { ec2Client, startEmulator, validateWithMirror, type Emulator } from '../testbed/index.js';
import { applyDir, findingsOf, parseReport, runCli, synthInto } from './doctor-setup.js';

const FIXTURE = path.join(import.meta.dirname, '../../fixtures/inventory/kinds-10c');
const ACCOUNT = 'kinds-10c';
let em: Emulator;
let work: string;
let inventoryFile: string;

beforeAll(async () => {
  em = await startEmulator();
  work = await mkdtemp(path.join(tmpdir(), 'tfdoctor-kinds-10c-'));
  // The fixture inventory with the VPC and subnets the emulator made (their ids are generated).
  const ec2 = ec2Client(em);
  const vpc = (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.10.0.0/16' }))).Vpc?.VpcId;
  expect(vpc).toMatch(/^vpc-/);
  const subnets: string[] = [];
  for (const [i, zone] of ['us-east-1a', 'us-east-1b'].entries()) {
    const id = (await ec2.send(new CreateSubnetCommand({ VpcId: vpc, CidrBlock: `10.10.${i}.0/24`, AvailabilityZone: zone }))).Subnet?.SubnetId;
    expect(id).toMatch(/^subnet-/);
    subnets.push(id ?? '');
  }
  const doc = parse(await readFile(path.join(FIXTURE, 'inventory.yml'), 'utf8')) as { namespaces: { externalResources: { resources: Record<string, unknown>[] }[] }[] };
  for (const ext of doc.namespaces.flatMap((n) => n.externalResources)) {
    // alb needs the random provider (not mirrored): it stays out of the applied account.
    ext.resources = ext.resources.filter((r) => r['provider'] !== 'alb');
    for (const r of ext.resources) if (r['provider'] === 'rosa-authenticator-vpce') Object.assign(r, { vpc_id: vpc, subnet_ids: subnets });
  }
  inventoryFile = path.join(work, 'inventory.yml');
  await writeFile(inventoryFile, stringify(doc));
  await mkdir(path.join(work, 'resources'));
  await copyFile(path.join(FIXTURE, 'resources/rosa-authenticator-vpce.yml'), path.join(work, 'resources/rosa-authenticator-vpce.yml'));
  const dir = path.join(work, 'applied');
  await synthInto(em, await loadInventory(inventoryFile), ACCOUNT, dir);
  await applyDir(em, dir);
}, 240_000);

afterAll(async () => {
  await em?.stop();
  if (work) await rm(work, { recursive: true, force: true });
});

const cliArgs = () => ['--inventory', inventoryFile, '--account', ACCOUNT, '--work-dir', path.join(work, 'applied'), '--backend-config', 'use_path_style=true', '--json'];

describe('kinds-10c', () => {
  it('the fixture account (its golden config) validates with terraform + aws provider 5.100.0', async () => {
    const dir = path.join(work, 'validate');
    const cfg = synthAccount(await loadInventory(path.join(FIXTURE, 'inventory.yml')), ACCOUNT);
    const randomIds = Object.keys((cfg.json['resource'] as Record<string, Record<string, unknown>>)['random_id'] ?? {});
    expect(randomIds.length).toBeGreaterThan(0);
    await writeWorkingDir(withoutRandomProvider(cfg), dir);
    const { result, errors } = await validateWithMirror(dir, work);
    expect(errors).toEqual([]);
    expect(result.valid).toBe(true);
    // The aws resources that referred to a random id are still there, with the literal.
    const written = await readFile(path.join(dir, 'main.tf.json'), 'utf8');
    expect(written).not.toContain('random_id');
    expect(written).toContain('api-0a1b2c3d');
  }, 120_000);

  it('applied: tfdoctor plan --account finds nothing (exit 0)', async () => {
    const r = await runCli(em, cliArgs());
    expect(r.exitCode, r.stderr).toBe(0);
    expect(parseReport(r.stdout).findings).toEqual([]);
  }, 160_000);

  it('rosa-authenticator-vpce: a tag put on the endpoint security group by hand is changed-out-of-band', async () => {
    const ec2 = ec2Client(em);
    const group = (await ec2.send(new DescribeSecurityGroupsCommand({ Filters: [{ Name: 'group-name', Values: ['ocm-auth-vpce-sg'] }] }))).SecurityGroups?.[0]?.GroupId;
    expect(group).toMatch(/^sg-/);
    await ec2.send(new CreateTagsCommand({ Resources: [group ?? ''], Tags: [{ Key: 'team', Value: 'changed-by-hand' }] }));
    const r = await runCli(em, cliArgs());
    expect(r.exitCode, r.stderr).toBe(2);
    const [changed] = findingsOf(parseReport(r.stdout), 'changed-out-of-band', 'aws_security_group.api_gw_vpce');
    expect(JSON.stringify(changed?.evidence)).toContain('changed-by-hand');
  }, 160_000);
});

/** The config without hashicorp/random: random_id removed, its `hex` a literal (see the file comment). */
function withoutRandomProvider<T extends { json: Record<string, unknown> }>(cfg: T): T {
  const json = JSON.parse(JSON.stringify(cfg.json).replace(/\$\{random_id\.[A-Za-z0-9_-]+\.hex\}/g, '0a1b2c3d')) as Record<string, unknown>;
  delete (json['resource'] as Record<string, unknown>)['random_id'];
  delete ((json['terraform'] as Record<string, unknown>)['required_providers'] as Record<string, unknown>)['random'];
  return { ...cfg, json };
}
