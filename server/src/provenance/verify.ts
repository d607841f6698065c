/**
 * Replay and verification of a journal: rebuild the text and the ledger from the first event,
 * check the hash chain, sequence, times, every checkpoint (text hash, ledger, signature),
 * and compare the result with a script's text. Never throws, on any input.
 */
import { savedText, sameSavedText } from './savedText';
import { isUtf8 } from 'node:buffer';
import { Ledger } from './ledger';
import { JOURNAL_FORMAT_1, parseHeader, sha256Hex, splitJournal, TYPING_THRESHOLD_CAP, type JournalHeader } from './journal';
import { LineHashes, plainEditSlot, type LineHashTuning } from './journalHashes';
import { JournalReplayer } from './journalReplay';
import type { Origin } from './types';
import { MISMATCH_KINDS, type Gap, type JournalProblem, type Replay, type Verification } from './verifyTypes';

export type { Gap, JournalProblem, Replay, SignatureCheck, Verification } from './verifyTypes';
export type { LineHashTuning } from './journalHashes';

/** Options of {@link verifyJournal} and {@link replayJournal}. */
export interface ReplayRunOptions {
  /** When a long journal's lines are hashed and parsed on a second thread (tests take each path). */
  lineHashes?: LineHashTuning;
}
export { MISMATCH_KINDS } from './verifyTypes';

const EMPTY_ORIGIN: Origin = { kind: 'imported', channel: 'import', at: new Date(0).toISOString(), source: 'empty journal' };

interface FullReplay {
  header?: JournalHeader;
  replayer?: JournalReplayer;
  problems: JournalProblem[];
  cut: boolean;
}

/**
 * Replays journal text line by line without a copy as bytes: each line is hashed as text,
 * which is hashing its UTF-8 bytes.
 */
type Untrusted = ReadonlyArray<{ from: number; to: number }>;

/**
 * The event ranges that `break` events of reason `unsigned-tail` name: a server that opened
 * the journal found them covered by no valid signature, so they stay untrusted though later
 * signatures cover them. Found by a text search first (they are rare), then parsed.
 */
export function untrustedRanges(journal: string | Buffer): Untrusted {
  const marker = '"reason":"unsigned-tail"';
  const text = typeof journal === 'string' ? journal : journal.includes(marker) ? journal.toString('utf8') : '';
  if (!text.includes(marker)) return [];
  const out: Array<{ from: number; to: number }> = [];
  for (let at = text.indexOf(marker); at >= 0; at = text.indexOf(marker, at + marker.length)) {
    const start = text.lastIndexOf('\n', at) + 1;
    const end = text.indexOf('\n', at);
    try {
      const e = JSON.parse(text.slice(start, end < 0 ? text.length : end)) as { type?: string; from?: unknown; to?: unknown };
      if (e.type === 'break' && Number.isSafeInteger(e.from) && Number.isSafeInteger(e.to)) out.push({ from: e.from as number, to: e.to as number });
    } catch {
      // a damaged line is reported by the replay
    }
  }
  return out;
}

