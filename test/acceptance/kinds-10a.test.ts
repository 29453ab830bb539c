/**
 * Acceptance for the kinds sns, secrets-manager-service-account, acm,
 * s3-cloudfront-public-key, s3-cloudfront and s3-sqs (issue 10, part a), one emulator for
 * the file:
 * - the kinds-10a fixture account (the golden's config, all six kinds) passes real
 *   `terraform validate` with aws provider 5.100.0;
 * - every kind but s3-cloudfront is applied to moto 5.2.1 (moto has no CloudFront origin
 *   access identity API, so s3-cloudfront is pinned by the golden and validate only), then
 *   `tfdoctor plan --account` reads the Vault fields from a Vault KV v2 API served by this
 *   test (VAULT_ADDR/VAULT_TOKEN, no --secrets) and finds nothing (exit 0);
 * - a Vault field missing from a --secrets file stops the plan with an input error naming
 *   the inventory file, the entry's path, the Vault path and the field;
 * - one out-of-band change per applied kind (SNS DisplayName, an ACM tag, an IAM tag on the
 *   secrets-manager service account's user, the s3-sqs queue's visibility timeout) is found
 *   by one more plan (exit 2). No JS SDK client is installed for SNS, ACM or SQS: those
 *   changes go through boto3 (`python3`, an argv array, the emulator's endpoint). The
 *   CloudFront public key is applied and planned clean, but gets no out-of-band change: the
 *   key has no tags, moto 5.2.1 has no UpdatePublicKey, and after DeletePublicKey its
 *   GetPublicKey answers HTTP 500 with malformed XML (terraform then fails instead of
 *   seeing the key gone; seen here).
 * No Vault value (private key, certificate, public key) is in any stdout or stderr.
 */
import { createServer, type Server } from 'node:http';
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { TagUserCommand } from '@aws-sdk/client-iam';
import { execa } from 'execa';
import { parse, stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadInventory, synthAccount, writeWorkingDir } from '../../src/synth/index.js';
import { loadSecretsFile } from '../../src/synth/secrets-file.js';
import { iamClient, startEmulator, validateWithMirror, writeEmulatorOverride, type Emulator } from '../testbed/index.js';
import { applyDir, backendOf, findingsOf, parseReport } from './doctor-setup.js';

const FIXTURE = path.join(import.meta.dirname, '../../fixtures/inventory/kinds-10a');
const ACCOUNT = 'kinds-10a';
const VAULT_TOKEN = 'kinds-10a-test-token';
let em: Emulator;
let work: string;
let inventoryFile: string;
let vault: Server;
let vaultAddr: string;
let vaultReads: string[];
let secretTexts: string[];

/** A Vault KV v2 mount `app-sre` holding `fields` (what `vault kv put` would), over plain HTTP on loopback. */
function kvV2Server(fields: ReadonlyMap<string, Readonly<Record<string, string>>>): Server {
  return createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://vault');
    vaultReads.push(url.pathname);
    const reply = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (req.headers['x-vault-token'] !== VAULT_TOKEN) return reply(403, { errors: ['permission denied'] });
    if (url.pathname === '/v1/app-sre/config') return reply(200, { data: { max_versions: 0, cas_required: false } });
    const m = /^\/v1\/app-sre\/data\/(.+)$/.exec(url.pathname);
    const data = m ? fields.get(`app-sre/${decodeURIComponent(m[1] ?? '')}`) : undefined;
    if (!data) return reply(404, { errors: [] });
    return reply(200, { data: { data, metadata: { version: 1 } } });
  });
}

/** `tfdoctor plan ...` (tsx, the real CLI) with the emulator environment and `env` on top. */
async function plan(args: string[], env: Record<string, string> = {}): Promise<{ exitCode: number; stdout: string; stderr: string }> {
  const r = await execa('npx', ['tsx', 'cli/main.ts', 'plan', '--inventory', inventoryFile, '--account', ACCOUNT, '--work-dir', path.join(work, 'applied'), '--backend-config', 'use_path_style=true', '--json', ...args], {
    env: { ...em.env, TFDOCTOR_SECRETS: undefined, VAULT_ADDR: undefined, VAULT_TOKEN: undefined, ...env },
    extendEnv: true,
    reject: false,
    timeout: 150_000,
  });
  const out = { exitCode: r.exitCode ?? -1, stdout: String(r.stdout), stderr: String(r.stderr) };
  for (const s of secretTexts) {
    expect(out.stdout.includes(s), 'a Vault value on stdout').toBe(false);
    expect(out.stderr.includes(s), 'a Vault value on stderr').toBe(false);
  }
  return out;
}

