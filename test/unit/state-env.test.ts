/** childEnv: the one function that owns terraform's environment. */
import { describe, expect, it } from 'vitest';
import { EnvironmentError } from '../../src/errors.js';
import { childEnv } from '../../src/state/env.js';

describe('childEnv', () => {
  it('pins automation settings, passes PATH and AWS_* through, lets tf.env override the parent', () => {
    const env = childEnv(
      { env: { AWS_REGION: 'eu-west-1', TF_CLI_CONFIG_FILE: '/x/tfrc', TF_IN_AUTOMATION: '0' } },
      { PATH: '/usr/bin', AWS_PROFILE: 'p', AWS_REGION: 'us-east-1', HOME: '/root' },
    );
    expect(env).toEqual({
      PATH: '/usr/bin', AWS_PROFILE: 'p', AWS_REGION: 'eu-west-1', HOME: '/root', TF_CLI_CONFIG_FILE: '/x/tfrc',
      TF_IN_AUTOMATION: '1', TF_INPUT: '0',
    });
  });

  it('clears TF_LOG and TF_LOG_* from the parent and from tf.env', () => {
    const env = childEnv({ env: { TF_LOG_PROVIDER: 'TRACE' } }, { TF_LOG: 'DEBUG', TF_LOG_PATH: '/tmp/x.log', TF_LOG_CORE: 'TRACE', PATH: '/bin' });
    expect(Object.keys(env).filter((k) => k.startsWith('TF_LOG'))).toEqual([]);
    expect(env['PATH']).toBe('/bin');
  });

  it('drops undefined values (a way for callers to unset a parent variable)', () => {
    const env = childEnv({ env: { AWS_PROFILE: undefined } }, { AWS_PROFILE: 'prod' });
    expect(env).not.toHaveProperty('AWS_PROFILE');
  });

  it.each([['TF_CLI_ARGS', '-lock=false'], ['TF_CLI_ARGS_plan', '-refresh=false'], ['TF_CLI_ARGS_apply', '-auto-approve']])('refuses %s', (key, value) => {
    expect(() => childEnv({}, { [key]: value })).toThrow(EnvironmentError);
    expect(() => childEnv({}, { [key]: value })).toThrow(new RegExp(`unset ${key}`));
    expect(() => childEnv({ env: { [key]: value } }, {})).toThrow(EnvironmentError);
  });

  it('accepts an empty TF_CLI_ARGS (adds nothing) and leaves it out', () => {
    expect(childEnv({}, { TF_CLI_ARGS: '' })).not.toHaveProperty('TF_CLI_ARGS');
  });

  it('takes TF_DATA_DIR from tf.env only, never from the parent', () => {
    expect(childEnv({}, { TF_DATA_DIR: '/shared/.terraform', PATH: '/bin' })).not.toHaveProperty('TF_DATA_DIR');
    expect(childEnv({ env: { TF_DATA_DIR: '/copy/.terraform' } }, { TF_DATA_DIR: '/shared/.terraform' })['TF_DATA_DIR']).toBe('/copy/.terraform');
  });

  it('passes the parent TF_WORKSPACE through unless tf.env unsets it', () => {
    expect(childEnv({}, { TF_WORKSPACE: 'staging' })['TF_WORKSPACE']).toBe('staging');
    expect(childEnv({ env: { TF_WORKSPACE: undefined } }, { TF_WORKSPACE: 'staging' })).not.toHaveProperty('TF_WORKSPACE');
  });

  it('passes TF_VAR_* through (a --dir config\'s input variables), tf.env over the parent', () => {
    const env = childEnv({ env: { TF_VAR_b: 'x' } }, { TF_VAR_a: '1', TF_VAR_b: '2' });
    expect(env['TF_VAR_a']).toBe('1');
    expect(env['TF_VAR_b']).toBe('x');
  });
});
