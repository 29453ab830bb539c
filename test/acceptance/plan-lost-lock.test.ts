/**
 * `tfdoctor plan` when the answer to terraform's own lock write is lost: the
 * DynamoDB PutItem reaches the emulator and writes the lock, the answer becomes a
 * 500 (test/testbed/lossy-proxy.ts), the SDK retries, and the retry fails on the
 * record the first attempt wrote. Terraform then reports "Error acquiring the state
 * lock" with its own Lock Info and leaves the record behind (seen in a fresh-clone
 * CI run, where moto lost the answer under load).
 *
 * planAccount reads the IDs terraform was about to write from its core log, sees the
 * lock is its own, releases it and plans again. Real terraform 1.11.4, real aws
 * provider 5.100.0, moto; the account is never applied (a plan takes the lock too).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EnvironmentError } from '../../src/errors.js';
import { readBackend } from '../../src/repair/backend.js';
import { acquireLock, releaseLock } from '../../src/repair/lock.js';
import { planAccount } from '../../src/run/plan-account.js';
import { readLock, startEmulator, type Emulator } from '../testbed/index.js';
import { isLockWrite, startLossyProxy, type LossyProxy } from '../testbed/lossy-proxy.js';
import type { Inventory } from '../../src/synth/index.js';
import { backendOf, findingsOf, fixtureInventory, synthInto, tempDir } from './doctor-setup.js';

const ACCOUNT = 'emu-new';
let em: Emulator;
let inv: Inventory;
let work: { path: string; remove(): Promise<void> };
let lock: { table: string; bucket: string; key: string };
const proxies: LossyProxy[] = [];

beforeAll(async () => {
  em = await startEmulator();
  inv = await fixtureInventory();
  work = await tempDir('lost-lock');
  await synthInto(em, inv, ACCOUNT, work.path);
  const b = await backendOf(em, inv, ACCOUNT);
  lock = { table: b.table, bucket: b.bucket, key: b.key };
}, 120_000);

afterAll(async () => {
  for (const p of proxies) await p.stop();
  await em?.stop();
  await work?.remove();
});

async function planThroughLossyDynamo(times: number) {
  const proxy = await startLossyProxy(Number(new URL(em.endpoint).port), { lose: isLockWrite, times });
  proxies.push(proxy);
  const result = await planAccount({
    inventory: inv, account: ACCOUNT, workDir: work.path, probe: false,
    env: { ...em.env, AWS_ENDPOINT_URL_DYNAMODB: proxy.endpoint },
    backendConfig: { use_path_style: 'true' },
  });
  return { result, proxy };
}

describe('plan whose own lock write lost its answer (emu-new, DynamoDB lock)', () => {
  it('one lost answer: the plan releases its own lock, plans again and diagnoses as usual', async () => {
    const { result, proxy } = await planThroughLossyDynamo(1);
    expect(proxy.lost()).toBe(1);
    expect(findingsOf(result.report, 'state-lock-held')).toEqual([]);
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(result.warnings.join('\n')).toMatch(/lock write was lost .* own lock [0-9a-f-]{36}: released it \(terraform force-unlock\) and planned again/);
    expect(await readLock(em, lock)).toBeUndefined();
  }, 240_000);

  it('every answer lost: both of its own locks are released, none is left behind, and the run stops with an environment error', async () => {
    const proxy = await startLossyProxy(Number(new URL(em.endpoint).port), { lose: isLockWrite, times: 1000 });
    proxies.push(proxy);
    const progress: string[] = [];
    const err = await planAccount({
      inventory: inv, account: ACCOUNT, workDir: work.path, probe: false,
      env: { ...em.env, AWS_ENDPOINT_URL_DYNAMODB: proxy.endpoint },
      backendConfig: { use_path_style: 'true' },
      onProgress: (e) => progress.push(e.message),
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EnvironmentError);
    expect((err as Error).message).toMatch(/could not take the state lock of emu-new: the answer to its lock write was lost twice/);
    expect(proxy.lost()).toBeGreaterThanOrEqual(2);
    expect(progress.filter((m) => /own lock [0-9a-f-]{36}: released it/.test(m))).toHaveLength(2);
    expect(await readLock(em, lock)).toBeUndefined();
  }, 240_000);

  it('the repair guard: terraform console\'s own lost write is released and the lock taken again', async () => {
    const proxy = await startLossyProxy(Number(new URL(em.endpoint).port), { lose: isLockWrite, times: 1 });
    proxies.push(proxy);
    const env = { ...em.env, AWS_ENDPOINT_URL_DYNAMODB: proxy.endpoint };
    const tf = { bin: 'terraform', cwd: work.path, env };
    const backend = await readBackend(work.path);
    expect(backend?.type).toBe('s3');
    const target = { backend: backend!, dir: work.path, workspace: 'default', env };
    const lines: string[] = [];
    const held = await acquireLock(tf, target, ACCOUNT, (l) => lines.push(l));
    try {
      expect(proxy.lost()).toBe(1);
      expect(lines.join('\n')).toMatch(/lock write on emu-new was lost and its retry found its own lock [0-9a-f-]{36}: releasing that one and taking the lock again/);
      expect(held.info?.ID).toMatch(/^[0-9a-f-]{36}$/);
      expect((await readLock(em, lock))?.['ID']).toBe(held.info?.ID);
    } finally {
      await releaseLock(target, held, tf);
    }
    expect(await readLock(em, lock)).toBeUndefined();
  }, 240_000);
});
