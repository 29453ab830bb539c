/**
 * planAccount skips `terraform show -json` when the plan has no changes and its
 * -json stream reported no drift. That rests on Terraform streaming a
 * `resource_drift` message for each drifted object: checked here on every
 * captured scenario, with the exit code the capture recorded.
 */
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { diagnose } from '../../src/doctor/index.js';
import { planJsonNeeded } from '../../src/run/plan-account.js';
import { PlanJson, parseUiStream, diagnosticsOf } from '../../src/tfjson/index.js';

const ROOT = join(import.meta.dirname, '../../fixtures/captured');
const scenarios = readdirSync(ROOT).filter((d) => existsSync(join(ROOT, d, 'plan.json')) && existsSync(join(ROOT, d, 'plan-stream.jsonl')));

describe('show -json is skipped only when the plan JSON cannot hold a finding', () => {
  it('there are captured scenarios with and without drift', () => {
    expect(scenarios).toEqual(expect.arrayContaining(['clean', 'deleted-out-of-band', 'changed-out-of-band']));
  });

  it.each(scenarios)('%s', (scenario) => {
    const dir = join(ROOT, scenario);
    const meta = JSON.parse(readFileSync(join(dir, 'meta.json'), 'utf8')) as { plan_exit_code: number };
    const plan = PlanJson.parse(JSON.parse(readFileSync(join(dir, 'plan.json'), 'utf8')));
    const { messages } = parseUiStream(readFileSync(join(dir, 'plan-stream.jsonl'), 'utf8'));
    const fromPlan = diagnose({ plan, diagnostics: [], now: new Date('2026-11-22T00:00:00Z'), account: { name: 'a', enableDeletion: false, deletionApprovals: [] } });
    const needed = planJsonNeeded(meta.plan_exit_code, messages);
    if (fromPlan.length > 0 || (plan.resource_drift?.length ?? 0) > 0) expect(needed).toBe(true);
    if (scenario === 'clean') {
      expect(needed).toBe(false);
      expect(diagnosticsOf(messages).filter((d) => d.severity === 'error')).toEqual([]);
    }
  });

  it.each(scenarios)('%s: with updateDriftMoot, a plan whose JSON holds a finding still needs it', async (scenario) => {
    const dir = join(ROOT, scenario);
    const meta = JSON.parse(readFileSync(join(dir, 'meta.json'), 'utf8')) as { plan_exit_code: number };
    const plan = PlanJson.parse(JSON.parse(readFileSync(join(dir, 'plan.json'), 'utf8')));
    const { messages } = parseUiStream(readFileSync(join(dir, 'plan-stream.jsonl'), 'utf8'));
    const fromPlan = diagnose({ plan, diagnostics: [], now: new Date('2026-11-22T00:00:00Z'), account: { name: 'a', enableDeletion: false, deletionApprovals: [] } });
    let asked = 0;
    const needed = await planJsonNeeded(meta.plan_exit_code, messages, { updateDriftMoot: async () => (asked++, true) });
    if (fromPlan.length > 0) expect(needed).toBe(true);
    // Asked only for a plan with no change whose drift is all updates (none of the captures: every drifted one has changes).
    const drifts = messages.filter((m) => m.type === 'resource_drift');
    expect(asked).toBe(meta.plan_exit_code === 0 && drifts.length > 0 && drifts.every((m) => m.change?.action === 'update') ? 1 : 0);
    expect(needed).toBe(planJsonNeeded(meta.plan_exit_code, messages));
  });
});
