/**
 * Merging two branches of a journal (the git merge driver's engine; docs/writers-room.md and
 * the `merge` event in docs/journal.md). The merged journal is ours, byte for byte, then a
 * `merge` event that carries theirs' lines since the fork verbatim (each keeps its own chain
 * and signatures) and the edits that turn our text into the merged text with each piece's
 * origin on its branch, then a checkpoint signed by the merging writer.
 *
 * The texts are rebuilt from the journals, never read from a working tree: each side loads
 * from its last checkpoint when one of the `knownTexts` has that checkpoint's hash (the driver
 * offers the blobs git has for the script), else by replaying the whole journal.
 * Never throws: a journal that cannot be merged gives `{ error }`.
 */
import {
  CHECKPOINT_LINE_PREFIX,
  checkpointSigningText,
  parseEvent,
  parseHeader,
  serializeEvent,
  sha256Hex,
  splitJournal,
  type CheckpointEvent,
  type JournalEvent,
  type JournalHeader,
  type WriterKey,
} from './journal';
import { journaledSnapshot } from './checkpointOrigins';
import { JournalReplayer } from './journalReplay';
import { Ledger } from './ledger';
import { applyMergeEdits, mergeTexts, type ConflictLabels, type MergeEdit } from './mergeLedger';
export { checkMergeBranch, replayMergeEdits, type BranchCheck } from './mergeReplay';
import { originKey } from './origin';
import { MERGE_MARKER_NOTE } from './reconcile';
import { signText, writerKeyOf, type WriterKeyPair } from './keys';
import type { Origin, Writer } from './types';

/** One side of a merge, loaded. */
export interface LoadedJournal {
  header: JournalHeader;
  ledger: Ledger;
  /** The journal's origin table. */
  origins: Origin[];
  /** The bytes up to and including the last whole line's newline. */
  bytes: Buffer;
  lastSeq: number;
  lastTime: string | undefined;
  /** SHA-256 of the last whole line. */
  lastHash: string;
  /** Loaded from a checkpoint with a known text (true) or replayed from the start. */
  fromCheckpoint: boolean;
  problems: string[];
}

const CHECKPOINT_MARKER = Buffer.from(`\n${CHECKPOINT_LINE_PREFIX}`, 'utf8');

/** Loads a journal's final state: from its last checkpoint when its text is among `knownTexts`, else by full replay. */
export function loadJournal(data: Buffer, knownTexts: readonly string[] = []): LoadedJournal | { error: string } {
  try {
    const nl = data.indexOf(10);
    if (nl < 0) return { error: 'the journal has no complete first line' };
    const split = splitJournal(data);
    const bytes = split.cutTail ? data.subarray(0, split.cutTail.byteOffset) : data;
    const headerLine = split.lines[0];
    const { header, error } = parseHeader(headerLine.text);
    if (!header) return { error: `not a journal: ${error}` };
    const headerHash = sha256Hex(headerLine.bytes);
    const last = split.lines[split.lines.length - 1];
    const lastHash = sha256Hex(last.bytes);
    // The last checkpoint, and a known text with its hash.
    const at = bytes.lastIndexOf(CHECKPOINT_MARKER);
    if (at >= 0 && knownTexts.length > 0) {
      const end = bytes.indexOf(10, at + 1);
      const lineBytes = bytes.subarray(at + 1, end > 0 ? end : bytes.length);
      const cp = parseEvent(lineBytes.toString('utf8')).event as CheckpointEvent | undefined;
      if (cp && cp.type === 'checkpoint') {
        const text = knownTexts.find((t) => t.length === cp.textLength && sha256Hex(t) === cp.textHash);
        if (text !== undefined) {
          const lineNo = split.lines.findIndex((l) => l.byteOffset === at + 1);
          const replayer = new JournalReplayer(header, headerHash, { checkCheckpoints: false });
          try {
            replayer.startFromCheckpoint(cp, text, split.lines[lineNo] ?? { line: cp.seq + 1, byteOffset: at + 1, bytes: lineBytes, text: '' }, sha256Hex(lineBytes));
            for (let i = lineNo + 1; i > 0 && i < split.lines.length; i++) replayer.feed(split.lines[i]);
            if (replayer.ledger) {
              return {
                header,
                ledger: replayer.ledger,
                origins: [...replayer.origins],
                bytes,
                lastSeq: replayer.lastSeq,
                lastTime: replayer.lastTime,
                lastHash,
                fromCheckpoint: true,
                problems: replayer.problems.filter((p) => p.kind !== 'unsigned-checkpoint').map((p) => p.message),
              };
            }
          } catch {
            // fall back to the full replay
          }
        }
      }
    }
    const replayer = new JournalReplayer(header, headerHash, { checkCheckpoints: false });
    for (let i = 1; i < split.lines.length; i++) replayer.feed(split.lines[i]);
    const ledger = replayer.ledger ?? Ledger.create('', { kind: 'imported', channel: 'import', at: header.created });
    return {
      header,
      ledger,
      origins: [...replayer.origins],
      bytes,
      lastSeq: replayer.lastSeq,
      lastTime: replayer.lastTime,
      lastHash,
      fromCheckpoint: false,
      problems: replayer.problems.filter((p) => p.kind !== 'unsigned-checkpoint').map((p) => p.message),
    };
  } catch (err) {
    return { error: `the journal could not be read: ${(err as Error).message}` };
  }
}

