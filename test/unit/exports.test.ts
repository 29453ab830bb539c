/**
 * The public API is what the package's two entry points export, and every name
 * there is a contract a reconciler may depend on. This test holds both lists:
 * adding a name is a reviewed change to this file, removing or renaming one
 * breaks consumers. It also holds that every export carries TSDoc, and that
 * `tfdoctor/doctor` loads none of cdktf, execa or the AWS SDK.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

const ENTRIES = {
  tfdoctor: 'src/index.ts',
  'tfdoctor/doctor': 'src/public/doctor.ts',
} as const;

/** Runtime values (functions, classes, constants, zod schemas) of `tfdoctor/doctor`. */
const DOCTOR_VALUES = [
  'BaselineSummary', 'DEFAULT_LOCK_STALE_AFTER_MS', 'Diagnostic', 'FAIL_ON_VALUES', 'FINDING_KINDS', 'Finding', 'FindingKind',
  'FleetReport', 'PROPOSAL_KINDS', 'PlanJson', 'Proposal', 'ProposalKind', 'REPORT_SCHEMA_ID', 'Report', 'ResolvedFinding',
  'STATE_MUTATING_PROPOSAL_KINDS', 'Severity', 'UiMessage', 'buildReport', 'compareFleetWithBaseline', 'compareWithBaseline',
  'deletionVerdict', 'diagnose', 'findingFingerprint', 'findingsFail', 'renderFleetMarkdown', 'renderMarkdown', 'reportJsonSchema',
];
/** Types only (interfaces and type aliases) of `tfdoctor/doctor`. */
const DOCTOR_TYPES = [
  'AccountGate', 'AmiLookup', 'AvailableAmi', 'BuildReportInput', 'DeletionApproval', 'DiagnoseInput', 'ExistsProbe', 'FailOn',
  'GateVerdict', 'ReportStateBinding',
  // The typed evidence (src/doctor/evidence.ts): narrow a finding by kind.
  'AttributeChangeEvidence', 'DiagnosticEvidence', 'EvidenceByKind', 'EvidenceOf', 'FindingOf', 'GateEvidence', 'ObjectIdentityEvidence',
  'PlanEntryEvidence',
];
/** `tfdoctor`: everything of `tfdoctor/doctor`, plus these values... */
const ROOT_VALUES = [
  ...DOCTOR_VALUES,
  'EnvironmentError', 'GuardError', 'InputError', 'RawState', 'Repair', 'TerraformExitError', 'VERSION', 'accountInfo',
  'applyRepair', 'approveRepair', 'approversLine', 'generateKeyPair', 'listAccounts', 'loadInventory', 'mergeReports',
  'parseShard', 'planAccount', 'planFleet', 'proposeRepair', 'readApproversFile', 'readBaseline', 'readPrivateKeyFile',
  'readRepairFile', 'readReportFile', 'renderRepair', 'resolveIdentity',
  'synthAccount', 'verifyRepair', 'writeKeyFile', 'writeRepairFile', 'writeWorkingDir',
];
/** ...and these types. */
const ROOT_TYPES = [
  ...DOCTOR_TYPES,
  'Account', 'AccountConfig', 'AccountInfo', 'AccountPlanner', 'ApplyRepairOptions', 'ApplyRepairResult', 'ApproveOptions',
  'ApproverEntry', 'AuditRecord', 'BackendConfig', 'Baseline', 'FleetPhase', 'FleetProgressEvent', 'Inventory', 'KeyPair',
  'MergeInput', 'MergeResult', 'PlanAccountOptions', 'PlanAccountResult', 'PlanFleetOptions', 'PlanPhase', 'PlanProgressEvent',
  'ProposeOptions', 'RenderRepairOptions', 'Shard', 'StateSnapshot', 'VerifiedRepair', 'VerifyOptions',
];

const sorted = (xs: readonly string[]): string[] => [...xs].sort();

