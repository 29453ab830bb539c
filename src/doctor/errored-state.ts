/**
 * `errored.tfstate`: what Terraform leaves in the working dir when an apply
 * changed infrastructure but could not write the state to the backend ("Failed
 * to persist state to backend ... the state has been written to the file
 * errored.tfstate"; seen on 1.11.4 with the S3 endpoint gone mid-apply).
 *
 * The push rule (docs/repair.md, "Pushing errored.tfstate"): the file may be
 * pushed back only as the successor of the state the backend holds now.
 * - same lineage (an errored state of another lineage is another state);
 * - serial newer than the current one by 1 or 2, what one failed apply explains.
 *   Terraform raises the serial before each write it attempts and keeps it
 *   raised when the write fails (remote state's PersistState): the final write
 *   that failed gives current + 1; an intermediate snapshot write that failed
 *   first (terraform >= 1.5 persists every 20 s during a long apply, and a failed
 *   one halts the apply) gives current + 2. A serial equal or lower means the
 *   backend moved on since (someone applied or pushed): pushing would fork or
 *   roll back. A larger gap is not one failed apply: refused, do it by hand.
 * Pure: the caller reads the files.
 */

/** What the rule reads of a state: lineage and serial. */
export interface StateIdentity {
  lineage: string;
  serial: number;
}

/** The largest serial gap one failed apply explains (see above). */
export const MAX_ERRORED_SERIAL_GAP = 2;

/** Why `errored` may not be pushed over `current`, or undefined when it may. */
export function erroredPushRefusal(errored: StateIdentity, current: StateIdentity | undefined): string | undefined {
  if (!current) return 'the backend holds no state to compare with (pull it first)';
  if (errored.lineage !== current.lineage) {
    return `errored.tfstate has lineage ${errored.lineage}, the backend's state ${current.lineage}: it is not a newer copy of this state`;
  }
  const gap = errored.serial - current.serial;
  if (gap <= 0) {
    return `errored.tfstate has serial ${errored.serial}, the backend's state ${current.serial}: the state was written since the failed apply (pushing would roll it back)`;
  }
  if (gap > MAX_ERRORED_SERIAL_GAP) {
    return `errored.tfstate has serial ${errored.serial}, ${gap} above the backend's ${current.serial}: more than one failed apply explains (at most ${MAX_ERRORED_SERIAL_GAP})`;
  }
  return undefined;
}
