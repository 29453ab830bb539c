/** rootHasNoModuleCalls: what lets planAccount skip show -json on update-only drift (see planJsonNeeded). */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { rootHasNoModuleCalls } from '../../src/run/plan-account.js';

const dirs: string[] = [];
async function dirWith(files: Record<string, string>): Promise<string> {
  const d = await mkdtemp(join(tmpdir(), 'tfdoctor-rootmod-'));
  dirs.push(d);
  for (const [name, text] of Object.entries(files)) await writeFile(join(d, name), text);
  return d;
}
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

describe('rootHasNoModuleCalls', () => {
  it('JSON config files without a module block: true', async () => {
    expect(await rootHasNoModuleCalls(await dirWith({ 'main.tf.json': JSON.stringify({ resource: { aws_s3_bucket: { b: {} } } }), 'x_override.tf.json': '{"provider":{}}' }))).toBe(true);
  });
  it('a module block in any JSON file: false', async () => {
    expect(await rootHasNoModuleCalls(await dirWith({ 'main.tf.json': '{"resource":{}}', 'm.tf.json': JSON.stringify({ module: { m: { source: './m' } } }) }))).toBe(false);
  });
  it('an HCL file (not parsed, so it may call one): false', async () => {
    expect(await rootHasNoModuleCalls(await dirWith({ 'main.tf.json': '{"resource":{}}', 'extra.tf': 'locals {}\n' }))).toBe(false);
  });
  it('no config file at all: false', async () => {
    expect(await rootHasNoModuleCalls(await dirWith({ 'notes.txt': 'x' }))).toBe(false);
  });
});
