/**
 * Writers' Ed25519 key pairs, kept in the user's configuration folder and created on first
 * use: `$FOUNTAIN_PROVENANCE_KEYS`, else `$XDG_CONFIG_HOME/fountain-provenance/keys`, else
 * `~/.config/fountain-provenance/keys`. One pair per writer (by email, else by name):
 * `<slug>.key` (PKCS#8 PEM, mode 0600) and `<slug>.pub.json` (the writer and public key).
 */
import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { sha256Hex, type WriterKey } from './journal';
import type { Writer } from './types';

/** A writer's key pair, ready to sign. */
export interface WriterKeyPair extends WriterKey {
  privateKey: KeyObject;
}

/** The folder holding writers' keys. */
export function keyDirectory(env: NodeJS.ProcessEnv = process.env): string {
  if (env.FOUNTAIN_PROVENANCE_KEYS) return env.FOUNTAIN_PROVENANCE_KEYS;
  const config = env.XDG_CONFIG_HOME || join(homedir(), '.config');
  return join(config, 'fountain-provenance', 'keys');
}

/** The key id of a raw base64url public key: first 16 hex digits of its SHA-256. */
export function keyIdOf(publicKey: string): string {
  return sha256Hex(Buffer.from(publicKey, 'base64url')).slice(0, 16);
}

/** The file name stem for a writer's key: readable, and unique per identity. */
export function keySlug(writer: Writer): string {
  const identity = (writer.email || writer.name || 'writer').trim().toLowerCase();
  const readable = identity.replace(/[^a-z0-9@._-]+/g, '-').slice(0, 40) || 'writer';
  return `${readable}-${sha256Hex(identity).slice(0, 8)}`;
}

function publicKeyOf(privateKey: KeyObject): string {
  const jwk = createPublicKey(privateKey).export({ format: 'jwk' });
  return String(jwk.x);
}

/**
 * Loads the writer's key pair from `dir` (default {@link keyDirectory}), creating it on
 * first use. Throws when the folder cannot be created or the key file cannot be read.
 */
export function loadOrCreateKey(writer: Writer, dir: string = keyDirectory()): WriterKeyPair {
  const stem = join(dir, keySlug(writer));
  const keyPath = `${stem}.key`;
  if (!existsSync(keyPath)) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const { privateKey } = generateKeyPairSync('ed25519');
    const pem = privateKey.export({ format: 'pem', type: 'pkcs8' }) as string;
    try {
      writeFileSync(keyPath, pem, { mode: 0o600, flag: 'wx' });
      chmodSync(keyPath, 0o600);
      const publicKey = publicKeyOf(privateKey);
      writeFileSync(`${stem}.pub.json`, `${JSON.stringify({ writer, publicKey, keyId: keyIdOf(publicKey) }, null, 2)}\n`);
    } catch (err) {
      // Another process created it first: use theirs.
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
  const privateKey = createPrivateKey(readFileSync(keyPath, 'utf8'));
  const publicKey = publicKeyOf(privateKey);
  return { writer: { ...writer }, publicKey, keyId: keyIdOf(publicKey), privateKey };
}

/**
 * A warning when the key folder `dir` can be written by every user of the machine: anyone
 * could replace a writer's key there and sign as them. Undefined when it is safe or absent.
 */
export function keyFolderWarning(dir: string): string | undefined {
  let mode: number;
  try {
    mode = statSync(dir).mode;
  } catch {
    return undefined;
  }
  if ((mode & 0o002) === 0) return undefined;
  return `the key folder ${dir} can be written by any user (mode ${(mode & 0o7777).toString(8)}), so anyone could replace a signing key in it; run chmod 700 on it`;
}

/** Signs `text` (its UTF-8 bytes) with the pair's private key: base64 signature. */
export function signText(pair: WriterKeyPair, text: string): string {
  return sign(null, Buffer.from(text, 'utf8'), pair.privateKey).toString('base64');
}

// Key objects by their base64url form: a journal's checkpoints are mostly signed by few keys.
const publicKeys = new Map<string, KeyObject>();

/** True when `signature` is a valid Ed25519 signature of `text` by `publicKey`. Never throws. */
export function verifyText(publicKey: string, text: string, signature: string): boolean {
  try {
    let key = publicKeys.get(publicKey);
    if (!key) {
      key = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: publicKey }, format: 'jwk' });
      if (publicKeys.size >= 256) publicKeys.clear();
      publicKeys.set(publicKey, key);
    }
    return verify(null, Buffer.from(text, 'utf8'), key, Buffer.from(signature, 'base64'));
  } catch {
    return false;
  }
}

/** The file in the key folder that holds the writer's identity (name and email). */
export const IDENTITY_FILE = 'identity.json';

/**
 * The writer's identity stored in the key folder by `keys init` (or the editor on first
 * use), or undefined when there is none or it cannot be read. Never throws.
 */
export function readIdentity(dir: string = keyDirectory()): Writer | undefined {
  try {
    const raw = JSON.parse(readFileSync(join(dir, IDENTITY_FILE), 'utf8')) as Partial<Writer> | null;
    if (!raw || typeof raw !== 'object' || typeof raw.name !== 'string' || !raw.name.trim()) return undefined;
    return { name: raw.name.trim(), ...(typeof raw.email === 'string' && raw.email.trim() ? { email: raw.email.trim() } : {}) };
  } catch {
    return undefined;
  }
}

/**
 * Stores the writer's identity in the key folder (created with mode 0700 if needed), next to
 * the keys. Throws when the folder cannot be written or the name is empty.
 */
export function writeIdentity(writer: Writer, dir: string = keyDirectory()): void {
  const name = writer.name?.trim();
  if (!name) throw new Error('a writer identity needs a name');
  const email = writer.email?.trim();
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const path = join(dir, IDENTITY_FILE);
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify({ name, ...(email ? { email } : {}) }, null, 2)}\n`, { mode: 0o600 });
  renameSync(tmp, path);
}

/** One entry of a roster of registered keys (schemas/roster.schema.json). */
export interface RosterEntry {
  name: string;
  email?: string;
  /** Raw Ed25519 public key, base64url. */
  publicKey: string;
  /** Informative: first 16 hex digits of the SHA-256 of the raw public key. */
  keyId?: string;
  /** ISO 8601: the key is registered from then on. */
  validFrom?: string;
  /** ISO 8601: the key is registered until then. */
  validTo?: string;
}

/** This writer's roster entry: what `fountain-provenance keys export` prints. */
export function rosterEntryOf(pair: WriterKey): RosterEntry {
  return { name: pair.writer.name, ...(pair.writer.email ? { email: pair.writer.email } : {}), publicKey: pair.publicKey, keyId: pair.keyId };
}

/** The public part of a pair, as carried in a journal. */
export function writerKeyOf(pair: WriterKeyPair): WriterKey {
  return { writer: pair.writer, publicKey: pair.publicKey, keyId: pair.keyId };
}
