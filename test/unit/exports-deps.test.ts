/**
 * Dependencies placed where they are used: every package the shipped code
 * (src/ without the test bed, cli/, bin/) imports is a runtime dependency, and
 * every runtime dependency is imported by it. Test, demo and bench tools (tsx,
 * the IAM/RDS/S3 clients of the test bed) are devDependencies.
 */
import { readdir, readFile } from 'node:fs/promises';
import { builtinModules } from 'node:module';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SPECIFIERS = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+|\brequire(?:\.resolve)?\s*\(\s*)(['"])([^'"\n]+)\1/g;

async function files(dir: string, ext: RegExp): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(join(ROOT, dir), { withFileTypes: true, recursive: true })) {
    if (e.isFile() && ext.test(e.name) && !e.name.endsWith('.d.ts')) out.push(join(e.parentPath, e.name));
  }
  return out;
}

/** `@scope/name/sub` -> `@scope/name`, `name/sub` -> `name`. */
function packageOf(spec: string): string {
  const parts = spec.split('/');
  return spec.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}

async function importsOf(file: string): Promise<string[]> {
  const text = await readFile(file, 'utf8');
  return [...text.matchAll(SPECIFIERS)].map((m) => m[2]!).filter((s) => !s.startsWith('.') && !s.startsWith('node:') && !builtinModules.includes(packageOf(s)));
}

describe('package.json dependencies', () => {
  it('are exactly what the shipped code imports', async () => {
    const pkg = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string>; devDependencies: Record<string, string> };
    const shipped = [
      ...(await files('src', /\.ts$/)),
      ...(await files('cli', /\.ts$/)),
      ...(await files('bin', /\.js$/)),
    ];
    const used = new Map<string, string>();
    for (const f of shipped) for (const s of await importsOf(f)) if (!used.has(packageOf(s))) used.set(packageOf(s), relative(ROOT, f));
    // The scan sees real imports.
    expect(used.get('zod')).toBeDefined();
    expect(used.get('@cdktf/provider-aws')).toBe('src/synth/cdk.ts');

    const missing = [...used.keys()].filter((p) => !(p in pkg.dependencies)).map((p) => `${p} (imported by ${used.get(p)})`);
    expect(missing).toEqual([]);
    const unused = Object.keys(pkg.dependencies).filter((p) => !used.has(p));
    expect(unused).toEqual([]);
    for (const dev of ['tsx', '@aws-sdk/client-iam', '@aws-sdk/client-rds']) {
      expect(pkg.devDependencies).toHaveProperty([dev]);
      expect(pkg.dependencies).not.toHaveProperty([dev]);
    }
  });
});