/** Bytes both buffers share from the start, cut back to a line boundary (just after a newline). */
function commonLinePrefix(a: Buffer, b: Buffer): number {
  const n = Math.min(a.length, b.length);
  let lo = 0;
  // Compare in blocks (fast native compare), then byte by byte in the first differing block.
  const BLOCK = 65_536;
  while (lo < n) {
    const hi = Math.min(n, lo + BLOCK);
    if (a.subarray(lo, hi).equals(b.subarray(lo, hi))) lo = hi;
    else break;
  }
  while (lo < n && a[lo] === b[lo]) lo++;
  if (lo === n && a.length === b.length) return lo;
  const nl = a.lastIndexOf(10, lo - 1);
  return nl < 0 ? 0 : nl + 1;
}

export interface MergeInput {
  /** The journals: the common ancestor's (may be empty), ours and theirs. */
  base: Buffer;
  ours: Buffer;
  theirs: Buffer;
  /** The merging writer and their key (the merge event's actor and the checkpoint's signer). */
  writer: Writer;
  key?: WriterKeyPair;
  now?: () => Date;
  /** Texts the script may have had on each side (hash-checked against checkpoints; only speeds loading). */
  knownTexts?: readonly string[];
  /** Conflict marker labels (git's, so the record's markers match the working tree's). */
  labels?: ConflictLabels;
}

export interface MergeOutput {
  /** The merged journal. */
  journal: Buffer;
  /** `merged`: a merge event was written; `ours`/`theirs`: one side already held everything. */
  outcome: 'merged' | 'ours' | 'theirs';
  /** Conflicting regions of the script's text, left between markers (the record then waits for the resolution). */
  conflicts: number;
  /** The merged script text the journal now describes. */
  text: string;
  message: string;
}

const isPrefix = (short: Buffer, long: Buffer): boolean => short.length > 0 && short.length <= long.length && long.subarray(0, short.length).equals(short);

