/**
 * Rosters of registered writers' keys (schemas/roster.schema.json), kept by whoever receives
 * submissions (a guild, a studio). `validate --trusted-keys <roster>` checks every signer
 * against one: keys are self-issued, so a signature means "this writer" only when the key is
 * registered. Never throws on roster content.
 */
import { readJson, lineColumnOf } from '../disclosure/jsonLocate';
import { keyIdOf, type RosterEntry } from './keys';
import type { SignatureCheck } from './verifyTypes';

export type { RosterEntry } from './keys';

/** A roster read and checked: its entries by key id. */
export interface Roster {
  entries: RosterEntry[];
  byKeyId: Map<string, RosterEntry>;
}

/** Why a roster file could not be used, located by 1-based line and column. */
export interface RosterError {
  message: string;
  line: number;
  column: number;
}

const ED25519_RAW = /^[A-Za-z0-9_-]{43}$/;
const ENTRY_FIELDS = new Set(['name', 'email', 'publicKey', 'keyId', 'validFrom', 'validTo']);

function isTime(v: unknown): v is string {
  return typeof v === 'string' && !Number.isNaN(Date.parse(v)) && /^\d{4}-\d\d-\d\d/.test(v);
}

/** Parses a roster's text; the error names the line and column of the first problem. */
export function parseRoster(text: string): { roster?: Roster; error?: RosterError } {
  const read = readJson(text);
  if (!read.ok) return { error: { message: read.message, line: read.line + 1, column: read.column + 1 } };
  const at = (pointer: string): { line: number; column: number } => {
    const span = read.spans.get(pointer);
    const lc = lineColumnOf(text, span ? (span.keyStart ?? span.start) : 0);
    return { line: lc.line + 1, column: lc.column + 1 };
  };
  const fail = (pointer: string, message: string): { error: RosterError } => ({ error: { message: `${pointer || '/'}: ${message}`, ...at(pointer) } });
  const value = read.value as { keys?: unknown } | null;
  if (!value || typeof value !== 'object' || Array.isArray(value)) return fail('', 'a roster is an object with a "keys" list');
  for (const k of Object.keys(value)) if (k !== 'keys' && k !== '$schema') return fail(`/${k}`, `unknown field "${k}"`);
  if (!Array.isArray(value.keys)) return fail('/keys', '"keys" must be a list of { name, email, publicKey }');
  const entries: RosterEntry[] = [];
  const byKeyId = new Map<string, RosterEntry>();
  for (let i = 0; i < value.keys.length; i++) {
    const e = value.keys[i] as Record<string, unknown> | null;
    const p = `/keys/${i}`;
    if (!e || typeof e !== 'object' || Array.isArray(e)) return fail(p, 'each key is an object');
    for (const k of Object.keys(e)) if (!ENTRY_FIELDS.has(k)) return fail(`${p}/${k}`, `unknown field "${k}"`);
    if (typeof e.name !== 'string' || !e.name.trim()) return fail(p, 'each key needs a "name"');
    if (e.email !== undefined && typeof e.email !== 'string') return fail(`${p}/email`, '"email" must be a string');
    if (typeof e.publicKey !== 'string' || !ED25519_RAW.test(e.publicKey)) {
      return fail(`${p}/publicKey`, '"publicKey" must be a raw Ed25519 public key in base64url (43 characters), as `keys export` prints it');
    }
    const keyId = keyIdOf(e.publicKey);
    if (e.keyId !== undefined && e.keyId !== keyId) return fail(`${p}/keyId`, `"keyId" ${String(e.keyId)} is not this public key's id (${keyId})`);
    if (e.validFrom !== undefined && !isTime(e.validFrom)) return fail(`${p}/validFrom`, '"validFrom" must be an ISO 8601 date or time');
    if (e.validTo !== undefined && !isTime(e.validTo)) return fail(`${p}/validTo`, '"validTo" must be an ISO 8601 date or time');
    const entry: RosterEntry = {
      name: e.name,
      ...(typeof e.email === 'string' ? { email: e.email } : {}),
      publicKey: e.publicKey,
      keyId,
      ...(typeof e.validFrom === 'string' ? { validFrom: e.validFrom } : {}),
      ...(typeof e.validTo === 'string' ? { validTo: e.validTo } : {}),
    };
    entries.push(entry);
    byKeyId.set(keyId, entry);
  }
  return { roster: { entries, byKeyId } };
}

