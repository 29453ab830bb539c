/**
 * Row d-all: `tfdoctor synth` of one account holding all 25 kinds, about 2,000
 * Terraform resources, with everything the reconciler fetches while it synthesizes
 * supplied offline, as `tfdoctor synth --secrets FILE --artifacts DIR --out DIR` takes it:
 * - Vault fields: a secrets file (the fixtures' fake fields: fixtures/inventory/secrets.yml,
 *   kinds-10a/secrets.yml, kinds-10d/secrets.yml, merged), read with the file secret
 *   source and `gatherSecrets`, as the CLI does;
 * - release zips: an --artifacts folder with `<repository>.zip` for the two Cognito
 *   triggers and kinesis-to-opensearch-lambda (made here, test/support/kinds-10e-inputs.ts);
 * - rosa-authenticator's callback-bucket logo: read with `readCallbackLogos` (HeadBucket,
 *   GetObject through the AWS SDK and the one client config) from a stand-in S3 endpoint in
 *   this process that answers those two calls with a 1x1 PNG (the emulator is not started
 *   for this row; the SDK's load and the two round trips are in the time, as in a real run);
 * - asg AMIs: resolved before synth, as row d (DescribeImages is not this row's work).
 *
 * The entries are shaped after the fixture inventories of each kind (fixtures/inventory/,
 * kinds-10a, -10c, -10d, -10e) and use their defaults files, copied next to the generated
 * inventory. rosa-authenticator and rosa-authenticator-vpce have fixed addresses (one per
 * account): one entry each; every other kind repeats.
 */
import { cp, mkdir, readFile, rm, writeFile, mkdtemp } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { storedZip, tinyPng, TRIGGER_REPOSITORIES } from '../test/support/kinds-10e-inputs.js';
import type { SynthBenchResult } from './synth.js';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const FIXTURES = path.join(ROOT, 'fixtures', 'inventory');
export const ACCOUNT = 'bench-all-kinds';
const CALLBACK_BUCKET = 'bench-auth-callback';
const LOGO_OBJECT = 'Logo-RedHat-B-Color-RGB.png';

type Entry = Record<string, unknown>;

/**
 * The repeating kinds: `emits` is what one entry adds to the config (resources + data
 * sources, counted on a synth of this generator's entries), used only to stop near the
 * target; the row reports the count of the config itself.
 */
