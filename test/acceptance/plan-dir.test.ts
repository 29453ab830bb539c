/**
 * `tfdoctor plan --dir` on a plain, hand-written Terraform project (HCL, not
 * synthesized): renamed-address, orphaned-in-state and a parameter group
 * deleted by hand found in one plan; init run on demand when terraform says so;
 * --markdown and --report through the real CLI; an error no pattern knows gives
 * exit 1 with the raw diagnostic kept as unclassified-error.
 * Real terraform 1.11.4, real aws provider 5.100.0, moto.
 */
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Report } from '../../src/doctor/report.js';
import { planAccount } from '../../src/run/plan-account.js';
import { deleteDbParameterGroup, prepareBackend, startEmulator, writeEmulatorOverride, type Emulator } from '../testbed/index.js';
import { applyDir, findingsOf, parseReport, runCli, tempDir } from './doctor-setup.js';

const BACKEND = { bucket: 'plain-tfstate', key: 'plain/terraform.tfstate', region: 'us-east-1', dynamodb_table: 'plain-locks' };

const config = (deployerName: string, withOld: boolean) => `
terraform {
  required_providers {
    aws = { source = "hashicorp/aws", version = "5.100.0" }
  }
  backend "s3" {}
}

provider "aws" {
  region = "us-east-1"
}

resource "aws_db_parameter_group" "app-pg" {
  name   = "app-pg"
  family = "postgres15"
}

resource "aws_iam_user" "${deployerName}" {
  name = "deployer"
}
${withOld ? 'resource "aws_iam_user" "old" {\n  name = "old-user"\n}\n' : ''}`;

let em: Emulator;
let work: { path: string; remove(): Promise<void> };
const backendConfig = { ...BACKEND, use_path_style: 'true' };
const backendArgs = () => Object.entries(backendConfig).flatMap(([k, v]) => ['--backend-config', `${k}=${v}`]);

beforeAll(async () => {
  em = await startEmulator();
  work = await tempDir('plain');
  await writeFile(join(work.path, 'main.tf'), config('deployer', true));
  await writeEmulatorOverride(work.path);
  await prepareBackend(em, { bucket: BACKEND.bucket, region: BACKEND.region, lockTable: BACKEND.dynamodb_table });
  // The backend block is empty: everything comes from -backend-config, as with a partial backend config.
  await applyDir(em, work.path, backendConfig);
}, 180_000);

afterAll(async () => {
  await em?.stop();
  await work?.remove();
});

describe('plan --dir on a hand-written project', () => {
  it('clean: exit 0 from the CLI', async () => {
    const r = await runCli(em, ['--dir', work.path, '--json', ...backendArgs()]);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(parseReport(r.stdout).findings).toEqual([]);
  });

  it('renamed-address, orphaned-in-state and deleted-out-of-band in one plan; init re-run when the lock file is gone', async () => {
    await writeFile(join(work.path, 'main.tf'), config('ci-deployer', false));
    await deleteDbParameterGroup(em, { name: 'app-pg' });
    // Terraform 1.11 refuses to plan without the dependency lock file ("Inconsistent dependency lock file").
    await rm(join(work.path, '.terraform.lock.hcl'));

    const result = await planAccount({ dir: work.path, env: em.env, backendConfig });
    expect(result.initRan).toBe(true);
    const { report } = result;
    expect(report.target.dir).toBe(work.path);
    expect(report.target.account).toBeUndefined();

    const [renamed] = findingsOf(report, 'renamed-address', 'aws_iam_user.deployer');
    expect(renamed).toBeDefined();
    const mv = renamed?.proposals.find((p) => p.kind === 'terraform-state-mv');
    expect(mv?.argv).toEqual(['terraform', 'state', 'mv', 'aws_iam_user.deployer', 'aws_iam_user.ci-deployer']);
    expect(renamed?.proposals.find((p) => p.kind === 'config-moved-block')?.snippet).toContain('to   = aws_iam_user.ci-deployer');

    const [orphan] = findingsOf(report, 'orphaned-in-state', 'aws_iam_user.old');
    expect(orphan).toBeDefined();
    expect(orphan?.proposals.find((p) => p.kind === 'terraform-state-rm')?.argv).toEqual(['terraform', 'state', 'rm', 'aws_iam_user.old']);

    const [deleted] = findingsOf(report, 'deleted-out-of-band', 'aws_db_parameter_group.app-pg');
    expect(deleted).toBeDefined();
    // No exists-unmanaged for the renamed user: the rename explains the create.
    expect(findingsOf(report, 'exists-unmanaged')).toEqual([]);
  });

  it('--markdown on stdout, --report FILE holds the JSON report, exit 2', async () => {
    const file = join(work.path, 'report.json');
    const r = await runCli(em, ['--dir', work.path, '--markdown', '--report', file, ...backendArgs()]);
    expect(r.exitCode, r.stderr).toBe(2);
    expect(r.stdout).toContain('aws_iam_user.deployer');
    expect(() => JSON.parse(r.stdout)).toThrow();
    const saved = Report.parse(JSON.parse(await readFile(file, 'utf8')));
    // Exactly these: moto answers tags = {} where the state has null, and the users going
    // away must not also show up as changed-out-of-band (no false alarms).
    expect(saved.findings.map((f) => `${f.kind} ${f.address}`).sort()).toEqual([
      'deleted-out-of-band aws_db_parameter_group.app-pg',
      'orphaned-in-state aws_iam_user.old',
      'renamed-address aws_iam_user.deployer',
    ]);
    expect(saved.findings.map((f) => f.address)).toEqual(expect.arrayContaining(['aws_db_parameter_group.app-pg', 'aws_iam_user.old', 'aws_iam_user.deployer']));
  });
});

describe('plan --dir when terraform fails in a way tfdoctor cannot classify', () => {
  it('exit 1, and the report still carries the raw diagnostic as unclassified-error', async () => {
    const broken = await tempDir('broken');
    try {
      // A reference to a resource that is not declared: terraform's own error, no known pattern.
      await writeFile(join(broken.path, 'main.tf'), `${config('deployer', false)}
output "missing" {
  value = aws_s3_bucket.not_declared.arn
}
`);
      await writeEmulatorOverride(broken.path);
      const r = await runCli(em, ['--dir', broken.path, '--json', ...backendArgs()]);
      expect(r.exitCode, r.stderr).toBe(1);
      expect(r.stderr).toMatch(/could not classify/);
      const report = parseReport(r.stdout);
      const [f] = findingsOf(report, 'unclassified-error');
      expect(f?.severity).toBe('error');
      expect(JSON.stringify(f?.evidence)).toContain('Reference to undeclared resource');
      expect(report.findings.filter((x) => x.kind !== 'unclassified-error')).toEqual([]);
    } finally {
      await broken.remove();
    }
  });
});
