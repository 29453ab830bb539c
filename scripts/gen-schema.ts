/**
 * Writes schema/report.schema.json from the zod schema of the report
 * (src/doctor/report.ts), so consumers that don't run TypeScript can validate
 * `tfdoctor plan --json` output. `--check` exits 1 when the file is stale.
 * Usage: npx tsx scripts/gen-schema.ts [--check]
 */
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { reportJsonSchemaText } from '../src/doctor/report-schema.js';

const target = fileURLToPath(new URL('../schema/report.schema.json', import.meta.url));
const text = reportJsonSchemaText();
if (process.argv.includes('--check')) {
  const current = await readFile(target, 'utf8').catch(() => '');
  if (current !== text) {
    process.stderr.write(`${target} is out of date: run npx tsx scripts/gen-schema.ts\n`);
    process.exitCode = 1;
  }
} else {
  await writeFile(target, text);
  process.stdout.write(`wrote ${target}\n`);
}