const MIX: { kind: string; emits: number; entry: (n: number) => Entry }[] = [
  {
    kind: 'rds',
    emits: 2,
    entry: (n) => ({ provider: 'rds', identifier: `db-${n}`, defaults: 'resources/rds/postgres15.yml', parameter_group: 'resources/bench/rds-pg.yml', overrides: { instance_class: 'db.t3.micro' } }),
  },
  { kind: 's3', emits: 5, entry: (n) => ({ provider: 's3', identifier: `bucket-${n}`, defaults: 'resources/s3/private.yml', tags: { team: `t${n % 7}` } }) },
  {
    kind: 'elasticache',
    emits: 2,
    entry: (n) => ({ provider: 'elasticache', identifier: `cache-${n}`, defaults: 'resources/elasticache/redis7.yml', parameter_group: `resources/bench/cache-${n}-pg.yml` }),
  },
  {
    kind: 'aws-iam-service-account',
    emits: 4,
    entry: (n) => ({
      provider: 'aws-iam-service-account',
      identifier: `builder-${n}`,
      policies: ['AmazonEC2ReadOnlyAccess'],
      user_policy: '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["s3:GetObject"], "Resource": ["arn:aws:s3:::${bucket}/*"]}]}',
      variables: JSON.stringify({ bucket: `bucket-${n}` }),
    }),
  },
  {
    kind: 'aws-iam-role',
    emits: 3,
    entry: (n) => ({
      provider: 'aws-iam-role',
      identifier: `role-${n}`,
      assume_role: { Service: ['ec2.amazonaws.com'] },
      policies: ['CloudWatchReadOnlyAccess'],
      role_policy: '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["logs:DescribeLogGroups"], "Resource": "*"}]}',
    }),
  },
  {
    kind: 'sqs',
    emits: 6,
    entry: (n) => ({
      provider: 'sqs',
      identifier: `events-${n}`,
      specs: [{ defaults: 'resources/sqs/standard.yml', queues: [{ key: 'queue', value: `events-${n}` }, { key: 'dlq', value: `events-${n}-dlq` }] }],
    }),
  },
  {
    kind: 'dynamodb',
    emits: 5,
    entry: (n) => ({ provider: 'dynamodb', identifier: `locks-${n}`, specs: [{ defaults: 'resources/dynamodb/locks.yml', tables: [{ key: 'locks_table', value: `locks-${n}` }] }] }),
  },
  { kind: 'ecr', emits: 5, entry: (n) => ({ provider: 'ecr', identifier: `mirror-${n}` }) },
  { kind: 'kms', emits: 2, entry: (n) => ({ provider: 'kms', identifier: `key-${n}`, defaults: 'resources/kms/default.yml' }) },
  { kind: 'cloudwatch', emits: 5, entry: (n) => ({ provider: 'cloudwatch', identifier: `audit-${n}`, defaults: 'resources/cloudwatch/default.yml' }) },
  { kind: 'secrets-manager', emits: 2, entry: (n) => ({ provider: 'secrets-manager', identifier: `admin-${n}`, secret: { path: 'app-sre/grafana/admin', field: 'all' } }) },
  {
    kind: 'route53-zone',
    emits: 6,
    entry: (n) => ({
      provider: 'route53-zone',
      identifier: `zone-${n}`,
      name: `zone-${n}.example.com`,
      records: [{ name: 'grafana', type: 'CNAME', ttl: 300, records: ['grafana.appsrep05ue1.example.com'] }],
    }),
  },
  {
    kind: 'asg',
    emits: 3,
    entry: (n) => ({
      provider: 'asg',
      identifier: `workers-${n}`,
      defaults: 'resources/asg/workers.yml',
      image: [{ provider: 'git', tag_name: 'commit', url: 'https://github.com/app-sre/image-builder', ref: (n.toString(16) + '0'.repeat(40)).slice(0, 40) }],
      extra_tags: { role: 'image-builder' },
    }),
  },
  { kind: 'alb', emits: 15, entry: (n) => albEntry(n) },
  {
    kind: 'kinesis',
    emits: 8,
    // Every other stream ships into an elasticsearch domain (es_identifier: the lambda from --artifacts).
    entry: (n) => ({
      provider: 'kinesis',
      identifier: `stream-${n}`,
      defaults: 'resources/kinesis/stream.yml',
      ...(n % 2 ? { es_identifier: 'es-0' } : { policy: '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::123456789012:root"}, "Action": "kinesis:DescribeStreamSummary", "Resource": "*"}]}' }),
    }),
  },
  {
    kind: 'sns',
    emits: 2,
    entry: (n) =>
      n % 2
        ? { provider: 'sns', identifier: `events-topic-${n}`, fifo_topic: true, annotations: { team: 'media' } }
        : {
            provider: 'sns',
            identifier: `alerts-${n}`,
            inline_policy: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:root"},"Action":"sns:Publish","Resource":"*"}]}',
            subscriptions: [
              { protocol: 'sqs', endpoint: `arn:aws:sqs:us-east-1:123456789012:uploads-${n}-sqs` },
              { protocol: 'email', endpoint: 'media-team@example.com' },
            ],
          },
  },
  { kind: 'secrets-manager-service-account', emits: 4, entry: (n) => ({ provider: 'secrets-manager-service-account', identifier: `secrets-reader-${n}`, secrets_prefix: `team-${n}/stage` }) },
  {
    kind: 'acm',
    emits: 1,
    entry: (n) =>
      n % 2
        ? { provider: 'acm', identifier: `requested-${n}`, domain: { domain_name: `media-${n}.example.com`, alternate_names: [`cdn-${n}.example.com`] } }
        : { provider: 'acm', identifier: `imported-${n}`, secret: { path: 'app-sre/kinds-10a/acm', field: 'all' } },
  },
  { kind: 's3-cloudfront-public-key', emits: 1, entry: (n) => ({ provider: 's3-cloudfront-public-key', identifier: `signing-${n}`, secret: { path: 'app-sre/kinds-10a/cloudfront', field: 'all' } }) },
  { kind: 's3-cloudfront', emits: 9, entry: (n) => ({ provider: 's3-cloudfront', identifier: `static-${n}`, defaults: 'resources/k10a/s3-cloudfront.yml', storage_class: 'standard_ia' }) },
  { kind: 's3-sqs', emits: 12, entry: (n) => ({ provider: 's3-sqs', identifier: `uploads-${n}`, defaults: 'resources/k10a/s3-sqs.yml', kms_encryption: true }) },
  {
    kind: 'elasticsearch',
    emits: 5,
    entry: (n) =>
      n % 2
        ? { provider: 'elasticsearch', identifier: `es-${n}`, defaults: 'resources/k10d/elasticsearch-iam-user.yml', tags: { team: 'search' } }
        : { provider: 'elasticsearch', identifier: `es-${n}`, defaults: 'resources/k10d/elasticsearch-internal-user.yml', publish_log_types: ['INDEX_SLOW_LOGS', 'ES_APPLICATION_LOGS'] },
  },
  {
    kind: 'msk',
    emits: 13,
    entry: (n) => ({
      provider: 'msk',
      identifier: `kafka-${n}`,
      defaults: 'resources/k10d/msk.yml',
      users: [
        { name: 'producer', secret: { path: 'app-sre/kafka/events-kafka/producer', field: 'all' } },
        { name: 'consumer', secret: { path: 'app-sre/kafka/events-kafka/consumer', field: 'all' } },
      ],
    }),
  },
];

