/**
 * What rosa-authenticator's reference fetches while it synthesizes, made at test time
 * (no binary is kept in the repo): a 1x1 PNG standing in for the callback bucket's
 * Logo-RedHat-B-Color-RGB.png, and the release zips of the two Cognito triggers
 * (a stored, uncompressed zip of one index.js).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { crc32, deflateSync } from 'node:zlib';
import type { SynthOptions } from '../../src/synth/synth-options.js';

export const TRIGGER_REPOSITORIES = ['cognito-pre-signup-trigger', 'cognito-pre-token-trigger'] as const;

function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

/** A valid 1x1 RGB PNG (signature, IHDR, IDAT, IEND). */
export function tinyPng(rgb: [number, number, number] = [204, 0, 0]): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(1, 0);
  ihdr.writeUInt32BE(1, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // colour type RGB
  const scanline = Buffer.from([0, ...rgb]); // filter byte 0, one pixel
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(scanline)), chunk('IEND', Buffer.alloc(0))]);
}

/** A zip archive holding `files` stored without compression (method 0), fixed timestamps. */
export function storedZip(files: Record<string, string>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, text] of Object.entries(files)) {
    const data = Buffer.from(text, 'utf8');
    const fname = Buffer.from(name, 'utf8');
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0, 6);
    local.writeUInt16LE(0, 8);
    local.writeUInt16LE(0, 10); // time
    local.writeUInt16LE(0x21, 12); // date 1980-01-01
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(fname.length, 26);
    local.writeUInt16LE(0, 28);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0, 8);
    central.writeUInt16LE(0, 10);
    central.writeUInt16LE(0, 12);
    central.writeUInt16LE(0x21, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(fname.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, fname, data);
    centrals.push(central, fname);
    offset += local.length + fname.length + data.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Object.keys(files).length, 8);
  end.writeUInt16LE(Object.keys(files).length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

/** Writes `<repository>.zip` for both triggers into `dir` (an --artifacts folder); returns the folder. */
export async function writeTriggerArtifacts(dir: string): Promise<string> {
  await mkdir(dir, { recursive: true });
  for (const repo of TRIGGER_REPOSITORIES)
    await writeFile(path.join(dir, `${repo}.zip`), storedZip({ 'index.js': `// ${repo}\nexports.handler = async (event) => event;\n` }));
  return dir;
}

/** The golden's outside inputs: artifact paths that name no real folder (synth only writes them) and the PNG. */
export const KINDS_10E_GOLDEN_OPTIONS: SynthOptions = {
  artifacts: new Map(TRIGGER_REPOSITORIES.map((r) => [r, `/tfdoctor-artifacts/${r}.zip`])),
  callbackLogos: new Map([['ocm-auth-callback', tinyPng().toString('base64')]]),
};
