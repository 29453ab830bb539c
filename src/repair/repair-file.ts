/**
 * The repair file: plain JSON a reviewer reads, approves and hands to `apply`.
 * `hash` is sha256 over the canonical JSON of everything except `hash` and
 * `approvals`; approvals sign that hash, so any later edit of a proposal, the
 * target, the state binding or the times voids them.
 */
import { createHash, randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { FindingKind, ProposalKind } from '../doctor/report.js';
import { InputError } from '../errors.js';
import { canonicalJson } from './canonical-json.js';
import { writeFileAtomic } from '../fs/write-file-atomic.js';

/**
 * 2: `prediction` (the rehearsal at propose time) and the backend's
 * `use_lockfile`/`path`. Version 1 files still parse, verify and apply (no
 * prediction to hold the apply-time rehearsal to).
 */
export const REPAIR_VERSION = 2;
export const REPAIR_VERSIONS = [1, 2] as const;

/** The S3 backend the state lives in, as read from `.terraform/terraform.tfstate` at propose time. */
export const RepairBackend = z.object({
  type: z.string(),
  bucket: z.string().optional(),
  key: z.string().optional(),
  region: z.string().optional(),
  dynamodb_table: z.string().optional(),
  /** S3 native locking (`<key>.tflock`), repairVersion 2. */
  use_lockfile: z.boolean().optional(),
  /** local backend `path`, repairVersion 2. */
  path: z.string().optional(),
});
export type RepairBackend = z.infer<typeof RepairBackend>;

/** The errored.tfstate a `terraform-state-push` proposal pushes, as read at propose time: apply pushes only these bytes. */
export const StatePushBinding = z.object({
  file: z.string(),
  lineage: z.string().min(1),
  serial: z.number().int().nonnegative(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
});
export type StatePushBinding = z.infer<typeof StatePushBinding>;

export const RepairProposal = z.object({
  /** The report's proposal id, e.g. `F1.a`. */
  id: z.string(),
  findingId: z.string(),
  findingKind: FindingKind,
  kind: ProposalKind,
  /** Exact command as the reviewer sees it; argv[0] is replaced by the configured binary when run. */
  argv: z.array(z.string()).min(2),
  why: z.string(),
  address: z.string().optional(),
  /** `terraform-state-push` only: the file's lineage, serial and sha256 (repairVersion 2, added with the guarded push). */
  statePush: StatePushBinding.optional(),
});
export type RepairProposal = z.infer<typeof RepairProposal>;

export const StateBinding = z.object({
  lineage: z.string().min(1),
  serial: z.number().int().nonnegative(),
  /** sha256 (hex) of the exact bytes `terraform state pull` printed at propose time. */
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
});
export type StateBinding = z.infer<typeof StateBinding>;

export const Approval = z.object({
  approver: z.string(),
  at: z.string(),
  /** ed25519 public key, base64 of the raw 32 bytes (as in the approvers file). */
  publicKey: z.string(),
  /** base64 ed25519 signature over `approvalMessage(hash, approver)`. */
  signature: z.string(),
});
export type Approval = z.infer<typeof Approval>;

/** One plan's effect as the rehearsal summarised it (promise.ts PlanEffect). */
export const RecordedEffect = z.object({
  /** address -> planned action (no entry = no change). */
  changes: z.record(z.string(), z.string()),
  /** address -> drift action. */
  drift: z.record(z.string(), z.string()),
  errored: z.boolean(),
  errors: z.array(z.string()),
});

/**
 * The rehearsal at propose time: the edit applied to a local copy of the bound
 * state, and the plans before and after it. Covered by the hash, so an approval
 * signs the consequence, not only the argv; `apply` refuses when its own
 * rehearsal predicts anything else.
 */
export const Prediction = z.object({
  before: RecordedEffect,
  after: RecordedEffect,
  /** When the rehearsal ran (ISO 8601). */
  rehearsedAt: z.string(),
});
export type Prediction = z.infer<typeof Prediction>;

/** A repair file (contracts §4): the chosen proposals as argv, the target, the state binding, proposer, times, approvals and the hash over it. */
export const Repair = z.object({
  repairVersion: z.union([z.literal(1), z.literal(2)]),
  /** Random, so two proposals of the same commands at the same second still differ. */
  nonce: z.string(),
  target: z.object({
    account: z.string().optional(),
    dir: z.string(),
    backend: RepairBackend.optional(),
  }),
  proposals: z.array(RepairProposal).min(1),
  state: StateBinding,
  /** repairVersion 2: what the rehearsal at propose time predicts (absent for a force-unlock, which edits no state). */
  prediction: Prediction.optional(),
  proposer: z.string(),
  createdAt: z.string(),
  expiresAt: z.string(),
  hash: z.string(),
  approvals: z.array(Approval),
});
export type Repair = z.infer<typeof Repair>;
export type UnsignedRepair = Omit<Repair, 'hash' | 'approvals'>;

/** sha256 (hex) over the canonical JSON of the repair without `hash` and `approvals`. */
export function computeRepairHash(repair: UnsignedRepair | Repair): string {
  const { hash: _h, approvals: _a, ...rest } = repair as Repair;
  return createHash('sha256').update(canonicalJson(rest)).digest('hex');
}

export function newNonce(): string {
  return randomBytes(12).toString('hex');
}

/** Parse a repair file's text; bad JSON or shape is an InputError naming the file and the path. */
export function parseRepair(text: string, file = 'repair file'): Repair {
  let obj: unknown;
  try {
    obj = JSON.parse(text);
  } catch (err) {
    throw new InputError(`not JSON: ${(err as Error).message}`, file);
  }
  const r = Repair.safeParse(obj);
  if (!r.success) {
    const issue = r.error.issues[0];
    throw new InputError(`not a tfdoctor repair file (repairVersion ${REPAIR_VERSIONS.join(' or ')}): ${issue?.message ?? 'invalid'}`, file, issue?.path.map((p) => (typeof p === 'symbol' ? String(p) : p)) ?? []);
  }
  return r.data;
}

/** Reads and validates a repair file. InputError when it is not one. */
export async function readRepairFile(file: string): Promise<Repair> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new InputError(`cannot read: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, file);
  }
  return parseRepair(text, file);
}

export function serializeRepair(repair: Repair): string {
  return `${JSON.stringify(repair, null, 2)}\n`;
}

/** Write via a temp file in the same folder + rename: a reader never sees half a file. */
export async function writeRepairFile(file: string, repair: Repair): Promise<void> {
  await writeFileAtomic(file, serializeRepair(repair));
}

export { writeFileAtomic };
