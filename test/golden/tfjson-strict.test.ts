/**
 * The strict schema check (src/tfjson/strict.ts) over every captured fixture and
 * Terraform's own plan corpus: no key Terraform prints is unknown to the
 * schemas, and what parses re-encodes to the document it came from (loose
 * parsing loses nothing). A Terraform upgrade that adds a field fails here with
 * the field's path, instead of passing silently.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { Diagnostic, PlanJson, RawState, UiMessage, unknownKeySet } from '../../src/tfjson/index.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const captured = join(repoRoot, 'fixtures/captured');
const candidates = [process.env['TFDOCTOR_SHARED_DIR'], join(repoRoot, '../shared'), join(repoRoot, '../../shared')].filter((d): d is string => !!d);
const sharedDir = candidates.find((d) => existsSync(join(d, 'corpus/terraform-plans')));
const corpus = sharedDir ? join(sharedDir, 'corpus/terraform-plans') : undefined;

type Doc = { name: string; schema: z.ZodType; doc: unknown };
const json = (p: string): unknown => JSON.parse(readFileSync(p, 'utf8'));

function capturedDocs(): Doc[] {
  const out: Doc[] = [];
  for (const scenario of readdirSync(captured).sort()) {
    for (const f of readdirSync(join(captured, scenario)).sort()) {
      const p = join(captured, scenario, f);
      const name = `${scenario}/${f}`;
      if (f.endsWith('.jsonl')) {
        readFileSync(p, 'utf8').split('\n').filter((l) => l.trim()).forEach((l, i) => out.push({ name: `${name}:${i + 1}`, schema: UiMessage, doc: JSON.parse(l) }));
      } else if (/^(probe-)?plan\.json$/.test(f)) out.push({ name, schema: PlanJson, doc: json(p) });
      else if (f === 'state.json') out.push({ name, schema: RawState, doc: json(p) });
      else if (f.endsWith('diagnostics.json')) out.push({ name, schema: z.array(Diagnostic), doc: json(p) });
    }
  }
  return out;
}

const docs = capturedDocs();
const corpusDocs: Doc[] = corpus
  ? readdirSync(corpus).filter((n) => existsSync(join(corpus, n, 'output.json'))).sort().map((n) => ({ name: n, schema: PlanJson, doc: json(join(corpus, n, 'output.json')) }))
  : [];

describe('tfjson strict check', () => {
  it('sees every kind of document in the fixtures, and the corpus is there', () => {
    const by = (s: z.ZodType) => docs.filter((d) => d.schema === s).length;
    expect(by(PlanJson)).toBeGreaterThanOrEqual(8);
    expect(by(RawState)).toBeGreaterThanOrEqual(8);
    expect(by(UiMessage)).toBeGreaterThanOrEqual(50);
    expect(corpusDocs.length).toBeGreaterThanOrEqual(72);
  });

  it('the check itself reports a key the schema does not know, with its path', () => {
    expect(unknownKeySet(PlanJson, { format_version: '1.2', resource_changes: [{ address: 'a.b', mode: 'managed', type: 'a', name: 'b', change: { actions: ['no-op'], brand_new: 1 } }], new_top: true }))
      .toEqual(['new_top', 'resource_changes[].change.brand_new']);
  });

  it.each([...docs, ...corpusDocs].map((d) => [d.name, d] as const))('%s: no unknown key, and it round-trips', (_name, d) => {
    expect(unknownKeySet(d.schema, d.doc)).toEqual([]);
    const parsed = d.schema.parse(d.doc);
    expect(JSON.parse(JSON.stringify(parsed))).toEqual(d.doc);
  });
});
