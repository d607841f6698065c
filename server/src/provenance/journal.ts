/**
 * The journal: the JSON Lines sidecar `<script>.provenance` beside a script. Line 1 is a
 * {@link JournalHeader}; every later line is one {@link JournalEvent} whose `prev` is the
 * SHA-256 (hex) of the exact bytes of the line before it, so the lines form a hash chain.
 * See docs/journal.md for the format and schemas/journal.schema.json for its schema.
 */
import * as crypto from 'node:crypto';
import type { TextEdit, TextRange } from '../fountain/types';
import { canonicalJson } from './canonicalJson';
import { eventParser } from './journalEventCheck';
import type { LedgerSnapshot, Origin, Writer } from './types';

export { canonicalJson } from './canonicalJson';

/** The `format` of every journal this code writes. */
export const JOURNAL_FORMAT = 'fountain-provenance/2';
/** The format before seals, time stamps, policy records and declared marks: still read. */
export const JOURNAL_FORMAT_1 = 'fountain-provenance/1';
/** Formats the reader loads. */
export type JournalFormat = typeof JOURNAL_FORMAT | typeof JOURNAL_FORMAT_1;

/** The most characters one insertion may have and still be classified as typing (docs/journal.md). */
export const TYPING_THRESHOLD_CAP = 200;

/** The sidecar path for a script: `act1.fountain` -> `act1.fountain.provenance`. */
export function journalPathFor(scriptPath: string): string {
  return `${scriptPath}.provenance`;
}

/** A writer's Ed25519 public key as carried in a journal. */
export interface WriterKey {
  writer: Writer;
  /** The raw 32-byte Ed25519 public key, base64url (the JWK `x`). */
  publicKey: string;
  /** First 16 hex digits of the SHA-256 of the raw public key. */
  keyId: string;
}

/** Line 1 of every journal. */
export interface JournalHeader {
  type: 'header';
  format: JournalFormat;
  /** A random UUID naming the document for the life of the journal. */
  documentId: string;
  /** ISO 8601 time the journal was started. */
  created: string;
  /** The script's file name (no folder), e.g. `act1.fountain`. */
  script: string;
  /** Public keys of the writers known when the journal started. */
  writers: WriterKey[];
  /** Format 2: the typing threshold in force from the start (capped at {@link TYPING_THRESHOLD_CAP}). */
  typingThreshold?: number;
}

/**
 * One step of a coalesced typing run, relative to a cursor that starts at the event's
 * `offset`: a string is typed at the cursor (one keystroke per code point, `\r\n` as one),
 * a negative number deletes that many code units before the cursor (backspace), a positive
 * number deletes that many after it (delete key).
 */
export type TypingStep = string | number;

interface EventBase {
  seq: number;
  /** ISO 8601 time of the event (for a typing run: its first keystroke). */
  time: string;
  /** The writer whose session wrote the event. */
  actor: Writer;
  /** SHA-256 hex of the previous line's exact bytes (the header's for seq 1). */
  prev: string;
  /** New entries of the journal's origin table, by id, first used by this event. */
  defines?: Record<string, Origin>;
  /** Writers' public keys added by this event (a writer who joined after the header). */
  writers?: WriterKey[];
  /** Set on the first event a session writes after loading: see docs/journal.md. */
  resume?: true;
}

export interface EditEvent extends EventBase {
  type: 'edit';
  offset: number;
  deleteLength: number;
  insertText: string;
  /** Id in the journal's origin table. */
  origin: number;
  /**
   * For a coalesced typing run with deletions: the keystrokes, starting at `cursor`;
   * `offset`, `deleteLength` and `insertText` then give the run's net effect.
   */
  steps?: TypingStep[];
  /** Where `steps` start (the cursor before the first keystroke). */
  cursor?: number;
  /** For a coalesced run of pure typing: `insertText` was typed one keystroke at a time. */
  typed?: true;
  /** For a coalesced typing run: time of its last keystroke. */
  until?: string;
}

export interface RelabelEvent extends EventBase {
  type: 'relabel' | 'attest';
  start: number;
  end: number;
  origin: number;
}