/** One per account (fixed addresses), in the first namespace: kinds-10c's and kinds-10e's entries. */
const SINGLETONS: { kind: string; emits: number; entry: Entry }[] = [
  {
    kind: 'rosa-authenticator-vpce',
    emits: 6,
    entry: {
      provider: 'rosa-authenticator-vpce',
      identifier: 'ocm-auth',
      vpc_id: 'vpc-0a1b2c3d4e5f60718',
      subnet_ids: ['subnet-0a1b2c3d4e5f60001', 'subnet-0a1b2c3d4e5f60002'],
      defaults: 'resources/k10c/rosa-authenticator-vpce.yml',
    },
  },
  {
    kind: 'rosa-authenticator',
    emits: 60,
    entry: {
      provider: 'rosa-authenticator',
      identifier: 'ocm-auth',
      api_proxy_uri: 'https://api.ocm-auth.example.com',
      cognito_callback_bucket_name: CALLBACK_BUCKET,
      certificate_arn: 'arn:aws:acm:us-east-1:123456789012:certificate/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b',
      domain_name: 'auth.ocm.example.com',
      network_interface_ids: ['eni-0a1b2c3d4e5f60001', 'eni-0a1b2c3d4e5f60002'],
      openshift_ingress_load_balancer_arn: 'arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/net/ingress/0a1b2c3d4e5f6071',
      insights_callback_urls: ['https://console.example.com/insights/callback'],
      vpc_id: 'vpc-0a1b2c3d4e5f60718',
      subnet_ids: ['subnet-0a1b2c3d4e5f60001', 'subnet-0a1b2c3d4e5f60002'],
      vpce_id: 'vpce-0a1b2c3d4e5f60719',
      defaults: 'resources/k10e/rosa-authenticator.yml',
    },
  },
];

function albEntry(n: number): Entry {
  return {
    provider: 'alb',
    identifier: `api-${n}`,
    vpc: { vpc_id: 'vpc-0a1b2c3d4e5f60718', cidr_block: '10.20.0.0/16', subnets: [{ id: 'subnet-0a1b2c3d4e5f60001' }, { id: 'subnet-0a1b2c3d4e5f60002' }] },
    certificate_arn: 'arn:aws:acm:us-east-1:123456789012:certificate/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b',
    ingress_cidr_blocks: ['10.0.0.0/8'],
    idle_timeout: 120,
    access_logs: true,
    targets: [
      { name: 'api', default: true, ips: ['10.20.1.10', '192.168.5.5'], health_check: { path: '/healthz', interval: 30 } },
      { name: 'canary', default: false, ips: ['10.20.1.11'], protocol: 'HTTP' },
    ],
    rules: [
      {
        condition: [{ type: 'path-pattern', path_pattern: ['/api/*'] }],
        action: { type: 'forward', forward: { target_group: [{ target: 'api', weight: 90 }, { target: 'canary', weight: 10 }] } },
      },
      {
        condition: [{ type: 'host-header', host_header: ['old.example.com'] }],
        action: { type: 'redirect', redirect: { host: 'new.example.com', protocol: 'HTTPS', port: '443', status_code: 'HTTP_301' } },
      },
    ],
  };
}

