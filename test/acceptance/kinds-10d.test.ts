/**
 * Acceptance for the kinds elasticsearch and msk (issue 10, part d) and kinesis with
 * `es_identifier`, one emulator for the file:
 * - the kinds-10d fixture account (the golden's config, its Vault fields from
 *   fixtures/inventory/kinds-10d/secrets.yml through the file secret source) passes
 *   real `terraform validate` with aws provider 5.100.0, every resource as synthesized;
 * - neither kind can be applied to moto 5.2.1, and the test pins exactly why, so an
 *   emulator that learns them shows up here (then this becomes apply / plan clean /
 *   one out-of-band change, as test/acceptance/kinds-10c.test.ts does):
 *   - aws_elasticsearch_domain: provider 5.100.0 waits after CreateElasticsearchDomain
 *     for `DomainStatus.DomainProcessingStatus` = "Active"; moto's DescribeElasticsearchDomain
 *     answers `Processing: false` without that field (moto/opensearch/models.py), so the
 *     create "fails" with state '' (the domain exists in moto, tainted in the state);
 *   - aws_msk_configuration: moto's kafka has no CreateConfiguration (nor
 *     BatchAssociateScramSecret for aws_msk_scram_secret_association, nor
 *     GetBootstrapBrokers, which the provider reads for aws_msk_cluster);
 *   - kinesis with es_identifier: its `data.aws_elasticsearch_domain` needs the domain.
 *   Everything else of both kinds (log groups, the log resource policy, the service-linked
 *   role, the master user secret, version and policy, the kms key/alias, the SCRAM secrets,
 *   versions and policies) applies in the same run.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { CreateSubnetCommand, CreateVpcCommand } from '@aws-sdk/client-ec2';
import { parse, stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { init, statePull } from '../../src/state/index.js';
import { applyRecoveringOwnLock } from '../testbed/own-lock.js';
import { loadInventory, synthAccount, writeWorkingDir, type Inventory } from '../../src/synth/index.js';
import { loadSecretsFile } from '../../src/synth/secrets-file.js';
import { fileSecretSource, gatherSecrets } from '../../src/synth/secret-source.js';
import type { SynthOptions } from '../../src/synth/synth-options.js';
import { ec2Client, EMULATOR_ACCOUNT_ID, EMULATOR_BACKEND_CONFIG, startEmulator, validateWithMirror, writeEmulatorOverride, type Emulator } from '../testbed/index.js';
import { backendOf, tfIn } from './doctor-setup.js';

const FIXTURE = path.join(import.meta.dirname, '../../fixtures/inventory/kinds-10d');
const ACCOUNT = 'kinds-10d';
/** An empty zip (only the end-of-central-directory record): what the lambda's filename names. */
const EMPTY_ZIP = Buffer.from([0x50, 0x4b, 0x05, 0x06, ...new Array<number>(18).fill(0)]);
let em: Emulator;
let work: string;
let artifacts: string;
let subnets: string[];

async function optionsFor(inv: Inventory): Promise<SynthOptions> {
  const secrets = await gatherSecrets(inv, ACCOUNT, fileSecretSource(await loadSecretsFile(path.join(FIXTURE, 'secrets.yml'))));
  return { secrets, artifacts: new Map([['kinesis-to-opensearch-lambda', path.join(artifacts, 'kinesis-to-opensearch-lambda.zip')]]) };
}

