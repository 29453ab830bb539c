/**
 * The parity core, rule by rule: each row is an input, the reference's output
 * (as read from qontract-reconcile f8dc7d43, the function named in the row),
 * and tfdoctor's output for the same input.
 */
import { describe, expect, it } from 'vitest';
import {
  GENERATED_SECRET_MARK,
  generateSecret,
  loadInventory,
  needsPriorState,
  priorStateFromRaw,
  recordingSecretGenerator,
  redactValues,
} from '../../src/synth/index.js';
import { account, namespace, writeInventory, type Doc } from './synth-helpers.js';

describe('prior state (the current value of a secret kept across runs)', () => {
  const raw = {
    version: 4,
    terraform_version: '1.11.4',
    serial: 3,
    lineage: 'l',
    outputs: { 'quay-db-rds__db_password': { value: 'current-pw', type: 'string', sensitive: true } },
    resources: [
      { mode: 'managed', type: 'aws_db_instance', name: 'quay-db', provider: 'p', instances: [{ attributes: { password: 'current-pw', id: 'quay-db' } }] },
      { mode: 'data', type: 'aws_canonical_user_id', name: 'current', provider: 'p', instances: [{ attributes: { id: 'x' } }] },
      { module: 'module.m', mode: 'managed', type: 'aws_s3_bucket', name: 'b', provider: 'p', instances: [{ attributes: { bucket: 'in-module' } }] },
      { mode: 'managed', type: 'aws_s3_bucket', name: 'counted', provider: 'p', instances: [{ index_key: 0, attributes: { bucket: 'c0' } }] },
    ],
  };
  it.each([
    ['aws_db_instance.quay-db', { password: 'current-pw', id: 'quay-db' }],
    ['aws_canonical_user_id.current', undefined], // data sources are not managed resources
    ['aws_s3_bucket.b', undefined], // not the root module
    ['aws_s3_bucket.counted', undefined], // count/for_each: not a single `type.name` instance
    ['aws_db_instance.missing', undefined],
  ])('attributes(%s)', (address, expected) => {
    expect(priorStateFromRaw(raw).attributes(address)).toEqual(expected);
  });

  it('root outputs by name (the reference keeps `db.password` from the Secret the output fed)', () => {
    const prior = priorStateFromRaw(raw);
    expect(prior.output('quay-db-rds__db_password')).toBe('current-pw');
    expect(prior.output('nope')).toBeUndefined();
    expect(priorStateFromRaw(undefined).attributes('aws_db_instance.quay-db')).toBeUndefined();
  });

  // TAC `_db_needs_auth` (rds not a replica) and `populate_tf_resource_elasticache`
  // (`transit_encryption_enabled` truthy, Python truthiness).
  it.each<[string, Doc, boolean]>([
    ['rds', { provider: 'rds', identifier: 'db', defaults: 'd.yml' }, true],
    ['rds replica (replica_source)', { provider: 'rds', identifier: 'db', defaults: 'd.yml', overrides: { replica_source: 'other' } }, false],
    ['elasticache with transit encryption', { provider: 'elasticache', identifier: 'ec', defaults: 'e.yml', overrides: { transit_encryption_enabled: true } }, true],
    ['elasticache without', { provider: 'elasticache', identifier: 'ec', defaults: 'e.yml' }, false],
    ['s3', { provider: 's3', identifier: 'bucket-a', defaults: 's.yml' }, false],
  ])('needsPriorState: %s', async (_name, resource, expected) => {
    const { file } = await writeInventory(
      { accounts: [account()], namespaces: [namespace([resource], { managedExternalResources: true })] },
      { 'd.yml': 'engine: postgres\n', 'e.yml': 'engine: redis\n', 's.yml': 'acl: private\n' },
    );
    expect(needsPriorState(await loadInventory(file), 'acct-a')).toBe(expected);
  });

  it('generateSecret: 20 letters and digits (TAC generate_random_password)', () => {
    const a = generateSecret();
    expect(a).toMatch(/^[A-Za-z0-9]{20}$/);
    expect(generateSecret()).not.toBe(a);
  });

  it('a recorded generated secret is replaced wherever it appears, nothing else is', () => {
    const gen = recordingSecretGenerator(() => 'S3cretS3cretS3cret00');
    const pw = gen.generate();
    const json = { resource: { aws_db_instance: { db: { password: pw, username: 'postgres' } } }, output: { x: { value: [pw, 'other'] } } };
    expect(redactValues(json, gen.generated)).toEqual({
      resource: { aws_db_instance: { db: { password: GENERATED_SECRET_MARK, username: 'postgres' } } },
      output: { x: { value: [GENERATED_SECRET_MARK, 'other'] } },
    });
  });
});
