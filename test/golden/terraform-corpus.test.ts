// Terraform's own plan JSON (hashicorp/terraform show-json and equivalence tests, 72 documents in
// shared/corpus/terraform-plans): every one parses and diagnoses without a crash or a leak, and the
// interesting ones give what an SRE reads from them. The corpus is required: no corpus, a failure.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { diagnose } from '../../src/doctor/diagnose.js';
import type { AccountGate, PlanMode } from '../../src/doctor/types.js';
import { PlanJson } from '../../src/tfjson/index.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const candidates = [process.env['TFDOCTOR_SHARED_DIR'], join(repoRoot, '../shared'), join(repoRoot, '../../shared')].filter((d): d is string => !!d);
const sharedDir = candidates.find((d) => existsSync(join(d, 'corpus/terraform-plans')));
const corpusDir = sharedDir ? join(sharedDir, 'corpus/terraform-plans') : undefined;
const cases = corpusDir ? readdirSync(corpusDir).filter((n) => existsSync(join(corpusDir, n, 'output.json'))).sort() : [];

const NOW = new Date('2026-12-02T12:00:00Z');
const strict: AccountGate = { name: 'acct', enableDeletion: false, deletionApprovals: [] };

function load(name: string): PlanJson {
  return PlanJson.parse(JSON.parse(readFileSync(join(corpusDir as string, name, 'output.json'), 'utf8')));
}

/** Every leaf value under a `true` mark of before_sensitive/after_sensitive (strings of length >= 3). */
function sensitiveValues(doc: unknown): string[] {
  const out: string[] = [];
  const collect = (v: unknown): void => {
    if (typeof v === 'string' && v.length >= 3) out.push(v);
    else if (Array.isArray(v)) v.forEach(collect);
    else if (v && typeof v === 'object') Object.values(v).forEach(collect);
  };
  const under = (vals: unknown, marks: unknown): void => {
    if (marks === true) return collect(vals);
    if (!marks || typeof marks !== 'object' || !vals || typeof vals !== 'object') return;
    for (const [k, m] of Object.entries(marks as Record<string, unknown>)) under((vals as Record<string, unknown>)[k], m);
  };
  const walkChanges = (list: unknown): void => {
    if (!Array.isArray(list)) return;
    for (const rc of list as { change?: Record<string, unknown> }[]) {
      under(rc.change?.['before'], rc.change?.['before_sensitive']);
      under(rc.change?.['after'], rc.change?.['after_sensitive']);
    }
  };
  const d = doc as Record<string, unknown>;
  walkChanges(d['resource_changes']);
  walkChanges(d['resource_drift']);
  return out;
}

interface Expect { kind: string; address?: string; words?: RegExp; severity?: string }
// What an SRE reads from the interesting documents (no account, normal plan unless said).
const EXPECTED: Record<string, { mode?: PlanMode; findings: Expect[]; strict?: Expect[] }> = {
  'sj-plan-error': { findings: [{ kind: 'plan-errored', words: /plan failed/, severity: 'error' }] },
  'sj-drift': { findings: [{ kind: 'changed-out-of-band', address: 'test_instance.should_refresh', words: /sets a new value/ }] },
  'sj-moved-drift': { findings: [{ kind: 'changed-out-of-band', words: /sets a new value/ }] },
  'eq-drift_relevant_attributes': { findings: [{ kind: 'changed-out-of-band', address: 'tfcoremock_simple_resource.base', words: /reverts number and sets a new value for string/ }] },
  'eq-moved_with_drift': { findings: [{ kind: 'changed-out-of-band', words: /sets a new value/ }] },
  'eq-drift_refresh_only': { mode: 'refresh-only', findings: [{ kind: 'changed-out-of-band', words: /accept it into the state/ }] },
  'sj-basic-delete': { findings: [{ kind: 'orphaned-in-state' }], strict: [{ kind: 'plan-format-unsupported' }, { kind: 'deletion-not-enabled', words: /removed from the configuration/ }] },
  'eq-fully_populated_complex_destroy': { mode: 'destroy', findings: [], strict: [{ kind: 'deletion-not-enabled', words: /plan -destroy/ }] },
  'sj-requires-replace': { findings: [], strict: [{ kind: 'plan-format-unsupported' }, { kind: 'deletion-not-enabled', words: /replaces/ }] },
};

describe('Terraform corpus (shared/corpus/terraform-plans)', () => {
  it('is present, with all 72 documents', () => {
    expect(corpusDir, `corpus not found in ${candidates.join(', ')} (set TFDOCTOR_SHARED_DIR)`).toBeDefined();
    expect(cases).toHaveLength(72);
  });

  describe.each(cases)('%s', (name) => {
    it('parses, diagnoses without a crash, leaks nothing sensitive, with and without a strict account', () => {
      const raw = readFileSync(join(corpusDir as string, name, 'output.json'), 'utf8');
      const doc = load(name);
      const secrets = sensitiveValues(JSON.parse(raw));
      for (const mode of ['normal', 'refresh-only', 'destroy'] as const) {
        for (const account of [undefined, strict]) {
          const fs = diagnose({ plan: doc, diagnostics: [], now: NOW, planMode: mode, ...(account ? { account } : {}) });
          const text = JSON.stringify(fs);
          for (const s of secrets) expect(text, `sensitive value leaked in ${mode}`).not.toContain(s);
          for (const f of fs) expect(f.summary.length).toBeGreaterThan(10);
        }
      }
    });

    it('a plan with no changes, no drift and no error gives no findings', () => {
      const doc = load(name);
      const busy = [...(doc.resource_changes ?? []), ...(doc.resource_drift ?? [])].some((rc) => rc.mode === 'managed' && !rc.change.actions.every((a) => a === 'no-op' || a === 'read'));
      if (busy || doc.errored || doc.complete === false) return;
      expect(diagnose({ plan: doc, diagnostics: [], now: NOW })).toEqual([]);
    });
  });

  it.each(Object.entries(EXPECTED))('%s: what an SRE reads from it', (name, exp) => {
    const doc = load(name);
    const check = (fs: ReturnType<typeof diagnose>, want: Expect[]) => {
      for (const w of want) {
        const f = fs.find((x) => x.kind === w.kind && (w.address === undefined || x.address === w.address));
        expect(f, `${w.kind} ${w.address ?? ''} in ${JSON.stringify(fs.map((x) => [x.kind, x.address, x.summary]))}`).toBeDefined();
        if (w.words) expect(f?.summary).toMatch(w.words);
        if (w.severity) expect(f?.severity).toBe(w.severity);
      }
    };
    const base = diagnose({ plan: doc, diagnostics: [], now: NOW, ...(exp.mode ? { planMode: exp.mode } : {}) });
    if (exp.findings.length === 0) expect(base).toEqual([]);
    check(base, exp.findings);
    if (exp.strict) check(diagnose({ plan: doc, diagnostics: [], now: NOW, account: strict, ...(exp.mode ? { planMode: exp.mode } : {}) }), exp.strict);
  });
});
