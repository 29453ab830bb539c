/**
 * `npm run demo`: the runbook's failures, reproduced for real and diagnosed.
 *
 * Starts the AWS emulator (moto) on loopback, applies the emulator fixture
 * inventory with the real terraform + aws provider, then breaks things the way
 * they break in production (by hand, behind Terraform's back) and runs
 * `tfdoctor plan` as a person would, printing each report. The emulator stops
 * at the end, on failure and on Ctrl-C. Nothing outside a temp dir is written.
 *
 *   account emu-stage  (applied; enableDeletion false)
 *     - an S3 bucket's tags changed by hand              -> changed-out-of-band
 *     - a role removed from the inventory                -> deletion-not-enabled
 *     - later: a lock left behind by a crashed run       -> state-lock-held
 *   account emu-new    (never applied)
 *     - a bucket the inventory wants, created by hand    -> exists-unmanaged (found before apply)
 *   account emu-images (ASG)
 *     - the image commit has no AMI; another commit has  -> ami-not-found
 *   a hand-written project (`--dir`)
 *     - an RDS parameter group deleted by hand           -> deleted-out-of-band
 */
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { execa } from 'execa';
import { parseDocument } from 'yaml';
import { terraformBin } from '../src/state/terraform/binary.js';
import { init } from '../src/state/terraform/init.js';
import { apply } from '../src/state/terraform/mutating/apply.js';
import { accountInfo, loadInventory, synthAccount, writeWorkingDir, type Inventory } from '../src/synth/index.js';
import {
  createAmi, createBucket, deleteDbParameterGroup, EMULATOR_BACKEND_CONFIG, holdLock, prepareBackend, startEmulator, tagBucket,
  writeEmulatorOverride, type Emulator,
} from '../test/testbed/index.js';

// The SDK's notice about its future Node 22 requirement is noise in a demo.
process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';

const ROOT = resolve(import.meta.dirname, '..');
const FIXTURE = join(ROOT, 'fixtures', 'inventory', 'emulator');
const started = Date.now();

function step(text: string): void {
  process.stderr.write(`\n[demo ${((Date.now() - started) / 1000).toFixed(0).padStart(3)}s] ${text}\n`);
}

function banner(text: string): void {
  process.stdout.write(`\n${'='.repeat(78)}\n${text}\n${'='.repeat(78)}\n`);
}

async function applyWorkingDir(em: Emulator, dir: string, backendConfig: Record<string, string>): Promise<void> {
  const tf = { bin: terraformBin(), cwd: dir, env: em.env };
  await init(tf, { backendConfig });
  const run = await apply(tf);
  if (run.exitCode !== 0) {
    throw new Error(`terraform apply failed in ${dir}:\n${run.diagnostics.map((d) => `${d.summary}: ${d.detail}`).join('\n')}`);
  }
}

async function prepareAccount(em: Emulator, inv: Inventory, account: string, dir: string | undefined): Promise<void> {
  // An asg's image is looked up by `tfdoctor plan` before it synthesizes (as the reconciler
  // does); an account that is only planned, never applied here, needs just its backend.
  if (dir) {
    await writeWorkingDir(synthAccount(inv, account), dir);
    await writeEmulatorOverride(dir);
  }
  const b = accountInfo(inv, account).backend;
  await prepareBackend(em, { bucket: b.bucket, region: b.region, ...(b.dynamodb_table ? { lockTable: b.dynamodb_table } : {}) });
}

/** `tfdoctor plan ...` through the real CLI; its report goes straight to our stdout. */
async function tfdoctor(em: Emulator, title: string, args: string[]): Promise<number> {
  banner(`$ tfdoctor plan ${args.map((a) => (a.includes(tmpdir()) ? a.replace(/.*\/(work|plain|inventory)/, '<tmp>/$1') : a)).join(' ')}\n  (${title})`);
  const r = await execa(process.execPath, ['--import', 'tsx', join(ROOT, 'cli', 'main.ts'), 'plan', ...args], {
    cwd: ROOT,
    env: { ...em.env },
    stdout: 'inherit',
    stderr: 'inherit',
    reject: false,
  });
  process.stdout.write(`(exit code ${r.exitCode ?? 'none'}: ${r.exitCode === 0 ? 'nothing found' : r.exitCode === 2 ? 'findings' : 'tfdoctor could not do its job'})\n`);
  return r.exitCode ?? 1;
}

const PLAIN_PROJECT = `terraform {
  required_providers {
    aws = { source = "hashicorp/aws", version = "5.100.0" }
  }
  backend "s3" {}
}

provider "aws" {
  region = "us-east-1"
}

resource "aws_db_parameter_group" "quay-db-pg" {
  name   = "quay-db-pg"
  family = "postgres15"
  parameter {
    name  = "log_min_duration_statement"
    value = "500"
  }
}
`;

