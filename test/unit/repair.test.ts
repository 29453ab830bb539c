/** Pure parts of the guarded repair: hashing, keys, approvers file, argv parsing, promises. */
import { describe, expect, it } from 'vitest';
import type { Report } from '../../src/doctor/report.js';
import { GuardError, InputError } from '../../src/errors.js';
import {
  approversLine,
  canonicalJson,
  checkPromise,
  compareEffects,
  comparePrediction,
  predictionLines,
  computeRepairHash,
  findingGone,
  generateKeyPair,
  GUARD_CHECKS,
  parseApprovers,
  parseDuration,
  parseOperation,
  parseRepair,
  planEffect,
  renderRepair,
  selectProposals,
  serializeRepair,
  signApproval,
  verifyApproval,
  type PlanEffect,
  type UnsignedRepair,
} from '../../src/repair/index.js';
import type { RawState } from '../../src/tfjson/raw-state.js';
import { localStatePathOf, lockIdOf, lockNameOf } from '../../src/repair/backend.js';
import { assertLockable } from '../../src/repair/lock.js';
import { restoreBytes, writeBackup } from '../../src/repair/backup.js';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const unsigned: UnsignedRepair = {
  repairVersion: 1,
  nonce: 'abc',
  target: { dir: '/tf', account: 'app-sre-stage' },
  proposals: [{ id: 'F1.a', findingId: 'F1', findingKind: 'orphaned-in-state', kind: 'terraform-state-rm', argv: ['terraform', 'state', 'rm', 'aws_s3_bucket.x'], why: 'w' }],
  state: { lineage: 'l', serial: 3, sha256: 'c'.repeat(64) },
  proposer: 'alice',
  createdAt: '2026-11-21T00:00:00.000Z',
  expiresAt: '2026-11-22T00:00:00.000Z',
};

describe('canonical JSON and the repair hash', () => {
  it('sorts keys at every depth and keeps array order', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: 'x' } })).toBe('{"a":{"c":"x","d":[3,{"y":2,"z":1}]},"b":1}');
  });
  it('is independent of key order and indentation, sensitive to every value', () => {
    const h = computeRepairHash(unsigned);
    expect(h).toMatch(/^[0-9a-f]{64}$/);
    const reordered = JSON.parse(JSON.stringify(Object.fromEntries(Object.entries(unsigned).reverse()))) as UnsignedRepair;
    expect(computeRepairHash(reordered)).toBe(h);
    expect(computeRepairHash({ ...unsigned, state: { ...unsigned.state, serial: 4 } })).not.toBe(h);
    expect(computeRepairHash({ ...unsigned, expiresAt: '2026-11-23T00:00:00.000Z' })).not.toBe(h);
    expect(computeRepairHash({ ...unsigned, target: { dir: '/other', account: 'app-sre-stage' } })).not.toBe(h);
  });
  it('ignores hash and approvals (they are what signs it)', () => {
    const h = computeRepairHash(unsigned);
    expect(computeRepairHash({ ...unsigned, hash: 'x', approvals: [{ approver: 'b', at: 't', publicKey: 'k', signature: 's' }] })).toBe(h);
  });
  it('round-trips through the file format; a bad file is an InputError naming the path', () => {
    const r = { ...unsigned, hash: computeRepairHash(unsigned), approvals: [] };
    expect(parseRepair(serializeRepair(r))).toEqual(r);
    try {
      parseRepair(JSON.stringify({ ...r, state: { ...r.state, serial: 'seven' } }), 'r.json');
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(InputError);
      expect((err as InputError).file).toBe('r.json');
      expect((err as InputError).path).toEqual(['state', 'serial']);
    }
    expect(() => parseRepair('{', 'r.json')).toThrow(InputError);
  });
});

