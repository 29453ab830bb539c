/** The exact argv of every terraform wrapper, without spawning anything. */
import { describe, expect, it } from 'vitest';
import { EnvironmentError, InputError } from '../../src/errors.js';
import {
  assertSupportedVersion, compareVersions, initArgs, isOpenTofuBin, outputArgs, planArgs, showPlanArgs, showStateArgs, stateListArgs, validateArgs, statePullArgs, versionArgs,
} from '../../src/state/index.js';
import { applyArgs } from '../../src/state/terraform/mutating/apply.js';
import { forceUnlockArgs } from '../../src/state/terraform/mutating/force-unlock.js';
import { importArgs } from '../../src/state/terraform/mutating/import.js';
import { stateMvArgs } from '../../src/state/terraform/mutating/state-mv.js';
import { statePushArgs } from '../../src/state/terraform/mutating/state-push.js';
import { stateRmArgs } from '../../src/state/terraform/mutating/state-rm.js';

describe('read-only wrappers', () => {
  it.each([
    ['version', versionArgs(), ['version', '-json']],
    ['init defaults', initArgs(), ['init', '-no-color', '-input=false', '-backend=true', '-reconfigure=false', '-upgrade=false']],
    ['init without backend', initArgs({ backend: false }), ['init', '-no-color', '-input=false', '-backend=false', '-reconfigure=false', '-upgrade=false']],
    ['init with backend config', initArgs({ backendConfig: { use_path_style: 'true', bucket: 'b' }, reconfigure: true, lockTimeout: '5s' }),
      ['init', '-no-color', '-input=false', '-backend-config=use_path_style=true', '-backend-config=bucket=b', '-lock-timeout=5s', '-backend=true', '-reconfigure=true', '-upgrade=false']],
    ['plan defaults', planArgs(), ['plan', '-json', '-input=false', '-detailed-exitcode', '-refresh-only=false', '-lock=true', '-destroy=false', '-refresh=true']],
    ['plan all', planArgs({ out: 'a.tfplan', lockTimeout: '1s', parallelism: 4, refreshOnly: true, lock: false, destroy: true, refresh: false }),
      ['plan', '-json', '-input=false', '-detailed-exitcode', '-out=a.tfplan', '-lock-timeout=1s', '-parallelism=4', '-refresh-only=true', '-lock=false', '-destroy=true', '-refresh=false']],
    ['show plan', showPlanArgs('/x/p.tfplan'), ['show', '-json', '-no-color', '/x/p.tfplan']],
    ['show state', showStateArgs(), ['show', '-json', '-no-color']],
    ['output', outputArgs(), ['output', '-json', '-no-color']],
    ['state pull', statePullArgs(), ['state', 'pull']],
    ['state list', stateListArgs(), ['state', 'list']],
    ['validate', validateArgs(), ['validate', '-json', '-no-color']],
  ])('%s', (_name, got, want) => {
    expect(got).toEqual(want);
  });
});