async function main(): Promise<void> {
  const tmp = await mkdtemp(join(tmpdir(), 'tfdoctor-demo-'));
  let em: Emulator | undefined;
  let stopping = false;
  const cleanup = async () => {
    if (stopping) return;
    stopping = true;
    await em?.stop();
    await rm(tmp, { recursive: true, force: true });
  };
  const onSignal = () => {
    step('interrupted: stopping the emulator');
    void cleanup().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  try {
    step('starting the AWS emulator (moto_server on 127.0.0.1)');
    em = await startEmulator();
    step(`emulator up at ${em.endpoint}`);

    // A copy of the fixture inventory: the demo edits it like a person would.
    const invDir = join(tmp, 'inventory');
    await cp(FIXTURE, invDir, { recursive: true });
    const invFile = join(invDir, 'inventory.yml');
    const inv = await loadInventory(invFile);
    const work = (account: string) => join(tmp, 'work', account);
    const common = (account: string) => ['--inventory', invFile, '--account', account, '--work-dir', work(account), '--backend-config', 'use_path_style=true'];

    step('emu-stage: synthesize, terraform init, terraform apply (S3, IAM, DynamoDB)');
    await prepareAccount(em, inv, 'emu-stage', work('emu-stage'));
    await applyWorkingDir(em, work('emu-stage'), { ...EMULATOR_BACKEND_CONFIG });

    step('emu-stage: the healthy account first');
    await tfdoctor(em, 'right after apply: nothing to find', common('emu-stage'));

    step('emu-stage: someone edits the bucket tags by hand, and the role is removed from the inventory');
    // PutBucketTagging replaces the whole set: keep the synthesized tags, change one.
    await tagBucket(em, {
      bucket: 'emu-stage-registry',
      tags: { managed_by_integration: 'terraform_resources', cluster: 'appsres03ue1', namespace: 'quay-stage', environment: 'stage', app: 'quay', team: 'edited-by-hand' },
    });
    const doc = parseDocument(await readFile(invFile, 'utf8'));
    const resources = doc.getIn(['namespaces', 0, 'externalResources', 0, 'resources']) as { items: { get(k: string): unknown }[] };
    resources.items = resources.items.filter((r) => r.get('identifier') !== 'emu-stage-reader');
    await writeFile(invFile, doc.toString());
    await tfdoctor(em, 'tag drift + a deletion the account does not allow', common('emu-stage'));

    step('emu-new: never applied; a bucket it wants was created by hand');
    await prepareAccount(em, inv, 'emu-new', work('emu-new'));
    await createBucket(em, { bucket: 'emu-new-uploads' });
    await tfdoctor(em, 'found by the probe plan, before any apply fails', common('emu-new'));

    step('emu-images: an image exists for another commit, not the pinned one');
    await prepareAccount(em, inv, 'emu-images', undefined);
    await createAmi(em, { tags: { commit: 'b1946ac92492d2347c6235b4d2611184b1946ac9' }, name: 'image-builder-b1946ac' });
    await tfdoctor(em, 'the AMI for the pinned commit is missing', common('emu-images'));

    step('emu-stage: a run crashed three hours ago and left the state lock behind');
    const b = accountInfo(inv, 'emu-stage').backend;
    await holdLock(em, {
      table: b.dynamodb_table ?? 'terraform-locks', bucket: b.bucket, key: b.key,
      who: 'qontract-reconcile@terraform-resources-7d9f', created: new Date(Date.now() - 3 * 3600_000),
    });
    await tfdoctor(em, 'stale lock: force-unlock is proposed', [...common('emu-stage'), '--markdown']);

    step('a hand-written Terraform project (--dir): the RDS parameter group is deleted by hand');
    const plain = join(tmp, 'plain');
    await mkdir(plain, { recursive: true });
    await writeFile(join(plain, 'main.tf'), PLAIN_PROJECT);
    await writeEmulatorOverride(plain);
    const plainBackend = { bucket: 'plain-tfstate', key: 'quay/terraform.tfstate', region: 'us-east-1', dynamodb_table: 'terraform-locks' };
    await prepareBackend(em, { bucket: plainBackend.bucket, region: plainBackend.region, lockTable: plainBackend.dynamodb_table });
    const backendConfig = { ...plainBackend, use_path_style: 'true' };
    await applyWorkingDir(em, plain, backendConfig);
    await deleteDbParameterGroup(em, { name: 'quay-db-pg' });
    await tfdoctor(em, 'any Terraform project, not only synthesized ones', [
      '--dir', plain, ...Object.entries(backendConfig).flatMap(([k, v]) => ['--backend-config', `${k}=${v}`]),
    ]);

    step('done: stopping the emulator');
  } finally {
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
    await cleanup();
  }
}

main().then(
  () => process.stderr.write(`\n[demo] finished in ${((Date.now() - started) / 1000).toFixed(0)}s\n`),
  (err: unknown) => {
    process.stderr.write(`\n[demo] failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exitCode = 1;
  },
);