describe('ed25519 approvals and the approvers file', () => {
  const k = generateKeyPair();
  it('signs (hash, approver) and verifies only that pair with that key', () => {
    const sig = signApproval(k.privateKeyPem, 'h1', 'bob');
    expect(verifyApproval(k.publicKey, sig, 'h1', 'bob')).toBe(true);
    expect(verifyApproval(k.publicKey, sig, 'h2', 'bob')).toBe(false);
    expect(verifyApproval(k.publicKey, sig, 'h1', 'carol')).toBe(false);
    expect(verifyApproval(generateKeyPair().publicKey, sig, 'h1', 'bob')).toBe(false);
    expect(verifyApproval('not-base64!', sig, 'h1', 'bob')).toBe(false);
    expect(Buffer.from(k.publicKey, 'base64')).toHaveLength(32);
    expect(k.privateKeyPem).toMatch(/^-----BEGIN PRIVATE KEY-----/);
  });
  it('parses the approvers file line keygen prints, with comments and blanks', () => {
    const text = `# team\n\n${approversLine('bob@example.com', k.publicKey)}\n  carol ed25519 ${generateKeyPair().publicKey}  \n`;
    const entries = parseApprovers(text);
    expect(entries.map((e) => [e.identity, e.line])).toEqual([['bob@example.com', 3], ['carol', 4]]);
    expect(entries[0]?.publicKey).toBe(k.publicKey);
  });
  it.each([
    ['two fields', 'bob ed25519'],
    ['another algorithm', `bob rsa ${k.publicKey}`],
    ['a key of the wrong length', 'bob ed25519 AAAA'],
  ])('fails closed on a malformed line: %s', (_n, line) => {
    try {
      parseApprovers(`${approversLine('ok', k.publicKey)}\n${line}\n`, 'approvers.txt');
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(InputError);
      expect((err as InputError).path).toEqual(['line 2']);
    }
  });
});

describe('parseOperation: only recognised, checked argv', () => {
  it.each([
    ['terraform-state-rm', ['terraform', 'state', 'rm', 'aws_s3_bucket.a', 'module.m["k"].aws_iam_user.u[0]'], { kind: 'terraform-state-rm', addresses: ['aws_s3_bucket.a', 'module.m["k"].aws_iam_user.u[0]'] }],
    ['terraform-state-mv', ['terraform', 'state', 'mv', 'aws_s3_bucket.a', 'aws_s3_bucket.b'], { kind: 'terraform-state-mv', from: 'aws_s3_bucket.a', to: 'aws_s3_bucket.b' }],
    ['terraform-import', ['terraform', 'import', 'aws_db_parameter_group.pg', 'quay-db-pg'], { kind: 'terraform-import', address: 'aws_db_parameter_group.pg', id: 'quay-db-pg' }],
    ['terraform-force-unlock', ['terraform', 'force-unlock', '-force', '0b5d-11'], { kind: 'terraform-force-unlock', lockId: '0b5d-11' }],
    ['terraform-force-unlock', ['tofu', 'force-unlock', '0b5d-11'], { kind: 'terraform-force-unlock', lockId: '0b5d-11' }],
    ['terraform-state-push', ['terraform', 'state', 'push', 'errored.tfstate'], { kind: 'terraform-state-push', file: 'errored.tfstate' }],
  ] as const)('%s %j', (kind, argv, op) => {
    expect(parseOperation(kind, argv)).toEqual(op);
  });
  it.each([
    ['terraform-state-rm', ['terraform', 'state', 'rm', '-lock=false', 'aws_s3_bucket.a']],
    ['terraform-state-rm', ['terraform', 'state', 'rm']],
    ['terraform-state-rm', ['terraform', 'state', 'mv', 'aws_s3_bucket.a', 'aws_s3_bucket.b']],
    ['terraform-state-rm', ['terraform', 'state', 'rm', 'aws_s3_bucket.a;rm -rf /']],
    ['terraform-state-mv', ['terraform', 'state', 'mv', 'aws_s3_bucket.a', 'aws_s3_bucket.a']],
    ['terraform-import', ['terraform', 'import', 'aws_s3_bucket.a', '-var=x']],
    ['terraform-import', ['terraform', 'import', 'aws_s3_bucket.a', 'id\nwith newline']],
    ['terraform-import', ['terraform', 'import', 'aws_s3_bucket.a']],
    ['terraform-force-unlock', ['terraform', 'force-unlock', '-force']],
    ['terraform-state-push', ['terraform', 'state', 'push', 'backup.tfstate']],
    ['terraform-state-push', ['terraform', 'state', 'push', '-force', 'errored.tfstate']],
    ['terraform-apply', ['terraform', 'apply']],
  ] as const)('refuses %s %j', (kind, argv) => {
    expect(() => parseOperation(kind, argv)).toThrow(InputError);
  });
});