describe('state-mutating wrappers', () => {
  it.each([
    ['state rm', stateRmArgs(['aws_s3_bucket.a', 'module.m[0].aws_iam_user.u["x y"]']),
      ['state', 'rm', '-no-color', '-lock=true', '-dry-run=false', 'aws_s3_bucket.a', 'module.m[0].aws_iam_user.u["x y"]']],
    ['state rm all', stateRmArgs(['aws_s3_bucket.a'], { backup: '/b/backup.tfstate', lockTimeout: '10s', dryRun: true }),
      ['state', 'rm', '-no-color', '-backup=/b/backup.tfstate', '-lock-timeout=10s', '-lock=true', '-dry-run=true', 'aws_s3_bucket.a']],
    ['state mv', stateMvArgs('aws_db_parameter_group.a', 'aws_db_parameter_group.b'),
      ['state', 'mv', '-no-color', '-lock=true', '-dry-run=false', 'aws_db_parameter_group.a', 'aws_db_parameter_group.b']],
    ['state mv module', stateMvArgs('module.old', 'module.new', { lockTimeout: '3s' }),
      ['state', 'mv', '-no-color', '-lock-timeout=3s', '-lock=true', '-dry-run=false', 'module.old', 'module.new']],
    ['state push file', statePushArgs('/tmp/s.tfstate'), ['state', 'push', '-lock=true', '-force=false', '/tmp/s.tfstate']],
    ['state push stdin', statePushArgs('-', { force: true, lockTimeout: '2s' }), ['state', 'push', '-lock-timeout=2s', '-lock=true', '-force=true', '-']],
    ['import', importArgs('aws_db_parameter_group.quay-db-pg', 'quay-db-pg'),
      ['import', '-no-color', '-input=false', '-lock=true', 'aws_db_parameter_group.quay-db-pg', 'quay-db-pg']],
    ['import all', importArgs('aws_iam_user.u', 'u', { lockTimeout: '5s', parallelism: 2, lock: false }),
      ['import', '-no-color', '-input=false', '-lock-timeout=5s', '-parallelism=2', '-lock=false', 'aws_iam_user.u', 'u']],
    ['force-unlock', forceUnlockArgs('3c5b5c5e-0000-4000-8000-000000000000'), ['force-unlock', '-no-color', '-force', '3c5b5c5e-0000-4000-8000-000000000000']],
    ['apply', applyArgs(), ['apply', '-json', '-input=false', '-lock=true', '-auto-approve', '-refresh-only=false']],
    ['apply refresh-only', applyArgs({ refreshOnly: true, lockTimeout: '1s', parallelism: 3 }),
      ['apply', '-json', '-input=false', '-lock-timeout=1s', '-parallelism=3', '-lock=true', '-auto-approve', '-refresh-only=true']],
    ['apply plan file', applyArgs({ planFile: '/w/p.tfplan', refreshOnly: true }), ['apply', '-json', '-input=false', '-lock=true', '-auto-approve', '/w/p.tfplan']],
  ])('%s', (_name, got, want) => {
    expect(got).toEqual(want);
  });
});

describe('hostile input never becomes a flag', () => {
  it.each([
    ['-lock=false'],
    ['aws_s3_bucket.a\n-lock=false'],
    ['aws_s3_bucket'],
    [''],
    ['aws_s3_bucket.a; rm -rf /'],
    ['../../etc/passwd'],
  ])('state rm refuses %j', (addr) => {
    expect(() => stateRmArgs([addr])).toThrow(InputError);
    expect(() => stateMvArgs(addr, 'aws_s3_bucket.b')).toThrow(InputError);
    expect(() => importArgs(addr, 'x')).toThrow(InputError);
  });

  it.each([['-force'], [''], ['id\nmore'], ['a\0b']])('positional %j is refused', (v) => {
    expect(() => forceUnlockArgs(v)).toThrow(InputError);
    expect(() => importArgs('aws_s3_bucket.a', v)).toThrow(InputError);
    expect(() => statePushArgs(v)).toThrow(InputError);
    expect(() => planArgs({ out: v })).toThrow(InputError);
  });

  it('refuses a backend-config key that is not an attribute name (it could be read as a file)', () => {
    expect(() => initArgs({ backendConfig: { '/etc/backend.hcl': 'x' } })).toThrow(InputError);
    expect(() => initArgs({ backendConfig: { 'bucket=evil': 'x' } })).toThrow(InputError);
  });

  it('state rm needs at least one address', () => {
    expect(() => stateRmArgs([])).toThrow();
  });
});

describe('version helpers', () => {
  it.each([
    ['1.11.4', '1.5.0', 1],
    ['1.5.0', '1.5.0', 0],
    ['1.4.7', '1.5.0', -1],
    ['1.10.0', '1.9.8', 1],
    ['v1.6.0-beta1', '1.6.0', 0],
  ])('compareVersions(%s, %s) = %i', (a, b, want) => {
    expect(compareVersions(a, b)).toBe(want);
  });

  it.each([['tofu', true], ['/usr/local/bin/tofu', true], ['terraform', false], ['/opt/tofu/terraform', false]])('isOpenTofuBin(%s)', (bin, want) => {
    expect(isOpenTofuBin(bin)).toBe(want);
  });

  it.each([['1.5.0', false], ['1.11.4', false], ['1.4.7', true], ['0.15.5', true]])('minimum version gate: %s too old = %s', (v, tooOld) => {
    const run = () => assertSupportedVersion({ version: v, isOpenTofu: false });
    if (tooOld) expect(run).toThrow(EnvironmentError);
    else expect(run).not.toThrow();
  });
});