function runReplayText(journal: string, at: Date | undefined, checkCheckpoints: boolean, bytes?: Buffer, tailFrom?: number, untrusted?: Untrusted, tuning?: LineHashTuning): FullReplay {
  let nl = journal.indexOf('\n');
  if (nl < 0) {
    const message = journal.length > 0 ? 'the journal ends inside its header line' : 'the journal is empty';
    return { problems: [{ kind: 'bad-header', line: 1, event: 0, message }], cut: journal.length > 0 };
  }
  const lineText = (start: number, end: number): string => journal.slice(start, end > start && journal.charCodeAt(end - 1) === 13 ? end - 1 : end);
  const first = lineText(0, nl);
  const { header, error } = parseHeader(first);
  if (!header) return { problems: [{ kind: 'bad-header', line: 1, event: 0, message: `not a journal: ${error}` }], cut: false };
  const headerHash = sha256Hex(first);
  // A long journal's lines are hashed, parsed and checked on a second thread meanwhile, when
  // there is one; a line it has not reached yet, or found unusual, is done here.
  const hashes = new LineHashes(journal, { events: true, bytes, ...(tuning ? { tuning } : {}) });
  const plain = plainEditSlot();
  let prevText = first;
  let lineTextNow = first;
  const chain = (n: number, prev: string): boolean => (n === 1 ? prev === headerHash : hashes.ready(n) ? hashes.matches(n, prev) : sha256Hex(prevText) === prev);
  const replayer = new JournalReplayer(header, headerHash, { at, checkCheckpoints, chain, source: journal, tailFrom, untrusted });
  let start = nl + 1;
  let line = 2;
  try {
    while (start < journal.length && !replayer.stopped) {
      nl = journal.indexOf('\n', start);
      if (nl < 0) break;
      if (hashes.plainEdit(line, plain)) {
        // The worker has this line's hash, so prevText and lineTextNow are not needed for it.
        replayer.feedPlainEdit(plain, line, start, nl > start && journal.charCodeAt(nl - 1) === 13 ? nl - 1 : nl);
        start = nl + 1;
        line++;
        continue;
      }
      prevText = lineTextNow;
      lineTextNow = lineText(start, nl);
      replayer.feedText(lineTextNow, line);
      start = nl + 1;
      line++;
    }
    // The last line replayed is the last one read (line - 1) or, when it stopped the replay, the one before.
    const n = replayer.lastLine;
    replayer.prevHash = n === 1 ? headerHash : hashes.ready(n) ? hashes.hex(n) : sha256Hex(n === line - 1 ? lineTextNow : prevText);
  } finally {
    hashes.close();
  }
  const problems: JournalProblem[] = [];
  const cut = journal.charCodeAt(journal.length - 1) !== 10;
  if (cut && !replayer.stopped) {
    problems.push({
      kind: 'truncated',
      line,
      event: replayer.lastSeq + 1,
      message: `line ${line} is an unfinished event (${Buffer.byteLength(journal.slice(start))} bytes, cut mid-write); replay stops at event ${replayer.lastSeq}`,
    });
  }
  return { header, replayer, problems: [...replayer.problems, ...problems], cut };
}

function runReplay(journal: string | Buffer, at?: Date, checkCheckpoints = true, tailFrom?: number, untrusted?: Untrusted, tuning?: LineHashTuning): FullReplay {
  try {
    if (typeof journal === 'string') return runReplayText(journal, at, checkCheckpoints, undefined, tailFrom, untrusted, tuning);
    // Valid UTF-8 is decoded once and replayed as text; anything else line by line as bytes.
    if (isUtf8(journal)) return runReplayText(journal.toString('utf8'), at, checkCheckpoints, journal, tailFrom, untrusted, tuning);
    const split = splitJournal(journal);
    const problems: JournalProblem[] = [];
    const first = split.lines[0];
    if (!first) {
      const message = split.cutTail ? 'the journal ends inside its header line' : 'the journal is empty';
      return { problems: [{ kind: 'bad-header', line: 1, event: 0, message }], cut: !!split.cutTail };
    }
    const { header, error } = parseHeader(first.text);
    if (!header) return { problems: [{ kind: 'bad-header', line: 1, event: 0, message: `not a journal: ${error}` }], cut: false };
    const replayer = new JournalReplayer(header, sha256Hex(first.bytes), { at, checkCheckpoints, tailFrom, untrusted });
    for (let i = 1; i < split.lines.length; i++) replayer.feed(split.lines[i]);
    if (split.cutTail && !replayer.stopped) {
      problems.push({
        kind: 'truncated',
        line: split.cutTail.line,
        event: replayer.lastSeq + 1,
        message: `line ${split.cutTail.line} is an unfinished event (${split.cutTail.bytes.length} bytes, cut mid-write); replay stops at event ${replayer.lastSeq}`,
      });
    }
    return { header, replayer, problems: [...replayer.problems, ...problems], cut: !!split.cutTail };
  } catch (err) {
    return { problems: [{ kind: 'bad-event', message: `replay failed: ${(err as Error).message}` }], cut: false };
  }
}

/**
 * Rebuilds the text and the ledger from a journal, optionally as they stood at `at`
 * (events later than it are not applied). Checks the chain, order and times; checkpoints
 * (text hash, ledger, signature) are checked by {@link verifyJournal}. Never throws.
 */
export function replayJournal(journalText: string | Buffer, options: { at?: Date } & ReplayRunOptions = {}): Replay {
  const r = runReplay(journalText, options.at, false, undefined, undefined, options.lineHashes);
  const ledger = r.replayer?.ledger ?? Ledger.create('', EMPTY_ORIGIN);
  return { text: ledger.text, ledger, events: r.replayer?.events ?? 0, problems: r.problems };
}

