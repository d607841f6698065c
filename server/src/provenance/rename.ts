/**
 * Renames, defined once (VS Code renames, `fountain-provenance mv`, `git mv` then open): the
 * sidecar moves with its script and the journal records a `rename` event naming the old and
 * new paths. A script opened with no sidecar adopts an orphaned sidecar in its folder (one
 * whose script is gone and whose replayed text equals the script's text).
 *
 * The `rename` event is appended here, below `ScriptRecord`, so that the record's loader can
 * call {@link adoptOrphanedSidecar} before it reads the journal. The event is sealed by the
 * next signed checkpoint the record writes (the CLI's `mv` closes the record at once).
 * Nothing here throws: every outcome is in the returned value.
 */
import { existsSync, readFileSync, readdirSync, renameSync, statSync, appendFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { checkpointSigningText, JOURNAL_FORMAT, journalPathFor, parseHeader, sha256Hex, splitJournal, type SealEvent } from './journal';
import { keyDirectory, loadOrCreateKey, signText } from './keys';
import { acquireJournalLock, type JournalLock } from './journalLock';
import { writeAtomically } from './recordSink';
import { replayJournal } from './verify';
import type { Writer } from './types';

export interface RenameOptions {
  /** The writer whose session journals the rename (the event's `actor`). */
  writer: Writer;
  now?: () => Date;
  /**
   * The script's text: when given (and the journal is format 2 and knows the writer's key), a
   * `seal` signed by the writer follows the rename, so it is never an unsigned tail.
   */
  text?: string;
  /** Folder of the writers' keys (default: see keys.ts). */
  keyDir?: string;
}

export interface RenameResult {
  /**
   * `renamed`: the sidecar moved and the event was journaled; `no-record`: the old script had
   * no sidecar (nothing to move); `refused`: nothing was changed (see `message`).
   */
  status: 'renamed' | 'no-record' | 'refused';
  message: string;
  /** The sidecar's path before and after. */
  from?: string;
  to?: string;
  /** Set when an unfinished last line (a crash mid-write) was dropped before the event was appended. */
  truncated?: boolean;
}

export interface AdoptResult {
  /** `adopted`: an orphan was moved to the script's sidecar; `none`: no orphan matches; `ambiguous`: several do, none was taken. */
  status: 'adopted' | 'none' | 'ambiguous' | 'refused';
  message: string;
  /** The adopted sidecar's old path, and the script it belonged to. */
  from?: string;
  fromScript?: string;
  to?: string;
  candidates?: string[];
}

const RENAME_LINE_PREFIX = '{"type":"rename",';

/** A path for a `rename` event: relative to `base`, `/`-separated. */
function eventPath(base: string, path: string): string {
  const rel = relative(base, path) || basename(path);
  return sep === '/' ? rel : rel.split(sep).join('/');
}

/** The file name a journal path in a `rename` event names. */
function fileNameOf(eventPathText: string): string {
  const parts = eventPathText.split(/[\\/]/);
  return parts[parts.length - 1] ?? eventPathText;
}

/**
 * The script file name a journal belongs to: the `to` of its last `rename` event, else its
 * header's `script`. `journal` may be the whole file or its end; `wholeFile` reads the file
 * again when the end holds no rename. Never throws.
 */
export function journalScriptName(headerScript: string, journal: Buffer, wholeFile?: () => Buffer | undefined): string {
  const found = lastRenameTo(journal);
  if (found !== undefined) return found;
  const whole = wholeFile?.();
  if (whole) {
    const again = lastRenameTo(whole);
    if (again !== undefined) return again;
  }
  return headerScript;
}

function lastRenameTo(buf: Buffer): string | undefined {
  const marker = Buffer.from(`\n${RENAME_LINE_PREFIX}`, 'utf8');
  let at = buf.lastIndexOf(marker);
  while (at >= 0) {
    const end = buf.indexOf(10, at + 1);
    if (end > 0) {
      try {
        const event = JSON.parse(buf.subarray(at + 1, end).toString('utf8')) as { to?: unknown };
        if (typeof event.to === 'string' && event.to) return fileNameOf(event.to);
      } catch {
        // a damaged line: look further back
      }
    }
    at = at > 0 ? buf.lastIndexOf(marker, at - 1) : -1;
  }
  return undefined;
}

/**
 * Appends a `rename` event to the journal at `journalPath` (after its last whole line; an
 * unfinished last line is dropped first, as loading would). Throws on I/O failure.
 */
function appendRename(journalPath: string, from: string, to: string, options: RenameOptions): { truncated: boolean } {
  let buf = readFileSync(journalPath);
  const split = splitJournal(buf);
  let truncated = false;
  if (split.cutTail) {
    buf = buf.subarray(0, split.cutTail.byteOffset);
    writeAtomically(journalPath, buf);
    truncated = true;
  }
  const lines = split.lines;
  if (lines.length === 0) throw new Error('the journal has no header line');
  const header = parseHeader(lines[0].text);
  if (!header.header) throw new Error(`the journal cannot be read (${header.error})`);
  const last = lines[lines.length - 1];
  let seq = 0;
  let lastTime = Date.parse(header.header.created) || 0;
  if (lines.length > 1) {
    const event = JSON.parse(last.text) as { seq?: unknown; time?: unknown };
    if (typeof event.seq !== 'number' || typeof event.time !== 'string') throw new Error('the journal\'s last event has no seq or time');
    seq = event.seq;
    lastTime = Date.parse(event.time) || lastTime;
  }
  const now = (options.now ?? (() => new Date()))().getTime();
  const event = {
    type: 'rename',
    seq: seq + 1,
    time: new Date(Math.max(now, lastTime)).toISOString(),
    actor: { ...options.writer },
    prev: sha256Hex(last.bytes),
    from,
    to,
  };
  const line = JSON.stringify(event);
  let out = `${line}\n`;
  // Sealed at once by the writer, when the journal already knows their key.
  if (options.text !== undefined && header.header.format === JOURNAL_FORMAT) {
    try {
      const key = loadOrCreateKey(options.writer, options.keyDir ?? keyDirectory());
      // A seal says the record's text is this text. Only when it is: a script changed outside the
      // tracker (or not saved) is not what the journal replays, and a seal of it would break the
      // record for good ('checkpoint-text-hash'); the next open reconciles and checkpoints instead.
      const textHash = sha256Hex(options.text);
      if (buf.includes(`"keyId":"${key.keyId}"`) && replaysTo(buf, options.text, textHash)) {
        const seal = { type: 'seal', seq: seq + 2, time: event.time, actor: { ...options.writer }, prev: sha256Hex(line), textHash, textLength: options.text.length } as unknown as SealEvent;
        seal.signature = { keyId: key.keyId, value: signText(key, checkpointSigningText(seal)) };
        out += `${JSON.stringify(seal)}\n`;
      }
    } catch {
      // unsealed: the record's next checkpoint covers it
    }
  }
  appendFileSync(journalPath, out);
  return { truncated };
}

/**
 * Moves the record of `oldScriptPath` to `newScriptPath`: the sidecar is renamed to the new
 * script's sidecar and a `rename` event (old and new paths) is journaled. Does not move the
 * script itself (the caller, the editor or git does). Refuses, changing nothing, when the new
 * name already has a sidecar. Close any open record of the script first. Never throws.
 */
export function renameRecord(oldScriptPath: string, newScriptPath: string, options: RenameOptions): RenameResult {
  const oldAbs = resolve(oldScriptPath);
  const newAbs = resolve(newScriptPath);
  const from = journalPathFor(oldAbs);
  const to = journalPathFor(newAbs);
  if (oldAbs === newAbs) return { status: 'refused', message: `${oldScriptPath} and ${newScriptPath} are the same file` };
  if (!existsSync(from)) return { status: 'no-record', message: `${oldScriptPath} has no provenance record (${basename(from)}); nothing to move` };
  if (existsSync(to)) {
    return { status: 'refused', message: `${basename(to)} already exists: the record of ${oldScriptPath} is left where it is, nothing is overwritten`, from, to };
  }
  let lock: JournalLock | undefined;
  try {
    if (!statSync(from).isFile()) return { status: 'refused', message: `${from} is not a file`, from, to };
    // One writer per journal: never move a record another process is writing.
    lock = acquireJournalLock(from);
    if (!lock.held) return { status: 'refused', message: `${lock.reason}: the record of ${basename(oldAbs)} is being written elsewhere, so it was not moved (close the script there first)`, from, to };
    const oldDir = dirname(oldAbs);
    renameSync(from, to);
    try {
      const { truncated } = appendRename(to, eventPath(oldDir, oldAbs), eventPath(oldDir, newAbs), options);
      return {
        status: 'renamed',
        message: `moved the provenance record ${basename(from)} to ${basename(to)} and journaled the rename${truncated ? ' (an unfinished last line was dropped first)' : ''}`,
        from,
        to,
        ...(truncated ? { truncated } : {}),
      };
    } catch (err) {
      // Put it back: a sidecar without its rename event would read as another script's.
      try {
        renameSync(to, from);
      } catch {
        // leave it where it is; the message says so
      }
      return { status: 'refused', message: `could not journal the rename in ${basename(to)} (${(err as Error).message}); the record was left at ${basename(from)}`, from, to };
    }
  } catch (err) {
    return { status: 'refused', message: `could not move ${from} to ${to}: ${(err as Error).message}`, from, to };
  } finally {
    if (lock?.held) lock.release();
  }
}

/** The text a journal replays to, cheaply refused first by its last checkpoint's text hash and length. */
function replaysTo(journal: Buffer, text: string, textHash: string): boolean {
  const marker = Buffer.from('\n{"type":"checkpoint",', 'utf8');
  const at = journal.lastIndexOf(marker);
  if (at >= 0) {
    const end = journal.indexOf(10, at + 1);
    // Only events after the last checkpoint can change the text: when there are none, its hash decides.
    if (end > 0 && end === journal.length - 1) {
      try {
        const cp = JSON.parse(journal.subarray(at + 1, end).toString('utf8')) as { textHash?: unknown; textLength?: unknown };
        return cp.textHash === textHash && cp.textLength === text.length;
      } catch {
        // fall through to the replay
      }
    }
  }
  return replayJournal(journal).text === text;
}

/**
 * For a script with no sidecar: looks in its folder for an orphaned sidecar (its script is
 * missing) whose replayed text equals `text`, moves it to the script's sidecar and journals a
 * `rename` from the old name. Takes none when several match. Never throws.
 */
export function adoptOrphanedSidecar(scriptPath: string, text: string, options: RenameOptions): AdoptResult {
  try {
    const abs = resolve(scriptPath);
    const target = journalPathFor(abs);
    if (existsSync(target)) return { status: 'none', message: `${basename(target)} exists; nothing to adopt` };
    const dir = dirname(abs);
    const textHash = sha256Hex(text);
    const candidates: string[] = [];
    for (const name of readdirSync(dir)) {
      if (!name.endsWith('.provenance')) continue;
      const sidecar = join(dir, name);
      const script = sidecar.slice(0, -'.provenance'.length);
      if (sidecar === target || existsSync(script)) continue;
      try {
        if (!statSync(sidecar).isFile()) continue;
        const journal = readFileSync(sidecar);
        const nl = journal.indexOf(10);
        if (nl < 0) continue;
        const { header } = parseHeader(journal.subarray(0, nl).toString('utf8'));
        if (!header) continue;
        // The orphan must be its own script's record (not a copy of some other's).
        if (journalScriptName(header.script, journal) !== basename(script)) continue;
        if (replaysTo(journal, text, textHash)) candidates.push(sidecar);
      } catch {
        // unreadable: not a candidate
      }
    }
    if (candidates.length === 0) return { status: 'none', message: `no orphaned provenance record in ${dir} matches ${basename(abs)}` };
    if (candidates.length > 1) {
      return {
        status: 'ambiguous',
        message: `${candidates.length} orphaned provenance records in ${dir} match ${basename(abs)} (${candidates.map((c) => basename(c)).join(', ')}); none was adopted`,
        candidates,
      };
    }
    const orphan = candidates[0];
    const oldScript = orphan.slice(0, -'.provenance'.length);
    const moved = renameRecord(oldScript, abs, options);
    if (moved.status !== 'renamed') return { status: 'refused', message: moved.message, from: orphan, fromScript: oldScript };
    return {
      status: 'adopted',
      message: `adopted the provenance record of ${basename(oldScript)} (renamed or moved outside the editor): its history continues under ${basename(abs)}`,
      from: orphan,
      fromScript: oldScript,
      to: target,
    };
  } catch (err) {
    return { status: 'refused', message: `could not look for an orphaned record: ${(err as Error).message}` };
  }
}
