/** readPlanFileState / snapshotOf error paths (the happy path runs on a real plan file in test/acceptance/runner.test.ts). */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { strToU8, zipSync } from 'fflate';
import { afterAll, describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { readPlanFileState, snapshotOf } from '../../src/state/index.js';
import { readPlanFilePrevState } from '../../src/state/plan-file.js';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'tfdoctor-plan-file-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
// A real raw state captured by scripts/capture-fixtures.ts.
const captured = readFileSync(path.resolve(import.meta.dirname, '../../fixtures/captured/clean/state.json'), 'utf8');

describe('readPlanFileState', () => {
  it('reads tfstate (and tfstate-prev) out of the zip and hashes the bytes', async () => {
    const f = path.join(tmp, 'ok.tfplan');
    writeFileSync(f, zipSync({ tfplan: strToU8('x'), tfstate: strToU8(captured), 'tfstate-prev': strToU8(captured) }));
    const snap = await readPlanFileState(f);
    expect(snap.raw).toBe(captured);
    expect(snap.state.lineage).toBe((JSON.parse(captured) as { lineage: string }).lineage);
    expect(snap.sha256).toBe(snapshotOf(captured, 'x').sha256);
    expect((await readPlanFileState(f, 'tfstate-prev')).raw).toBe(captured);
  });

  it.each([
    ['missing file', 'nope.tfplan', undefined, /cannot read plan file/],
    ['not a zip', 'text.tfplan', strToU8('not a zip'), /not a Terraform plan file/],
    ['no tfstate entry', 'empty.tfplan', zipSync({ tfplan: strToU8('x') }), /no "tfstate" entry/],
    ['tfstate not JSON', 'bad.tfplan', zipSync({ tfstate: strToU8('{') }), /not a JSON state document/],
  ])('%s is an InputError naming the file', async (_n, name, bytes, msg) => {
    const f = path.join(tmp, name);
    if (bytes) writeFileSync(f, bytes);
    const err = await readPlanFileState(f).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as Error).message).toMatch(msg);
    expect((err as InputError).file).toContain(f);
  });
});

describe('snapshotOf', () => {
  it('refuses a state of another format version, with the path of the problem', () => {
    const err = (() => {
      try {
        snapshotOf(JSON.stringify({ ...(JSON.parse(captured) as object), version: 3 }), 'src');
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).path).toEqual(['version']);
  });
});

describe('readPlanFilePrevState', () => {
  const doc = JSON.parse(captured) as { lineage: string; serial: number; resources: unknown[] };
  // Terraform 1.11.4 writes tfstate-prev with serial 0 and lineage "" (seen in the bench's plan files).
  const asPrev = (d: object) => JSON.stringify({ ...d, lineage: '', serial: 0 });
  const write = (name: string, tfstate: string, prev: string) => {
    const f = path.join(tmp, name);
    writeFileSync(f, zipSync({ tfplan: strToU8('x'), tfstate: strToU8(tfstate), 'tfstate-prev': strToU8(prev) }));
    return f;
  };

  it('a state with resources: tfstate-prev, whatever its own lineage says', async () => {
    expect(doc.resources.length).toBeGreaterThan(0);
    const snap = await readPlanFilePrevState(write('prev.tfplan', captured, asPrev(doc)));
    expect(snap?.state.resources.length).toBe(doc.resources.length);
  });

  it('none as state pull says it: the backend lineage "" and serial 0 (on tfstate), no resources', async () => {
    const none = { ...doc, lineage: '', serial: 0, resources: [], outputs: {} };
    expect(await readPlanFilePrevState(write('none.tfplan', JSON.stringify(none), asPrev(none)))).toBeUndefined();
    // A stored state without resources (outputs only, a lineage) is a state.
    const outputsOnly = { ...doc, resources: [] };
    expect(await readPlanFilePrevState(write('outputs.tfplan', JSON.stringify(outputsOnly), asPrev(outputsOnly)))).toBeDefined();
  });

  it('a plan file without both entries: undefined', async () => {
    const f = path.join(tmp, 'one.tfplan');
    writeFileSync(f, zipSync({ tfplan: strToU8('x'), tfstate: strToU8(captured) }));
    expect(await readPlanFilePrevState(f)).toBeUndefined();
  });
});