export interface Generated {
  inventory: string;
  secrets: string;
  artifacts: string;
  entries: number;
  entriesByKind: Record<string, number>;
  asgIdentifiers: string[];
}

export async function generate(dir: string, target: number): Promise<Generated> {
  const res = path.join(dir, 'resources');
  await cp(path.join(FIXTURES, 'resources'), res, { recursive: true });
  for (const part of ['10a', '10c', '10d', '10e']) await cp(path.join(FIXTURES, `kinds-${part}`, 'resources'), path.join(res, `k${part}`), { recursive: true });
  await mkdir(path.join(res, 'bench'), { recursive: true });
  await writeFile(path.join(res, 'bench', 'rds-pg.yml'), 'family: postgres15\nparameters:\n  - { name: log_min_duration_statement, value: 1000 }\n');

  // The fixtures' fake Vault fields, one file (what --secrets takes).
  const secrets: Record<string, unknown> = {};
  for (const f of ['secrets.yml', 'kinds-10a/secrets.yml', 'kinds-10d/secrets.yml']) Object.assign(secrets, parseYaml(await readFile(path.join(FIXTURES, f), 'utf8')) as object);
  const secretsFile = path.join(dir, 'secrets.json');
  await writeFile(secretsFile, JSON.stringify(secrets));

  const artifacts = path.join(dir, 'artifacts');
  await mkdir(artifacts);
  for (const repo of [...TRIGGER_REPOSITORIES, 'kinesis-to-opensearch-lambda'])
    await writeFile(path.join(artifacts, `${repo}.zip`), storedZip({ 'index.js': `// ${repo}\nexports.handler = async (event) => event;\n` }));

  const entriesByKind: Record<string, number> = {};
  const asgIdentifiers: string[] = [];
  const namespaces: Entry[] = [];
  let emitted = 0;
  let entries = 0;
  const pending: Entry[] = SINGLETONS.map((s) => {
    emitted += s.emits;
    entriesByKind[s.kind] = 1;
    return s.entry;
  });
  while (emitted < target || pending.length) {
    const resources: Entry[] = pending.splice(0);
    // 50 entries per namespace, as a large app-interface tenant might have.
    while (resources.length < 50 && emitted < target) {
      const mix = MIX[entries % MIX.length]!;
      const n = entriesByKind[mix.kind] ?? 0;
      entriesByKind[mix.kind] = n + 1;
      const entry = mix.entry(n);
      if (mix.kind === 'asg') asgIdentifiers.push(String(entry['identifier']));
      if (mix.kind === 'elasticache')
        await writeFile(
          path.join(dir, String(entry['parameter_group'])),
          `family: redis7\nname: cache-${n}-parameters\ndescription: bench redis parameters\nparameters:\n  - { name: maxmemory-policy, value: allkeys-lru }\n`,
        );
      resources.push(entry);
      emitted += mix.emits;
      entries++;
    }
    namespaces.push({
      name: `ns-${namespaces.length}`,
      // alb names provider aws.<cluster spec.region>.
      cluster: { name: 'bench-cluster', spec: { region: 'us-east-1' } },
      environment: { name: 'production', servicePhase: 'prod' },
      app: { name: 'bench' },
      managedExternalResources: true,
      externalResources: [{ provider: 'aws', provisioner: { name: ACCOUNT }, resources }],
    });
  }
  const inventory = {
    accounts: [
      {
        name: ACCOUNT,
        uid: '123456789012',
        resourcesDefaultRegion: 'us-east-1',
        // alb's provider is an alias: only an account with supportedDeploymentRegions has one.
        supportedDeploymentRegions: ['us-east-1'],
        providerVersion: '5.100.0',
        terraformState: {
          provider: 's3',
          bucket: 'bench-tfstate',
          region: 'us-east-1',
          lockTable: 'terraform-locks',
          integrations: [{ integration: 'terraform-resources', key: 'qontract-reconcile.tfstate' }],
        },
      },
    ],
    namespaces,
  };
  const file = path.join(dir, 'inventory.json');
  await writeFile(file, JSON.stringify(inventory, null, 2));
  return { inventory: file, secrets: secretsFile, artifacts, entries: entries + SINGLETONS.length, entriesByKind, asgIdentifiers };
}

