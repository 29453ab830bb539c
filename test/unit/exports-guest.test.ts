/**
 * The library is a guest in its caller's process: no signal handlers, no exits,
 * no output of its own, no warnings from its dependencies; cancellation is an
 * AbortSignal. The CLI owns its process (cli/signals.ts) and still stops
 * terraform cleanly on Ctrl-C. A fake terraform (a small node script) stands in
 * for the real one, so this runs in the unit tier.
 */
import { chmod, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runTerraform } from '../../src/state/terraform/exec.js';
import { TerraformExitError } from '../../src/errors.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

async function sourceFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (e.isFile() && e.name.endsWith('.ts')) out.push(join(e.parentPath, e.name));
  }
  return out;
}

describe('src/ behaves as a guest', () => {
  // The test bed (test/testbed) is not in src/: the emulator it starts for tests must die with the test process.
  const PROCESS_WIDE = /\bprocess\.(on|once|off|addListener|prependListener|removeListener|exit|abort|setUncaughtExceptionCaptureCallback)\s*\(|\bprocess\.(stdout|stderr)\.write\s*\(|\bconsole\.[a-z]+\s*\(|\bprocess\.emitWarning\s*\(/;

  it('no process handlers, exits, stdout/stderr writes or console output in the shipped sources', async () => {
    const offenders: string[] = [];
    for (const file of await sourceFiles(join(ROOT, 'src'))) {
      const lines = (await readFile(file, 'utf8')).split('\n');
      lines.forEach((line, i) => {
        const code = line.replace(/\/\/.*$/, '');
        if (PROCESS_WIDE.test(code) && !/^\s*\*/.test(line)) offenders.push(`${relative(ROOT, file)}:${i + 1}: ${line.trim()}`);
      });
    }
    expect(offenders).toEqual([]);
  });

  it('(the scan sees them where they belong: cli/signals.ts)', async () => {
    expect(PROCESS_WIDE.test(await readFile(join(ROOT, 'cli', 'signals.ts'), 'utf8'))).toBe(true);
  });

  describe('while terraform runs', () => {
    let dir: string;
    let fake: string;
    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), 'tfdoctor-guest-'));
      // Exits 1 after SIGINT, the way terraform does after stopping cleanly.
      fake = await fakeTerraform(dir, 'fake-terraform', 'setTimeout(() => process.exit(1), 50);');
    });
    afterAll(async () => {
      await rm(dir, { recursive: true, force: true });
    });

    it('installs no signal or exit listener, and stops terraform by the AbortSignal only', async () => {
      const before = { sigint: process.listenerCount('SIGINT'), sigterm: process.listenerCount('SIGTERM'), exit: process.listenerCount('exit') };
      const controller = new AbortController();
      const run = runTerraform({ bin: fake, cwd: dir, signal: controller.signal }, ['plan'], { graceMs: 5_000 });
      await waitFor(`${fake}.started`);
      expect({ sigint: process.listenerCount('SIGINT'), sigterm: process.listenerCount('SIGTERM'), exit: process.listenerCount('exit') }).toEqual(before);
      controller.abort(new Error('the reconciler is shutting down'));
      const err = await run.then(() => undefined, (e: unknown) => e);
      expect(err).toBeInstanceOf(TerraformExitError);
      expect((err as Error).message).toMatch(/cancelled/);
      // Terraform got its graceful SIGINT (it releases the lock), not a kill.
      await expect(stat(`${fake}.sigint`)).resolves.toBeDefined();
    });
  });
});