describe('selectProposals', () => {
  const report: Report = {
    tool: 'tfdoctor', version: '0', schemaVersion: 1, target: { dir: '/tf' }, terraform: {}, state: { lineage: 'l', serial: 1 },
    findings: [
      { id: 'F1', kind: 'deleted-out-of-band', severity: 'error', address: 'aws_db_parameter_group.pg', summary: 's', evidence: {}, proposals: [
        { id: 'F1.a', kind: 'terraform-state-rm', argv: ['terraform', 'state', 'rm', 'aws_db_parameter_group.pg'], mutatesState: true, why: 'forget' },
        { id: 'F1.b', kind: 'terraform-apply', mutatesState: false, why: 'recreate' },
        { id: 'F1.c', kind: 'config-removed-block', snippet: 'removed {}', mutatesState: false, why: 'reviewable' },
      ] },
      { id: 'F2', kind: 'state-lock-held', severity: 'error', summary: 's', evidence: {}, proposals: [
        { id: 'F2.a', kind: 'terraform-force-unlock', argv: ['terraform', 'force-unlock', '-force', 'abc'], mutatesState: true, why: 'stale' },
      ] },
      { id: 'F3', kind: 'state-write-failed', severity: 'error', summary: 's', evidence: {}, proposals: [
        { id: 'F3.a', kind: 'terraform-state-push', argv: ['terraform', 'state', 'push', 'errored.tfstate'], mutatesState: true, why: 'persist' },
      ] },
    ],
  };
  it('takes the push of errored.tfstate (guarded since #12 item 3)', () => {
    expect(selectProposals(report, ['F3.a'])).toEqual([{ id: 'F3.a', findingId: 'F3', findingKind: 'state-write-failed', kind: 'terraform-state-push', argv: ['terraform', 'state', 'push', 'errored.tfstate'], why: 'persist' }]);
  });
  it('takes a state-mutating proposal with its finding', () => {
    expect(selectProposals(report, ['F1.a'])).toEqual([{ id: 'F1.a', findingId: 'F1', findingKind: 'deleted-out-of-band', kind: 'terraform-state-rm', argv: ['terraform', 'state', 'rm', 'aws_db_parameter_group.pg'], why: 'forget', address: 'aws_db_parameter_group.pg' }]);
  });
  it.each([
    [['F1.b'], /not a state repair.*reviewed plan\/apply pipeline/],
    [['F1.c'], /not a state repair.*snippet to the Terraform config/],
    [['F9.a'], /no proposal "F9.a".*F1.a, F1.b, F1.c, F2.a, F3.a/],
    [['F1.a', 'F1.a'], /named twice/],
    [['F1.a', 'F2.a'], /force-unlock repair must be proposed on its own/],
    [[], /at least one/],
  ])('refuses %j', (ids, msg) => {
    expect(() => selectProposals(report, ids)).toThrow(msg);
  });
});

function effect(changes: Record<string, string>, drift: Record<string, string> = {}): PlanEffect {
  return { changes, drift, errored: false, errors: [] };
}
function stateWith(...addrs: string[]): RawState {
  return {
    version: 4, terraform_version: '1.11.4', serial: 2, lineage: 'l',
    resources: addrs.map((a) => {
      const [type, name] = a.split('.') as [string, string];
      return { mode: 'managed' as const, type, name, provider: 'provider["registry.terraform.io/hashicorp/aws"]', instances: [{ attributes: {} }] };
    }),
  };
}

