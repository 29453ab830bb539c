/**
 * Synth bench: one account with about 2,000 Terraform resources (a mix of kinds,
 * generated into a temp inventory with shared defaults files), timed from the
 * module load through loadInventory, synthAccount and writeWorkingDir.
 *
 * `npx tsx bench/synth.ts [resources] [json|yaml]` prints the result as JSON. bench/run.ts
 * (E2) calls benchSynth() in a child process so the peak memory is this work's.
 */
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { stringify } from 'yaml';

export interface SynthBenchResult {
  /** Terraform resources + data sources in the synthesized config. */
  resources: number;
  /** Inventory entries that produced them. */
  entries: number;
  seconds: number;
  /** CPU seconds (user + system) of the same span: on a loaded machine (other tests on 2 cores) wall time inflates, this doesn't. */
  cpuSeconds: number;
  /** Peak RSS of this process (includes whatever it did before). */
  peakRssMB: number;
  /** `inputsMs` (row d-all): the secrets file, the artifacts folder and the callback logo read from S3, between load and synth. */
  phases: { importMs: number; loadMs: number; inputsMs?: number; synthMs: number; writeMs: number };
  /** Row d-all: inventory entries per kind (all 25 kinds appear). */
  entriesByKind?: Record<string, number>;
}

// Terraform resources each kind emits in this generated inventory.
const MIX: { kind: string; emits: number; entry: (i: number) => Record<string, unknown> }[] = [
  { kind: 'rds', emits: 2, entry: (i) => ({ provider: 'rds', identifier: `db-${i}`, defaults: 'resources/rds.yml', parameter_group: 'resources/pg.yml', overrides: { identifier: `db-${i}` } }) },
  { kind: 's3', emits: 5, entry: (i) => ({ provider: 's3', identifier: `bucket-${i}`, tags: { team: `t${i % 7}` } }) },
  { kind: 'kms', emits: 2, entry: (i) => ({ provider: 'kms', identifier: `key-${i}`, defaults: 'resources/kms.yml' }) },
  { kind: 'cloudwatch', emits: 5, entry: (i) => ({ provider: 'cloudwatch', identifier: `logs-${i}`, overrides: '{"retention_in_days": 30}' }) },
  { kind: 'kinesis', emits: 6, entry: (i) => ({ provider: 'kinesis', identifier: `stream-${i}`, defaults: 'resources/kinesis.yml', policy: '{"Version": "2012-10-17", "Statement": []}' }) },
  { kind: 'aws-iam-role', emits: 2, entry: (i) => ({ provider: 'aws-iam-role', identifier: `role-${i}`, assume_role: { Service: ['ec2.amazonaws.com'] }, policies: ['ReadOnlyAccess'] }) },
  {
    kind: 'asg',
    emits: 3,
    entry: (i) => ({
      provider: 'asg',
      identifier: `workers-${i}`,
      defaults: 'resources/asg.yml',
      image: [{ provider: 'git', tag_name: 'commit', url: 'https://git.example/org/repo', ref: (i.toString(16) + '0'.repeat(40)).slice(0, 40) }],
    }),
  },
];

export interface SynthBenchOptions {
  /** Terraform resources to reach (default 2,000). */
  resources?: number;
  /**
   * An account holding all 25 kinds (row d-all, bench/synth-all.ts) instead of
   * row d's seven: the timed span is then what `tfdoctor synth --secrets FILE
   * --artifacts DIR --out DIR` does.
   */
  allKinds?: boolean;
  /**
   * Inventory format (default json: what a reconciler hands over from its GraphQL
   * data). YAML parsing costs ~0.4 s CPU more at this size (yaml 2.x).
   */
  format?: 'json' | 'yaml';
}