/** The report's findings in one line each, for a failure message. */
function summary(stdout: string): string {
  try {
    return parseReport(stdout).findings.map((f) => `${f.kind} ${f.address ?? ''} ${JSON.stringify(f.evidence).slice(0, 600)}`).join('\n');
  } catch {
    return stdout.slice(0, 2000);
  }
}

/** boto3 against the emulator: `python3 -c <program> <args...>` (argv, no shell). */
async function boto3(program: string, ...args: string[]): Promise<string> {
  const r = await execa('python3', ['-c', `import boto3, sys\n${program}`, ...args], { env: { ...em.env }, extendEnv: true });
  return String(r.stdout);
}

beforeAll(async () => {
  // moto marks a requested (DNS-validated) certificate ISSUED 60 s after it was made, as if
  // validated: a status drift real ACM never shows without the DNS records. Keep it pending.
  const wait = process.env['MOTO_ACM_VALIDATION_WAIT'];
  process.env['MOTO_ACM_VALIDATION_WAIT'] = '86400';
  try {
    em = await startEmulator();
  } finally {
    if (wait === undefined) delete process.env['MOTO_ACM_VALIDATION_WAIT'];
    else process.env['MOTO_ACM_VALIDATION_WAIT'] = wait;
  }
  work = await mkdtemp(path.join(tmpdir(), 'tfdoctor-kinds-10a-'));
  const secrets = await loadSecretsFile(path.join(FIXTURE, 'secrets.yml'));
  // Long enough to be unmistakable: the PEM bodies, never their headers.
  secretTexts = [...secrets.values()].flatMap((f) => Object.values(f)).map((v) => v.split('\n')[1] ?? '').filter((l) => l.length > 40);
  expect(secretTexts.length).toBe(4);
  vaultReads = [];
  vault = kvV2Server(secrets);
  await new Promise<void>((ok) => vault.listen(0, '127.0.0.1', ok));
  vaultAddr = `http://127.0.0.1:${(vault.address() as AddressInfo).port}`;
  // The fixture account without s3-cloudfront (moto has no origin access identity API).
  const doc = parse(await readFile(path.join(FIXTURE, 'inventory.yml'), 'utf8')) as { namespaces: { externalResources: { resources: Record<string, unknown>[] }[] }[] };
  for (const ext of doc.namespaces.flatMap((n) => n.externalResources)) ext.resources = ext.resources.filter((r) => r['provider'] !== 's3-cloudfront');
  inventoryFile = path.join(work, 'inventory.yml');
  await writeFile(inventoryFile, stringify(doc));
  // Defaults paths are relative to the inventory file.
  await mkdir(path.join(work, 'resources'));
  await copyFile(path.join(FIXTURE, 'resources/s3-sqs.yml'), path.join(work, 'resources/s3-sqs.yml'));
  const dir = path.join(work, 'applied');
  const inv = await loadInventory(inventoryFile);
  await writeWorkingDir(synthAccount(inv, ACCOUNT, { secrets }), dir);
  await writeEmulatorOverride(dir);
  await backendOf(em, inv, ACCOUNT);
  await applyDir(em, dir);
}, 300_000);

afterAll(async () => {
  await em?.stop();
  await new Promise((ok) => (vault ? vault.close(ok) : ok(undefined)));
  if (work) await rm(work, { recursive: true, force: true });
});