beforeAll(async () => {
  em = await startEmulator();
  work = await mkdtemp(path.join(tmpdir(), 'tfdoctor-kinds-10d-'));
  artifacts = path.join(work, 'artifacts');
  await mkdir(artifacts);
  await writeFile(path.join(artifacts, 'kinesis-to-opensearch-lambda.zip'), EMPTY_ZIP);
  const ec2 = ec2Client(em);
  const vpc = (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.30.0.0/16' }))).Vpc?.VpcId;
  expect(vpc).toMatch(/^vpc-/);
  subnets = [];
  for (const [i, zone] of ['us-east-1a', 'us-east-1b', 'us-east-1c'].entries()) {
    const id = (await ec2.send(new CreateSubnetCommand({ VpcId: vpc, CidrBlock: `10.30.${i}.0/24`, AvailabilityZone: zone }))).Subnet?.SubnetId;
    expect(id).toMatch(/^subnet-/);
    subnets.push(id ?? '');
  }
}, 120_000);

afterAll(async () => {
  await em?.stop();
  if (work) await rm(work, { recursive: true, force: true });
});

describe('kinds-10d', () => {
  it('the fixture account (its golden config) validates with terraform + aws provider 5.100.0', async () => {
    const dir = path.join(work, 'validate');
    const inv = await loadInventory(path.join(FIXTURE, 'inventory.yml'));
    const cfg = synthAccount(inv, ACCOUNT, await optionsFor(inv));
    const types = Object.keys(cfg.json['resource'] as Record<string, unknown>);
    for (const t of ['aws_elasticsearch_domain', 'aws_msk_cluster', 'aws_msk_configuration', 'aws_msk_scram_secret_association', 'aws_secretsmanager_secret_policy', 'aws_lambda_function', 'aws_cloudwatch_log_resource_policy', 'aws_iam_service_linked_role'])
      expect(types).toContain(t);
    await writeWorkingDir(cfg, dir);
    const { result, errors } = await validateWithMirror(dir, work);
    expect(errors).toEqual([]);
    expect(result.valid).toBe(true);
  }, 120_000);

  it('moto 5.2.1 serves everything of both kinds but the domain, the msk configuration and what needs them', async () => {
    // The fixture in the emulator's account with its subnets, without the stream (its data source needs the domain).
    const doc = parse(await readFile(path.join(FIXTURE, 'inventory.yml'), 'utf8')) as {
      accounts: Record<string, unknown>[];
      namespaces: { externalResources: { resources: Record<string, unknown>[] }[] }[];
    };
    for (const a of doc.accounts) a['uid'] = EMULATOR_ACCOUNT_ID;
    for (const ext of doc.namespaces.flatMap((n) => n.externalResources)) ext.resources = ext.resources.filter((r) => r['provider'] !== 'kinesis');
    await mkdir(path.join(work, 'resources'), { recursive: true });
    for (const f of ['elasticsearch-internal-user.yml', 'elasticsearch-iam-user.yml', 'msk.yml']) {
      let text = await readFile(path.join(FIXTURE, 'resources', f), 'utf8');
      for (const [i, fake] of ['subnet-0a1b2c3d4e5f60001', 'subnet-0a1b2c3d4e5f60002', 'subnet-0a1b2c3d4e5f60004'].entries()) text = text.replace(fake, subnets[i] ?? '');
      await writeFile(path.join(work, 'resources', f), text);
    }
    const file = path.join(work, 'inventory.yml');
    await writeFile(file, stringify(doc));
    const inv = await loadInventory(file);
    const dir = path.join(work, 'applied');
    await writeWorkingDir(synthAccount(inv, ACCOUNT, await optionsFor(inv)), dir);
    await writeEmulatorOverride(dir);
    await backendOf(em, inv, ACCOUNT);
    const tf = tfIn(em, dir);
    await init(tf, { backendConfig: { ...EMULATOR_BACKEND_CONFIG } });
    const run = await applyRecoveringOwnLock(tf);
    expect(run.exitCode).not.toBe(0);
    const errors = run.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.address ?? ''}: ${d.summary}`).sort();
    expect(errors).toHaveLength(3);
    for (const domain of ['logs-es', 'search-es'])
      expect(errors.find((e) => e.startsWith(`aws_elasticsearch_domain.${domain}: `))).toContain("create: unexpected state '', wanted target 'Active'");
    expect(errors.find((e) => e.startsWith('aws_msk_configuration.events-kafka-3-6-0: '))).toContain('CreateConfiguration, https response error StatusCode: 404');
    // What moto did serve is in the state (the domains as tainted: created, the waiter failed).
    const state = (await statePull(tf)).state as { resources: { type: string; name: string; instances: { status?: string }[] }[] };
    const inState = state.resources.map((r) => `${r.type}.${r.name}${r.instances.some((i) => i.status === 'tainted') ? ' (tainted)' : ''}`).sort();
    expect(inState).toEqual([
      'aws_cloudwatch_log_group.OpenSearchService-logs-es-es_application_logs',
      'aws_cloudwatch_log_group.OpenSearchService-logs-es-index_slow_logs',
      'aws_cloudwatch_log_group.events-kafka',
      'aws_cloudwatch_log_resource_policy.es_log_publishing_resource_policy',
      'aws_elasticsearch_domain.logs-es (tainted)',
      'aws_elasticsearch_domain.search-es (tainted)',
      'aws_iam_policy.qrtf-es-logs-es',
      'aws_iam_service_linked_role.elasticsearch',
      'aws_kms_alias.events-kafka',
      'aws_kms_key.events-kafka',
      'aws_secretsmanager_secret.AmazonMSK_events-kafka-consumer',
      'aws_secretsmanager_secret.AmazonMSK_events-kafka-producer',
      'aws_secretsmanager_secret.qrtf-es-logs-es',
      'aws_secretsmanager_secret_policy.AmazonMSK_events-kafka-consumer',
      'aws_secretsmanager_secret_policy.AmazonMSK_events-kafka-producer',
      'aws_secretsmanager_secret_version.AmazonMSK_events-kafka-consumer',
      'aws_secretsmanager_secret_version.AmazonMSK_events-kafka-producer',
      'aws_secretsmanager_secret_version.qrtf-es-logs-es',
      'data.aws_canonical_user_id.current',
    ].map((a) => a.replace(/^data\./, '')).sort());
  }, 300_000);
});