/** A stand-in S3 endpoint for the callback bucket: HeadBucket 200, GetObject of the logo a PNG, anything else 404. */
export async function startLogoBucket(): Promise<{ server: Server; url: string; requests: string[] }> {
  const png = tinyPng();
  const requests: string[] = [];
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    requests.push(`${req.method} ${url.pathname}`);
    req.resume();
    if (req.method === 'HEAD' && url.pathname.replace(/\/$/, '') === `/${CALLBACK_BUCKET}`) {
      res.writeHead(200, { 'x-amz-bucket-region': 'us-east-1' }).end();
    } else if (req.method === 'GET' && url.pathname === `/${CALLBACK_BUCKET}/${LOGO_OBJECT}`) {
      res.writeHead(200, { 'content-type': 'image/png', 'content-length': String(png.length), etag: '"bench"' }).end(png);
    } else {
      res.writeHead(404, { 'content-type': 'application/xml' }).end('<?xml version="1.0" encoding="UTF-8"?><Error><Code>NoSuchKey</Code><Message>not here</Message></Error>');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests };
}

export async function benchSynthAllKinds(target: number): Promise<SynthBenchResult> {
  const dir = await mkdtemp(path.join(tmpdir(), 'tfdoctor-bench-synth-all-'));
  const bucket = await startLogoBucket();
  try {
    const gen = await generate(dir, target);
    const s3Env = { AWS_ENDPOINT_URL_S3: bucket.url, AWS_ACCESS_KEY_ID: 'bench', AWS_SECRET_ACCESS_KEY: 'bench', AWS_REGION: 'us-east-1' };
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    // What `tfdoctor synth` loads (cli/commands/synth.ts): synth, the secret source, the artifacts folder, the S3 read.
    const { loadInventory, synthAccount, writeWorkingDir, accountInfo, recordingSecretGenerator } = await import('../src/synth/index.js');
    const { gatherSecrets, secretSourceFromOptions } = await import('../src/synth/secret-source.js');
    const { artifactsFromOption } = await import('../src/synth/artifacts.js');
    const { readCallbackLogos } = await import('../src/run/callback-bucket.js');
    const { imageKey } = await import('../src/synth/kinds/asg.js');
    const t1 = performance.now();
    const inv = await loadInventory(gen.inventory);
    const t2 = performance.now();
    const source = await secretSourceFromOptions({ secretsFile: gen.secrets });
    if (!source) throw new Error('no secret source from the secrets file');
    const secrets = await gatherSecrets(inv, ACCOUNT, source);
    const artifacts = await artifactsFromOption(gen.artifacts);
    const callbackLogos = await readCallbackLogos(inv, ACCOUNT, { defaultRegion: accountInfo(inv, ACCOUNT).defaultRegion, env: s3Env });
    if (!callbackLogos.has(CALLBACK_BUCKET)) throw new Error(`the callback logo was not read (requests: ${bucket.requests.join(', ')})`);
    // The AMIs are resolved before synth (DescribeImages, src/run/ami-lookup.ts): not this row's work.
    const images = new Map(gen.asgIdentifiers.map((id, i) => [imageKey(id), { imageId: `ami-${i.toString(16).padStart(17, '0')}` }]));
    const t3 = performance.now();
    const cfg = synthAccount(inv, ACCOUNT, { generatePassword: recordingSecretGenerator().generate, images, secrets, ...(artifacts ? { artifacts } : {}), callbackLogos });
    const t4 = performance.now();
    await writeWorkingDir(cfg, path.join(dir, 'out'));
    const t5 = performance.now();
    const cpu = process.cpuUsage(cpu0);
    const count = (section: unknown): number =>
      Object.values((section ?? {}) as Record<string, Record<string, unknown>>).reduce((n, byName) => n + Object.keys(byName).length, 0);
    const kinds = new Set(inv.resources.filter((r) => r.account === ACCOUNT).map((r) => r.kind));
    if (kinds.size !== 25) throw new Error(`the generated account holds ${kinds.size} kinds, not 25`);
    return {
      resources: count(cfg.json['resource']) + count(cfg.json['data']),
      entries: gen.entries,
      seconds: (t5 - t0) / 1000,
      cpuSeconds: (cpu.user + cpu.system) / 1e6,
      peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
      phases: { importMs: t1 - t0, loadMs: t2 - t1, inputsMs: t3 - t2, synthMs: t4 - t3, writeMs: t5 - t4 },
      entriesByKind: gen.entriesByKind,
    };
  } finally {
    await new Promise<void>((resolve) => bucket.server.close(() => resolve()));
    await rm(dir, { recursive: true, force: true });
  }
}

