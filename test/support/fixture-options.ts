/**
 * The outside inputs the fixture inventory needs, fixed so synthesized configs do
 * not change between runs: a password for a new RDS instance (no prior state), the
 * AMI the asg's DescribeImages would find, and the Vault fields of the
 * secrets-manager entry (the same as fixtures/inventory/secrets.yml).
 */
import type { SynthOptions } from '../../src/synth/synth-options.js';

export const FIXTURE_AMI = 'ami-0123456789abcdef0';

export const FIXTURE_OPTIONS: SynthOptions = {
  generatePassword: () => 'GoldenPassword000000',
  images: new Map([['image-builder-workers', { imageId: FIXTURE_AMI }]]),
  secrets: new Map([['app-sre/grafana/admin', { username: 'admin', password: 'golden-fixture-not-a-secret' }]]),
};
