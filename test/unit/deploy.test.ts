/**
 * deploy/k8s/indexed-job.yaml is documentation people copy: check that it is a
 * valid Indexed Job whose shard count matches its completions, and that its
 * N shards cover the example fleet's accounts exactly once.
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { listAccounts, loadInventory } from '../../src/synth/index.js';
import { selectShard } from '../../src/run/shard.js';

const root = fileURLToPath(new URL('../../', import.meta.url));

interface Container {
  name: string;
  image: string;
  command?: string[];
  args: string[];
  env?: Array<{ name: string; value?: string; valueFrom?: { fieldRef?: { fieldPath: string } } }>;
  volumeMounts?: Array<{ name: string; mountPath: string }>;
}

async function loadJob() {
  const docs = parseAllDocuments(await readFile(`${root}deploy/k8s/indexed-job.yaml`, 'utf8'));
  for (const d of docs) expect(d.errors).toEqual([]);
  const jobs = docs.map((d) => d.toJS() as Record<string, unknown>).filter((d) => d['kind'] === 'Job');
  expect(jobs).toHaveLength(1);
  return jobs[0] as {
    apiVersion: string;
    kind: string;
    spec: {
      completionMode: string;
      completions: number;
      parallelism: number;
      template: { spec: { restartPolicy: string; containers: Container[]; volumes: Array<{ name: string }> } };
    };
  };
}

function flagValue(args: string[], flag: string): string | undefined {
  const i = args.indexOf(flag);
  return i >= 0 ? args[i + 1] : undefined;
}

describe('deploy/k8s/indexed-job.yaml', () => {
  it('is an Indexed batch/v1 Job that never restarts a pod in place', async () => {
    const job = await loadJob();
    expect(job.apiVersion).toBe('batch/v1');
    expect(job.spec.completionMode).toBe('Indexed');
    expect(Number.isInteger(job.spec.completions) && job.spec.completions > 0).toBe(true);
    expect(job.spec.parallelism).toBeGreaterThan(0);
    expect(job.spec.parallelism).toBeLessThanOrEqual(job.spec.completions);
    expect(job.spec.template.spec.restartPolicy).toBe('Never');
  });

  it('runs plan --all-accounts with --shard $(JOB_COMPLETION_INDEX)/completions and a per-index report', async () => {
    const job = await loadJob();
    const [c] = job.spec.template.spec.containers;
    expect(c).toBeDefined();
    const args = c!.args;
    // `sh -c SCRIPT tfdoctor plan ...`: the script runs `tfdoctor "$@"` and turns exit 2 (findings) into 0.
    const [sh, dashC, script, argv0] = c!.command ?? [];
    expect([sh, dashC, argv0]).toEqual(['/bin/sh', '-c', 'tfdoctor']);
    expect(script).toMatch(/^tfdoctor "\$@"; rc=\$\?; if \[ "\$rc" -eq 2 \]; then exit 0; fi; exit "\$rc"$/);
    expect(args[0]).toBe('plan');
    expect(args).toContain('--all-accounts');
    expect(flagValue(args, '--inventory')).toMatch(/^\/inventory\//);
    expect(flagValue(args, '--shard')).toBe(`$(JOB_COMPLETION_INDEX)/${job.spec.completions}`);
    expect(flagValue(args, '--report')).toMatch(/^\/out\/shard-\$\(JOB_COMPLETION_INDEX\)\.json$/);
    // $(VAR) in args is expanded from the container's declared env: it must be declared.
    const idx = c!.env?.find((e) => e.name === 'JOB_COMPLETION_INDEX');
    expect(idx?.valueFrom?.fieldRef?.fieldPath).toBe("metadata.annotations['batch.kubernetes.io/job-completion-index']");
    // The report path and the inventory are on mounted volumes.
    const mounts = new Map((c!.volumeMounts ?? []).map((m) => [m.mountPath, m.name]));
    const volumes = new Set(job.spec.template.spec.volumes.map((v) => v.name));
    for (const path of ['/out', '/inventory']) {
      expect(mounts.has(path)).toBe(true);
      expect(volumes.has(mounts.get(path)!)).toBe(true);
    }
    // No credentials in the manifest.
    expect(JSON.stringify(job)).not.toMatch(/AWS_SECRET_ACCESS_KEY|AWS_ACCESS_KEY_ID/);
  });

  it.each(['deploy/example/inventory.yaml', 'fixtures/inventory/inventory.yml'])('its shards cover every account of %s exactly once', async (file) => {
    const job = await loadJob();
    // Loaded by the real inventory loader: the example must be a valid inventory, not only YAML.
    const accounts = listAccounts(await loadInventory(`${root}${file}`));
    expect(accounts.length).toBeGreaterThan(1);
    const count = job.spec.completions;
    const picked = Array.from({ length: count }, (_, i) => selectShard(accounts, i, count));
    expect(picked.flat().sort()).toEqual([...accounts].sort());
    expect(new Set(picked.flat()).size).toBe(accounts.length);
    if (file.startsWith('deploy/')) expect(picked.every((p) => p.length > 0)).toBe(true);
  });
});
