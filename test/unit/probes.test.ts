import { mkdtemp, mkdir, readdir, readFile, rm, writeFile, lstat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importIdFor } from '../../src/doctor/index.js';
import {
  importBlocksJson, missingImportAddress, PROBE_FILE, probeCandidates, readProbeMessages, runExistsProbe,
} from '../../src/run/probes.js';
import { PlanJson, type Diagnostic, type UiMessage } from '../../src/tfjson/index.js';

const rc = (address: string, type: string, actions: string[], after: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  address, mode: 'managed', type, name: address.split('.')[1], change: { actions, before: null, after }, ...extra,
});

const plan = PlanJson.parse({
  format_version: '1.2',
  resource_drift: [rc('aws_iam_user.gone', 'aws_iam_user', ['delete'], {})],
  resource_changes: [
    rc('aws_s3_bucket.a', 'aws_s3_bucket', ['create'], { bucket: 'bucket-a' }),
    rc('aws_iam_policy.p', 'aws_iam_policy', ['create'], { name: 'p' }), // id is an ARN: not derivable
    rc('aws_dynamodb_table.t', 'aws_dynamodb_table', ['delete', 'create'], { name: 't' }), // replace: in state already
    rc('aws_iam_user.gone', 'aws_iam_user', ['create'], { name: 'gone' }), // deleted out of band: drift explains it
    rc('aws_iam_user.u', 'aws_iam_user', ['update'], { name: 'u' }),
    rc('aws_iam_role.r', 'aws_iam_role', ['create'], { name: 'r' }, { change: { actions: ['create'], after: { name: 'r' }, importing: { id: 'r' } } }),
    { address: 'data.aws_ami.x', mode: 'data', type: 'aws_ami', name: 'x', change: { actions: ['read'] } },
  ],
});

describe('probeCandidates', () => {
  it('keeps only plain creates with a derivable import id, not replaces, drifted, imports or data sources', () => {
    expect(probeCandidates(plan, (c) => importIdFor(c.type, c.change.after))).toEqual([
      { address: 'aws_s3_bucket.a', type: 'aws_s3_bucket', importId: 'bucket-a' },
    ]);
  });

  it('an importIdFor that throws skips the candidate instead of failing the run', () => {
    expect(probeCandidates(plan, () => { throw new Error('boom'); })).toEqual([]);
  });
});

describe('importBlocksJson', () => {
  it('is Terraform JSON import blocks, one per candidate, hostile ids kept as data', () => {
    const text = importBlocksJson([
      { address: 'aws_s3_bucket.a', type: 'aws_s3_bucket', importId: 'bucket-a' },
      { address: 'aws_iam_user.u', type: 'aws_iam_user', importId: 'x"}; rm -rf /' },
    ]);
    expect(JSON.parse(text)).toEqual({ import: [{ to: 'aws_s3_bucket.a', id: 'bucket-a' }, { to: 'aws_iam_user.u', id: 'x"}; rm -rf /' }] });
  });
});

// The detail wording of terraform 1.11.4 (seen in the acceptance runs): the
// diagnostic's `address` is empty, the address is only in the detail.
const missing = (addr: string): Diagnostic => ({
  severity: 'error',
  summary: 'Cannot import non-existent remote object',
  detail: `While attempting to import an existing object to "${addr}", the provider detected that no object exists with the given id. Only pre-existing objects can be imported; check that the id is correct and that it is associated with the provider's configured region or endpoint, or use "terraform apply" to create a new remote object for this resource.`,
});

describe('missingImportAddress', () => {
  it.each([
    [missing('aws_s3_bucket.b'), 'aws_s3_bucket.b'],
    [missing('aws_iam_user.u[0]'), 'aws_iam_user.u[0]'],
    [missing('module.m.aws_iam_user.u[\\"k\\"]'), 'module.m.aws_iam_user.u["k"]'],
    [{ severity: 'error', summary: 'Cannot import non-existent remote object', detail: '', address: 'aws_iam_user.v' } as Diagnostic, 'aws_iam_user.v'],
    [{ severity: 'error', summary: 'Error acquiring the state lock', detail: 'to "aws_s3_bucket.b"' } as Diagnostic, undefined],
  ])('%#', (d, want) => {
    expect(missingImportAddress(d)).toBe(want);
  });
});