describe('the public export lists', () => {
  it.each([
    ['tfdoctor', ENTRIES.tfdoctor, ROOT_VALUES],
    ['tfdoctor/doctor', ENTRIES['tfdoctor/doctor'], DOCTOR_VALUES],
  ])('%s exports exactly the agreed runtime values', async (_name, file, values) => {
    const mod = (await import(join(ROOT, file))) as Record<string, unknown>;
    expect(sorted(Object.keys(mod))).toEqual(sorted(values));
    for (const v of Object.values(mod)) expect(v).toBeDefined();
  });

  describe('as TypeScript sees them (types included)', () => {
    let program: ts.Program;
    let checker: ts.TypeChecker;
    beforeAll(() => {
      const cfg = ts.getParsedCommandLineOfConfigFile(join(ROOT, 'tsconfig.json'), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined });
      if (!cfg) throw new Error('cannot read tsconfig.json');
      program = ts.createProgram(Object.values(ENTRIES).map((f) => join(ROOT, f)), cfg.options);
      checker = program.getTypeChecker();
    });
    const exportsOf = (file: string): ts.Symbol[] => {
      const sf = program.getSourceFile(join(ROOT, file));
      const mod = sf && checker.getSymbolAtLocation(sf);
      if (!mod) throw new Error(`no module symbol for ${file}`);
      return checker.getExportsOfModule(mod);
    };

    it.each([
      ['tfdoctor', ENTRIES.tfdoctor, [...ROOT_VALUES, ...ROOT_TYPES]],
      ['tfdoctor/doctor', ENTRIES['tfdoctor/doctor'], [...DOCTOR_VALUES, ...DOCTOR_TYPES]],
    ])('%s exports exactly the agreed names', (_name, file, names) => {
      expect(sorted(exportsOf(file).map((s) => s.name))).toEqual(sorted(names));
    });

    it.each(Object.entries(ENTRIES))('every export of %s has TSDoc on its declaration', (_name, file) => {
      const undocumented = exportsOf(file).flatMap((s) => {
        const target = s.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(s) : s;
        const doc = ts.displayPartsToString(target.getDocumentationComment(checker)).trim();
        return doc ? [] : [`${s.name} (${target.declarations?.[0]?.getSourceFile().fileName.replace(ROOT, '')})`];
      });
      expect(undocumented).toEqual([]);
    });
  });
});

describe('tfdoctor/doctor loads nothing heavy', () => {
  let trace: string;
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tfdoctor-exports-'));
    trace = join(dir, 'resolved.txt');
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  // A resolve hook records every module the import resolves (in the hooks thread,
  // into a file), and the require cache adds what CommonJS loaded.
  const HOOK = `import { appendFileSync } from 'node:fs';
export async function resolve(specifier, context, next) {
  const r = await next(specifier, context);
  appendFileSync(process.env.TFDOCTOR_TRACE, r.url + '\\n');
  return r;
}`;
  const loadedBy = async (entry: string): Promise<string[]> => {
    await rm(trace, { force: true });
    const script = `import { register } from 'node:module';
register('data:text/javascript,' + encodeURIComponent(${JSON.stringify(HOOK)}));
await import(${JSON.stringify(join(ROOT, entry))});
// CommonJS packages loaded with require (cdktf is) pass no ESM hook: list the require cache too.
const { createRequire } = await import('node:module');
const { appendFileSync } = await import('node:fs');
appendFileSync(process.env.TFDOCTOR_TRACE, Object.keys(createRequire(import.meta.url).cache).map((f) => 'file://' + f + '\\n').join(''));`;
    const r = await execa(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: ROOT,
      env: { TFDOCTOR_TRACE: trace },
      reject: false,
    });
    expect(r.exitCode, r.stderr).toBe(0);
    return (await readFile(trace, 'utf8')).split('\n').filter(Boolean);
  };
  const HEAVY = /\/node_modules\/(cdktf|@cdktf|constructs|execa|@aws-sdk|@smithy)\//;

  it('no cdktf, execa or AWS SDK module is resolved by importing it', async () => {
    const urls = await loadedBy(ENTRIES['tfdoctor/doctor']);
    // The trace works: it saw the doctor and zod.
    expect(urls.some((u) => u.endsWith('/src/doctor/diagnose.ts'))).toBe(true);
    expect(urls.some((u) => u.includes('/node_modules/zod/'))).toBe(true);
    expect(urls.filter((u) => HEAVY.test(u))).toEqual([]);
  });

  it('(the root entry does load them: the check above can fail)', async () => {
    const urls = await loadedBy(ENTRIES.tfdoctor);
    expect(urls.some((u) => /\/node_modules\/cdktf\//.test(u))).toBe(true);
    expect(urls.some((u) => /\/node_modules\/execa\//.test(u))).toBe(true);
  });
});
