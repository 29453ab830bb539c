/**
 * ed25519 keys for approvals (node:crypto, no extra dependency).
 * The approvers file is plain text, one line per person:
 *   <identity> ed25519 <base64 of the raw 32-byte public key>
 * Blank lines and `#` comments are allowed.
 */
import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { InputError } from '../errors.js';
import { assertIdentity } from './identity.js';

/** An ed25519 key pair: the private key (PEM) and the public key (base64) for the approvers file. */
export interface KeyPair {
  /** PKCS#8 PEM: keep it secret (keygen writes it mode 0600). */
  privateKeyPem: string;
  /** base64 of the raw 32-byte ed25519 public key. */
  publicKey: string;
}

/** One line of the approvers file: an identity and its public key. */
export interface ApproverEntry {
  identity: string;
  publicKey: string;
  line: number;
}

/** A new ed25519 key pair for approving repairs. */
export function generateKeyPair(): KeyPair {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return {
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKey: rawPublicKey(publicKey),
  };
}

function rawPublicKey(key: KeyObject): string {
  const jwk = key.export({ format: 'jwk' });
  if (jwk.crv !== 'Ed25519' || !jwk.x) throw new InputError('not an ed25519 key');
  return Buffer.from(jwk.x, 'base64url').toString('base64');
}

export function publicKeyOfPrivate(privateKeyPem: string): string {
  return rawPublicKey(createPublicKey(loadPrivateKey(privateKeyPem)));
}

function loadPrivateKey(pem: string, file?: string): KeyObject {
  let key: KeyObject;
  try {
    key = createPrivateKey(pem);
  } catch (err) {
    throw new InputError(`not a private key: ${(err as Error).message}`, file);
  }
  if (key.asymmetricKeyType !== 'ed25519') throw new InputError(`not an ed25519 key (${key.asymmetricKeyType ?? 'unknown'})`, file);
  return key;
}

function loadPublicKey(b64: string): KeyObject | undefined {
  const raw = Buffer.from(b64, 'base64');
  if (raw.length !== 32 || raw.toString('base64') !== b64) return undefined;
  try {
    return createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: raw.toString('base64url') }, format: 'jwk' });
  } catch {
    return undefined;
  }
}

/**
 * What an approver signs: the repair hash AND who they are, with a fixed prefix,
 * so a signature cannot be relabelled to another identity nor reused as a
 * signature over something that is not a tfdoctor repair.
 */
export function approvalMessage(hash: string, approver: string): Buffer {
  return Buffer.from(`tfdoctor repair approval v1\nhash=${hash}\napprover=${approver}\n`, 'utf8');
}

export function signApproval(privateKeyPem: string, hash: string, approver: string, file?: string): string {
  return sign(null, approvalMessage(hash, approver), loadPrivateKey(privateKeyPem, file)).toString('base64');
}

export function verifyApproval(publicKeyB64: string, signatureB64: string, hash: string, approver: string): boolean {
  const key = loadPublicKey(publicKeyB64);
  if (!key) return false;
  const sig = Buffer.from(signatureB64, 'base64');
  if (sig.length !== 64) return false;
  try {
    return verify(null, approvalMessage(hash, approver), key, sig);
  } catch {
    return false;
  }
}

/** The approvers-file line for an identity and its public key. */
export function approversLine(identity: string, publicKey: string): string {
  return `${identity} ed25519 ${publicKey}`;
}

/** Parse an approvers file; any malformed line is an InputError (fail closed: no half-read trust list). */
export function parseApprovers(text: string, file = 'approvers file'): ApproverEntry[] {
  const out: ApproverEntry[] = [];
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (!line || line.startsWith('#')) return;
    const parts = line.split(/\s+/);
    if (parts.length !== 3 || parts[1] !== 'ed25519') {
      throw new InputError('expected "<identity> ed25519 <base64 public key>"', file, [`line ${i + 1}`]);
    }
    const [identity, , publicKey] = parts as [string, string, string];
    try {
      assertIdentity(identity);
    } catch (err) {
      throw new InputError((err as Error).message, file, [`line ${i + 1}`]);
    }
    if (!loadPublicKey(publicKey)) throw new InputError('not a base64 ed25519 public key (32 bytes)', file, [`line ${i + 1}`]);
    out.push({ identity, publicKey, line: i + 1 });
  });
  return out;
}

/** Reads the approvers file (one `identity key` per line). InputError on a bad line. */
export async function readApproversFile(file: string): Promise<ApproverEntry[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new InputError(`cannot read approvers file: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, file);
  }
  return parseApprovers(text, file);
}

/** Reads an approver's private key file (PEM). InputError when it cannot be read. */
export async function readPrivateKeyFile(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    throw new InputError(`cannot read key: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, file);
  }
}

/** keygen: the private key file is created mode 0600 and never overwritten (`wx`). */
export async function writeKeyFile(file: string, pair: KeyPair): Promise<void> {
  try {
    await writeFile(file, pair.privateKeyPem, { mode: 0o600, flag: 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') throw new InputError('refusing to overwrite an existing key file', file);
    throw new InputError(`cannot write key: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, file);
  }
}