export interface ReconcileEvent extends EventBase {
  type: 'reconcile';
  origin: number;
  /** The edits that turned the journal's text into the file's, in application order. */
  edits: TextEdit[];
  /** The changed ranges in the new text. */
  changed: TextRange[];
  /** SHA-256 of the text after the edits. */
  textHash: string;
}

export interface CheckpointSignature {
  keyId: string;
  /** Ed25519 signature (base64) of the event's canonical JSON without `signature`. */
  value: string;
}

/** Format 2: the project file in force at a checkpoint (see docs/journal.md). */
export interface PolicyRecord {
  /** The file's path relative to the script's folder; null when no project file applies. */
  file: string | null;
  /** SHA-256 hex of the file's bytes. */
  sha256?: string;
  /** The file's text, when its hash differs from the previous checkpoint's (and on the first). */
  content?: string;
}

/**
 * A checkpoint's ledger snapshot as journaled. Format 2 writes `originIds` instead of
 * `origins`: the ledger's origin i is the checkpoint's `origins[originIds[i]]`, so the origin
 * table is stored once. Earlier checkpoints carry the ledger's own `origins`. Read with
 * `checkpointSnapshot` (checkpointOrigins.ts), which gives the ledger snapshot either way.
 */
export type CheckpointLedger = Omit<LedgerSnapshot, 'origins'> & { origins?: Origin[]; originIds?: number[] };

export interface CheckpointEvent extends EventBase {
  type: 'checkpoint';
  documentId: string;
  /** SHA-256 hex of the text's UTF-8 bytes. */
  textHash: string;
  textLength: number;
  /** The journal's whole origin table (index = id) at this point. */
  origins: Origin[];
  /** The ledger (see {@link CheckpointLedger}; checkpointOrigins.ts reads it). */
  ledger: CheckpointLedger;
  signature?: CheckpointSignature;
  /** Format 2: the typing threshold in force from here on. */
  typingThreshold?: number;
  /** Format 2: the project file in force. */
  policy?: PolicyRecord;
}

/** Format 2: a signed seal of the chain and the text, without the ledger. */
export interface SealEvent extends EventBase {
  type: 'seal';
  textHash: string;
  textLength: number;
  typingThreshold?: number;
  signature: CheckpointSignature;
}

/** Format 2: an RFC 3161 time-stamp token over a signed line's hash. */
export interface TimestampEvent extends EventBase {
  type: 'timestamp';
  /** The seq of the checkpoint or seal stamped; the imprint is the SHA-256 of its line. */
  checkpoint: number;
  /** The authority's URL. */
  authority?: string;
  /** base64 of the DER TimeStampToken. */
  token: string;
}

/** Format 2: the script was renamed or moved. */
export interface RenameEvent extends EventBase {
  type: 'rename';
  from: string;
  to: string;
}

/** Format 2: two branches of the journal merged (see docs/journal.md). */
export interface MergeEvent extends EventBase {
  type: 'merge';
  /** SHA-256 of each parent's last line: [ours, theirs]. */
  parents: [string, string];
  /** SHA-256 of the last line both parents share. */
  base: string;
  /** The other parent's lines after `base`, verbatim. */
  theirs: string[];
  /** Turn our text into the merged text; origins are ids in this journal's table. */
  edits: Array<TextEdit & { origin: number }>;
  textHash: string;
}

/** One excerpt an AI command sent: its range in the text then, length and SHA-256. */
export interface EgressExcerpt {
  start: number;
  end: number;
  length: number;
  sha256: string;
}

/** Format 2: what an AI command sent out of the editor. */
export interface EgressEvent extends EventBase {
  type: 'egress';
  excerpts: EgressExcerpt[];
  vendor: string;
  model: string;
  tool?: string;
}

export interface BreakEvent extends EventBase {
  type: 'break';
  reason: 'moved-aside' | 'foreign-journal' | 'chain-broken' | 'truncated' | 'not-writable' | 'unsigned-tail';
  message: string;
  /** For `unsigned-tail` (format 2): the events no valid signature covered when the journal was opened. */
  from?: number;
  to?: number;
  /** File name the previous journal was moved to, when it was. */
  movedTo?: string;
}

export type JournalEvent =
  | EditEvent
  | RelabelEvent
  | ReconcileEvent
  | CheckpointEvent
  | BreakEvent
  | SealEvent
  | TimestampEvent
  | RenameEvent
  | MergeEvent
  | EgressEvent;

