/**
 * The package as a consumer gets it: `npm pack` (which builds dist/ on prepack),
 * `npm install <tgz>` into an empty project, a strict NodeNext TypeScript
 * consumer type-checked against the published types and run, `npx tfdoctor
 * --help`, and examples/reconciler.ts run from that project against the AWS
 * emulator with one clean and one broken (lock held) account.
 */
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa, type Options } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FleetReport } from '../../src/doctor/report.js';
import { EMULATOR_BACKEND_CONFIG, holdLock, startEmulator, type Emulator } from '../testbed/index.js';
import { lockTableOf, prepareFleet, REGION, STATE_KEY, writeFleetInventory } from '../../bench/fleet-bed.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CLEAN = 'pkg-clean';
const LOCKED = 'pkg-locked';

let work: string;
let consumer: string;
let tarball: string;
let packed: string[];
let em: Emulator | undefined;

/** The environment a person's shell has: none of the npm_* variables `npm test` sets for its children. */
function shellEnv(extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !/^npm_/i.test(k)) env[k] = v;
  return { ...env, ...extra };
}
const run = (cmd: string, args: string[], opts: Options = {}) =>
  execa(cmd, args, { reject: false, env: shellEnv(), extendEnv: false, stdin: 'ignore', ...opts });
const versionOf = async (pkg: string): Promise<string> =>
  (JSON.parse(await readFile(join(ROOT, 'node_modules', pkg, 'package.json'), 'utf8')) as { version: string }).version;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'tfdoctor-package-'));
  consumer = join(work, 'consumer');
  await mkdir(consumer);

  // 1. Pack: prepack builds dist/ (the tarball must not depend on a dist/ left over).
  const pack = await run('npm', ['pack', '--json', '--pack-destination', work], { cwd: ROOT, timeout: 300_000 });
  expect(pack.exitCode, String(pack.stderr).slice(-3000)).toBe(0);
  const info = JSON.parse(String(pack.stdout)) as Array<{ filename: string; files: Array<{ path: string }> }>;
  tarball = join(work, info[0]!.filename);
  packed = info[0]!.files.map((f) => f.path);

  // 2. An empty project installs it (from the npm cache when it can), with the compiler a TypeScript consumer has.
  await writeFile(join(consumer, 'package.json'), `${JSON.stringify({ name: 'reconciler', private: true, type: 'module' }, null, 2)}\n`);
  const install = await run(
    'npm',
    ['install', tarball, `typescript@${await versionOf('typescript')}`, `@types/node@${await versionOf('@types/node')}`, '--prefer-offline', '--no-audit', '--no-fund'],
    { cwd: consumer, timeout: 300_000 },
  );
  expect(install.exitCode, String(install.stderr).slice(-3000)).toBe(0);
}, 600_000);

afterAll(async () => {
  await em?.stop();
  if (work) await rm(work, { recursive: true, force: true });
}, 60_000);