/** Merges two branches of a journal against their common ancestor. Never throws. */
export function mergeJournals(input: MergeInput): MergeOutput | { error: string } {
  try {
    const { base, ours, theirs } = input;
    if (ours.equals(theirs) || isPrefix(theirs, ours)) return { journal: ours, outcome: 'ours', conflicts: 0, text: '', message: 'ours already holds every event of theirs' };
    const known = input.knownTexts ?? [];
    const a = loadJournal(ours, known);
    if ('error' in a) return { error: `ours: ${a.error}` };
    const b = loadJournal(theirs, known);
    if ('error' in b) return { error: `theirs: ${b.error}` };
    if (isPrefix(a.bytes, b.bytes) && (base.length === 0 || isPrefix(base, a.bytes))) {
      return { journal: b.bytes, outcome: 'theirs', conflicts: 0, text: b.ledger.text, message: 'theirs continues ours: taken as it is' };
    }
    // Where theirs' own events start: after the ancestor when theirs continues it (a
    // cherry-pick or a rebase step carries the picked commit's events only), else after the
    // lines both share.
    const shared = commonLinePrefix(a.bytes, b.bytes);
    if (shared === 0) {
      return { error: 'the two records are of different documents (each was started on its own branch), so neither continues the other; the other side\'s text will read as external' };
    }
    const start = base.length > 0 && isPrefix(base, b.bytes) && base.length > shared && base[base.length - 1] === 10 ? base.length : shared;
    const branch = splitJournal(b.bytes, start);
    const baseLine = start > 0 ? b.bytes.subarray(b.bytes.lastIndexOf(10, start - 2) + 1, start - 1) : undefined;
    const baseHash = baseLine ? sha256Hex(baseLine) : '';
    // Keys theirs announced in lines not carried (a cherry-pick's earlier commits): the merge
    // event announces them, so the carried signatures can be checked.
    const carriedKeys: WriterKey[] = [];
    if (start > shared) {
      const known = new Set<string>();
      for (const w of a.header.writers ?? []) known.add(w.keyId);
      for (const line of splitJournal(b.bytes.subarray(shared, start)).lines) {
        if (!line.text.includes('"writers"')) continue;
        const e = parseEvent(line.text).event;
        for (const w of e?.writers ?? []) {
          if (!w || typeof w.keyId !== 'string' || known.has(w.keyId) || a.bytes.includes(`"keyId":"${w.keyId}"`)) continue;
          known.add(w.keyId);
          carriedKeys.push(w);
        }
      }
    }
    // The ancestor's text and ledger.
    let ancestor: Ledger;
    const o = base.length > 0 ? loadJournal(base, known) : undefined;
    if (o && !('error' in o)) ancestor = o.ledger;
    else if (shared > 0) {
      const prefix = loadJournal(b.bytes.subarray(0, shared), known);
      ancestor = 'error' in prefix ? Ledger.create('', { kind: 'imported', channel: 'import', at: a.header.created }) : prefix.ledger;
    } else ancestor = Ledger.create('', { kind: 'imported', channel: 'import', at: a.header.created });

    const now = (input.now ?? (() => new Date()))();
    const marker: Origin = { kind: 'external', channel: 'reconcile', at: now.toISOString(), note: MERGE_MARKER_NOTE };
    const textMerge = mergeTexts(ancestor, a.ledger, b.ledger, marker, input.labels);
    const merged = applyMergeEdits(a.ledger, textMerge.edits);

    // Our journal's origin table, extended with the origins the edits bring.
    const origins = [...a.origins];
    const ids = new Map<string, number>();
    origins.forEach((org, i) => org && !ids.has(originKey(org)) && ids.set(originKey(org), i));
    const defines: Record<string, Origin> = {};
    const ref = (org: Origin): number => {
      const key = originKey(org);
      let id = ids.get(key);
      if (id === undefined) {
        id = origins.length;
        origins.push(org);
        ids.set(key, id);
        defines[id] = org;
      }
      return id;
    };
    const edits = textMerge.edits.map((e: MergeEdit) => ({ offset: e.offset, deleteLength: e.deleteLength, insertText: e.insertText, origin: ref(e.origin) }));
    // The checkpoint after the merge stores the origin table once: the merged ledger names its
    // origins by their ids in the journal's table (any it lacks is defined by the merge event).
    const ledger = journaledSnapshot(merged.toSnapshot({ packRuns: true }), ref);
    const lastTime = Math.max(Date.parse(a.lastTime ?? a.header.created) || 0, Date.parse(b.lastTime ?? '') || 0);
    const time = new Date(Math.max(now.getTime(), lastTime)).toISOString();
    const actor = { ...input.writer };
    const mergeEvent: Record<string, unknown> = {
      type: 'merge',
      seq: a.lastSeq + 1,
      time,
      actor,
      prev: a.lastHash,
    };
    if (Object.keys(defines).length > 0) mergeEvent.defines = defines;
    if (carriedKeys.length > 0) mergeEvent.writers = carriedKeys;
    Object.assign(mergeEvent, {
      parents: [a.lastHash, b.lastHash],
      base: baseHash,
      theirs: branch.lines.map((l) => l.text),
      edits,
      textHash: sha256Hex(merged.text),
    });
    const mergeLine = serializeEvent(mergeEvent as unknown as JournalEvent);
    const key = input.key;
    const announce = key && !a.bytes.includes(`"keyId":"${key.keyId}"`);
    const checkpoint: Record<string, unknown> = {
      type: 'checkpoint',
      seq: a.lastSeq + 2,
      time,
      actor,
      prev: sha256Hex(mergeLine),
    };
    if (announce && key) checkpoint.writers = [writerKeyOf(key)];
    Object.assign(checkpoint, {
      documentId: a.header.documentId,
      textHash: sha256Hex(merged.text),
      textLength: merged.text.length,
      origins,
      ledger,
    });
    if (key) checkpoint.signature = { keyId: key.keyId, value: signText(key, checkpointSigningText(checkpoint as unknown as CheckpointEvent)) };
    const checkpointLine = serializeEvent(checkpoint as unknown as JournalEvent);
    const journal = Buffer.concat([a.bytes, Buffer.from(`${mergeLine}\n${checkpointLine}\n`, 'utf8')]);
    return {
      journal,
      outcome: 'merged',
      conflicts: textMerge.conflicts,
      text: merged.text,
      message:
        `merged ${branch.lines.length} event(s) of theirs` +
        (textMerge.conflicts > 0 ? `; ${textMerge.conflicts} conflicting region(s) of the script wait for their resolution (open the script, or run fountain-provenance reconcile)` : ''),
    };
  } catch (err) {
    return { error: `the journals could not be merged: ${(err as Error).message}` };
  }
}

