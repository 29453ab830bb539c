import { describe, expect, it } from 'vitest';
import { diagnose } from '../../src/doctor/diagnose.js';
import { diagnosticsFromText } from '../../src/doctor/text-input.js';
import { NOW } from './doctor-helpers.js';

describe('pasted text', () => {
  it('reads unframed (-no-color) error blocks, with the "with <address>," line', () => {
    const text = [
      'aws_db_parameter_group.pg: Creating...',
      '',
      'Error: creating RDS DB Parameter Group (pg): DBParameterGroupAlreadyExists: A DB parameter group named pg already exists.',
      '',
      '  with aws_db_parameter_group.pg,',
      '  on main.tf.json line 35, in resource.aws_db_parameter_group.pg:',
      '  35:       }',
      '',
      '',
      '[2026-11-21 10:00:00] INFO reconciler moved on',
    ].join('\n');
    const ds = diagnosticsFromText(text);
    expect(ds).toHaveLength(1);
    expect(ds[0]?.address).toBe('aws_db_parameter_group.pg');
    expect(ds[0]?.detail).not.toContain('reconciler moved on');
    const fs = diagnose({ diagnostics: [], text, now: NOW });
    expect(fs.map((f) => [f.kind, f.address])).toEqual([['exists-unmanaged', 'aws_db_parameter_group.pg']]);
    expect(fs[0]?.proposals[0]?.argv).toEqual(['terraform', 'import', 'aws_db_parameter_group.pg', 'pg']);
  });

  it('strips color codes', () => {
    const ds = diagnosticsFromText('\u001b[31m╷\u001b[0m\n\u001b[31m│\u001b[0m \u001b[1m\u001b[31mError: \u001b[0m\u001b[0m\u001b[1mBoom\u001b[0m\n\u001b[31m╵\u001b[0m');
    expect(ds.map((d) => d.summary)).toEqual(['Boom']);
  });

  it('text with no errors and no reconciler messages gives nothing', () => {
    expect(diagnose({ diagnostics: [], text: 'Plan: 0 to add, 0 to change, 0 to destroy.\nall good', now: NOW })).toEqual([]);
  });

  it('the same reconciler AMI message repeated is one finding', () => {
    const line = `could not find ami for commit ${'d'.repeat(40)} in account app-sre-stage`;
    const fs = diagnose({ diagnostics: [], text: `${line}\n${line}\n`, now: NOW });
    expect(fs.map((f) => f.kind)).toEqual(['ami-not-found']);
    expect(fs[0]?.evidence).toMatchObject({ account: 'app-sre-stage', commit: 'd'.repeat(40) });
    expect(fs[0]?.summary).toMatch(/build .*failed|not shared/);
  });
});