describe('the tarball', () => {
  it('ships the built code, the types, the bin, the schema and the docs; not the sources, tests or test bed', () => {
    for (const want of ['package.json', 'README.md', 'bin/tfdoctor.js', 'dist/src/index.js', 'dist/src/index.d.ts', 'dist/src/public/doctor.js', 'dist/src/public/doctor.d.ts', 'dist/cli/main.js', 'schema/report.schema.json', 'docs/findings.md']) {
      expect(packed).toContain(want);
    }
    expect(packed.filter((p) => /^(src|cli|test|bench|scripts|fixtures|examples)\//.test(p) || p.startsWith('dist/src/testbed/') || p.startsWith('dist/test/') || p.endsWith('.map'))).toEqual([]);
  });

  it('installs with only runtime dependencies (no tsx, no test-only AWS SDK clients, no json-diff)', async () => {
    const pkg = JSON.parse(await readFile(join(consumer, 'node_modules', 'tfdoctor', 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    for (const dev of ['tsx', 'json-diff', '@aws-sdk/client-iam', '@aws-sdk/client-rds', 'vitest', 'typescript']) expect(Object.keys(pkg.dependencies)).not.toContain(dev);
    for (const dep of ['@aws-sdk/client-ec2', '@aws-sdk/client-s3', '@aws-sdk/client-dynamodb', 'cdktf', 'execa', 'zod']) expect(Object.keys(pkg.dependencies)).toContain(dep);
  });
});

describe('a TypeScript consumer (strict, NodeNext)', () => {
  const TSCONFIG = {
    compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, noUncheckedIndexedAccess: true, verbatimModuleSyntax: true, outDir: 'out', types: ['node'] },
  };
  const tsc = (project: string) => run(process.execPath, [join(consumer, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', project], { cwd: consumer, timeout: 180_000 });

  beforeAll(async () => {
    await writeFile(join(consumer, 'tsconfig.json'), JSON.stringify({ ...TSCONFIG, include: ['consumer.ts', 'reconciler.ts'] }, null, 2));
    await writeFile(join(consumer, 'tsconfig.bad.json'), JSON.stringify({ ...TSCONFIG, compilerOptions: { ...TSCONFIG.compilerOptions, noEmit: true }, include: ['bad.ts'] }, null, 2));
    await copyFile(join(ROOT, 'examples', 'reconciler.ts'), join(consumer, 'reconciler.ts'));
    // The pure part on a real captured plan, through the published entry points.
    const fixture = join(ROOT, 'fixtures', 'captured', 'deleted-out-of-band');
    await writeFile(join(consumer, 'consumer.ts'), `
import { readFileSync } from 'node:fs';
import { diagnose, buildReport, compareWithBaseline, PlanJson, Report, type Finding, type FindingKind } from 'tfdoctor/doctor';
import { VERSION, renderMarkdown, type PlanAccountOptions } from 'tfdoctor';

const plan = PlanJson.parse(JSON.parse(readFileSync(${JSON.stringify(join(fixture, 'plan.json'))}, 'utf8')));
const now = new Date('2026-11-21T12:00:00Z');
const findings: Finding[] = diagnose({ plan, diagnostics: [], account: { name: 'app-sre-stage', enableDeletion: false, deletionApprovals: [] }, now });
const report: Report = Report.parse(buildReport({ target: { account: 'app-sre-stage' }, findings, now }));
const again = compareWithBaseline(report, report);
const kinds: FindingKind[] = report.findings.map((f) => f.kind);
const options: PlanAccountOptions = { dir: '.', signal: AbortSignal.timeout(1000) };
process.stdout.write(JSON.stringify({ version: VERSION, kinds, open: again.baseline?.open, markdown: renderMarkdown(report).split('\\n')[0], dir: options.dir }));
`);
    // Wrong on purpose: the published types must reject these.
    await writeFile(join(consumer, 'bad.ts'), `
import type { FindingKind } from 'tfdoctor/doctor';
import { planAccount } from 'tfdoctor';
const kind: FindingKind = 'no-such-kind';
await planAccount({ dir: '.', timeoutMs: 'soon' });
export { kind };
`);
  });

  it('type-checks against the published types and runs', async () => {
    const t = await tsc('tsconfig.json');
    expect(t.exitCode, `${t.stdout}\n${t.stderr}`).toBe(0);
    const r = await run(process.execPath, ['out/consumer.js'], { cwd: consumer });
    expect(r.exitCode, String(r.stderr)).toBe(0);
    const out = JSON.parse(String(r.stdout)) as { version: string; kinds: string[]; open: number; markdown: string };
    expect(out.version).toBe(JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')).version);
    expect(out.kinds).toContain('deleted-out-of-band');
    expect(out.open).toBe(out.kinds.length);
    expect(out.markdown).toMatch(/^### tfdoctor: `app-sre-stage`/);
  });

  it('the published types reject a wrong kind and a wrong option type', async () => {
    const t = await tsc('tsconfig.bad.json');
    expect(t.exitCode).not.toBe(0);
    expect(String(t.stdout)).toMatch(/bad\.ts\(4,\d+\): error TS2322: Type '"no-such-kind"'/);
    expect(String(t.stdout)).toMatch(/bad\.ts\(5,\d+\): error TS2322: Type 'string' is not assignable to type 'number'/);
  });

  it('tfdoctor/doctor, as installed, loads none of cdktf, execa, the AWS SDK', async () => {
    const script = `
const t0 = performance.now();
await import('tfdoctor/doctor');
const ms = performance.now() - t0;
const { createRequire } = await import('node:module');
process.stdout.write(JSON.stringify({ ms, cjs: Object.keys(createRequire(import.meta.url).cache) }));`;
    const r = await run(process.execPath, ['--input-type=module', '-e', script], { cwd: consumer });
    expect(r.exitCode, String(r.stderr)).toBe(0);
    const { cjs } = JSON.parse(String(r.stdout)) as { ms: number; cjs: string[] };
    expect(cjs.filter((f) => /\/node_modules\/(cdktf|@cdktf|constructs|execa|@aws-sdk|@smithy)\//.test(f))).toEqual([]);
    // The ESM side: nothing heavy resolved either (execa and the SDK clients are ESM).
    const hook = `export async function resolve(s, c, next) { const r = await next(s, c); if (/node_modules\\/(cdktf|@cdktf|execa|@aws-sdk)\\//.test(r.url)) throw new Error('loaded ' + r.url); return r; }`;
    const guarded = await run(process.execPath, ['--input-type=module', '-e', `import { register } from 'node:module'; register('data:text/javascript,' + encodeURIComponent(${JSON.stringify(hook)})); await import('tfdoctor/doctor'); await import('tfdoctor/doctor').then((m) => { if (typeof m.diagnose !== 'function') throw new Error('no diagnose'); });`], { cwd: consumer });
    expect(guarded.exitCode, String(guarded.stderr)).toBe(0);
    // The guard itself bites: the root entry is refused.
    const root = await run(process.execPath, ['--input-type=module', '-e', `import { register } from 'node:module'; register('data:text/javascript,' + encodeURIComponent(${JSON.stringify(hook)})); await import('tfdoctor');`], { cwd: consumer });
    expect(root.exitCode).not.toBe(0);
    expect(String(root.stderr)).toMatch(/loaded .*node_modules\/(cdktf|@cdktf|execa|@aws-sdk)\//);
  });

  it('npx tfdoctor --help works from the project', async () => {
    const r = await run('npx', ['tfdoctor', '--help'], { cwd: consumer });
    expect(r.exitCode, String(r.stderr)).toBe(0);
    for (const cmd of ['synth', 'plan', 'keygen', 'repair']) expect(String(r.stdout)).toContain(cmd);
    expect(String(r.stderr)).toBe('');
    const plan = await run('npx', ['tfdoctor', 'plan', '--help'], { cwd: consumer });
    expect(plan.exitCode).toBe(0);
    expect(String(plan.stdout)).toContain('--baseline');
    expect(String(plan.stdout)).toContain('--fail-on');
  });

  describe('examples/reconciler.ts against the emulator: one clean account, one with a held lock', () => {
    let inventoryFile: string;
    let workRoot: string;
    beforeAll(async () => {
      em = await startEmulator();
      inventoryFile = await writeFleetInventory(join(work, 'inventory'), { accounts: [CLEAN, LOCKED], bucketsPerAccount: 1, lockTables: [LOCKED] });
      workRoot = join(work, 'dirs');
      await prepareFleet(em, { inventoryFile, workRoot, apply: [CLEAN] });
      // A crashed apply from two hours ago still holds the broken account's lock.
      await holdLock(em, { table: lockTableOf(LOCKED), bucket: `${LOCKED}-tfstate`, key: STATE_KEY, region: REGION, who: 'ci@runner-3', created: new Date(Date.now() - 2 * 3600_000) });
    }, 300_000);

    const reconcile = (out: string, extra: string[] = []) =>
      run(
        process.execPath,
        ['out/reconciler.js', '--inventory', inventoryFile, '--out', out, '--work-root', workRoot, ...Object.entries(EMULATOR_BACKEND_CONFIG).flatMap(([k, v]) => ['--backend-config', `${k}=${v}`]), ...extra],
        { cwd: consumer, env: shellEnv(em!.env), timeout: 300_000 },
      );

    it('applies the clean account, refuses the locked one, writes the merge request, exits 2', async () => {
      const out = join(work, 'loop-1');
      const r = await reconcile(out);
      expect(r.exitCode, String(r.stderr).slice(-3000)).toBe(2);
      expect(String(r.stdout).split('\n').filter(Boolean).sort()).toEqual([`${CLEAN}: apply`, `${LOCKED}: refuse: state-lock-held`]);
      // Nothing on stderr: tfdoctor prints nothing itself (and no SDK warning).
      expect(String(r.stderr)).toBe('');
      const md = await readFile(join(out, 'merge-request.md'), 'utf8');
      expect(md).toMatch(/^### tfdoctor fleet: 2 accounts, 1 with findings, 0 failed/);
      expect(md).toContain(`| \`${CLEAN}\` | ✅ clean |`);
      expect(md).toContain('`state-lock-held`');
      expect(md).toContain('ci@runner-3');
      const fleet = FleetReport.parse(JSON.parse(await readFile(join(out, 'fleet.json'), 'utf8')));
      expect(fleet.reports.map((x) => [x.target.account, x.findings.map((f) => f.kind)]).sort()).toEqual([[CLEAN, []], [LOCKED, ['state-lock-held']]]);
    }, 300_000);

    it('the next loop with the previous fleet.json as baseline: the lock is still open, nothing new, exit 0', async () => {
      const out = join(work, 'loop-2');
      const r = await reconcile(out, ['--baseline', join(work, 'loop-1', 'fleet.json')]);
      expect(r.exitCode, String(r.stderr).slice(-3000)).toBe(0);
      expect(String(r.stdout)).toContain(`${LOCKED}: refuse: state-lock-held`);
      const fleet = FleetReport.parse(JSON.parse(await readFile(join(out, 'fleet.json'), 'utf8')));
      const locked = fleet.reports.find((x) => x.target.account === LOCKED);
      expect(locked?.findings.map((f) => f.baseline)).toEqual(['open']);
      expect(locked?.baseline).toMatchObject({ new: 0, open: 1, resolved: [] });
    }, 300_000);
  });
});