const msg = (m: Partial<UiMessage>): UiMessage => ({ '@level': 'info', '@message': '', type: 'log', ...m }) as UiMessage;
const cands = [
  { address: 'aws_s3_bucket.a', type: 'aws_s3_bucket', importId: 'bucket-a' },
  { address: 'aws_s3_bucket.b', type: 'aws_s3_bucket', importId: 'bucket-b' },
  { address: 'aws_iam_user.c', type: 'aws_iam_user', importId: 'c' },
  { address: 'aws_iam_user.d', type: 'aws_iam_user', importId: 'd' },
];

describe('readProbeMessages', () => {
  it('import (as is, or with an update) -> exists; non-existent -> not; nothing said -> undecided', () => {
    const out = readProbeMessages(cands, [
      msg({ type: 'planned_change', change: { resource: { addr: 'aws_s3_bucket.a' }, action: 'import', importing: { id: 'bucket-a' } } }),
      msg({ type: 'planned_change', change: { resource: { addr: 'aws_iam_user.c' }, action: 'update', importing: { id: 'c' } } }),
      msg({ type: 'planned_change', change: { resource: { addr: 'aws_iam_user.d' }, action: 'create' } }),
      msg({ type: 'diagnostic', '@level': 'error', diagnostic: missing('aws_s3_bucket.b') }),
      msg({ type: 'diagnostic', '@level': 'warning', diagnostic: { severity: 'warning', summary: 'Argument is deprecated', detail: '' } }),
    ]);
    expect(out.probes).toEqual([
      { ...cands[0], exists: true },
      { ...cands[1], exists: false },
      { ...cands[2], exists: true },
    ]);
    expect(out.undecided).toEqual([cands[3]]);
    expect(out.otherDiagnostics).toEqual([]);
  });
});

describe('runExistsProbe', () => {
  it('plans in a throwaway copy holding the import blocks, and removes it afterwards (also on failure)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tfdoctor-unit-probe-'));
    try {
      await writeFile(join(dir, 'main.tf.json'), '{}');
      await writeFile(join(dir, 'notes.txt'), 'not config');
      await mkdir(join(dir, '.terraform'));
      let seen: { dir: string; files: string[]; probe: unknown; terraformIsLink: boolean } | undefined;
      const out = await runExistsProbe(dir, cands.slice(0, 1), async (copy) => {
        seen = {
          dir: copy,
          files: (await readdir(copy)).sort(),
          probe: JSON.parse(await readFile(join(copy, PROBE_FILE), 'utf8')),
          terraformIsLink: (await lstat(join(copy, '.terraform'))).isSymbolicLink(),
        };
        return { messages: [msg({ type: 'planned_change', change: { resource: { addr: 'aws_s3_bucket.a' }, action: 'import' } })] };
      });
      expect(seen?.files).toEqual(['.terraform', 'main.tf.json', PROBE_FILE].sort());
      expect(seen?.terraformIsLink).toBe(true);
      expect(seen?.probe).toEqual({ import: [{ to: 'aws_s3_bucket.a', id: 'bucket-a' }] });
      expect(out.probes).toEqual([{ ...cands[0], exists: true }]);
      await expect(lstat(seen?.dir ?? '')).rejects.toThrow();
      expect(await readdir(dir)).not.toContain(PROBE_FILE);

      let failedCopy = '';
      await expect(runExistsProbe(dir, cands, async (copy) => { failedCopy = copy; throw new Error('terraform crashed'); })).rejects.toThrow('terraform crashed');
      await expect(lstat(failedCopy)).rejects.toThrow();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('no candidates: no copy, no plan', async () => {
    let called = false;
    const out = await runExistsProbe('/nonexistent', [], async () => { called = true; return { messages: [] }; });
    expect(called).toBe(false);
    expect(out.probes).toEqual([]);
  });
});
