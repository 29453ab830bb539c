/**
 * What rosa-authenticator reads from AWS while the reference synthesizes
 * (`populate_tf_resource_rosa_authenticator`, TAC): `head_bucket` on the entry's
 * `cognito_callback_bucket_name` (a failure is the reference's "Bucket <b> is not
 * accessible - <error>"), then `download_file` of `Logo-RedHat-B-Color-RGB.png`,
 * which must be a PNG (`filetype.guess(...).extension == "png"`). Its bytes become
 * the user pool UI customization's `image_file` (base64).
 *
 * tfdoctor reads it the same way, before synth, as the asg image lookup does
 * (src/run/ami-lookup.ts): through the one AWS client config (src/aws/clients.ts),
 * with the environment terraform gets, so an emulator or another account's keys
 * apply to both. The result goes to synth as SynthOptions.callbackLogos.
 */
import type { S3Client } from '@aws-sdk/client-s3';
import { awsClientConfig, makeAwsClient, type AwsClientOptions } from '../aws/clients.js';
import { inputError } from '../synth/load-inventory.js';
import type { Inventory } from '../synth/index.js';
import { CALLBACK_LOGO_OBJECT } from '../synth/kinds/rosa-authenticator.js';
import { errorText } from '../util/text.js';

/** The PNG signature: what `filetype.guess` recognises a PNG by. */
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

export function isPng(bytes: Uint8Array): boolean {
  return bytes.length >= PNG_SIGNATURE.length && PNG_SIGNATURE.equals(Buffer.from(bytes.subarray(0, PNG_SIGNATURE.length)));
}

/** S3 client honouring the child environment tfdoctor passes to terraform (endpoint, keys). Path style with an explicit endpoint (emulators). */
export async function s3ClientFor(region: string, env: Record<string, string | undefined> = {}): Promise<S3Client> {
  const { S3Client } = await import('@aws-sdk/client-s3');
  const opts: AwsClientOptions = { service: 'S3', region, env, maxAttempts: 2 };
  // The endpoint as the one AWS config resolves it (AWS_ENDPOINT_URL_S3, else AWS_ENDPOINT_URL).
  return makeAwsClient(S3Client, opts, awsClientConfig(opts).endpoint ? { forcePathStyle: true } : {});
}

/**
 * For every rosa-authenticator of `account`: its callback bucket -> the logo's
 * bytes in base64. A bucket that cannot be read, or a logo that is not a PNG, is
 * an input error naming the inventory entry (the reference stops there too).
 */
export async function readCallbackLogos(
  inv: Inventory,
  account: string,
  opts: { defaultRegion: string; env?: Record<string, string | undefined>; signal?: AbortSignal },
): Promise<Map<string, string>> {
  const { GetObjectCommand, HeadBucketCommand } = await import('@aws-sdk/client-s3');
  const out = new Map<string, string>();
  const send = opts.signal ? { abortSignal: opts.signal } : {};
  for (const res of inv.resources) {
    if (res.account !== account || res.kind !== 'rosa-authenticator') continue;
    const bucket = res.values['cognito_callback_bucket_name'];
    // A missing bucket name is the kind's own input error (synth says which key).
    if (typeof bucket !== 'string' || !bucket || out.has(bucket)) continue;
    const where = res.origins['cognito_callback_bucket_name'] ?? res.where;
    // The reference's client is its account session's (`AWSApi.get_session_client(session, "s3")`,
    // no region_name): the account's resourcesDefaultRegion, whatever the entry's `region`.
    const client = await s3ClientFor(opts.defaultRegion, opts.env);
    try {
      try {
        await client.send(new HeadBucketCommand({ Bucket: bucket }), send);
      } catch (err) {
        if (opts.signal?.aborted) throw err;
        throw inputError(where, `Bucket ${bucket} is not accessible - ${errorText(err)}`);
      }
      let bytes: Uint8Array;
      try {
        const got = await client.send(new GetObjectCommand({ Bucket: bucket, Key: CALLBACK_LOGO_OBJECT }), send);
        bytes = (await got.Body?.transformToByteArray()) ?? new Uint8Array();
      } catch (err) {
        if (opts.signal?.aborted) throw err;
        throw inputError(where, `could not download ${CALLBACK_LOGO_OBJECT} from s3 bucket ${bucket}: ${errorText(err)}`);
      }
      if (!isPng(bytes))
        throw inputError(where, `object ${CALLBACK_LOGO_OBJECT} of s3 bucket ${bucket} exists but is not a PNG; expected filetype is 'png'`);
      out.set(bucket, Buffer.from(bytes).toString('base64'));
    } finally {
      client.destroy();
    }
  }
  return out;
}
