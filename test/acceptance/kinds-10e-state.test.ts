/**
 * rosa-authenticator reads the account's state before synth (`needsPriorState`): what the
 * reconciler fetches while it synthesizes (the trigger zips) tfdoctor takes from
 * --artifacts or keeps from the state. An account with no state yet and no zips must then
 * fail as the reference does (it cannot download: "the release zip ... is needed"), not plan
 * the placeholder the first, bootstrap synth held for `init` (src/run/plan-account.ts
 * synthesizes again after the state read, state or not).
 *
 * Real CLI (`tfdoctor plan --account`), real terraform init against the emulator's S3
 * backend, the callback bucket's logo read from the emulator's S3.
 */
import { mkdir } from 'node:fs/promises';
import * as path from 'node:path';
import { CreateBucketCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadInventory } from '../../src/synth/index.js';
import { CALLBACK_LOGO_OBJECT } from '../../src/synth/kinds/rosa-authenticator.js';
import { s3Client, startEmulator, writeEmulatorOverride, type Emulator } from '../testbed/index.js';
import { tinyPng } from '../support/kinds-10e-inputs.js';
import { backendOf, runCli, tempDir } from './doctor-setup.js';

const INVENTORY = path.join(import.meta.dirname, '../../fixtures/inventory/kinds-10e/inventory.yml');
const ACCOUNT = 'kinds-10e';
const BUCKET = 'ocm-auth-callback';
let em: Emulator;
let work: { path: string; remove(): Promise<void> };
let wd: string;

beforeAll(async () => {
  em = await startEmulator();
  work = await tempDir('kinds-10e-state');
  wd = path.join(work.path, 'wd');
  await mkdir(wd, { recursive: true });
  await writeEmulatorOverride(wd);
  await backendOf(em, await loadInventory(INVENTORY), ACCOUNT);
  const s3 = s3Client(em, 'us-east-1');
  await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
  await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: CALLBACK_LOGO_OBJECT, Body: tinyPng(), ContentType: 'image/png' }));
  s3.destroy();
}, 120_000);

afterAll(async () => {
  await em?.stop();
  await work?.remove();
});

describe('rosa-authenticator, an account without state', () => {
  it('without the trigger zips: an input error naming the repository, after the state read (no plan of the bootstrap placeholder)', async () => {
    const r = await runCli(em, ['--inventory', INVENTORY, '--account', ACCOUNT, '--work-dir', wd, '--backend-config', 'use_path_style=true', '--json']);
    expect(r.exitCode, r.stderr).toBe(1);
    expect(r.stderr).toMatch(/the release zip of app-sre\/cognito-pre-signup-trigger \(latest\) is needed for aws_lambda_function\.cognito_pre_signup/);
    // It got as far as the state read: init ran against the emulator's backend.
    expect(r.stderr).toMatch(/reading the current state of kinds-10e/);
  }, 240_000);
});