describe('the promise of each operation (rehearsal checks)', () => {
  const pg = 'aws_db_parameter_group.pg';
  it('state rm: the address leaves the state, may be created anew, nothing else moves', () => {
    const ops = [parseOperation('terraform-state-rm', ['terraform', 'state', 'rm', pg])];
    expect(checkPromise(ops, effect({ [pg]: 'create' }, { [pg]: 'delete' }), effect({ [pg]: 'create' }), stateWith('aws_s3_bucket.b'))).toEqual([]);
    expect(checkPromise(ops, effect({}), effect({}), stateWith(pg))).toEqual([`${pg} is still in the state after state rm`]);
    expect(checkPromise(ops, effect({}), effect({ [pg]: 'delete' }), stateWith())).toHaveLength(1);
    expect(checkPromise(ops, effect({ 'aws_s3_bucket.b': 'update' }), effect({}), stateWith())).toEqual([
      'aws_s3_bucket.b is not part of the repair but its plan changed: update -> no change',
    ]);
  });
  it('state mv: source gone, destination present and not recreated', () => {
    const ops = [parseOperation('terraform-state-mv', ['terraform', 'state', 'mv', 'aws_iam_user.old', 'aws_iam_user.new'])];
    const before = effect({ 'aws_iam_user.old': 'delete', 'aws_iam_user.new': 'create' });
    expect(checkPromise(ops, before, effect({}), stateWith('aws_iam_user.new'))).toEqual([]);
    expect(checkPromise(ops, before, effect({ 'aws_iam_user.new': 'update' }), stateWith('aws_iam_user.new'))).toEqual([]);
    expect(checkPromise(ops, before, effect({ 'aws_iam_user.new': 'replace' }), stateWith('aws_iam_user.new'))).toHaveLength(1);
    expect(checkPromise(ops, before, effect({}), stateWith('aws_iam_user.old'))).toHaveLength(2);
  });
  it('import: in state, never created', () => {
    const ops = [parseOperation('terraform-import', ['terraform', 'import', pg, 'pg'])];
    expect(checkPromise(ops, effect({ [pg]: 'create' }), effect({}), stateWith(pg))).toEqual([]);
    expect(checkPromise(ops, effect({ [pg]: 'create' }), effect({ [pg]: 'create' }), stateWith(pg))).toHaveLength(1);
  });
  it('a failed plan is never a kept promise (fail closed)', () => {
    const ops = [parseOperation('terraform-state-rm', ['terraform', 'state', 'rm', pg])];
    expect(checkPromise(ops, effect({}), { ...effect({}), errored: true, errors: ['boom'] }, stateWith())).toEqual(['the plan after the edit failed: boom']);
  });
  it('compareEffects: the real plan must equal the rehearsed one', () => {
    expect(compareEffects(effect({ [pg]: 'create' }), effect({ [pg]: 'create' }))).toEqual([]);
    expect(compareEffects(effect({ [pg]: 'create' }), effect({}))).toEqual([`${pg}: rehearsed create, real no change`]);
  });
  it.each([
    ['deleted-out-of-band', effect({}, { [pg]: 'delete' }), true],
    ['deleted-out-of-band', effect({ [pg]: 'create' }), false],
    ['exists-unmanaged', effect({ [pg]: 'create' }), true],
    ['exists-unmanaged', effect({ [pg]: 'update' }), false],
    ['orphaned-in-state', effect({ [pg]: 'delete' }), true],
    ['renamed-address', effect({ [pg]: 'create' }), true],
    ['renamed-address', effect({}), false],
  ] as const)('findingGone %s', (kind, eff, stillThere) => {
    expect(findingGone(kind, pg, eff) !== undefined).toBe(stillThere);
  });
  it('planEffect reads planned_change and resource_drift from the UI stream', () => {
    const msg = (type: string, addr: string, action: string) => ({ '@level': 'info', '@message': '', type, change: { resource: { addr }, action } });
    const eff = planEffect({ exitCode: 2, diagnostics: [], messages: [msg('resource_drift', pg, 'delete'), msg('planned_change', pg, 'create'), msg('planned_change', 'x.y', 'noop')] });
    expect(eff).toEqual({ changes: { [pg]: 'create' }, drift: { [pg]: 'delete' }, errored: false, errors: [] });
  });
});