/** How one signature's key stands against a roster. */
export interface KeyTrust {
  keyId: string;
  event: number;
  /** `registered`: in the roster (and within its dates where they can be judged). */
  status: 'registered' | 'not-registered' | 'outside-validity';
  /** The roster's name for the key, when registered. */
  rosterName?: string;
  /** Where the roster gives dates: whether they could be judged (only against time-stamped time). */
  validity?: 'within' | 'outside' | 'not-verifiable';
  message: string;
}

/**
 * Judges each valid signature's key against the roster. `anchored` gives the time-stamped
 * time of checkpoints (by seq) where a time-stamp authority's token was verified: a key's
 * validFrom/validTo are judged against that time only; otherwise reported as not verifiable.
 */
export function judgeSigners(signatures: readonly SignatureCheck[], roster: Roster, anchored: ReadonlyMap<number, string> = new Map()): KeyTrust[] {
  const out: KeyTrust[] = [];
  for (const s of signatures) {
    if (!s.valid) continue;
    const keyId = s.keyId ?? keyIdOf(s.publicKey);
    const entry = roster.byKeyId.get(keyId);
    if (!entry) {
      out.push({
        keyId,
        event: s.event,
        status: 'not-registered',
        message: `checkpoint ${s.event} is signed by key ${keyId} (named "${s.writer.name}" in the journal), which is not in the roster`,
      });
      continue;
    }
    if (entry.validFrom === undefined && entry.validTo === undefined) {
      out.push({ keyId, event: s.event, status: 'registered', rosterName: entry.name, message: `key ${keyId} is registered to ${entry.name}` });
      continue;
    }
    const time = anchored.get(s.event);
    if (!time) {
      out.push({
        keyId,
        event: s.event,
        status: 'registered',
        rosterName: entry.name,
        validity: 'not-verifiable',
        message: `key ${keyId} is registered to ${entry.name}; its validity dates cannot be verified for checkpoint ${s.event}, which no time-stamp authority anchored (its time is the writer's clock)`,
      });
      continue;
    }
    const t = Date.parse(time);
    const outside = (entry.validFrom !== undefined && t < Date.parse(entry.validFrom)) || (entry.validTo !== undefined && t > Date.parse(entry.validTo));
    out.push({
      keyId,
      event: s.event,
      status: outside ? 'outside-validity' : 'registered',
      rosterName: entry.name,
      validity: outside ? 'outside' : 'within',
      message: outside
        ? `checkpoint ${s.event} was time-stamped at ${time}, outside the roster's dates for key ${keyId} (${entry.name}: ${entry.validFrom ?? '…'} to ${entry.validTo ?? '…'})`
        : `key ${keyId} is registered to ${entry.name}, and checkpoint ${s.event} was time-stamped within its dates`,
    });
  }
  return out;
}

/** A key the writers' own project file declares (`writers[].publicKey`): name, email and key id. */
export interface DeclaredKeyRef {
  name: string;
  email?: string;
  keyId: string;
}

/**
 * How a signer's key stands against the keys the project file declares: `declared` (listed,
 * under `name`), `differs` (the file lists another key for a writer of this name or email) or
 * `not-listed`. Weaker than a roster: the project file is the writers' own.
 */
export function declaredStanding(signer: { name: string; email?: string; keyId: string }, declared: readonly DeclaredKeyRef[]): { status: 'declared' | 'differs' | 'not-listed'; name?: string } {
  const same = declared.find((d) => d.keyId === signer.keyId);
  if (same) return { status: 'declared', name: same.name };
  const other = declared.find((d) => d.name === signer.name || (!!signer.email && d.email === signer.email));
  if (other) return { status: 'differs', name: other.name };
  return { status: 'not-listed' };
}