export async function benchSynth(opts: SynthBenchOptions = {}): Promise<SynthBenchResult> {
  const target = opts.resources ?? 2000;
  if (opts.allKinds) return (await import('./synth-all.js')).benchSynthAllKinds(target);
  const dir = await mkdtemp(path.join(tmpdir(), 'tfdoctor-bench-synth-'));
  try {
    const file = await generateInventory(dir, target, opts.format ?? 'json');
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    // Loaded here so the time includes cdktf and the provider modules, as a `tfdoctor synth` run pays them.
    const { loadInventory, synthAccount, writeWorkingDir } = await import('../src/synth/index.js');
    const { imageKey } = await import('../src/synth/kinds/asg.js');
    const t1 = performance.now();
    const inv = await loadInventory(file.path);
    const t2 = performance.now();
    // The AMIs are resolved before synth (DescribeImages, src/run/ami-lookup.ts): not this row's work.
    const images = new Map(file.asgIdentifiers.map((id, i) => [imageKey(id), { imageId: `ami-${i.toString(16).padStart(17, '0')}` }]));
    const cfg = synthAccount(inv, 'bench-account', { images });
    const t3 = performance.now();
    await writeWorkingDir(cfg, path.join(dir, 'out'));
    const t4 = performance.now();
    const cpu = process.cpuUsage(cpu0);
    const count = (section: unknown) =>
      Object.values((section ?? {}) as Record<string, Record<string, unknown>>).reduce((n, byName) => n + Object.keys(byName).length, 0);
    return {
      resources: count(cfg.json['resource']) + count(cfg.json['data']),
      entries: file.entries,
      seconds: (t4 - t0) / 1000,
      cpuSeconds: (cpu.user + cpu.system) / 1e6,
      peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
      phases: { importMs: t1 - t0, loadMs: t2 - t1, synthMs: t3 - t2, writeMs: t4 - t3 },
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function generateInventory(dir: string, target: number, format: 'json' | 'yaml'): Promise<{ path: string; entries: number; asgIdentifiers: string[] }> {
  await mkdir(path.join(dir, 'resources'), { recursive: true });
  const files: Record<string, string> = {
    'rds.yml': 'engine: postgres\nengine_version: "15.7"\ninstance_class: db.t4g.small\nallocated_storage: 20\nusername: app\nskip_final_snapshot: true\n',
    'pg.yml': 'family: postgres15\nparameters:\n  - { name: log_min_duration_statement, value: 1000 }\n',
    'kms.yml': 'description: bench key\ndeletion_window_in_days: 7\n',
    'kinesis.yml': 'shard_count: 1\nretention_period: 48\n',
    'asg.yml': 'instance_type: t3.micro\nmin_size: 0\nmax_size: 1\navailability_zones: [us-east-1a]\n',
  };
  for (const [name, text] of Object.entries(files)) await writeFile(path.join(dir, 'resources', name), text);
  const namespaces: Record<string, unknown>[] = [];
  let emitted = 0;
  let entries = 0;
  const asgIdentifiers: string[] = [];
  while (emitted < target) {
    const resources: Record<string, unknown>[] = [];
    // 50 entries per namespace, as a large app-interface tenant might have.
    for (let k = 0; k < 50 && emitted < target; k++, entries++) {
      const mix = MIX[entries % MIX.length]!;
      const entry = mix.entry(entries);
      if (mix.kind === 'asg') asgIdentifiers.push(String(entry['identifier']));
      resources.push(entry);
      emitted += mix.emits;
    }
    namespaces.push({
      name: `ns-${namespaces.length}`,
      cluster: { name: 'bench-cluster' },
      environment: { name: 'production' },
      app: { name: 'bench' },
      managedExternalResources: true,
      externalResources: [{ provider: 'aws', provisioner: { name: 'bench-account' }, resources }],
    });
  }
  const inventory = {
    accounts: [
      {
        name: 'bench-account',
        uid: '123456789012',
        resourcesDefaultRegion: 'us-east-1',
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
  const file = path.join(dir, `inventory.${format === 'json' ? 'json' : 'yml'}`);
  await writeFile(file, format === 'json' ? JSON.stringify(inventory, null, 2) : stringify(inventory));
  return { path: file, entries, asgIdentifiers };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  // npx tsx bench/synth.ts [resources] [json|yaml|all]
  const n = process.argv[2] ? Number(process.argv[2]) : undefined;
  const format = process.argv[3] === 'yaml' ? 'yaml' : 'json';
  const result = await benchSynth({ ...(n ? { resources: n } : {}), format, allKinds: process.argv[3] === 'all' });
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
}
