/**
 * What the doctor reads. Everything is passed in (plan JSON, diagnostics,
 * pasted text, probe results, the clock): the doctor never runs anything.
 */
import type { Diagnostic, PlanJson } from '../tfjson/index.js';

/** One `deletionApprovals` entry of an account (inventory). `expiration` is `YYYY-MM-DD`, UTC. A type alias, not an interface: it is copied into evidence, an open object type. */
export type DeletionApproval = {
  type: string;
  name: string;
  expiration: string;
};

/** The part of an account the deletion gate reads. */
export interface AccountGate {
  name: string;
  enableDeletion: boolean;
  deletionApprovals: readonly DeletionApproval[];
}

/** Result of asking AWS whether the object a planned create would make already exists. */
export interface ExistsProbe {
  address: string;
  type: string;
  importId: string;
  exists: boolean;
}

/** An AMI the account can see for an image tag. */
export interface AvailableAmi {
  commit: string;
  imageId: string;
  name?: string | undefined;
  /** ISO time, as DescribeImages returns it. */
  creationDate?: string | undefined;
}

/** What was found when looking for the AMI a `data "aws_ami"` wants. */
export interface AmiLookup {
  /** e.g. `data.aws_ami.image-builder-workers` */
  address: string;
  account: string;
  region: string;
  tagName: string;
  commit: string;
  url?: string | undefined;
  /** AMIs carrying `tag:<tagName>` in the account and region, any commit. */
  available: readonly AvailableAmi[];
}

export type PlanMode = 'normal' | 'refresh-only' | 'destroy';

/** What diagnose reads; everything is passed in. */
export interface DiagnoseInput {
  plan?: PlanJson | undefined;
  /** Diagnostics from the `-json` UI stream (plan, apply, init). */
  diagnostics: readonly Diagnostic[];
  /** Pasted logs or stderr: human Terraform output, reconciler messages. */
  text?: string | undefined;
  account?: AccountGate | undefined;
  /**
   * The run-level `--enable-deletion` (the reconciler's `enable_deletion`
   * argument): deletions allowed whatever the account says. Default false.
   */
  enableDeletion?: boolean | undefined;
  probes?: readonly ExistsProbe[] | undefined;
  /**
   * How the plan was made: `normal` (default), `refresh-only` (`plan -refresh-only`:
   * state against reality only, so only deleted/changed-out-of-band and no gate
   * findings) or `destroy` (`plan -destroy`). The plan JSON does not say which.
   */
  planMode?: PlanMode | undefined;
  amis?: readonly AmiLookup[] | undefined;
  now: Date;
  /** A lock older than this is called stale and `force-unlock` is proposed. Default 1 h. */
  lockStaleAfterMs?: number | undefined;
  /**
   * An `errored.tfstate` found in the working dir (what a failed state write
   * leaves), with the state the backend holds now (from the plan file), for the
   * push rule (errored-state.ts).
   */
  erroredState?: ErroredStateInput | undefined;
  /** Journals of repairs that started writing and did not finish (`.tfdoctor/in-progress/`): a held lock with one of their IDs is theirs. */
  repairsInProgress?: readonly RepairInProgress[] | undefined;
}

/** What `repair apply` writes down before its first write (src/repair/journal.ts). */
export interface RepairInProgress {
  lockId: string;
  repairHash: string;
  proposer: string;
  approvers: string[];
  applier: string;
  backup: string;
  startedAt: string;
  /** The commands it was about to run, as the reviewer read them. */
  commands: string[][];
}

/** The `errored.tfstate` of the working dir and the current state, as the caller read them. */
export interface ErroredStateInput {
  file: string;
  lineage: string;
  serial: number;
  sha256: string;
  /** The state the backend holds now; undefined when the plan did not get as far as reading it. */
  current?: { lineage: string; serial: number } | undefined;
  /** The managed resource instances errored.tfstate holds (rawStateAddresses). */
  addresses?: readonly string[] | undefined;
}

/** A state lock older than this (1 h) is called stale and force-unlock is proposed. */
export const DEFAULT_LOCK_STALE_AFTER_MS = 60 * 60 * 1000;
