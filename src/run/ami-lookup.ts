/**
 * The AMI lookup behind `ami-not-found`: when a plan fails because a
 * `data "aws_ami"` filtered by `tag:<tag_name> = <commit>` found nothing
 * ("Your query returned no results...", aws provider 5.100.0), find out which
 * commits DO have an image with that tag in that account and region, so the
 * report can say "pin to this commit" instead of only "not found".
 *
 * Where the tag/commit come from: the synthesized config's
 * `"//".tfdoctor.images["data.aws_ami.<id>"]` (synth writes it), else the data
 * source's own `filter` blocks (any `--dir` project, JSON or simple HCL).
 */
import type { EC2Client } from '@aws-sdk/client-ec2';
import { makeAwsClient } from '../aws/clients.js';
import type { AmiLookup, AvailableAmi } from '../doctor/types.js';
import type { Diagnostic } from '../tfjson/index.js';
import { isAmiNoResults } from './ami-diagnostics.js';
import { InputError } from '../errors.js';
import { isPlainObject } from '../util/objects.js';


/** One `data "aws_ami"` of the config, as far as tfdoctor could read it. */
export interface AmiQuery {
  address: string;
  tagName: string;
  commit: string;
  url?: string;
  region?: string;
  /** `aws.<alias>` when the data source uses an aliased provider. */
  provider?: string;
}

export { hasAmiNotFound } from './ami-diagnostics.js';

/** Addresses of `data.aws_ami.*` the no-results diagnostics name (address field, else snippet/detail text). */
export function failedAmiAddresses(diagnostics: readonly Diagnostic[], known: readonly string[]): string[] {
  const out = new Set<string>();
  for (const d of diagnostics) {
    if (!isAmiNoResults(d)) continue;
    if (d.address?.startsWith('data.aws_ami.')) {
      out.add(d.address);
      continue;
    }
    const text = `${d.snippet?.context ?? ''}\n${d.snippet?.code ?? ''}\n${d.detail ?? ''}`;
    const hits = known.filter((a) => text.includes(a) || text.includes(`"${a.slice('data.aws_ami.'.length)}"`));
    // Only trust a text hit when it names exactly one image; otherwise every image is re-checked.
    if (hits.length === 1 && hits[0]) out.add(hits[0]);
    else known.forEach((a) => out.add(a));
  }
  return [...out];
}

type Json = Record<string, unknown>;
const isObj = isPlainObject;
const asArray = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]);

/** Account recorded by synth in `"//".tfdoctor.account`. */
export function accountFromConfig(docs: readonly Json[]): { name?: string; uid?: string } {
  for (const doc of docs) {
    const meta = isObj(doc['//']) && isObj(doc['//'].tfdoctor) ? doc['//'].tfdoctor : undefined;
    if (meta && isObj(meta.account)) {
      const { name, uid } = meta.account;
      return { ...(typeof name === 'string' ? { name } : {}), ...(typeof uid === 'string' ? { uid } : {}) };
    }
  }
  return {};
}

/** Provider alias -> region, and the default provider's region, from JSON configs. */
export function providerRegions(docs: readonly Json[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const doc of docs) {
    const prov = isObj(doc.provider) ? doc.provider : undefined;
    if (!prov) continue;
    for (const p of asArray(prov.aws)) {
      if (!isObj(p) || typeof p.region !== 'string') continue;
      out.set(typeof p.alias === 'string' ? `aws.${p.alias}` : 'aws', p.region);
    }
  }
  return out;
}

function tagFilter(filters: unknown): { tagName: string; commit: string } | undefined {
  for (const f of asArray(filters)) {
    if (!isObj(f) || typeof f.name !== 'string' || !f.name.startsWith('tag:')) continue;
    const values = asArray(f.values).filter((v): v is string => typeof v === 'string');
    if (values.length === 1 && values[0]) return { tagName: f.name.slice(4), commit: values[0] };
  }
  return undefined;
}