/** Event types that only format 2 journals contain. */
export const FORMAT_2_EVENT_TYPES: ReadonlySet<string> = new Set(['seal', 'timestamp', 'rename', 'merge', 'egress']);
export type JournalEventType = JournalEvent['type'];

/** SHA-256 hex of a string's UTF-8 bytes or of raw bytes. */
export function sha256Hex(data: string | Uint8Array): string {
  return oneShot ? oneShot('sha256', data, 'hex') : crypto.createHash('sha256').update(data).digest('hex');
}

// The one-shot digest (Node 20.12+) is about twice as fast on short journal lines.
const oneShot = (crypto as unknown as { hash?: (algorithm: string, data: string | Uint8Array, encoding: 'hex') => string }).hash;

/** The bytes a checkpoint's or seal's signature covers: its canonical JSON without `signature`. */
export function checkpointSigningText(event: CheckpointEvent | SealEvent): string {
  const { signature: _signature, ...rest } = event;
  return canonicalJson(rest);
}

/** Serialises an event as one journal line (no newline), `type` first so it can be found fast. */
export function serializeEvent(event: JournalEvent): string {
  return JSON.stringify(event);
}

/** One whole line of a journal file. */
export interface JournalLine {
  /** One-based line number in the file. */
  line: number;
  /** Byte offset of the line's start in the file. */
  byteOffset: number;
  bytes: Buffer;
  text: string;
}

/** A journal file cut into whole lines, with any unfinished last line apart. */
export interface SplitJournal {
  lines: JournalLine[];
  /** Bytes after the last newline (an event cut mid-write), if any. */
  cutTail?: { line: number; byteOffset: number; bytes: Buffer };
}

/** Cuts a journal's bytes into lines at `\n`. Never throws. */
export function splitJournal(data: Buffer | string, fromByte = 0, firstLine = 1): SplitJournal {
  const buf = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  const lines: JournalLine[] = [];
  let start = fromByte;
  let line = firstLine;
  while (start < buf.length) {
    const nl = buf.indexOf(10, start);
    if (nl < 0) {
      return { lines, cutTail: { line, byteOffset: start, bytes: buf.subarray(start) } };
    }
    let end = nl;
    if (end > start && buf[end - 1] === 13) end--; // tolerate a CRLF checkout
    const bytes = buf.subarray(start, end);
    lines.push({ line, byteOffset: start, bytes, text: bytes.toString('utf8') });
    start = nl + 1;
    line++;
  }
  return { lines };
}

/** Parses a header line, or says why it is not one. */
export function parseHeader(text: string): { header?: JournalHeader; error?: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { error: 'line 1 is not JSON' };
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) return { error: 'line 1 is not a JSON object' };
  const h = value as Partial<JournalHeader> & Record<string, unknown>;
  if (h.type !== 'header') return { error: 'line 1 is not a journal header' };
  if (h.format !== JOURNAL_FORMAT && h.format !== JOURNAL_FORMAT_1) {
    return { error: `unknown journal format ${JSON.stringify(h.format)} (expected ${JOURNAL_FORMAT} or ${JOURNAL_FORMAT_1})` };
  }
  if (h.typingThreshold !== undefined && (h.format === JOURNAL_FORMAT_1 || !Number.isSafeInteger(h.typingThreshold) || h.typingThreshold < 0)) {
    return { error: 'bad typingThreshold in the header' };
  }
  if (typeof h.documentId !== 'string' || typeof h.script !== 'string' || typeof h.created !== 'string') {
    return { error: 'the header lacks documentId, script or created' };
  }
  if (!Array.isArray(h.writers)) return { error: 'the header lacks its writers list' };
  return { header: h as JournalHeader };
}

const checkEvent = eventParser();

/** Parses one event line, checking the fields replay needs; never throws. */
export function parseEvent(text: string): { event?: JournalEvent; error?: string } {
  return checkEvent(text) as { event?: JournalEvent; error?: string };
}

/** Marker that begins every checkpoint line (events are written with `type` first). */
export const CHECKPOINT_LINE_PREFIX = '{"type":"checkpoint",';