describe("the AWS SDK's Node-version warning", () => {
  it("tfdoctor's own clients do not print it, the caller's clients still do, process.env is untouched", async () => {
    // In a fresh process: the SDK warns once per process.
    const script = `
const warnings = [];
process.on('warning', (w) => warnings.push(String(w.message).split('\\n')[0]));
const envBefore = process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED;
const { ec2ClientFor } = await import(${JSON.stringify(join(ROOT, 'src/run/ami-lookup.ts'))});
const { lockClient } = await import(${JSON.stringify(join(ROOT, 'src/repair/lock.ts'))});
await ec2ClientFor('us-east-1', {});
lockClient({ type: 's3', region: 'us-east-1' }, {});
await new Promise((r) => setImmediate(r));
const ours = warnings.length;
const { EC2Client } = await import('@aws-sdk/client-ec2');
new EC2Client({ region: 'us-east-1' });
await new Promise((r) => setImmediate(r));
process.stdout.write(JSON.stringify({ ours, theirs: warnings.length - ours, envSame: envBefore === process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED, node: process.versions.node }));
`;
    const env = { ...process.env };
    delete env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'];
    const r = await execa(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: ROOT, env, extendEnv: false, reject: false });
    expect(r.exitCode, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { ours: number; theirs: number; envSame: boolean; node: string };
    expect(out.ours).toBe(0);
    expect(out.envSame).toBe(true);
    // On Node < 22 the SDK (3.981) warns: the caller's own client proves the warning is real and was not switched off for them.
    expect(out.theirs).toBe(Number(out.node.split('.')[0]) < 22 ? 1 : 0);
  });
});

describe('the CLI owns its signals (cli/signals.ts)', () => {
  let dir: string;
  let work: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tfdoctor-cli-signals-'));
    work = join(dir, 'tf');
    await execa('mkdir', ['-p', work]);
    await writeFile(join(work, 'main.tf.json'), '{}\n');
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  const cli = (bin: string) =>
    execa(process.execPath, ['--import', 'tsx', join(ROOT, 'cli/main.ts'), 'plan', '--dir', work, '--terraform-bin', bin, '--quiet'], { cwd: ROOT, reject: false, env: { TFDOCTOR_PROVIDER_MIRROR: '' } });

  it('Ctrl-C reaches the detached terraform as a graceful SIGINT; tfdoctor then exits 1 (cancelled)', async () => {
    const bin = await fakeTerraform(dir, 'graceful', 'setTimeout(() => process.exit(1), 50);');
    const child = cli(bin);
    await waitFor(`${bin}.started`);
    child.kill('SIGINT');
    const r = await child;
    expect(r.exitCode, r.stderr).toBe(1);
    expect(r.stderr).toMatch(/cancelled/);
    await expect(stat(`${bin}.sigint`)).resolves.toBeDefined();
  });

  it('a second Ctrl-C kills terraform and exits 130 at once', async () => {
    const bin = await fakeTerraform(dir, 'stubborn', '/* ignores it */');
    const child = cli(bin);
    await waitFor(`${bin}.started`);
    const pid = Number(await readFile(`${bin}.started`, 'utf8'));
    child.kill('SIGINT');
    await waitFor(`${bin}.sigint`);
    const t0 = Date.now();
    child.kill('SIGINT');
    const r = await child;
    expect(r.exitCode, r.stderr).toBe(130);
    expect(Date.now() - t0).toBeLessThan(10_000);
    await waitGone(pid);
  });
});

/**
 * A stand-in for terraform: writes `<file>.started` (its pid), stays up, and on
 * SIGINT writes `<file>.sigint` and runs `onSigint`. The handler is in place before
 * it says it started: a SIGINT in between would take node's default action (die by
 * the signal) and look like a kill (seen in CI).
 */
async function fakeTerraform(dir: string, name: string, onSigint: string): Promise<string> {
  const file = join(dir, name);
  await writeFile(file, `#!${process.execPath}
process.on('SIGINT', () => { require('node:fs').writeFileSync(${JSON.stringify(`${file}.sigint`)}, ''); ${onSigint} });
require('node:fs').writeFileSync(${JSON.stringify(`${file}.started`)}, String(process.pid));
setInterval(() => {}, 1000);
`);
  await chmod(file, 0o755);
  return file;
}

async function waitFor(file: string, ms = 30_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await stat(file).then(() => true, () => false)) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`${file} did not appear within ${ms} ms`);
}

async function waitGone(pid: number, ms = 5_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    try {
      process.kill(pid, 0);
    } catch {
      return;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`process ${pid} is still running`);
}