describe('kinds-10a', () => {
  it('the fixture account (its golden config, s3-cloudfront included) validates with terraform + aws provider 5.100.0', async () => {
    const dir = path.join(work, 'validate');
    const cfg = synthAccount(await loadInventory(path.join(FIXTURE, 'inventory.yml')), ACCOUNT, { secrets: await loadSecretsFile(path.join(FIXTURE, 'secrets.yml')) });
    expect(Object.keys((cfg.json['resource'] as Record<string, unknown>)['aws_cloudfront_distribution'] ?? {})).toEqual(['kinds-10a-static']);
    await writeWorkingDir(cfg, dir);
    const { result, errors } = await validateWithMirror(dir, work);
    expect(errors).toEqual([]);
    expect(result.valid).toBe(true);
  }, 120_000);

  it('applied: tfdoctor plan --account with the Vault fields from Vault KV v2 over HTTP finds nothing (exit 0)', async () => {
    vaultReads = [];
    const r = await plan([], { VAULT_ADDR: vaultAddr, VAULT_TOKEN });
    expect(r.exitCode, `${r.stderr}\n${summary(r.stdout)}`).toBe(0);
    expect(parseReport(r.stdout).findings).toEqual([]);
    // The mount's config (KV v2) once, then each path the inventory names, once.
    expect(vaultReads.sort()).toEqual(['/v1/app-sre/config', '/v1/app-sre/data/kinds-10a/acm', '/v1/app-sre/data/kinds-10a/cloudfront']);
    expect(r.stderr).toContain(`reading the Vault secrets ${ACCOUNT} names from Vault at ${vaultAddr}`);
  }, 160_000);

  it('a Vault field the --secrets file lacks is an input error naming the inventory file, the entry, the Vault path and the field (exit 1)', async () => {
    const secrets = parse(await readFile(path.join(FIXTURE, 'secrets.yml'), 'utf8')) as Record<string, Record<string, string>>;
    delete secrets['app-sre/kinds-10a/acm']?.['certificate'];
    const file = path.join(work, 'secrets-without-certificate.yml');
    await writeFile(file, stringify(secrets));
    const r = await plan(['--secrets', file]);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain(`${inventoryFile}: namespaces.0.externalResources.0.resources.3.secret.path: Vault secret app-sre/kinds-10a/acm has no field "certificate"`);
  }, 160_000);

  it('one out-of-band change per applied kind is found (exit 2)', async () => {
    // sns: a display name the config does not set.
    const topicArn = `arn:aws:sns:us-east-1:123456789012:kinds-10a-alerts`;
    await boto3("boto3.client('sns').set_topic_attributes(TopicArn=sys.argv[1], AttributeName='DisplayName', AttributeValue='changed-by-hand')", topicArn);
    // acm: a tag on the imported certificate (the reference writes none).
    await boto3(
      "c = boto3.client('acm')\narn = [x['CertificateArn'] for x in c.list_certificates()['CertificateSummaryList'] if x['DomainName'] == sys.argv[1]][0]\nc.add_tags_to_certificate(CertificateArn=arn, Tags=[{'Key': 'team', 'Value': 'changed-by-hand'}])",
      'kinds-10a.example.com',
    );
    // secrets-manager-service-account: a tag on its IAM user.
    await iamClient(em).send(new TagUserCommand({ UserName: 'kinds-10a-secrets-reader', Tags: [{ Key: 'team', Value: 'changed-by-hand' }] }));
    // s3-sqs: the queue's visibility timeout (60 in the defaults file).
    await boto3(
      "c = boto3.client('sqs')\nc.set_queue_attributes(QueueUrl=c.get_queue_url(QueueName=sys.argv[1])['QueueUrl'], Attributes={'VisibilityTimeout': '99'})",
      'kinds-10a-uploads-sqs',
    );
    const r = await plan(['--secrets', path.join(FIXTURE, 'secrets.yml')]);
    expect(r.exitCode, `${r.stderr}\n${summary(r.stdout)}`).toBe(2);
    const report = parseReport(r.stdout);
    const evidence = (kind: string, address: string) => {
      const found = findingsOf(report, kind, address);
      expect(found.map((f) => f.address), `${kind} ${address} in ${report.findings.map((f) => `${f.kind} ${f.address ?? ''}`).join(', ')}`).toEqual([address]);
      return JSON.stringify(found[0]?.evidence);
    };
    expect(evidence('changed-out-of-band', 'aws_sns_topic.kinds-10a-alerts')).toContain('changed-by-hand');
    expect(evidence('changed-out-of-band', 'aws_acm_certificate.kinds-10a-imported')).toContain('changed-by-hand');
    expect(evidence('changed-out-of-band', 'aws_iam_user.kinds-10a-secrets-reader')).toContain('changed-by-hand');
    expect(evidence('changed-out-of-band', 'aws_sqs_queue.kinds-10a-uploads-sqs')).toContain('99');
    // Nothing else: the public key (applied, no change made to it) and the requested certificate are as applied.
    expect(report.findings.map((f) => f.address).sort()).toEqual([
      'aws_acm_certificate.kinds-10a-imported', 'aws_iam_user.kinds-10a-secrets-reader', 'aws_sns_topic.kinds-10a-alerts', 'aws_sqs_queue.kinds-10a-uploads-sqs',
    ]);
  }, 200_000);
});
