import { describe, expect, it } from 'vitest';
import { accountFromConfig, amiQueriesFromHcl, amiQueriesFromJson, failedAmiAddresses, providerRegions } from '../../src/run/ami-lookup.js';
import { hasAmiNotFound } from '../../src/run/ami-diagnostics.js';
import type { Diagnostic } from '../../src/tfjson/index.js';

const SHA = '3f7c2b9e8d1a4c5b6e7f8a9b0c1d2e3f4a5b6c7d';

// Shape of what src/synth writes (main.tf.json): "//" metadata + the data source.
const synthesized = {
  '//': { tfdoctor: { account: { name: 'emu-images', uid: '123456789012' }, images: { 'data.aws_ami.workers': { tag_name: 'commit', commit: SHA, url: 'https://example.com/r', region: 'us-west-2' } } } },
  provider: { aws: [{ region: 'us-east-1' }, { region: 'us-west-2', alias: 'us-west-2' }] },
  data: { aws_ami: { workers: { most_recent: true, owners: ['self'], filter: [{ name: 'tag:commit', values: [SHA] }], provider: 'aws.us-west-2' } } },
};

describe('image queries from a JSON config', () => {
  it('prefers synth metadata (url, region) and keeps the filter data', () => {
    expect(amiQueriesFromJson([synthesized])).toEqual([
      { address: 'data.aws_ami.workers', tagName: 'commit', commit: SHA, url: 'https://example.com/r', region: 'us-west-2', provider: 'aws.us-west-2' },
    ]);
    expect(accountFromConfig([synthesized])).toEqual({ name: 'emu-images', uid: '123456789012' });
  });

  it('a plain JSON project: tag and commit from the filter, region from the (aliased) provider', () => {
    const plain = { provider: synthesized.provider, data: { aws_ami: { x: { filter: { name: 'tag:build', values: ['abc'] } } } } };
    expect(providerRegions([plain]).get('aws')).toBe('us-east-1');
    expect(amiQueriesFromJson([plain])).toEqual([{ address: 'data.aws_ami.x', tagName: 'build', commit: 'abc', region: 'us-east-1' }]);
  });

  it('ignores images without a single-valued tag filter', () => {
    const doc = { data: { aws_ami: { a: { filter: [{ name: 'name', values: ['al2-*'] }] }, b: { filter: [{ name: 'tag:commit', values: ['x', 'y'] }] } } } };
    expect(amiQueriesFromJson([doc])).toEqual([]);
  });
});

describe('image queries from HCL (lenient scan)', () => {
  it('reads the tag filter and the aliased provider region', () => {
    const hcl = `
provider "aws" {
  region = "eu-west-1"
}
provider "aws" {
  alias  = "use2"
  region = "us-east-2"
}
data "aws_ami" "builder" {
  most_recent = true
  owners      = ["self"]
  provider    = aws.use2
  filter {
    name   = "architecture"
    values = ["x86_64"]
  }
  filter {
    name   = "tag:commit"
    values = ["${SHA}"]
  }
}
data "aws_ami" "plain" {
  filter {
    name   = "tag:commit"
    values = ["abc"]
  }
}`;
    expect(amiQueriesFromHcl([hcl])).toEqual([
      { address: 'data.aws_ami.builder', tagName: 'commit', commit: SHA, provider: 'aws.use2', region: 'us-east-2' },
      { address: 'data.aws_ami.plain', tagName: 'commit', commit: 'abc', region: 'eu-west-1' },
    ]);
  });
});

const noResults = (extra: Partial<Diagnostic> = {}): Diagnostic => ({
  severity: 'error',
  summary: 'Your query returned no results. Please change your search criteria and try again.',
  detail: '',
  ...extra,
});

describe('which image failed', () => {
  const known = ['data.aws_ami.a', 'data.aws_ami.b'];
  it.each([
    ['the diagnostic address', [noResults({ address: 'data.aws_ami.b' })], ['data.aws_ami.b']],
    ['the snippet naming one data source', [noResults({ snippet: { context: 'data "aws_ami" "a"', code: '', start_line: 1 } })], ['data.aws_ami.a']],
    ['nothing to go by: every image is checked', [noResults()], known],
    ['another error: none', [{ severity: 'error', summary: 'Error acquiring the state lock', detail: '' } as Diagnostic], []],
  ])('%s', (_name, diags, want) => {
    expect(failedAmiAddresses(diags, known).sort()).toEqual([...want].sort());
  });

  it('hasAmiNotFound only on errors', () => {
    expect(hasAmiNotFound([noResults()])).toBe(true);
    expect(hasAmiNotFound([noResults({ severity: 'warning' })])).toBe(false);
  });
});