/** Image queries of JSON configs: synth's metadata first, then the data sources' filters. */
export function amiQueriesFromJson(docs: readonly Json[]): AmiQuery[] {
  const out = new Map<string, AmiQuery>();
  const regions = providerRegions(docs);
  for (const doc of docs) {
    const data = isObj(doc.data) && isObj(doc.data.aws_ami) ? doc.data.aws_ami : {};
    for (const [name, body] of Object.entries(data)) {
      for (const b of asArray(body)) {
        if (!isObj(b)) continue;
        const tf = tagFilter(b.filter);
        if (!tf) continue;
        const provider = typeof b.provider === 'string' ? b.provider.replace(/^\$\{(.*)\}$/, '$1') : undefined;
        const region = regions.get(provider ?? 'aws');
        out.set(`data.aws_ami.${name}`, {
          address: `data.aws_ami.${name}`,
          ...tf,
          ...(provider ? { provider } : {}),
          ...(region ? { region } : {}),
        });
      }
    }
  }
  for (const doc of docs) {
    const meta = isObj(doc['//']) && isObj(doc['//'].tfdoctor) ? doc['//'].tfdoctor : undefined;
    const images = meta && isObj(meta.images) ? meta.images : {};
    for (const [address, img] of Object.entries(images)) {
      if (!isObj(img) || typeof img.tag_name !== 'string' || typeof img.commit !== 'string') continue;
      const prev = out.get(address);
      out.set(address, {
        ...prev,
        address,
        tagName: img.tag_name,
        commit: img.commit,
        ...(typeof img.url === 'string' ? { url: img.url } : {}),
        ...(typeof img.region === 'string' ? { region: img.region } : prev?.region ? { region: prev.region } : {}),
      });
    }
  }
  return [...out.values()];
}

/** Text of the `{ ... }` block starting at `open` (brace matching; strings with braces are rare in these blocks). */
function blockAt(text: string, open: number): string {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === '{') depth++;
    else if (text[i] === '}' && --depth === 0) return text.slice(open, i + 1);
  }
  return text.slice(open);
}

/**
 * A lenient scan of HCL for `data "aws_ami" "x" { filter { name = "tag:T" values = ["C"] } }`
 * and `provider "aws" { region = "..." alias = "..." }`. Not an HCL parser: it only
 * serves the AMI hint for hand-written projects; anything it cannot read is skipped.
 */
export function amiQueriesFromHcl(texts: readonly string[]): AmiQuery[] {
  const regions = new Map<string, string>();
  const out: AmiQuery[] = [];
  for (const text of texts) {
    for (const m of text.matchAll(/provider\s+"aws"\s*\{/g)) {
      const body = blockAt(text, m.index + m[0].length - 1);
      const region = /\bregion\s*=\s*"([^"]+)"/.exec(body)?.[1];
      const alias = /\balias\s*=\s*"([^"]+)"/.exec(body)?.[1];
      if (region) regions.set(alias ? `aws.${alias}` : 'aws', region);
    }
  }
  for (const text of texts) {
    for (const m of text.matchAll(/data\s+"aws_ami"\s+"([A-Za-z0-9_-]+)"\s*\{/g)) {
      const body = blockAt(text, m.index + m[0].length - 1);
      for (const f of body.matchAll(/filter\s*\{/g)) {
        const fb = blockAt(body, f.index + f[0].length - 1);
        const tag = /\bname\s*=\s*"tag:([^"]+)"/.exec(fb)?.[1];
        const values = /\bvalues\s*=\s*\[\s*"([^"]+)"\s*\]/.exec(fb)?.[1];
        if (!tag || !values) continue;
        const provider = /\bprovider\s*=\s*(aws\.[A-Za-z0-9_-]+)/.exec(body)?.[1];
        const region = regions.get(provider ?? 'aws');
        out.push({
          address: `data.aws_ami.${m[1]}`,
          tagName: tag,
          commit: values,
          ...(provider ? { provider } : {}),
          ...(region ? { region } : {}),
        });
        break;
      }
    }
  }
  return out;
}

/** EC2 client honouring the child environment tfdoctor passes to terraform (endpoint, keys), not only process.env (src/aws/clients.ts). */
export async function ec2ClientFor(region: string, env: Record<string, string | undefined> = {}): Promise<EC2Client> {
  const { EC2Client } = await import('@aws-sdk/client-ec2');
  return makeAwsClient(EC2Client, { service: 'EC2', region, env, maxAttempts: 2 });
}

/** Images owned by the account that carry the tag, one entry per image, newest first. */
export async function listTaggedImages(
  client: EC2Client,
  tagName: string,
  signal?: AbortSignal,
  /** Only the account's own images (the `data "aws_ami"` owners=self path); the reference's lookup has no owner filter. */
  selfOnly = true,
): Promise<AvailableAmi[]> {
  const { DescribeImagesCommand } = await import('@aws-sdk/client-ec2');
  const res = await client.send(
    new DescribeImagesCommand({ ...(selfOnly ? { Owners: ['self'] } : {}), Filters: [{ Name: 'tag-key', Values: [tagName] }] }),
    signal ? { abortSignal: signal } : {},
  );
  const out: AvailableAmi[] = [];
  for (const img of res.Images ?? []) {
    const commit = img.Tags?.find((t) => t.Key === tagName)?.Value;
    if (!commit || !img.ImageId) continue;
    out.push({
      commit,
      imageId: img.ImageId,
      ...(img.Name ? { name: img.Name } : {}),
      ...(img.CreationDate ? { creationDate: img.CreationDate } : {}),
    });
  }
  return out.sort((a, b) => (b.creationDate ?? '').localeCompare(a.creationDate ?? ''));
}

