import { describe, expect, it } from 'vitest';
import { Report, FINDING_KINDS } from '../../src/doctor/report.js';

describe('report schema', () => {
  it('accepts the contract example and rejects unknown finding kinds', () => {
    const base = {
      tool: 'tfdoctor', version: '0.1.0', schemaVersion: 1,
      target: { account: 'app-sre-stage' }, terraform: { version: '1.11.4' },
      findings: [{ id: 'F1', kind: 'deleted-out-of-band', severity: 'error', address: 'aws_db_parameter_group.quay-db-pg',
        summary: 's', evidence: {}, proposals: [{ id: 'F1.a', kind: 'terraform-state-rm', argv: ['terraform', 'state', 'rm', 'aws_db_parameter_group.quay-db-pg'], mutatesState: true, why: 'w' }] }],
    };
    expect(Report.parse(base).findings[0]?.kind).toBe('deleted-out-of-band');
    expect(Report.safeParse({ ...base, findings: [{ ...base.findings[0], kind: 'gone' }] }).success).toBe(false);
    expect(FINDING_KINDS).toContain('unclassified-error');
  });
});