function firstDifference(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a.charCodeAt(i) !== b.charCodeAt(i)) return i;
  return n;
}

/** What the text of each run gap kind is, in words. */
const RUN_GAP_WORDS: Record<string, string> = {
  external: 'from outside the tracker',
  unattributed: 'unattributed',
  'untracked-before': 'present before tracking began (origin unknown)',
  'unsigned-tail': 'inserted by events no valid signature covers (origin unknown)',
};

/** Whether an origin is the unsigned tail's (see JournalReplayer's tail replay). */
export function isUnsignedTailOrigin(origin: Origin): boolean {
  return origin.kind === 'external' && typeof origin.note === 'string' && origin.note.startsWith('unsigned tail:');
}

/** Gaps for every run of unknown origin in the final ledger: external, unattributed, imported, unsigned tail. */
function runGaps(ledger: Ledger): Gap[] {
  const gaps: Gap[] = [];
  for (const run of ledger.runs()) {
    const o = run.origin;
    const kind: Gap['kind'] | undefined =
      o.kind === 'imported' ? 'untracked-before' : isUnsignedTailOrigin(o) ? 'unsigned-tail' : o.kind === 'external' || o.kind === 'unattributed' ? o.kind : undefined;
    if (!kind || run.end <= run.start) continue;
    const last = gaps[gaps.length - 1];
    if (last && last.kind === kind && last.end === run.start) {
      last.end = run.end;
      last.message = `${last.end - last.start!} characters at ${last.start}..${last.end} are ${RUN_GAP_WORDS[kind]}`;
      continue;
    }
    gaps.push({ kind, start: run.start, end: run.end, message: `${run.end - run.start} characters at ${run.start}..${run.end} are ${RUN_GAP_WORDS[kind]}` });
  }
  return gaps;
}

/**
 * The verification of a record the server itself keeps writing: its own events since its
 * last seal are pending (the next seal covers them), not an unknown tail. A journal read from
 * disk keeps the tail rule. The live ledger, not this one, carries the labels: the replayed
 * ledger and its text are left out (a second copy of a 10 MB script's ledger and text is
 * about 60 MB that nothing reads while the server keeps the verification).
 */
export function liveVerification(v: Verification): Verification {
  const { ledger: _replayed, text: _replayedText, ...kept } = v;
  if (!kept.unsignedTail || kept.status === 'mismatch') return kept;
  const gaps = kept.gaps.filter((g) => g.kind !== 'unsigned-tail');
  const status = kept.sealedThrough === 0 ? 'unsigned' : gaps.length > 0 ? 'verified-with-gaps' : 'verified';
  const { unsignedTail, ...rest } = kept;
  return { ...rest, gaps, status, pending: unsignedTail };
}

/**
 * The ledger a journal replays to with the ranges its `unsigned-tail` breaks name left
 * untrusted (what verification computes): a record that distrusts a tail takes it. Never throws.
 */
export function replaySealed(journalText: string | Buffer, options: ReplayRunOptions = {}): Ledger | undefined {
  try {
    return runReplay(journalText, undefined, false, undefined, untrustedRanges(journalText), options.lineHashes).replayer?.ledger;
  } catch {
    return undefined;
  }
}

/** What a format 1 journal lacks, in words. */
export const FORMAT_1_LACKS = ['seals', 'typing threshold', 'policy record', 'time stamps', 'declared marks on relabels'];

/**
 * Verifies a journal against a script's text: `verified` (chain intact, text matches, no
 * gaps), `verified-with-gaps` (external or unattributed text, breaks, untracked periods, an
 * unfinished last event) or `mismatch` (text differs, chain broken, bad signature, time
 * going backwards, events reordered or dropped), with the first divergence located.
 * Never throws.
 */
