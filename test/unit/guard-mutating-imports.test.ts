/**
 * The state-mutating terraform wrappers (src/state/terraform/mutating/) are
 * reachable only through the guarded repair: this test enumerates them, scans
 * every import in src/ and cli/, and checks the public indexes do not export them.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const MUTATING = join(ROOT, 'src/state/terraform/mutating');
const ALLOWED_IMPORTERS = [join(ROOT, 'src/repair') + sep, MUTATING + sep];

function walk(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name.startsWith('.')) continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...walk(p));
    else if (/\.(m|c)?tsx?$/.test(name) && !name.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

// import ... from 'x'; export ... from 'x'; import 'x'; import('x'); require('x')
const SPECIFIERS = /(?:\bfrom\s*|\bimport\s*\(?\s*|\brequire\s*\(\s*)(['"])([^'"\n]+)\1/g;

function specifiers(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(SPECIFIERS)].map((m) => m[2] as string);
}

function resolveSpecifier(from: string, spec: string): string | undefined {
  if (!spec.startsWith('.')) return undefined;
  return resolve(dirname(from), spec).replace(/\.js$/, '.ts');
}

const mutatingModules = readdirSync(MUTATING).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts')).map((f) => join(MUTATING, f));

describe('state-mutating wrappers', () => {
  it('are the agreed ones, each in its own module', () => {
    const names = mutatingModules.map((f) => relative(MUTATING, f));
    for (const want of ['state-rm.ts', 'state-mv.ts', 'state-push.ts', 'import.ts', 'force-unlock.ts', 'apply.ts']) expect(names).toContain(want);
  });

  it('are imported only by src/repair/** (scan of src/ and cli/; the test bed is under test/)', () => {
    const offenders: string[] = [];
    for (const file of [...walk(join(ROOT, 'src')), ...walk(join(ROOT, 'cli'))]) {
      if (ALLOWED_IMPORTERS.some((p) => file.startsWith(p))) continue;
      for (const spec of specifiers(file)) {
        const target = resolveSpecifier(file, spec);
        if (target && (target === MUTATING || target.startsWith(MUTATING + sep))) offenders.push(`${relative(ROOT, file)} imports ${spec}`);
      }
    }
    expect(offenders).toEqual([]);
  });

  it('the scan itself sees the imports it must see (src/repair imports them)', () => {
    const seen = walk(join(ROOT, 'src/repair')).flatMap((f) => specifiers(f).map((s) => resolveSpecifier(f, s)))
      .filter((t): t is string => !!t && t.startsWith(MUTATING + sep));
    expect(new Set(seen.map((t) => relative(MUTATING, t)))).toEqual(new Set(['state-rm.ts', 'state-mv.ts', 'import.ts', 'force-unlock.ts', 'state-push.ts']));
  });

  it('are not exported by src/index.ts nor src/state/index.ts', async () => {
    const mutatingExports = new Map<unknown, string>();
    for (const file of mutatingModules) {
      const mod = (await import(file)) as Record<string, unknown>;
      for (const [name, value] of Object.entries(mod)) {
        if (typeof value === 'function') mutatingExports.set(value, `${relative(ROOT, file)}#${name}`);
      }
    }
    expect(mutatingExports.size).toBeGreaterThan(5);
    for (const index of ['src/state/index.ts', 'src/index.ts']) {
      const mod = (await import(join(ROOT, index))) as Record<string, unknown>;
      const leaked = Object.entries(mod).flatMap(([name, value]) => (mutatingExports.has(value) ? [`${index} exports ${name} (${mutatingExports.get(value)})`] : []));
      expect(leaked).toEqual([]);
      // and no re-export statement points into the folder
      const reexports = specifiers(join(ROOT, index)).map((s) => resolveSpecifier(join(ROOT, index), s)).filter((t) => t?.startsWith(MUTATING));
      expect(reexports).toEqual([]);
    }
  });

  it('the generic runner (any subcommand, so also `state rm`) is not public either', async () => {
    const { runTerraform } = (await import(join(ROOT, 'src/state/terraform/exec.ts'))) as { runTerraform: unknown };
    expect(typeof runTerraform).toBe('function');
    for (const index of ['src/state/index.ts', 'src/index.ts']) {
      const mod = (await import(join(ROOT, index))) as Record<string, unknown>;
      expect(Object.entries(mod).filter(([, v]) => v === runTerraform).map(([k]) => `${index} exports ${k}`)).toEqual([]);
    }
  });
});