describe('misc', () => {
  it.each([['90s', 90_000], ['30m', 1_800_000], ['24h', 86_400_000], ['2d', 172_800_000]])('parseDuration %s', (t, ms) => {
    expect(parseDuration(t)).toBe(ms);
  });
  it.each(['', '24', '1w', '-1h', '0h'])('parseDuration refuses %j', (t) => {
    expect(() => parseDuration(t)).toThrow(InputError);
  });
  it('renderRepair says when the file changed since it was proposed, and shows the commands', () => {
    const r = { ...unsigned, hash: computeRepairHash(unsigned), approvals: [] };
    const ok = renderRepair(r, { now: new Date('2026-11-21T01:00:00Z') });
    expect(ok).toContain('content matches its hash');
    expect(ok).toContain('$ terraform state rm aws_s3_bucket.x');
    expect(ok).toContain('Approvals: none yet');
    const changed = renderRepair({ ...r, proposer: 'mallory' }, { now: new Date('2026-11-23T01:00:00Z') });
    expect(changed).toContain('CHANGED since proposed');
    expect(changed).toContain('(EXPIRED)');
  });
  it('renderRepair never passes control characters (terminal escapes) to the screen', () => {
    const evil = { ...unsigned, proposals: unsigned.proposals.map((p) => ({ ...p, why: 'ok\u001b[2J\rhidden' })) };
    const out = renderRepair({ ...evil, hash: computeRepairHash(evil), approvals: [] });
    expect(out.includes("\u001b") || out.includes("\r")).toBe(false);
    expect(out).toContain('ok\\x1b[2J\\x0dhidden');
  });
  it.each([
    [{ type: 's3', bucket: 'b', key: 'acct/t.tfstate' }, 'default', 'b/acct/t.tfstate'],
    [{ type: 's3', bucket: 'b', key: 't.tfstate' }, 'stage', 'b/env:/stage/t.tfstate'],
    [{ type: 's3', bucket: 'b', key: 't.tfstate', workspaceKeyPrefix: 'ws' }, 'stage', 'b/ws/stage/t.tfstate'],
  ])('lockIdOf %j in workspace %s', (b, ws, id) => {
    expect(lockIdOf(b, ws)).toBe(id);
  });
});

