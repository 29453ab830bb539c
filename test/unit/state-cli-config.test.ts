/** Provider mirror detection and the CLI config file. */
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EnvironmentError } from '../../src/errors.js';
import { findProviderMirror, renderCliConfig, writeCliConfig } from '../../src/state/cli-config.js';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'tfdoctor-cli-config-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const mirror = path.join(tmp, 'mirror');
mkdirSync(path.join(mirror, 'registry.terraform.io', 'hashicorp', 'aws', '5.100.0', 'linux_amd64'), { recursive: true });
const empty = path.join(tmp, 'empty');
mkdirSync(empty);

describe('findProviderMirror', () => {
  it('takes TFDOCTOR_PROVIDER_MIRROR first', () => {
    expect(findProviderMirror({ TFDOCTOR_PROVIDER_MIRROR: mirror }, [])).toBe(mirror);
  });
  it('refuses an override that is not a mirror', () => {
    expect(() => findProviderMirror({ TFDOCTOR_PROVIDER_MIRROR: empty }, [])).toThrow(EnvironmentError);
  });
  it('probes candidates in order, skipping missing and empty ones', () => {
    expect(findProviderMirror({}, [path.join(tmp, 'nope'), empty, mirror])).toBe(mirror);
    expect(findProviderMirror({}, [path.join(tmp, 'nope'), empty])).toBeUndefined();
  });
});

describe('CLI config', () => {
  it('installs registry providers from the mirror only, never directly', () => {
    const text = renderCliConfig({ mirror: '/opt/tf-plugins' });
    expect(text).toContain('filesystem_mirror {\n    path    = "/opt/tf-plugins"\n    include = ["registry.terraform.io/*/*"]');
    expect(text).toContain('direct {\n    exclude = ["registry.terraform.io/*/*"]');
    expect(text).not.toContain('plugin_cache_dir');
  });
  it('escapes paths as HCL strings (quotes and template sequences)', () => {
    const text = renderCliConfig({ mirror: '/a "b"/${x}', pluginCacheDir: '/c' });
    expect(text).toContain('path    = "/a \\"b\\"/$${x}"');
    expect(text).toContain('plugin_cache_dir = "/c"');
  });
  it('writes the file and creates the cache dir', async () => {
    const file = path.join(tmp, 'out', 'terraform.tfrc');
    await writeCliConfig(file, { mirror, pluginCacheDir: path.join(tmp, 'cache') });
    expect(readFileSync(file, 'utf8')).toBe(renderCliConfig({ mirror, pluginCacheDir: path.join(tmp, 'cache') }));
    expect(() => readFileSync(path.join(tmp, 'cache'))).toThrow(/EISDIR/);
  });
});
