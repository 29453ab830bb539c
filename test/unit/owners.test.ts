/**
 * One owner per concern: the lint rules that keep each owner the only one
 * (eslint.config.js) are checked here on snippets, so a config edit that drops
 * one fails a test, and a scan checks what a lint rule cannot express.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const eslint = new ESLint({ cwd: ROOT });

async function ruleIds(file: string, code: string): Promise<string[]> {
  const [r] = await eslint.lintText(code, { filePath: join(ROOT, file) });
  return (r?.messages ?? []).map((m) => m.ruleId ?? m.message);
}

function walk(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...walk(p));
    else if (name.endsWith('.ts')) out.push(p);
  }
  return out;
}

describe('owners (lint rules)', () => {
  it.each([
    ['src/run/x.ts', "import { execa } from 'execa';\nexport const e = execa;\n"],
    ['src/repair/x.ts', "import { execa } from 'execa';\nexport const e = execa;\n"],
    ['cli/x.ts', "import { execa } from 'execa';\nexport const e = execa;\n"],
    ['src/doctor/x.ts', "import { spawn } from 'node:child_process';\nexport const s = spawn;\n"],
    ['src/doctor/x.ts', "import { execa } from 'execa';\nexport const e = execa;\n"],
    ['src/state/x.ts', "import { spawn } from 'node:child_process';\nexport const s = spawn;\n"],
  ])('%s: refuses the import (%#)', async (file, code) => {
    expect(await ruleIds(file, code)).toContain('no-restricted-imports');
  });

  it('src/state may import execa', async () => {
    expect(await ruleIds('src/state/x.ts', "import { execa } from 'execa';\nexport const e = execa;\n")).toEqual([]);
  });

  it.each(['src/repair/x.ts', 'src/run/x.ts', 'cli/x.ts', 'src/synth/x.ts'])('%s: refuses new *Client(', async (file) => {
    const code = "import { EC2Client } from '@aws-sdk/client-ec2';\nexport const c = new EC2Client({});\n";
    expect(await ruleIds(file, code)).toContain('no-restricted-syntax');
  });

  it('src/aws may make clients', async () => {
    expect(await ruleIds('src/aws/x.ts', "import { EC2Client } from '@aws-sdk/client-ec2';\nexport const c = new EC2Client({});\n")).toEqual([]);
  });

  it('the doctor keeps its own restrictions too (fs)', async () => {
    expect(await ruleIds('src/doctor/x.ts', "import { readFileSync } from 'node:fs';\nexport const r = readFileSync;\n")).toContain('no-restricted-imports');
  });
});

describe('owners (scan of src/ and cli/)', () => {
  const files = [...walk(join(ROOT, 'src')), ...walk(join(ROOT, 'cli'))];
  const read = (f: string) => readFileSync(f, 'utf8');

  it('only src/state/terraform/binary.ts reads TFDOCTOR_TERRAFORM_BIN', () => {
    const readers = files.filter((f) => /(?:process\.env|env)(?:\.TFDOCTOR_TERRAFORM_BIN|\[['"]TFDOCTOR_TERRAFORM_BIN['"]\])/.test(read(f)));
    expect(readers.map((f) => relative(ROOT, f))).toEqual([]);
    expect(read(join(ROOT, 'src/state/terraform/binary.ts'))).toContain("'TFDOCTOR_TERRAFORM_BIN'");
  });

  it('only src/state/cli-config.ts writes a CLI config (the mirror policy)', () => {
    const writers = files.filter((f) => /\bwriteCliConfig\(/.test(read(f)) && !f.endsWith(join('src', 'state', 'cli-config.ts')));
    expect(writers.map((f) => relative(ROOT, f))).toEqual([]);
  });

  it('only src/aws/clients.ts builds AWS credentials from the environment', () => {
    const builders = files.filter((f) => /AWS_SECRET_ACCESS_KEY/.test(read(f)) && !f.endsWith(join('src', 'aws', 'clients.ts')));
    expect(builders.map((f) => relative(ROOT, f))).toEqual([]);
  });
});

describe('every Terraform text pattern is in src/doctor/patterns.ts', () => {
  // A regex literal holding two words with a space between them reads Terraform's (or a
  // provider's) prose; those belong in the one table, each with its fixture or its source.
  const LITERAL = /(?:^\s*|[=(,:!&|?[]\s*|return\s+)\/((?:\\.|\[(?:\\.|[^\]\n])*\]|[^/\n[\\])+)\/[dgimsuy]*/g;
  const PROSE = /[A-Za-z]{3,} [a-z]{2,}/;
  it('no prose regex literal elsewhere in src/ or cli/', () => {
    const files = [...walk(join(ROOT, 'src')), ...walk(join(ROOT, 'cli'))].filter((f) => !f.endsWith(join('doctor', 'patterns.ts')));
    const offenders: string[] = [];
    for (const f of files) {
      for (const [i, line] of readFileSync(f, 'utf8').split('\n').entries()) {
        if (/^\s*(\/\/|\/\*|\*)/.test(line)) continue;
        for (const m of line.matchAll(LITERAL)) if (PROSE.test(m[1] ?? '')) offenders.push(`${relative(ROOT, f)}:${i + 1}: /${m[1]}/`);
      }
    }
    expect(offenders).toEqual([]);
  });
  it('the scan sees a prose literal when there is one', () => {
    const m = [...'if (/Error acquiring the state lock/i.test(x))'.matchAll(LITERAL)];
    expect(m.some((x) => PROSE.test(x[1] ?? ''))).toBe(true);
  });
});