describe('backup and restore bytes', () => {
  const raw = `${JSON.stringify({ version: 4, terraform_version: '1.11.4', serial: 5, lineage: 'lin-a', outputs: {}, resources: [] }, null, 2)}\n`;
  const snap = { raw, state: JSON.parse(raw) as RawState, sha256: 'x' };
  it('restores the backup content with a serial above anything written meanwhile', () => {
    expect(JSON.parse(restoreBytes(snap, 7).raw)).toEqual({ ...JSON.parse(raw), serial: 8 });
    expect(restoreBytes(snap, undefined).serial).toBe(6);
    expect(restoreBytes(snap, 3).serial).toBe(6);
  });
  it('writes the pulled bytes, mode 0600, named by lineage + serial + time, never over another file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tfdoctor-backup-unit-'));
    try {
      const now = new Date('2026-11-21T10:11:12.345Z');
      const file = await writeBackup(dir, snap, now);
      expect(file).toBe(join(dir, 'lin-a-serial5-2026-11-21T10-11-12-345Z.tfstate'));
      expect(await readFile(file, 'utf8')).toBe(raw);
      expect((await stat(file)).mode & 0o777).toBe(0o600);
      await expect(writeBackup(dir, snap, now)).rejects.toThrow(/EEXIST/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('the prediction (rehearsal at propose time, repairVersion 2)', () => {
  const eff = (changes: Record<string, string>, drift: Record<string, string> = {}): PlanEffect => ({ changes, drift, errored: false, errors: [] });
  const v2: UnsignedRepair = {
    ...unsigned,
    repairVersion: 2,
    prediction: { before: eff({ 'aws_iam_user.a': 'delete', 'aws_iam_user.b': 'create' }), after: eff({ 'aws_s3_bucket.x': 'create' }), rehearsedAt: '2026-11-21T00:00:01.000Z' },
  };
  it('is covered by the hash: an edited prediction changes it', () => {
    const h = computeRepairHash(v2);
    expect(computeRepairHash({ ...v2, prediction: { ...v2.prediction!, after: eff({}) } })).not.toBe(h);
    expect(computeRepairHash({ ...v2, prediction: undefined })).not.toBe(h);
  });
  it('a version 1 file (no prediction) still parses; version 3 does not', () => {
    const r1 = { ...unsigned, hash: computeRepairHash(unsigned), approvals: [] };
    expect(parseRepair(serializeRepair(r1)).repairVersion).toBe(1);
    const r2 = { ...v2, hash: computeRepairHash(v2), approvals: [] };
    expect(parseRepair(serializeRepair(r2)).prediction).toEqual(v2.prediction);
    expect(() => parseRepair(JSON.stringify({ ...r2, repairVersion: 3 }))).toThrow(/repairVersion 1 or 2/);
  });
  it('comparePrediction: any other planned change or drift, before or after the edit, is a difference', () => {
    const p = { before: v2.prediction!.before, after: v2.prediction!.after };
    expect(comparePrediction(p, p)).toEqual([]);
    expect(comparePrediction(p, { before: eff({ ...p.before.changes }, { 'aws_db_parameter_group.pg': 'delete' }), after: p.after })).toEqual([
      'drift before the edit, aws_db_parameter_group.pg: approved no change, now delete',
    ]);
    expect(comparePrediction(p, { before: p.before, after: eff({ 'aws_s3_bucket.x': 'update' }) })).toEqual([
      'plan after the edit, aws_s3_bucket.x: approved create, now update',
    ]);
    expect(comparePrediction(p, { before: p.before, after: { ...p.after, errored: true } })).toEqual(['the plan after the edit now fails']);
  });
  it('show renders it: the plan after the repair, against the plan before', () => {
    const out = renderRepair({ ...v2, hash: computeRepairHash(v2), approvals: [] }, { now: new Date('2026-11-21T01:00:00Z') });
    expect(out).toContain('Prediction (rehearsed 2026-11-21T00:00:01.000Z on a local copy of the bound state), after the repair the plan will:');
    expect(out).toContain('  create aws_s3_bucket.x (new: no change before the repair)');
    expect(out).toContain('  no longer delete aws_iam_user.a');
    expect(out).toContain('  no longer create aws_iam_user.b');
    expect(predictionLines({ ...unsigned, hash: '', approvals: [] })[0]).toMatch(/NONE RECORDED \(repairVersion 1\)/);
  });
});

describe('which backends the guard locks, and where terraform keeps the lock', () => {
  it.each([
    [{ type: 's3', bucket: 'b', key: 'k', use_lockfile: true }],
    [{ type: 's3', bucket: 'b', key: 'k', dynamodb_table: 't' }],
    [{ type: 's3', bucket: 'b', key: 'k', dynamodb_table: 't', use_lockfile: true }],
    [{ type: 'local' }],
  ])('takes %j', (b) => {
    expect(assertLockable(b)).toEqual(b);
  });
  it('an uninitialised backend block is the local default', () => {
    expect(assertLockable(undefined)).toEqual({ type: 'local' });
  });
  it.each([
    [{ type: 's3', bucket: 'b', key: 'k' }, /neither use_lockfile nor dynamodb_table/],
    [{ type: 'gcs' }, /the backend is "gcs"/],
  ])('refuses %j with the lock check', (b, why) => {
    expect(() => assertLockable(b)).toThrow(why);
    try {
      assertLockable(b);
    } catch (err) {
      expect((err as GuardError).check).toBe(GUARD_CHECKS.lock);
    }
  });
  it('names the lock per backend and workspace', () => {
    expect(lockNameOf('/tf', { type: 's3', bucket: 'b', key: 'a/k.tfstate', use_lockfile: true }, 'default')).toBe('s3://b/a/k.tfstate.tflock');
    expect(lockNameOf('/tf', { type: 's3', bucket: 'b', key: 'k', use_lockfile: true }, 'stage')).toBe('s3://b/env:/stage/k.tflock');
    expect(lockNameOf('/tf', { type: 's3', bucket: 'b', key: 'k', dynamodb_table: 't', use_lockfile: true }, 'default')).toBe('b/k');
    expect(lockNameOf('/tf', { type: 'local' }, 'default')).toBe('/tf/terraform.tfstate');
    expect(localStatePathOf('/tf', { type: 'local', path: 'state/x.tfstate' }, 'default')).toBe('/tf/state/x.tfstate');
    expect(localStatePathOf('/tf', { type: 'local' }, 'stage')).toBe('/tf/terraform.tfstate.d/stage/terraform.tfstate');
  });
});