export function verifyJournal(journalText: string | Buffer, scriptText: string, options: ReplayRunOptions = {}): Verification {
  try {
    const untrusted = untrustedRanges(journalText);
    const r = runReplay(journalText, undefined, true, undefined, untrusted, options.lineHashes);
    const problems = [...r.problems];
    const replayer = r.replayer;
    let ledger = replayer?.ledger ?? Ledger.create('', EMPTY_ORIGIN);
    const text = ledger.text;
    const gaps: Gap[] = [...(replayer?.gaps ?? [])];
    // Sealed: only what a valid signature covers is trusted. The tail is replayed again with
    // its text as unknown origin and its relabels left out (docs/journal.md, Sealed).
    const sealedThrough = replayer?.sealedThrough ?? 0;
    const lastContent = replayer?.lastContentSeq ?? 0;
    let unsignedTail: { from: number; to: number } | undefined;
    if (replayer && lastContent > sealedThrough) {
      unsignedTail = { from: sealedThrough + 1, to: lastContent };
      const sealed = runReplay(journalText, undefined, false, sealedThrough, untrusted, options.lineHashes);
      if (sealed.replayer?.ledger && sealed.replayer.ledger.text === text) ledger = sealed.replayer.ledger;
      gaps.push({
        kind: 'unsigned-tail',
        event: unsignedTail.from,
        toEvent: unsignedTail.to,
        message:
          sealedThrough === 0
            ? `no signature in the journal is valid: events ${unsignedTail.from}..${unsignedTail.to} are covered by none, so their labels are not trusted and their text is of unknown origin`
            : `events ${unsignedTail.from}..${unsignedTail.to} come after the last valid signature (event ${sealedThrough}): their labels are not trusted and the text they inserted is of unknown origin`,
      });
    }
    const format1 = r.header?.format === JOURNAL_FORMAT_1;
    if (format1) {
      problems.push({ kind: 'format-1', event: 0, line: 1, message: `written before format 2: it records no ${FORMAT_1_LACKS.join(', no ')}` });
    }
    if (r.cut) {
      gaps.push({ kind: 'break', event: (replayer?.lastSeq ?? 0) + 1, message: 'the journal ends in an unfinished event (a write was cut short)' });
    }
    if (!sameSavedText(text, scriptText)) {
      const offset = firstDifference(savedText(text), scriptText);
      problems.push({
        kind: 'text-mismatch',
        event: replayer?.lastSeq ?? 0,
        ...(replayer ? { line: replayer.lastLine } : {}),
        offset,
        message: `the script differs from the journal's text from offset ${offset} (replayed ${text.length} characters, script has ${scriptText.length}); the script changed with no journal event`,
      });
    }
    for (const gap of runGaps(ledger)) gaps.push(gap);
    const mismatches = problems.filter((p) => MISMATCH_KINDS.has(p.kind));
    const chainIntact = !problems.some((p) => ['chain-broken', 'sequence', 'bad-event', 'bad-header'].includes(p.kind));
    const first = mismatches[0];
    const status = mismatches.length > 0 ? 'mismatch' : sealedThrough === 0 ? 'unsigned' : gaps.length > 0 ? 'verified-with-gaps' : 'verified';
    const from = r.header?.created;
    const to = replayer?.lastTime ?? from;
    return {
      status,
      chainIntact,
      events: replayer?.events ?? 0,
      ...(first
        ? {
            firstDivergence: {
              event: first.event ?? 0,
              ...(first.offset !== undefined ? { offset: first.offset } : {}),
              ...(first.line !== undefined ? { line: first.line } : {}),
              message: first.message,
            },
          }
        : {}),
      problems,
      signatures: replayer?.signatures ?? [],
      gaps,
      ...(from && to ? { timeSpan: { from, to } } : {}),
      ledger,
      text,
      ...(r.header ? { format: r.header.format } : {}),
      lacks: format1 ? [...FORMAT_1_LACKS] : [],
      sealedThrough,
      ...(unsignedTail ? { unsignedTail } : {}),
      timestamps: replayer?.timestamps ?? [],
      policies: replayer?.policies ?? [],
      typingThresholds: [
        ...(replayer?.format2 && r.header ? [{ event: 0, value: typeof r.header.typingThreshold === 'number' ? r.header.typingThreshold : TYPING_THRESHOLD_CAP }] : []),
        ...(replayer?.typingThresholds ?? []),
      ],
      typingRates: replayer?.typingRates?.rates() ?? [],
    };
  } catch (err) {
    const message = `verification failed: ${(err as Error).message}`;
    return {
      status: 'mismatch',
      chainIntact: false,
      events: 0,
      firstDivergence: { event: 0, message },
      problems: [{ kind: 'bad-event', message }],
      signatures: [],
      gaps: [],
    };
  }
}
