/**
 * The evidence is typed per finding kind (src/doctor/evidence.ts): a consumer of
 * `tfdoctor/doctor` narrows a finding by `kind` and gets that kind's evidence.
 * The type-level checks (expectTypeOf, @ts-expect-error) are held by `tsc
 * --noEmit`, which covers test/; the runtime checks hold that the schemas, the
 * JSON Schema and what diagnose writes agree.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
// Types as a consumer imports them (the tsconfig path maps the package name to the source).
import type { AttributeChangeEvidence, DiagnosticEvidence, EvidenceOf, Finding, FindingOf, GateEvidence } from 'tfdoctor/doctor';
import { diagnose } from '../../src/doctor/diagnose.js';
import { EVIDENCE_SCHEMAS } from '../../src/doctor/evidence.js';
import { FINDING_KINDS, Finding as FindingSchema, type FindingKind } from '../../src/doctor/report.js';
import { reportJsonSchema } from '../../src/doctor/report-schema.js';
import { Diagnostic } from '../../src/tfjson/index.js';

/** What a reconciler writes: narrow by kind, read typed evidence, no casts. */
function lockHolder(f: Finding): string | undefined {
  if (f.kind !== 'state-lock-held') return undefined;
  expectTypeOf(f).toEqualTypeOf<FindingOf<'state-lock-held'>>();
  expectTypeOf(f.evidence.stale).toEqualTypeOf<boolean | undefined>();
  expectTypeOf(f.evidence.age_seconds).toEqualTypeOf<number | undefined>();
  expectTypeOf(f.evidence.diagnostic).toEqualTypeOf<DiagnosticEvidence | undefined>();
  return f.evidence.lock?.who;
}

function driftPaths(f: Finding): string[] {
  switch (f.kind) {
    case 'changed-out-of-band':
      expectTypeOf(f.evidence.attributes).toEqualTypeOf<AttributeChangeEvidence[] | undefined>();
      return (f.evidence.attributes ?? []).map((a) => a.path);
    case 'deletion-not-enabled':
      expectTypeOf(f.evidence.gate).toEqualTypeOf<GateEvidence | undefined>();
      expectTypeOf(f.evidence.reason).toEqualTypeOf<'removed-from-config' | 'replacement' | 'delete' | undefined>();
      return (f.evidence.replace_attributes ?? []).map((a) => a.path);
    default:
      return [];
  }
}

describe('typed evidence: a consumer narrows by kind', () => {
  it('type level: EvidenceOf gives each kind its shape; keys of other kinds are not typed there', () => {
    expectTypeOf<EvidenceOf<'ami-not-found'>['commits_with_ami']>().toEqualTypeOf<
      Array<{ [k: string]: unknown; commit: string; image_id: string; created?: string | undefined }> | undefined
    >();
    expectTypeOf<EvidenceOf<'plan-format-unsupported'>['format_version']>().toEqualTypeOf<string | undefined>();
    expectTypeOf<EvidenceOf<'state-lock-held'>['lock']>().not.toBeUnknown();
    // Evidence objects are open (a later version may add keys), so another kind's key is `unknown` here, never typed.
    expectTypeOf<EvidenceOf<'state-write-failed'>['stale']>().toBeUnknown();
    const f: FindingOf<'state-lock-held'> = { id: 'F1', kind: 'state-lock-held', severity: 'error', summary: 's', evidence: {}, proposals: [] };
    // @ts-expect-error `stale` is a boolean, not a string
    const wrong: string | undefined = f.evidence.stale;
    expect(wrong).toBeUndefined();
    // Every finding kind has its evidence schema (a kind added without one does not compile).
    expectTypeOf<keyof typeof EVIDENCE_SCHEMAS>().toEqualTypeOf<FindingKind>();
  });

  it('runtime: a held lock read from a captured diagnostic, narrowed without casts', () => {
    const root = new URL('../../fixtures/captured/lock-held/', import.meta.url);
    const meta = JSON.parse(readFileSync(new URL('meta.json', root), 'utf8')) as { captured_at: string };
    const diagnostics = z.array(Diagnostic).parse(JSON.parse(readFileSync(new URL('diagnostics.json', root), 'utf8')));
    const [f] = diagnose({ diagnostics, now: new Date(meta.captured_at) });
    expect(f?.kind).toBe('state-lock-held');
    expect(f && lockHolder(f)).toBe('alice@workstation');
    expect(f && driftPaths(f)).toEqual([]);
    // What diagnose wrote is what the schema of that kind says (parsing changes nothing).
    expect(FindingSchema.parse(f)).toEqual(f);
  });

  it('runtime: a wrongly shaped evidence value of a kind is refused; an unknown extra key is kept', () => {
    const finding = { id: 'F1', kind: 'state-lock-held', severity: 'error', summary: 's', evidence: {}, proposals: [] };
    expect(FindingSchema.safeParse({ ...finding, evidence: { stale: 'yes' } }).success).toBe(false);
    expect(FindingSchema.safeParse({ ...finding, evidence: { lock: { id: 7 } } }).success).toBe(false);
    expect(FindingSchema.parse({ ...finding, evidence: { stale: true, added_later: 1 } }).evidence).toEqual({ stale: true, added_later: 1 });
    // The same key is checked by the kind's own schema only: `stale` means nothing to a write failure.
    expect(FindingSchema.safeParse({ ...finding, kind: 'state-write-failed', evidence: { stale: 'yes' } }).success).toBe(true);
  });
});

describe('the report JSON Schema carries the evidence of each kind', () => {
  const schema = reportJsonSchema() as { $defs: Record<string, { oneOf?: unknown[]; properties?: Record<string, unknown> }> };
  const defName = (kind: string): string => `${kind.split('-').map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('')}Evidence`;

  it('Finding is a oneOf with one branch per kind, each pointing at its evidence in $defs', () => {
    const branches = (schema.$defs['Finding']?.oneOf ?? []) as Array<{ properties: { kind: { const: string }; evidence: { $ref: string } } }>;
    expect(branches.map((b) => b.properties.kind.const)).toEqual([...FINDING_KINDS]);
    expect(branches.map((b) => b.properties.evidence.$ref)).toEqual(FINDING_KINDS.map((k) => `#/$defs/${defName(k)}`));
  });

  it.each([...FINDING_KINDS])('%s: its $defs entry lists exactly the keys of its zod schema', (kind) => {
    const def = schema.$defs[defName(kind)];
    expect(def, defName(kind)).toBeDefined();
    expect(Object.keys(def?.properties ?? {}).sort()).toEqual(Object.keys(EVIDENCE_SCHEMAS[kind].shape).sort());
    expect(Object.keys(EVIDENCE_SCHEMAS[kind].shape).length).toBeGreaterThan(0);
  });
});
