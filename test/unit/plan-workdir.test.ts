import { mkdtemp, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { versionFromStream } from '../../src/run/plan-account.js';
import {
  defaultWorkDir, initRequired, needsInit, planFilePath, reconfigureRequired, safeSegment, writeFileAtomic,
} from '../../src/run/workdir.js';
import type { Diagnostic, UiMessage } from '../../src/tfjson/index.js';

const err = (summary: string): Diagnostic => ({ severity: 'error', summary, detail: '' });

describe('safeSegment / defaultWorkDir', () => {
  it.each(['app-sre-stage', 'a', 'A1.b_c-d'])('accepts %s', (name) => {
    expect(defaultWorkDir(name, '/repo')).toBe(`/repo/.tfdoctor/work/${name}`);
  });
  it.each(['', '..', '../etc', 'a/b', '.hidden', 'a..b', 'x\u0000y', '-flag', 'a'.repeat(200)])('refuses %j', (name) => {
    expect(() => safeSegment(name)).toThrow(InputError);
  });
});

describe('initRequired', () => {
  // Summaries terraform 1.11.4 printed in the acceptance runs (lock file removed, backend pointer removed).
  it.each([
    ['Inconsistent dependency lock file', true],
    ['Backend initialization required, please run "terraform init"', true],
    ['Backend configuration changed', true],
    ['Required plugins are not installed', true],
    ['Module not installed', true],
    ['Error acquiring the state lock', false],
    ['Your query returned no results. Please change your search criteria and try again.', false],
  ])('%s -> %s', (summary, want) => {
    expect(initRequired([err(summary)])).toBe(want);
  });
  it('a warning never triggers init', () => {
    expect(initRequired([{ severity: 'warning', summary: 'Backend initialization required', detail: '' }])).toBe(false);
  });
  it('only a changed backend needs -reconfigure', () => {
    expect(reconfigureRequired([err('Backend configuration changed')])).toBe(true);
    expect(reconfigureRequired([err('Inconsistent dependency lock file')])).toBe(false);
  });
});

describe('working dir files', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tfdoctor-unit-wd-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('needsInit until .terraform/ exists; the plan file lives inside it', async () => {
    expect(await needsInit(dir)).toBe(true);
    await mkdir(join(dir, '.terraform'));
    expect(await needsInit(dir)).toBe(false);
    expect(planFilePath(dir)).toBe(join(dir, '.terraform', 'tfdoctor.tfplan'));
  });

  it('writeFileAtomic replaces the file and leaves no temp file behind', async () => {
    const f = join(dir, 'report.json');
    await writeFile(f, 'old');
    await writeFileAtomic(f, 'new');
    expect(await readFile(f, 'utf8')).toBe('new');
    expect(await readdir(dir)).toEqual(['report.json']);
    await expect(writeFileAtomic(join(dir, 'missing', 'x.json'), 'x')).rejects.toThrow();
    expect(await readdir(dir)).toEqual(['report.json']);
  });
});

describe('versionFromStream', () => {
  it('reads the version message that starts every -json stream', () => {
    const msgs = [{ '@level': 'info', '@message': 'Terraform 1.11.4', type: 'version', terraform: '1.11.4', ui: '1.2' }] as unknown as UiMessage[];
    expect(versionFromStream(msgs)).toBe('1.11.4');
    expect(versionFromStream([])).toBeUndefined();
  });
});

describe('planAccount input checks (before any process starts)', () => {
  it.each([
    [{}, /--inventory PATH --account NAME, or --dir/],
    [{ account: 'emu-stage' }, /--account needs --inventory/],
    [{ dir: '/nonexistent/tfdoctor-unit' }, /not a directory/],
  ])('%j', async (opts, msg) => {
    const { planAccount } = await import('../../src/run/plan-account.js');
    const run = planAccount({ ...opts, terraformBin: '/nonexistent/terraform' });
    await expect(run).rejects.toBeInstanceOf(InputError);
    await expect(planAccount({ ...opts, terraformBin: '/nonexistent/terraform' })).rejects.toThrow(msg);
  });
});
