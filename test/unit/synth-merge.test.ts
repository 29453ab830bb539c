/** Pure pieces of synthesis: merge order, names, tags, template escaping. */
import { describe, expect, it } from 'vitest';
import type { ResourceEntry } from '../../src/synth/inventory-schema.js';
import { mergeValues, nestDottedKeys } from '../../src/synth/merge.js';
import { escapeDeep, escapeTemplate, outputPrefix, resourceTags, tfName, tfNameWithSuffix } from '../../src/synth/naming.js';

describe('nestDottedKeys', () => {
  it.each([
    [{ 'a.b': 1 }, { a: { b: 1 } }],
    [{ 'a.b': 1, 'a.c': 2, d: 3 }, { a: { b: 1, c: 2 }, d: 3 }],
    // one level only, as the reference: the rest of the key stays dotted
    // aggregate_values keeps only the first two parts: a.b.c sets a.b
    [{ 'a.b.c': 1 }, { a: { b: 1 } }],
    // a dotted key merges into an object defined before it
    [{ a: { x: 1 }, 'a.y': 2 }, { a: { x: 1, y: 2 } }],
    // leading/trailing dots split too (str.split('.')), as in the reference
    [{ '.a': 1, 'b.': 2 }, { '': { a: 1 }, b: { '': 2 } }],
  ])('%j -> %j', (input, expected) => {
    expect(nestDottedKeys(input)).toEqual(expected);
  });
});

describe('mergeValues (defaults -> dotted -> overrides -> identifier/tags -> entry keys)', () => {
  const entry = (extra: Partial<ResourceEntry> = {}): ResourceEntry => ({ provider: 'rds', identifier: 'quay-db', ...extra }) as ResourceEntry;

  it('overrides win over defaults', () => {
    expect(mergeValues(entry(), { instance_class: 'db.m5.large', engine: 'postgres' }, { instance_class: 'db.t3.micro' })).toMatchObject({
      instance_class: 'db.t3.micro',
      engine: 'postgres',
    });
  });

  it('overrides replace a nested object instead of deep-merging it (dict.update)', () => {
    const v = mergeValues(entry(), { 'blue_green_update.enabled': true, 'blue_green_update.x': 1 }, { blue_green_update: { enabled: false } });
    expect(v['blue_green_update']).toEqual({ enabled: false });
  });

  it('a __proto__ key from JSON does not change the prototype of the values', () => {
    const overrides = JSON.parse('{"__proto__": {"polluted": true}, "engine": "postgres"}') as Record<string, unknown>;
    const v = mergeValues(entry(), JSON.parse('{"__proto__": {"x": 1}}') as Record<string, unknown>, overrides);
    expect(Object.getPrototypeOf(v)).toBe(Object.prototype);
    expect(v['engine']).toBe('postgres');
    expect(v['polluted']).toBeUndefined();
  });

  it('identifier always comes from the entry, even when defaults or overrides set it', () => {
    expect(mergeValues(entry(), { identifier: 'other' }, { identifier: 'other2' })['identifier']).toBe('quay-db');
  });

  it("values.tags is the spec's own tags: tags from defaults and overrides never survive (init_values sets spec.tags())", () => {
    expect(mergeValues(entry(), { tags: { team: 'x' } }, { tags: { team: 'y' } }, { tags: { team: 'quay' } })['tags']).toEqual({ team: 'quay' });
    expect(mergeValues(entry(), { tags: { team: 'x' } }, { tags: { team: 'y' } })).not.toHaveProperty('tags');
  });

  it("the entry's own keys win over overrides; entry-only keys are not values", () => {
    const v = mergeValues(entry({ region: 'us-west-2', output_resource_name: 'creds', defaults: 'x.yml' }), { region: 'eu-west-1' }, { region: 'eu-west-2' });
    expect(v['region']).toBe('us-west-2');
    expect(v).not.toHaveProperty('output_resource_name');
    expect(v).not.toHaveProperty('defaults');
    expect(v).not.toHaveProperty('provider');
  });
});

describe('names', () => {
  it.each([
    ['quay-db', 'rds', 'quay-db-rds'],
    ['quay-builder', 'aws-iam-service-account', 'quay-builder-aws-iam-service-account'],
    ['example.com', 'route53-zone', 'example_com-route53-zone'],
  ] as const)('outputPrefix(%s, %s) = %s', (id, kind, expected) => {
    expect(outputPrefix(id, kind)).toBe(expected);
  });

  it.each([
    ['quay-db', 'quay-db'],
    ['observability.example.com', 'observability_example_com'],
    ['_x', '_x'],
    ['1abc', undefined],
    ['a b', undefined],
    ['a${x}', undefined],
  ])('tfName(%j) = %j', (raw, expected) => {
    expect(tfName(raw)).toBe(expected);
  });

  it('policy names with characters addresses cannot hold become _', () => {
    expect(tfNameWithSuffix('svc', 'service-role/AmazonRDS+Role')).toBe('svc-service-role_AmazonRDS_Role');
  });
});

describe('resourceTags', () => {
  it('common tags in the reference order, then the resource tags, which win', () => {
    const tags = resourceTags(
      { cluster: 'c1', namespace: 'ns', environment: 'stage', app: 'quay', appCode: 'Q-1', costCenter: '7', environmentServicePhase: 'prod' },
      { team: 'quay', app: 'override' },
    );
    expect(Object.keys(tags)).toEqual(['managed_by_integration', 'cluster', 'namespace', 'environment', 'app', 'app-code', 'cost-center', 'service-phase', 'team']);
    expect(tags['managed_by_integration']).toBe('terraform_resources');
    expect(tags['app']).toBe('override');
  });

  it('optional tags are left out when the namespace has no value', () => {
    expect(resourceTags({ cluster: 'c', namespace: 'n' }, undefined)).toEqual({ managed_by_integration: 'terraform_resources', cluster: 'c', namespace: 'n' });
  });
});

describe('template escaping', () => {
  it.each([
    ['${file("/etc/passwd")}', '$${file("/etc/passwd")}'],
    ['%{ if true }x%{ endif }', '%%{ if true }x%%{ endif }'],
    ['plain $ and % and {}', 'plain $ and % and {}'],
  ])('%j -> %j', (input, expected) => {
    expect(escapeTemplate(input)).toBe(expected);
  });

  it('escapes nested strings and object keys, leaves other values', () => {
    expect(escapeDeep({ 'k${a}': ['${b}', 1, true, null], n: { m: '%{c}' } })).toEqual({ 'k$${a}': ['$${b}', 1, true, null], n: { m: '%%{c}' } });
  });
});
