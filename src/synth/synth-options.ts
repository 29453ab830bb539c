/**
 * What synthesis needs from outside the inventory. The reconciler reads these
 * while it synthesizes (the current Secret's db.password, DescribeImages for an
 * ASG's commit); tfdoctor gathers them first (async: state, AWS) and hands them
 * to the synchronous synth, so `synthAccount` stays pure and testable.
 */

/** The account's current Terraform state, as far as synthesis needs it. */
export interface PriorState {
  /**
   * The attributes of the managed resource at `address` (`type.name`, no module,
   * no index) in the account's current state, or undefined when it is not there.
   * Values the reference keeps across runs (an RDS instance's `password`, an
   * ElastiCache `auth_token`) come from here so the plan shows no change.
   */
  attributes(address: string): Readonly<Record<string, unknown>> | undefined;
  /** A root output's value in the current state (e.g. `<id>-rds__db_password`), or undefined. */
  output(name: string): unknown;
}

/** An AMI found at synth time the way the reference finds it (DescribeImages by tag, no owner filter). */
export interface ResolvedImage {
  imageId: string;
}

export interface SynthOptions {
  /** The account's current state; absent for an account that has none yet. */
  priorState?: PriorState | undefined;
  /**
   * AMIs resolved before synth, keyed by `imageKey(...)` (src/synth/kinds/asg.ts
   * owns the key). An ASG whose image is absent here fails as the reference does.
   */
  images?: ReadonlyMap<string, ResolvedImage> | undefined;
  /**
   * Secrets the reference reads from Vault while it synthesizes (`secret_reader.read_all`):
   * Vault path -> its fields. A kind that needs a path absent here fails with an input error.
   */
  secrets?: ReadonlyMap<string, Readonly<Record<string, string>>> | undefined;
  /**
   * Release zips the reference downloads while it synthesizes (kinesis-to-opensearch-lambda,
   * cognito-pre-signup-trigger, ...): repository name -> the local path of `<repository>.zip`
   * (`--artifacts DIR`, env TFDOCTOR_ARTIFACTS). tfdoctor never downloads at synth time; a kind
   * that needs a repository absent here says which (or keeps what the account's state has).
   */
  artifacts?: ReadonlyMap<string, string> | undefined;
  /**
   * This synth only makes the config `init` needs before the state can be read (backend,
   * providers); it is overwritten by a second synth with the state. A secret that only
   * the state or Vault holds may then be a placeholder instead of an input error.
   */
  bootstrap?: boolean | undefined;
  /**
   * A new random secret (RDS password, auth token) for an object the state does not have yet.
   * Default: `generateSecret` (src/synth/prior-state.ts, the reference's 20 letters and digits).
   * Injectable for tests and goldens; `recordingSecretGenerator` lets a printer hide what was generated.
   */
  generatePassword?: (() => string) | undefined;
  /**
   * What rosa-authenticator reads from AWS while the reference synthesizes: the
   * callback bucket's `Logo-RedHat-B-Color-RGB.png` (head_bucket + download_file),
   * as base64: bucket name -> the object's bytes in base64 (what the reference's
   * `${filebase64("/tmp/Logo-RedHat-B-Color-RGB.png")}` evaluates to). Read before
   * synth through the AWS client config (src/run/callback-bucket.ts); a bucket absent
   * here keeps what the state has, else is an input error.
   */
  callbackLogos?: ReadonlyMap<string, string> | undefined;
}
