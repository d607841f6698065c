/**
 * Loading a script's journal: read the file (a long one from its end first), check its
 * header and that it belongs to the script, and replay it from the last checkpoint that
 * fits the text (else from the start). What to do with the outcome is the record's.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { CHECKPOINT_LINE_PREFIX, parseEvent, parseHeader, sha256Hex, splitJournal, type CheckpointEvent, type JournalHeader } from './journal';
import { JournalReplayer } from './journalReplay';
import { readJournalFile, type JournalFile } from './recordFile';
import { journalScriptName } from './rename';

/** The last line of a journal, cut mid-write. */
export interface CutLine {
  line: number;
  byteOffset: number;
  bytes: Buffer;
}

/** A journal replayed up to its end. */
export interface Replayed {
  replayer: JournalReplayer;
  cut?: CutLine;
  /** The checkpoint replay started from, if it did not start at the beginning. */
  fromCheckpoint?: number;
}

/** What reading a journal found. */
export type LoadedJournal =
  | { kind: 'missing' }
  | { kind: 'unreadable'; error: Error }
  | { kind: 'unusable'; reason: 'moved-aside' | 'foreign-journal'; why: string }
  | {
      kind: 'loaded';
      header: JournalHeader;
      /** The bytes read: the whole file, or its tail from `base` when `base` > 0. */
      buf: Buffer;
      base: number;
      replayed: Replayed;
    };

/**
 * Reads and replays the journal at `path` for the script at `scriptPath` whose text is now
 * `text`. Journals longer than `tailBytes` are read from the end first. Never throws for the
 * journal's content; a read error other than a missing file is `unreadable`.
 */
export function loadJournal(path: string, scriptPath: string, text: string, tailBytes: number): LoadedJournal {
  let file: JournalFile;
  try {
    file = readJournalFile(path, tailBytes);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { kind: 'missing' };
    return { kind: 'unreadable', error: err as Error };
  }
  const head = file.head;
  const nl = head.indexOf(10);
  const headerBytes = nl < 0 ? head : head.subarray(0, nl > 0 && head[nl - 1] === 13 ? nl - 1 : nl);
  const { header, error } = nl < 0 ? { header: undefined, error: 'the file has no complete first line' } : parseHeader(headerBytes.toString('utf8'));
  if (!header) return { kind: 'unusable', reason: 'moved-aside', why: `the journal ${path} cannot be read (${error})` };
  const scriptName = basename(scriptPath);
  const ownName = header.script === scriptName ? scriptName : journalScriptName(header.script, file.buf, () => (file.base > 0 ? readFileSync(path) : undefined));
  if (ownName !== scriptName) {
    return { kind: 'unusable', reason: 'foreign-journal', why: `the journal ${path} belongs to ${JSON.stringify(ownName)}, not ${JSON.stringify(scriptName)}` };
  }
  const headerHash = sha256Hex(headerBytes);
  // A long journal is read from its end first: loading needs only the last checkpoint.
  let replayed = file.base > 0 ? replayTail(file.buf, header, headerHash, text, file.buf.indexOf(10) + 1, true) : undefined;
  let buf = file.buf;
  let base = file.base;
  if (!replayed) {
    if (base > 0) {
      buf = readFileSync(path);
      base = 0;
    }
    replayed = replayTail(buf, header, headerHash, text, nl + 1, false)!;
  }
  return { kind: 'loaded', header, buf, base, replayed };
}

/** Finds the last whole checkpoint usable for `text`, else replays everything. */
function replayTail(
  buf: Buffer,
  header: JournalHeader,
  headerHash: string,
  text: string,
  eventsStart: number,
  checkpointOnly: boolean,
): Replayed | undefined {
  const marker = Buffer.from(`\n${CHECKPOINT_LINE_PREFIX}`, 'utf8');
  let pos = buf.length;
  while (pos > eventsStart) {
    const at = buf.lastIndexOf(marker, pos - 1);
    if (at < 0 || at + 1 < eventsStart) break;
    pos = at;
    const start = at + 1;
    const end = buf.indexOf(10, start);
    if (end < 0) continue; // the cut last line
    const bytes = buf.subarray(start, end > start && buf[end - 1] === 13 ? end - 1 : end);
    const parsed = parseEvent(bytes.toString('utf8'));
    const cp = parsed.event as CheckpointEvent | undefined;
    if (!cp || cp.type !== 'checkpoint') break;
    // U+FFFD in the file may stand for a lone surrogate the journal holds (an edit split a
    // pair; hashes see both as the same bytes): replay it all so the record learns the file's text.
    if (cp.textLength !== text.length || cp.textHash !== sha256Hex(text) || text.includes('\uFFFD')) break;
    const replayer = new JournalReplayer(header, headerHash, { checkCheckpoints: false });
    try {
      replayer.startFromCheckpoint(cp, text, { line: cp.seq + 1, byteOffset: start, bytes, text: '' }, sha256Hex(bytes));
    } catch {
      break;
    }
    const rest = splitJournal(buf, end + 1, cp.seq + 2);
    for (const line of rest.lines) replayer.feed(line);
    return { replayer, ...(rest.cutTail ? { cut: rest.cutTail } : {}), fromCheckpoint: cp.seq };
  }
  if (checkpointOnly) return undefined;
  const all = splitJournal(buf, eventsStart, 2);
  const replayer = new JournalReplayer(header, headerHash, { checkCheckpoints: false });
  for (const line of all.lines) replayer.feed(line);
  replayer.rebuildFromCheckpoint();
  return { replayer, ...(all.cutTail ? { cut: all.cutTail } : {}) };
}
