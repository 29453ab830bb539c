/**
 * The AWS emulator (moto_server) on loopback, with the environment that points
 * terraform, its AWS provider, the S3 backend and the AWS SDK at it.
 */
import { execa, type ResultPromise } from 'execa';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { EnvironmentError } from '../../src/errors.js';
import { findProviderMirror, writeCliConfig } from '../../src/state/cli-config.js';

export interface Emulator {
  /** http://127.0.0.1:<port> */
  endpoint: string;
  port: number;
  /** For terraform (tf.env) and the SDK: AWS_ENDPOINT_URL, fake credentials, AWS_REGION, TF_CLI_CONFIG_FILE, TF_PLUGIN_CACHE_DIR. */
  env: Record<string, string>;
  /** Temp dir holding the CLI config and the plugin cache (removed by stop()). */
  dir: string;
  /** Empty every service (POST /moto-api/reset). */
  reset(): Promise<void>;
  /** Stop the emulator and remove its temp dir. Safe to call twice. */
  stop(): Promise<void>;
}

export interface StartEmulatorOptions {
  /** moto_server binary; default TFDOCTOR_MOTO_SERVER or `moto_server` on PATH. */
  bin?: string;
  /** Provider mirror; default findProviderMirror(). */
  mirror?: string;
  /** How long to wait for the emulator to answer (default 30 s). */
  startTimeoutMs?: number;
  region?: string;
}

/** The account id moto answers with. */
export const EMULATOR_ACCOUNT_ID = '123456789012';

/** `-backend-config` pairs the S3 backend needs against the emulator (no virtual-host buckets on 127.0.0.1). */
export const EMULATOR_BACKEND_CONFIG: Readonly<Record<string, string>> = Object.freeze({ use_path_style: 'true' });

const running = new Set<ResultPromise>();
let exitHook = false;

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

export async function startEmulator(opts: StartEmulatorOptions = {}): Promise<Emulator> {
  const bin = opts.bin ?? process.env['TFDOCTOR_MOTO_SERVER'] ?? 'moto_server';
  const mirror = opts.mirror ?? findProviderMirror();
  if (!mirror) {
    throw new EnvironmentError('no Terraform provider mirror found', 'set TFDOCTOR_PROVIDER_MIRROR to a folder holding registry.terraform.io/hashicorp/aws/<version>/<platform>/');
  }
  const region = opts.region ?? 'us-east-1';
  const dir = await mkdtemp(path.join(os.tmpdir(), 'tfdoctor-emulator-'));
  const cliConfig = path.join(dir, 'terraform.tfrc');
  const pluginCacheDir = path.join(dir, 'plugin-cache');
  await writeCliConfig(cliConfig, { mirror, pluginCacheDir });

  const port = await freePort();
  const endpoint = `http://127.0.0.1:${port}`;
  const child = execa(bin, ['-H', '127.0.0.1', '-p', String(port)], {
    // Without it, AWS-managed IAM policies (arn:aws:iam::aws:policy/...) do not exist (seen, moto 5.2.1).
    env: { MOTO_IAM_LOAD_MANAGED_POLICIES: 'true' },
    stdin: 'ignore',
    stdout: 'ignore',
    stderr: 'pipe',
    buffer: { stderr: false },
    reject: false,
    cleanup: true,
  });
  let stderrTail = '';
  child.stderr?.on('data', (d: Buffer) => {
    stderrTail = (stderrTail + d.toString()).slice(-4000);
  });
  running.add(child);
  if (!exitHook) {
    exitHook = true;
    // A failed test must never leave moto running.
    process.once('exit', () => {
      for (const c of running) c.kill('SIGKILL');
    });
  }
  let exited = false;
  void child.then((r) => {
    exited = true;
    running.delete(child);
    return r;
  });

  const deadline = Date.now() + (opts.startTimeoutMs ?? 30_000);
  for (;;) {
    if (exited) {
      await rm(dir, { recursive: true, force: true });
      const r = await child;
      const notFound = r.failed && 'code' in r && r.code === 'ENOENT';
      throw new EnvironmentError(
        notFound ? `AWS emulator not found: "${bin}"` : `AWS emulator exited during start-up: ${stderrTail.trim().slice(-1000)}`,
        'install moto[server] (pip install "moto[server]") or set TFDOCTOR_MOTO_SERVER',
      );
    }
    try {
      const res = await fetch(`${endpoint}/moto-api/data.json`, { signal: AbortSignal.timeout(2000) });
      if (res.ok) break;
    } catch {
      /* not up yet */
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      await rm(dir, { recursive: true, force: true });
      throw new EnvironmentError(`AWS emulator did not answer on ${endpoint} within ${opts.startTimeoutMs ?? 30_000} ms`);
    }
    await new Promise((r) => setTimeout(r, 150));
  }

  const env: Record<string, string> = {
    AWS_ENDPOINT_URL: endpoint,
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    AWS_REGION: region,
    AWS_DEFAULT_REGION: region,
    // No IMDS on loopback: without this the SDKs probe 169.254.169.254 and wait.
    AWS_EC2_METADATA_DISABLED: 'true',
    TF_CLI_CONFIG_FILE: cliConfig,
    TF_PLUGIN_CACHE_DIR: pluginCacheDir,
  };
  let stopped = false;
  return {
    endpoint,
    port,
    env,
    dir,
    async reset() {
      const res = await fetch(`${endpoint}/moto-api/reset`, { method: 'POST' });
      if (!res.ok) throw new EnvironmentError(`emulator reset failed: HTTP ${res.status}`);
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
      await child;
      clearTimeout(timer);
      running.delete(child);
      await rm(dir, { recursive: true, force: true });
    },
  };
}
