/**
 * Acceptance for the kinds sqs, dynamodb, ecr, cloudwatch, secrets-manager,
 * route53-zone and asg as the reconciler builds them: synthesize, apply with real
 * terraform 1.11 + aws provider 5.100.0 against moto, then `tfdoctor plan` finds
 * nothing. The asg's image is an Amazon-owned moto image tagged with the commit:
 * moto cannot share an AMI across accounts, and an image owned by another owner id
 * is the closest honest stand-in (a `data "aws_ami"` with owners=self would not
 * find it; the reference's lookup, with no owner filter, does). Then `tfdoctor plan
 * --account` (planAccount, on the applied dir, the secret's value from the state) finds
 * nothing outside the asg pair, and on it only the moto artifacts (see the end of the
 * file). There is no second-synth step: asg keeps no secret across runs, and the
 * secrets-manager version's "from the state" path is what that planAccount run takes. An asg whose commit
 * has no image is ami-not-found, with a pin proposal to the commit that has one.
 * Not here: cloudinit_configs (needs the cloudinit provider, not mirrored on this
 * machine: unit-tested on the JSON in test/unit/parity-kinds-b.test.ts).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { CreateTagsCommand, DescribeImagesCommand, DescribeSubnetsCommand } from '@aws-sdk/client-ec2';
import { stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveImages } from '../../src/run/ami-lookup.js';
import { planAccount } from '../../src/run/plan-account.js';
import { plan } from '../../src/state/terraform/plan.js';
import { showPlan } from '../../src/state/terraform/show.js';
import { loadInventory, synthAccount, writeWorkingDir, type Inventory } from '../../src/synth/index.js';
import { EMULATOR_BACKEND_CONFIG, ec2Client, prepareBackend, startEmulator, writeEmulatorOverride, type Emulator } from '../testbed/index.js';
import { applyDir, findingsOf } from './doctor-setup.js';

const SHA = 'c'.repeat(40);
const MISSING = 'd'.repeat(40);
let em: Emulator;
let work: string;
let inv: Inventory;
let sharedImage: string;

const acct = (name: string) => ({
  name,
  uid: '123456789012',
  resourcesDefaultRegion: 'us-east-1',
  providerVersion: '5.100.0',
  terraformState: { provider: 's3', bucket: `${name}-tfstate`, region: 'us-east-1', integrations: [{ integration: 'terraform-resources', key: 'qontract-reconcile.tfstate' }] },
});
const image = (ref: string) => [{ provider: 'git', tag_name: 'commit', url: 'https://github.com/app-sre/image-builder', ref }];
const ns = (name: string, provisioner: string, resources: unknown[]) => ({
  name, cluster: { name: 'c1' }, environment: { name: 'test' }, app: { name: 'tfdoctor' }, managedExternalResources: true,
  externalResources: [{ provider: 'aws', provisioner: { name: provisioner }, resources }],
});

beforeAll(async () => {
  em = await startEmulator();
  work = await mkdtemp(path.join(tmpdir(), 'tfdoctor-parity-b-'));
  const ec2 = ec2Client(em);
  const amazon = await ec2.send(new DescribeImagesCommand({ Owners: ['amazon'] }));
  sharedImage = amazon.Images?.find((i) => i.ImageId && (i.Architecture ?? 'x86_64') === 'x86_64')?.ImageId ?? '';
  expect(sharedImage).toMatch(/^ami-/);
  await ec2.send(new CreateTagsCommand({ Resources: [sharedImage], Tags: [{ Key: 'commit', Value: SHA }] }));
  const resources = [
    { provider: 'sqs', identifier: 'pb-queues', specs: [{ defaults: 'sqs.yml', queues: [{ key: 'jobs', value: 'pb-jobs' }] }] },
    { provider: 'dynamodb', identifier: 'pb-tables', specs: [{ defaults: 'ddb.yml', tables: [{ key: 'sessions', value: 'pb-sessions' }] }] },
    { provider: 'ecr', identifier: 'pb-repo' },
    { provider: 'cloudwatch', identifier: 'pb-logs' },
    { provider: 'secrets-manager', identifier: 'pb-secret', secret: { path: 'app/pb', field: 'all' } },
    { provider: 'route53-zone', identifier: 'pb-zone', name: 'pb.example.com', records: [{ name: 'www', type: 'A', records: ['10.0.0.1'] }, { name: 'api', type: 'CNAME', ttl: 60, records: ['www.pb.example.com'] }] },
    { provider: 'asg', identifier: 'pb-workers', defaults: 'asg.yml', image: image(SHA), extra_tags: '{"role": "builder"}' },
  ];
  await writeFile(path.join(work, 'inventory.yml'), stringify({
    accounts: [acct('pb'), acct('pb-missing')],
    namespaces: [ns('pb', 'pb', resources), ns('pb-missing', 'pb-missing', [{ provider: 'asg', identifier: 'pb-missing-workers', defaults: 'asg.yml', image: image(MISSING) }])],
  }));
  await writeFile(path.join(work, 'sqs.yml'), stringify({ visibility_timeout_seconds: 30 }));
  await writeFile(path.join(work, 'ddb.yml'), stringify({ billing_mode: 'PAY_PER_REQUEST', hash_key: 'id', attributes: [{ name: 'id', type: 'S' }] }));
  // The reference passes no availability_zones: the group needs a subnet (moto's default VPC has them).
  const subnet = (await ec2.send(new DescribeSubnetsCommand({}))).Subnets?.find((x) => x.SubnetId)?.SubnetId;
  expect(subnet).toMatch(/^subnet-/);
  await writeFile(path.join(work, 'asg.yml'), stringify({ min_size: 0, max_size: 1, instance_types: ['t3.micro'], update_default_version: true, vpc_zone_identifier: [subnet] }));
  inv = await loadInventory(path.join(work, 'inventory.yml'));
}, 120_000);

afterAll(async () => {
  await em?.stop();
  if (work) await rm(work, { recursive: true, force: true });
});

describe('kinds b against the emulator', () => {
  it('the image only another owner has is found (no owner filter), the account applies, and the plan after finds nothing', async () => {
    const resolved = await resolveImages(inv, 'pb', { defaultRegion: 'us-east-1', env: em.env });
    expect(resolved.missing).toEqual([]);
    expect(resolved.images.get('pb-workers')).toEqual({ imageId: sharedImage });
    const dir = path.join(work, 'pb');
    const secrets = new Map([['app/pb', { password: 's3cr3t-value', user: 'pb' }]]);
    await writeWorkingDir(synthAccount(inv, 'pb', { images: resolved.images, secrets }), dir);
    await writeEmulatorOverride(dir);
    await prepareBackend(em, { bucket: 'pb-tfstate', region: 'us-east-1' });
    await applyDir(em, dir, { ...EMULATOR_BACKEND_CONFIG });

    // The plan right after, on the same config: nothing to change (a perpetual diff would be false drift).
    const again = await plan({ bin: 'terraform', cwd: dir, env: em.env }, { out: 'again.tfplan' });
    const changed = again.messages.filter((m) => m.type === 'planned_change');
    if (changed.length && again.planFile) {
      // Name the attributes that differ, so a perpetual diff says where it is.
      const shown = await showPlan({ bin: 'terraform', cwd: dir, env: em.env }, again.planFile);
      const diffs = (shown.resource_changes ?? []).filter((rc) => !rc.change.actions.includes('no-op') && !rc.change.actions.includes('read')).map((rc) => {
        const before = withoutMotoArtifacts(rc.type, (rc.change.before ?? {}) as Record<string, unknown>, (rc.change.after ?? {}) as Record<string, unknown>);
        const after = (rc.change.after ?? {}) as Record<string, unknown>;
        const keys = Object.keys({ ...before, ...after }).filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]) && after[k] !== undefined);
        return keys.length ? `${rc.address}: ${keys.map((k) => `${k} ${JSON.stringify(before[k])} -> ${JSON.stringify(after[k])}`).join('; ')}` : undefined;
      }).filter((d) => d !== undefined);
      expect(diffs).toEqual([]);
    }
    // Only the asg pair may show a change, and only through the emulator artifacts above.
    expect(changed.map((m) => (m as { change?: { resource?: { addr?: string } } }).change?.resource?.addr).filter((a) => a !== undefined && !/^aws_(launch_template|autoscaling_group)\.pb-workers$/.test(a))).toEqual([]);
    expect(again.stderr + JSON.stringify(again.messages)).not.toContain('s3cr3t-value');
  }, 170_000);

  it('tfdoctor plan --account on the applied dir: nothing outside the asg pair, there only the moto artifacts; no secret in the report', async () => {
    // No `secrets` this time: the secret version's value comes from the state, as in a real second run.
    const result = await planAccount({ inventory: inv, account: 'pb', workDir: path.join(work, 'pb'), env: em.env, backendConfig: { ...EMULATOR_BACKEND_CONFIG }, probe: false });
    const asgPair = new Set(['aws_launch_template.pb-workers', 'aws_autoscaling_group.pb-workers']);
    expect(result.report.findings.filter((f) => !f.address || !asgPair.has(f.address)).map((f) => `${f.kind} ${f.address ?? ''}: ${f.summary}`)).toEqual([]);
    // On the pair: only drift on the attributes withoutMotoArtifacts forgives (below).
    const paths = result.report.findings.flatMap((f) => {
      expect(f.kind).toBe('changed-out-of-band');
      return ((f.evidence['attributes'] ?? []) as { path?: string }[]).map((a) => `${f.address ?? ''} ${a.path ?? ''}`);
    });
    expect(paths.filter((p) => !/^aws_launch_template\.pb-workers tag_specifications|^aws_autoscaling_group\.pb-workers (capacity_reservation_specification|mixed_instances_policy)/.test(p))).toEqual([]);
    expect(JSON.stringify(result.report)).not.toContain('s3cr3t-value');
  }, 170_000);

  it('a commit with no image: ami-not-found before terraform, listing the commit that has one and proposing to pin it', async () => {
    const result = await planAccount({ inventory: inv, account: 'pb-missing', workDir: path.join(work, 'pb-missing'), env: em.env, backendConfig: { use_path_style: 'true' } });
    expect(result.initRan).toBe(false);
    const [f] = findingsOf(result.report, 'ami-not-found');
    expect(f?.address).toBe('aws_launch_template.pb-missing-workers');
    expect(f?.evidence['commit']).toBe(MISSING);
    expect(JSON.stringify(f?.evidence['commits_with_ami'])).toContain(SHA);
    expect(f?.proposals.find((p) => p.kind === 'inventory-pin-image-ref')?.snippet).toContain(SHA);
  }, 60_000);
});

/**
 * What moto 5 reads back differently from AWS, seen on the plan right after the apply
 * (terraform 1.11.4, aws 5.100.0), taken out of `before` so only they are forgiven:
 * - a launch template created with tags gets a third tag specification of type
 *   `launch-template` in its data (the provider tags the template itself through a
 *   top-level TagSpecification; moto stores it into the version's data too); the
 *   group's `launch_template_specification.version` is then unknown because the
 *   template would get a new version;
 * - an autoscaling group reads back `capacity_reservation_preference` null where the
 *   provider expects "".
 * Anything else that differs still fails the test.
 */
function withoutMotoArtifacts(type: string, before: Record<string, unknown>, after: Record<string, unknown>): Record<string, unknown> {
  const b = structuredClone(before);
  if (type === 'aws_launch_template' && Array.isArray(b['tag_specifications']))
    b['tag_specifications'] = (b['tag_specifications'] as { resource_type?: string }[]).filter((t) => t.resource_type !== 'launch-template');
  if (type === 'aws_autoscaling_group') {
    for (const c of (b['capacity_reservation_specification'] as { capacity_reservation_preference?: unknown }[] | undefined) ?? [])
      if (c.capacity_reservation_preference === null) c.capacity_reservation_preference = '';
    const spec = (o: Record<string, unknown>) =>
      ((o['mixed_instances_policy'] as { launch_template?: { launch_template_specification?: Record<string, unknown>[] }[] }[] | undefined)?.[0]?.launch_template?.[0]?.launch_template_specification?.[0]);
    const bs = spec(b);
    const as = spec(after);
    if (bs && as && !('version' in as)) delete bs['version'];
  }
  return b;
}