export interface SynthCliResult {
  resources: number;
  entries: number;
  /** Wall time of the `tfdoctor synth` process (node start to exit). */
  seconds: number;
  /** Its user + system CPU time. */
  cpuSeconds: number;
  peakRssMB: number;
}

/**
 * The same account through the built CLI, in its own process (`node bin/tfdoctor.js synth
 * -i INV -a ACCOUNT --secrets FILE --artifacts DIR --ami ... --out DIR`), timed by GNU time
 * (`/usr/bin/time -f`: wall, user, system, max RSS). What a person running `tfdoctor synth`
 * waits for: node's start, the CLI's module loads, no tsx.
 */
export async function benchSynthAllKindsCli(target: number): Promise<SynthCliResult> {
  const { execa } = await import('execa');
  const dir = await mkdtemp(path.join(tmpdir(), 'tfdoctor-bench-synth-cli-'));
  const bucket = await startLogoBucket();
  try {
    const gen = await generate(dir, target);
    const out = path.join(dir, 'out');
    const amis = gen.asgIdentifiers.flatMap((id, i) => ['--ami', `${id}=ami-${i.toString(16).padStart(17, '0')}`]);
    const timeFile = path.join(dir, 'time.txt');
    const r = await execa(
      '/usr/bin/time',
      ['-o', timeFile, '-f', '%e %U %S %M', process.execPath, path.join(ROOT, 'bin', 'tfdoctor.js'), 'synth', '-i', gen.inventory, '-a', ACCOUNT, '--secrets', gen.secrets, '--artifacts', gen.artifacts, ...amis, '--out', out],
      { cwd: ROOT, reject: false, stdin: 'ignore', env: { AWS_ENDPOINT_URL_S3: bucket.url, AWS_ACCESS_KEY_ID: 'bench', AWS_SECRET_ACCESS_KEY: 'bench', AWS_REGION: 'us-east-1' } },
    );
    if (r.exitCode !== 0) throw new Error(`tfdoctor synth failed (exit ${r.exitCode ?? 'signal'}): ${(r.stderr || r.stdout).trim().slice(-1500)}`);
    const [wall, user, sys, rssKb] = (await readFile(timeFile, 'utf8')).trim().split('\n').at(-1)!.split(' ').map(Number) as [number, number, number, number];
    const json = JSON.parse(await readFile(path.join(out, 'main.tf.json'), 'utf8')) as Record<string, unknown>;
    const count = (section: unknown): number =>
      Object.values((section ?? {}) as Record<string, Record<string, unknown>>).reduce((n, byName) => n + Object.keys(byName).length, 0);
    if (!bucket.requests.some((q) => q.startsWith('GET '))) throw new Error('the CLI did not read the callback logo');
    return { resources: count(json['resource']) + count(json['data']), entries: gen.entries, seconds: wall, cpuSeconds: user + sys, peakRssMB: Math.round(rssKb / 1024) };
  } finally {
    await new Promise<void>((resolve) => bucket.server.close(() => resolve()));
    await rm(dir, { recursive: true, force: true });
  }
}