/**
 * For each failed image query, list the commits that do have an image. A lookup
 * that fails (no credentials, no permission) yields `available: []` plus the
 * error text, so the finding is still reported.
 */
export async function lookupAmis(
  queries: readonly AmiQuery[],
  opts: { account: string; defaultRegion?: string; env?: Record<string, string | undefined>; signal?: AbortSignal },
): Promise<{ lookups: AmiLookup[]; errors: string[] }> {
  const lookups: AmiLookup[] = [];
  const errors: string[] = [];
  for (const q of queries) {
    const region = q.region ?? opts.defaultRegion ?? opts.env?.AWS_REGION ?? process.env.AWS_REGION ?? 'us-east-1';
    let available: AvailableAmi[] = [];
    const client = await ec2ClientFor(region, opts.env);
    try {
      available = await listTaggedImages(client, q.tagName, opts.signal);
    } catch (err) {
      if (opts.signal?.aborted) throw err;
      errors.push(`${q.address}: DescribeImages in ${region} failed: ${err instanceof Error ? err.message : String(err)}`);
    } finally {
      client.destroy();
    }
    lookups.push({
      address: q.address,
      account: opts.account,
      region,
      tagName: q.tagName,
      commit: q.commit,
      ...(q.url ? { url: q.url } : {}),
      available,
    });
  }
  return { lookups, errors };
}

/** One asg whose image the reference's lookup would not find: its message and what the account does have. */
export interface MissingImage {
  /** The reconciler's error text (the doctor's `reconciler-ami-new` pattern reads it). */
  message: string;
  lookup: AmiLookup;
}

/**
 * The reference's image lookup (`get_asg_image_id` -> `AWSApi.get_image_id`):
 * DescribeImages with one `tag:<name>` filter per image entry and no Owners
 * filter, so images shared into the account count; more than one match is an
 * error; none is the reference's "could not find ami" (returned as `missing`, with
 * the commits that do have an image under the first entry's tag, for the pin proposal).
 */
export async function resolveImages(
  inv: import('../synth/index.js').Inventory,
  account: string,
  opts: { defaultRegion: string; env?: Record<string, string | undefined>; signal?: AbortSignal },
): Promise<{ images: Map<string, { imageId: string }>; missing: MissingImage[] }> {
  const { amiNotFoundMessage, imageKey, imageTags } = await import('../synth/kinds/asg.js');
  const { DescribeImagesCommand } = await import('@aws-sdk/client-ec2');
  const images = new Map<string, { imageId: string }>();
  const missing: MissingImage[] = [];
  for (const res of inv.resources) {
    if (res.account !== account || res.kind !== 'asg' || !res.images.length) continue;
    const region = typeof res.values['region'] === 'string' ? res.values['region'] : opts.defaultRegion;
    const tags = imageTags(res.images);
    const client = await ec2ClientFor(region, opts.env);
    try {
      const out = await client.send(
        new DescribeImagesCommand({ Filters: tags.map((t) => ({ Name: `tag:${t.name}`, Values: [t.value] })) }),
        opts.signal ? { abortSignal: opts.signal } : {},
      );
      const found = (out.Images ?? []).filter((i) => i.ImageId);
      if (found.length > 1)
        throw new InputError(`found ${found.length} AMIs with tags ${tags.map((t) => `${t.name}=${t.value}`).join(', ')} in account ${account} (${region}); the reconciler refuses more than one`, res.where.file, res.where.path);
      const hit = found[0]?.ImageId;
      if (hit) {
        images.set(imageKey(res.identifier), { imageId: hit });
        continue;
      }
      const first = res.images[0]!;
      const available = await listTaggedImages(client, first.tag_name, opts.signal, false);
      missing.push({
        message: amiNotFoundMessage(res.identifier, account, res.images),
        lookup: {
          address: `aws_launch_template.${res.identifier}`,
          account,
          region,
          tagName: first.tag_name,
          commit: tags[0]!.value,
          ...(first.provider === 'git' ? { url: first.url } : {}),
          available,
        },
      });
    } finally {
      client.destroy();
    }
  }
  return { images, missing };
}
