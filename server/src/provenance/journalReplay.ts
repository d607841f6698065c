/**
 * The replay engine shared by loading (record.ts) and verification (verify.ts): feeds journal
 * lines one by one into a ledger, checking the chain, sequence, time, checkpoints and
 * signatures as it goes. Never throws on journal content. Keystroke helpers are in
 * keystrokes.ts, snapshot comparison in snapshotCompare.ts.
 */
import { checkpointSnapshot } from './checkpointOrigins';
import { applySteps } from './keystrokes';
import { Ledger } from './ledger';
import { checkMergeBranch, replayMergeEdits } from './mergeReplay';
import { originKey } from './origin';
import { sameOrigins, sameSnapshot } from './snapshotCompare';
import {
  checkpointSigningText,
  FORMAT_2_EVENT_TYPES,
  JOURNAL_FORMAT_1,
  parseEvent,
  sha256Hex,
  TYPING_THRESHOLD_CAP,
  type CheckpointEvent,
  type PolicyRecord,
  type SealEvent,
  type JournalEvent,
  type JournalHeader,
  type JournalLine,
  type TypingStep,
  type WriterKey,
} from './journal';
import { keyIdOf, verifyText } from './keys';
import type { PlainEdit } from './journalHashes';
import type { LedgerSnapshot, Origin } from './types';
import type { Gap, JournalProblem, SignatureCheck, TimestampRecord } from './verifyTypes';
import { declaredOrigin, TypingRates } from './evidence';

export { applySteps, keystrokesOf } from './keystrokes';
export { normalizeSnapshot, sameSnapshot } from './snapshotCompare';

export interface ReplayerOptions {
  /** Stop before the first event later than this. */
  at?: Date;
  /** Check checkpoints (text hash, ledger, signatures). Loading skips the costly parts. */
  checkCheckpoints?: boolean;
  /**
   * For a caller that knows line hashes ahead (see journalHashes.ts): whether `prev` is the
   * hash of line `line`. `feedText` then needs no hash, and `prevHash` is the caller's to set.
   */
  chain?: (line: number, prev: string) => boolean;
  /** The journal text that {@link JournalReplayer.feedPlainEdit}'s line ranges point into. */
  source?: string;
  /**
   * Replays events after this seq as the unsigned tail (docs/journal.md, Sealed): the text
   * they insert takes an unknown origin and their relabels are not applied. 0: every event.
   */
  tailFrom?: number;
  /**
   * Event ranges replayed as unsigned tail although a later signature covers them: the
   * `break` events of reason `unsigned-tail` a server wrote when it opened a journal with a tail.
   */
  untrusted?: ReadonlyArray<{ from: number; to: number }>;
}

interface CheckpointState {
  seq: number;
  text: string;
  /** The checkpoint's origin table and ledger (not the rest of it), read when a resume needs them. */
  checkpoint: Pick<CheckpointEvent, 'origins' | 'ledger'>;
}

/** Problems after which a line's events are not applied (see `JournalReplayer.quarantined`). */
const DAMAGE: ReadonlySet<string> = new Set(['bad-event', 'chain-broken', 'sequence']);

/** Offsets of the digits of seconds and milliseconds in `YYYY-MM-DDTHH:MM:SS.sssZ`. */
const SECOND_DIGITS = [17, 18, 20, 21, 22];

/** Replays journal lines after a header. */
export class JournalReplayer {
  ledger: Ledger | undefined;
  /** The journal's origin table (index = id). */
  origins: Origin[] = [];
  problems: JournalProblem[] = [];
  gaps: Gap[] = [];
  signatures: SignatureCheck[] = [];
  /** Events applied. */
  events = 0;
  lastSeq = 0;
  /** Time of the last event applied, as written. */
  get lastTime(): string | undefined {
    if (this.lastTimeLazy) {
      // Only plain edits leave it unset, and their time is the canonical ISO form of the number.
      this.lastTimeText = new Date(this.lastTimeMs).toISOString();
      this.lastTimeLazy = false;
    }
    return this.lastTimeText;
  }
  set lastTime(time: string | undefined) {
    this.lastTimeText = time;
    this.lastTimeLazy = false;
  }
  private lastTimeText: string | undefined;
  private lastTimeLazy = false;
  private lastTimeMs = -Infinity;
  /** Hash of the last line fed (the header's at first). */
  prevHash: string;
  /** Line number of the last line fed. */
  lastLine = 1;
  stopped = false;
  /**
   * After a damaged line (not an event, or its chain or sequence broken: say, a journal git
   * merged as text), events are not applied (their origin ids and offsets cannot be trusted)
   * until a `break`, which the loader appends before recording the text as it found it.
   */
  quarantined = false;
  lastCheckpoint: CheckpointState | undefined;
  /**
   * Lines of the events since the last checkpoint, for a `resume`: kept as text and parsed
   * again when needed, since holding thousands of parsed events costs more than re-parsing.
   * A number is the start of a line in `source`, and the next entry its end.
   */
  private tail: Array<string | number> = [];
  private readonly source: string;
  private keys = new Map<string, WriterKey & { introducedBy: number }>();
  private readonly at: number | undefined;
  private readonly checks: boolean;
  private readonly chain: ((line: number, prev: string) => boolean) | undefined;
  /** True for a format 2 journal (relabels declared, typing threshold journaled). */
  readonly format2: boolean;
  /** The seq of the last checkpoint or seal whose signature holds (0: none). */
  sealedThrough = 0;
  /** The seq of the last event that is not a `timestamp` (time stamps never make a tail). */
  lastContentSeq = 0;
  /** File line of each checkpoint or seal, by seq (what a time stamp's imprint is over). */
  signedLines = new Map<number, number>();
  /** The `timestamp` events, in order. */
  timestamps: TimestampRecord[] = [];
  /** The policy records journaled at checkpoints, in order (format 2). */
  policies: Array<PolicyRecord & { event: number; time: string }> = [];
  /** The typing threshold journaled for the events from here on (format 2; else undefined). */
  typingThreshold: number | undefined;
  /** The typing thresholds journaled, in order (format 2). */
  typingThresholds: Array<{ event: number; value: number }> = [];
  /** Typed characters by writer over time, for the plausibility check (verification only). */
  readonly typingRates: TypingRates | undefined;
  private readonly tailFrom: number | undefined;
  private readonly untrusted: ReadonlyArray<{ from: number; to: number }>;
  private tailOrigin: Origin | undefined;

  constructor(
    readonly header: JournalHeader,
    headerHash: string,
    options: ReplayerOptions = {},
  ) {
    this.prevHash = headerHash;
    this.at = options.at ? options.at.getTime() : undefined;
    this.checks = options.checkCheckpoints ?? true;
    this.chain = options.chain;
    this.source = options.source ?? '';
    this.tailFrom = options.tailFrom;
    this.untrusted = options.untrusted ?? [];
    this.format2 = header.format !== JOURNAL_FORMAT_1;
    if (this.format2) {
      const t = header.typingThreshold;
      this.typingThreshold = typeof t === 'number' ? t : TYPING_THRESHOLD_CAP;
    }
    this.typingRates = this.checks && options.tailFrom === undefined ? new TypingRates() : undefined;
    for (const k of header.writers ?? []) this.addKey(k, 0);
  }

  /** The origin the unsigned tail's text takes (unknown: outside what any signature covers). */
  private tailOriginAt(seq: number, time: string): Origin {
    if (!this.tailOrigin) {
      this.tailOrigin = { kind: 'external', channel: 'reconcile', at: time, note: `unsigned tail: events from ${seq} on are covered by no valid signature` };
    }
    return this.tailOrigin;
  }

  private inTail(seq: number): boolean {
    if (this.tailFrom !== undefined && seq > this.tailFrom) return true;
    for (const r of this.untrusted) if (seq >= r.from && seq <= r.to) return true;
    return false;
  }

  /** Starts from a checkpoint whose text is known (loading): skips everything before it. */
  startFromCheckpoint(event: CheckpointEvent, text: string, line: JournalLine, lineHash: string): void {
    this.ledger = Ledger.fromSnapshot(text, checkpointSnapshot(event));
    this.origins = [...event.origins];
    this.lastCheckpoint = { seq: event.seq, text, checkpoint: { origins: event.origins, ledger: event.ledger } };
    this.tail = [];
    this.lastSeq = event.seq;
    this.lastTime = event.time;
    this.lastTimeMs = Date.parse(event.time);
    this.prevHash = lineHash;
    this.lastLine = line.line;
    this.events = event.seq;
  }

  get text(): string {
    return this.ledger?.text ?? '';
  }

  private problem(kind: string, message: string, line: number, event?: number, offset?: number): void {
    this.problems.push({ kind, message, line, ...(event !== undefined ? { event } : {}), ...(offset !== undefined ? { offset } : {}) });
  }

  private addKey(k: WriterKey, introducedBy: number): void {
    // A key whose writer is not named ({"writer": null}, a string) can prove nobody's words.
    if (!k || typeof k.publicKey !== 'string' || !k.writer || typeof k.writer !== 'object' || typeof k.writer.name !== 'string') return;
    const keyId = keyIdOf(k.publicKey);
    if (!this.keys.has(keyId)) this.keys.set(keyId, { writer: k.writer, publicKey: k.publicKey, keyId, introducedBy });
  }

  /** Feeds one whole line. */
  feed(line: JournalLine): void {
    if (this.stopped) return;
    this.feedText(line.text, line.line, sha256Hex(line.bytes));
  }

  /**
   * Feeds one whole line given as text (without its newline) and its number; `hash` is the
   * SHA-256 of its bytes, computed from the text when not given (the text must then be
   * exactly the line's bytes, decoded: valid UTF-8).
   */
  feedText(text: string, lineNo: number, hash = this.chain ? '' : sha256Hex(text)): void {
    if (this.stopped) return;
    const parsed = parseEvent(text);
    const before = this.problems.length;
    if (!parsed.event) {
      this.quarantined = true;
      this.problem('bad-event', `line ${lineNo}: ${parsed.error}`, lineNo, this.lastSeq + 1);
      this.prevHash = hash;
      this.lastLine = lineNo;
      this.lastSeq++;
      return;
    }
    const event = parsed.event;
    const time = this.timeOf(event.time);
    if (this.at !== undefined && time > this.at) {
      this.stopped = true;
      return;
    }
    if (!this.format2 && (FORMAT_2_EVENT_TYPES.has(event.type) || (event.type === 'checkpoint' && (event.typingThreshold !== undefined || event.policy !== undefined || event.ledger.originIds !== undefined)))) {
      this.problem('bad-event', `event ${event.seq} (line ${lineNo}): a format 1 journal cannot hold ${event.type === 'checkpoint' ? 'a checkpoint with format 2 fields' : `a ${event.type} event`}`, lineNo, event.seq);
    }
    this.checkPlace(event.seq, lineNo, this.chain ? this.chain(lineNo - 1, event.prev) : event.prev === this.prevHash, time, event.time);
    if (this.damagedSince(before)) this.quarantined = true;
    if (this.quarantined && event.type === 'break' && event.reason === 'chain-broken') this.quarantined = false;
    else if (this.quarantined) {
      this.advance(event.seq, lineNo, hash, time, event.time);
      return;
    }
    if (event.defines) {
      for (const [id, origin] of Object.entries(event.defines)) {
        const n = Number(id);
        if (!Number.isSafeInteger(n) || n < 0 || !origin || typeof origin !== 'object') {
          this.problem('bad-event', `event ${event.seq}: bad origin definition ${JSON.stringify(id)}`, lineNo, event.seq);
          continue;
        }
        const had = this.origins[n];
        if (had && originKey(had) !== originKey(origin)) {
          this.problem('bad-event', `event ${event.seq}: redefines origin ${n}`, lineNo, event.seq);
          continue;
        }
        this.origins[n] = origin;
      }
    }
    if (event.writers) for (const k of event.writers) this.addKey(k, event.seq);
    const tail = this.inTail(event.seq);
    if (event.resume && !tail) this.resume(lineNo, event.seq);
    try {
      this.check(event, lineNo);
      if (tail) this.applyTail(event, lineNo);
      else this.apply(event, lineNo);
      this.note(event, lineNo, time);
    } catch (err) {
      this.problem('bad-event', `event ${event.seq} (line ${lineNo}) could not be applied: ${(err as Error).message}`, lineNo, event.seq);
    }
    if (event.type === 'checkpoint') {
      if (this.ledger) this.lastCheckpoint = { seq: event.seq, text: this.ledger.text, checkpoint: { origins: event.origins, ledger: event.ledger } };
      this.tail = [];
    } else {
      this.tail.push(text);
    }
    this.advance(event.seq, lineNo, hash, time, event.time);
  }

  /**
   * Checks an event's place in the journal (its link to the line before, its seq, its time)
   * and reports what is wrong; `timeText` is its time as written (undefined: the canonical
   * ISO form of `time`).
   */
  private checkPlace(seq: number, lineNo: number, linked: boolean, time: number, timeText: string | undefined): void {
    if (!linked) {
      this.problem(
        'chain-broken',
        `event ${seq} (line ${lineNo}): its prev hash does not match line ${lineNo - 1}; that line was changed, or an event was removed or moved`,
        lineNo,
        seq,
      );
    }
    if (seq !== this.lastSeq + 1) {
      this.problem('sequence', `line ${lineNo}: event ${seq} follows event ${this.lastSeq}; events were reordered, dropped or inserted`, lineNo, seq);
    }
    if (Number.isNaN(time)) {
      this.problem('bad-event', `event ${seq} (line ${lineNo}): ${timeText} is not a time`, lineNo, seq);
    } else if (time < this.lastTimeMs) {
      this.problem('time-backwards', `event ${seq} (line ${lineNo}) at ${timeText ?? new Date(time).toISOString()} is earlier than the event before it (${this.lastTime})`, lineNo, seq);
    }
  }

  /** True when a problem reported since `before` damages the line (see {@link quarantined}). */
  private damagedSince(before: number): boolean {
    for (let i = before; i < this.problems.length; i++) if (DAMAGE.has(this.problems[i].kind)) return true;
    return false;
  }

  /** Moves past an event fed (applied or not): its seq, time, line and hash are the last. */
  private advance(seq: number, lineNo: number, hash: string, time: number, timeText: string | undefined): void {
    this.events++;
    this.prevHash = hash;
    this.lastSeq = seq;
    if (timeText === undefined) {
      // A plain edit's time is the canonical ISO form of the number: written out only when asked for.
      this.lastTimeMs = time;
      this.lastTimeLazy = true;
    } else {
      this.lastTime = timeText;
      if (!Number.isNaN(time)) this.lastTimeMs = time;
    }
    this.lastLine = lineNo;
  }

  /**
   * Feeds one plain edit event that a worker has parsed and checked (see journalHashes.ts):
   * the same as {@link feedText} of the line `source.slice(start, end)`, without parsing it.
   * Only with a `chain`; the event's time must be in canonical ISO form.
   */
  feedPlainEdit(e: PlainEdit, lineNo: number, start: number, end: number): void {
    if (this.stopped) return;
    const seq = e.seq;
    const time = e.timeMs;
    if (this.at !== undefined && time > this.at) {
      this.stopped = true;
      return;
    }
    const before = this.problems.length;
    this.checkPlace(seq, lineNo, e.prevOk, time, undefined);
    if (this.damagedSince(before)) this.quarantined = true;
    if (this.quarantined) {
      this.advance(seq, lineNo, '', time, undefined);
      return;
    }
    try {
      if (this.inTail(seq)) this.applyTailEdit(seq, lineNo, e.offset, e.deleteLength, e.insertText, e.origin, new Date(time).toISOString());
      else this.applyEdit(seq, lineNo, e.offset, e.deleteLength, e.insertText, e.origin);
      this.lastContentSeq = seq;
      if (this.format2 || this.typingRates) this.notePlainTyping(seq, lineNo, e.insertText, e.origin, time);
    } catch (err) {
      this.problem('bad-event', `event ${seq} (line ${lineNo}) could not be applied: ${(err as Error).message}`, lineNo, seq);
    }
    this.tail.push(start, end);
    this.advance(seq, lineNo, '', time, undefined);
  }

  /**
   * `Date.parse(time)`, with a shortcut for the form the journal writes
   * (`YYYY-MM-DDTHH:MM:SS.sssZ`) within the same minute as the last full parse.
   */
  private timeOf(time: string): number {
    if (time.length === 24 && time.charCodeAt(23) === 90 && time.charCodeAt(19) === 46 && time.startsWith(this.minute)) {
      let n = 0;
      for (const i of SECOND_DIGITS) {
        const d = time.charCodeAt(i) - 48;
        if (d < 0 || d > 9) return Date.parse(time);
        n = n * 10 + d;
      }
      if (n < 60_000) return this.minuteMs + n;
    }
    const ms = Date.parse(time);
    if (time.length === 24 && time.charCodeAt(23) === 90 && !Number.isNaN(ms)) {
      this.minute = time.slice(0, 17);
      this.minuteMs = Date.parse(`${this.minute}00.000Z`);
      if (Number.isNaN(this.minuteMs)) this.minute = '\u0000';
    }
    return ms;
  }

  private minute = '\u0000';
  private minuteMs = NaN;

  /**
   * Rebuilds the ledger from the last checkpoint plus the events since, the way a session
   * that loads from that checkpoint does (the ledger's memory of recent deletions starts
   * empty there). Loading calls it so a full replay and a checkpoint load agree.
   */
  rebuildFromCheckpoint(): void {
    this.resume(this.lastLine, this.lastSeq);
  }

  private resume(line: number, seq: number): void {
    const cp = this.lastCheckpoint;
    if (!cp) return;
    try {
      const ledger = Ledger.fromSnapshot(cp.text, checkpointSnapshot(cp.checkpoint));
      this.ledger = ledger;
      const tail = this.tail;
      for (let i = 0; i < tail.length; i++) {
        const entry = tail[i];
        const text = typeof entry === 'string' ? entry : this.source.slice(entry, tail[++i] as number);
        const e = parseEvent(text).event;
        if (e && this.inTail(e.seq)) this.applyTail(e, line, true);
        else if (e) this.apply(e, line, true);
      }
    } catch (err) {
      this.problem('checkpoint-ledger', `event ${seq} resumes from checkpoint ${cp.seq}, whose ledger does not fit its text: ${(err as Error).message}`, line, seq);
    }
  }

  private originOf(id: number, seq: number, line: number): Origin | undefined {
    const o = this.origins[id];
    if (!o) this.problem('unknown-origin', `event ${seq} (line ${line}) uses origin ${id}, which no earlier event defines`, line, seq);
    return o;
  }

  private ensureLedger(origin: Origin, text = ''): Ledger {
    if (!this.ledger) this.ledger = Ledger.create(text, origin);
    return this.ledger;
  }

  private inRange(seq: number, line: number, start: number, end: number): boolean {
    const len = this.ledger?.length ?? 0;
    if (start <= end && end <= len) return true;
    this.problem('out-of-range', `event ${seq} (line ${line}) touches ${start}..${end} but the text is ${len} long`, line, seq, Math.min(start, len));
    return false;
  }

  /**
   * Applies an edit event without steps. `quiet` (a resume replaying events checked
   * before): no problems are reported and ranges are not checked again.
   */
  private applyEdit(seq: number, line: number, offset: number, deleteLength: number, insertText: string, originId: number, quiet = false): void {
    const origin = quiet ? this.origins[originId] : this.originOf(originId, seq, line);
    if (!origin) return;
    if (!this.ledger && offset === 0 && deleteLength === 0) {
      this.ledger = Ledger.create(insertText, origin);
      return;
    }
    const ledger = this.ensureLedger(origin);
    if (!quiet && !this.inRange(seq, line, offset, offset + deleteLength)) return;
    ledger.edit(offset, deleteLength, insertText, origin);
  }

  /** Applies an edit event of the unsigned tail: its text takes the tail's unknown origin. */
  private applyTailEdit(seq: number, line: number, offset: number, deleteLength: number, insertText: string, originId: number, time: string, quiet = false): void {
    if ((quiet ? this.origins[originId] : this.originOf(originId, seq, line)) === undefined) return;
    const tail = this.tailOriginAt(seq, time);
    const ledger = this.ensureLedger(tail);
    if (quiet ? offset + deleteLength > ledger.length : !this.inRange(seq, line, offset, offset + deleteLength)) return;
    ledger.edit(offset, deleteLength, insertText, tail);
  }

  private apply(event: JournalEvent, line: number, quiet = false): void {
    switch (event.type) {
      case 'edit': {
        if (!event.steps && !event.typed) {
          this.applyEdit(event.seq, line, event.offset, event.deleteLength, event.insertText, event.origin, quiet);
          return;
        }
        const origin = quiet ? this.origins[event.origin] : this.originOf(event.origin, event.seq, line);
        if (!origin) return;
        const ledger = this.ensureLedger(origin);
        if (!quiet && !this.inRange(event.seq, line, event.offset, event.offset + event.deleteLength)) return;
        const before = ledger.length;
        if (event.steps) applySteps(ledger, event.cursor ?? event.offset, event.steps, origin);
        else applySteps(ledger, event.offset, [event.insertText], origin);
        if (!quiet && ledger.length !== before - event.deleteLength + event.insertText.length) {
          this.problem('bad-event', `event ${event.seq} (line ${line}): its keystrokes do not add up to its net edit`, line, event.seq, event.offset);
        }
        return;
      }
      case 'relabel':
      case 'attest': {
        const table = quiet ? this.origins[event.origin] : this.originOf(event.origin, event.seq, line);
        if (!table) return;
        // Format 2: whatever a client or writer states afterwards is declared, whatever channel it names.
        const origin = this.format2 ? declaredOrigin(table) : table;
        const ledger = this.ensureLedger(origin);
        if (!quiet && !this.inRange(event.seq, line, event.start, event.end)) return;
        ledger.relabel(event.start, event.end, origin);
        return;
      }
      case 'reconcile': {
        const origin = quiet ? this.origins[event.origin] : this.originOf(event.origin, event.seq, line);
        if (!origin) return;
        const ledger = this.ensureLedger(origin);
        for (const e of event.edits) {
          if (!quiet && !this.inRange(event.seq, line, e.offset, e.offset + e.deleteLength)) return;
          ledger.edit(e.offset, e.deleteLength, e.insertText, origin);
        }
        if (!quiet) {
          this.gaps.push({
            kind: 'untracked-period',
            event: event.seq,
            ...(this.lastTime ? { from: this.lastTime } : {}),
            to: event.time,
            message: `the file changed outside the tracker before ${event.time} (event ${event.seq}): ${event.changed.length} range(s) reconciled as external`,
          });
        }
        return;
      }
      case 'break':
        if (!quiet) {
          this.gaps.push({
            kind: 'break',
            event: event.seq,
            to: event.time,
            message: `break at event ${event.seq} (${event.reason}): ${event.message}`,
          });
        }
        return;
      case 'merge': {
        // Two branches joined (merge.ts): theirs' pieces come in with their branch's origins.
        if (!this.ledger) this.ledger = Ledger.create('', { kind: 'imported', channel: 'import', at: event.time });
        this.ledger = replayMergeEdits(this.ledger, event.edits, this.origins);
        if (!quiet && this.checks) {
          const branch = checkMergeBranch(event, (keyId) => this.keys.get(keyId));
          for (const p of branch.problems) this.problem(p.kind, p.message, line, event.seq);
          for (const s of branch.signatures) this.signatures.push({ writer: s.writer, publicKey: s.publicKey, event: event.seq, valid: s.valid, keyId: s.keyId });
          if (sha256Hex(this.ledger.text) !== event.textHash) this.problem('checkpoint-text-hash', `merge event ${event.seq} (line ${line}): its text hash does not match the merged text`, line, event.seq);
        }
        return;
      }
      case 'checkpoint':
      case 'seal':
      case 'timestamp':
      case 'rename':
      case 'egress':
        return;
    }
  }

  /** Applies an event of the unsigned tail: its text as unknown origin, its labels not at all. */
  private applyTail(event: JournalEvent, line: number, quiet = false): void {
    const tail = this.tailOriginAt(event.seq, event.time);
    const fits = (start: number, end: number): boolean => (quiet ? start <= end && end <= (this.ledger?.length ?? 0) : this.inRange(event.seq, line, start, end));
    switch (event.type) {
      case 'edit':
        this.applyTailEdit(event.seq, line, event.offset, event.deleteLength, event.insertText, event.origin, event.time, quiet);
        return;
      case 'reconcile': {
        const ledger = this.ensureLedger(tail);
        for (const e of event.edits) {
          if (!fits(e.offset, e.offset + e.deleteLength)) return;
          ledger.edit(e.offset, e.deleteLength, e.insertText, tail);
        }
        return;
      }
      case 'merge': {
        if (!this.ledger) this.ledger = Ledger.create('', tail);
        this.ledger = replayMergeEdits(this.ledger, event.edits, this.origins.map(() => tail));
        return;
      }
      default:
        // relabel, attest: not applied; the rest change no text.
        return;
    }
  }

  /** Bookkeeping after an event: seals, time stamps, policies, thresholds, typing rates. */
  private note(event: JournalEvent, line: number, time: number): void {
    if (event.type !== 'timestamp') this.lastContentSeq = event.seq;
    switch (event.type) {
      case 'checkpoint':
      case 'seal':
        this.signedLines.set(event.seq, line);
        if (event.type === 'checkpoint' && event.policy && typeof event.policy === 'object') this.policies.push({ ...event.policy, event: event.seq, time: event.time });
        if (this.format2 && typeof event.typingThreshold === 'number') {
          this.typingThreshold = event.typingThreshold;
          this.typingThresholds.push({ event: event.seq, value: event.typingThreshold });
        }
        return;
      case 'timestamp':
        this.timestamps.push({
          event: event.seq,
          checkpoint: event.checkpoint,
          ...(this.signedLines.has(event.checkpoint) ? { line: this.signedLines.get(event.checkpoint) } : {}),
          ...(typeof event.authority === 'string' ? { authority: event.authority } : {}),
          token: event.token,
        });
        if (this.checks && !this.signedLines.has(event.checkpoint)) {
          this.problem('timestamp-target', `time stamp ${event.seq} (line ${line}) names event ${event.checkpoint}, which is not an earlier checkpoint or seal`, line, event.seq);
        }
        return;
      case 'edit': {
        const origin = this.origins[event.origin];
        if (!origin || origin.kind !== 'human' || origin.channel !== 'typing') return;
        if (event.typed || event.steps) {
          if (this.typingRates) {
            let chars = 0;
            if (event.steps) for (const s of event.steps) chars += typeof s === 'string' ? s.length : 0;
            else chars = event.insertText.length;
            const until = event.until ? Date.parse(event.until) : time;
            this.typingRates.add(origin.writer, time, Number.isNaN(until) ? time : until, chars, event.seq);
          }
          return;
        }
        this.notePlainTyping(event.seq, line, event.insertText, event.origin, time);
        return;
      }
      default:
        return;
    }
  }

  /**
   * A plain edit of typing: counted for the typing rate, and in format 2 checked against the
   * typing threshold in force (the server never classifies a longer insertion as typing).
   */
  private notePlainTyping(seq: number, line: number, insertText: string, originId: number, time: number): void {
    if (insertText.length === 0) return;
    const origin = this.origins[originId];
    if (!origin || origin.kind !== 'human' || origin.channel !== 'typing') return;
    this.typingRates?.add(origin.writer, time, time, insertText.length, seq);
    if (this.format2 && this.checks && this.typingThreshold !== undefined && insertText.length > Math.min(this.typingThreshold, TYPING_THRESHOLD_CAP)) {
      this.problem(
        'over-threshold',
        `event ${seq} (line ${line}) records ${insertText.length} characters inserted at once as typing, above the typing threshold in force (${Math.min(this.typingThreshold, TYPING_THRESHOLD_CAP)}): the server never classifies such an insertion as typing`,
        line,
        seq,
      );
    }
  }

  private check(event: JournalEvent, line: number): void {
    if (!this.checks) return;
    if (event.type === 'seal') {
      this.checkSignature(event, line);
      const text = this.ledger?.text ?? '';
      if (sha256Hex(text) !== event.textHash || text.length !== event.textLength) {
        this.problem('checkpoint-text-hash', `seal ${event.seq} (line ${line}): the text hash does not match the text replayed up to it`, line, event.seq);
      }
      return;
    }
    if (event.type !== 'checkpoint') return;
    if (event.documentId !== this.header.documentId) {
      this.problem('foreign-checkpoint', `checkpoint ${event.seq} (line ${line}) names document ${event.documentId}, not this journal's ${this.header.documentId}`, line, event.seq);
    }
    if (event.signature) this.checkSignature(event, line);
    else if (this.hasKeyFor(event.actor)) {
      this.problem('missing-signature', `checkpoint ${event.seq} (line ${line}) by ${event.actor.name}, whose key is in the journal, is not signed`, line, event.seq);
    } else this.problem('unsigned-checkpoint', `checkpoint ${event.seq} (line ${line}) is not signed`, line, event.seq);
    const text = this.ledger?.text ?? '';
    if (sha256Hex(text) !== event.textHash || text.length !== event.textLength) {
      this.problem('checkpoint-text-hash', `checkpoint ${event.seq} (line ${line}): the text hash does not match the text replayed up to it`, line, event.seq);
    }
    if (this.ledger) {
      let snapshot: LedgerSnapshot | undefined;
      try {
        snapshot = checkpointSnapshot(event);
      } catch (err) {
        this.problem('checkpoint-ledger', `checkpoint ${event.seq} (line ${line}): its ledger's origins cannot be read: ${(err as Error).message}`, line, event.seq);
      }
      if (snapshot && !sameSnapshot(this.ledger.toSnapshot({ packRuns: typeof snapshot.packedRuns === 'string' }), snapshot)) {
        this.problem('checkpoint-ledger', `checkpoint ${event.seq} (line ${line}): its ledger differs from the ledger replayed up to it`, line, event.seq);
      }
    }
    const known = this.origins.length === event.origins.length && sameOrigins(this.origins, event.origins);
    if (!known) {
      this.problem('checkpoint-origins', `checkpoint ${event.seq} (line ${line}): its origin table differs from the origins defined before it`, line, event.seq);
    }
  }

  private hasKeyFor(actor: { name?: string; email?: string }): boolean {
    for (const k of this.keys.values()) {
      if (actor.email ? k.writer?.email === actor.email : k.writer?.name === actor.name) return true;
    }
    return false;
  }

  private checkSignature(event: CheckpointEvent | SealEvent, line: number): void {
    const sig = event.signature!;
    const key = typeof sig.keyId === 'string' ? this.keys.get(sig.keyId) : undefined;
    if (!key) {
      this.problem('unknown-key', `checkpoint ${event.seq} (line ${line}) is signed with key ${String(sig.keyId)}, which is not in the journal`, line, event.seq);
      return;
    }
    // Only the canonical base64 spelling counts: spare bits in the last character must not
    // let a changed byte leave the signature valid.
    const canonical = typeof sig.value === 'string' && Buffer.from(sig.value, 'base64').toString('base64') === sig.value;
    const valid = canonical && verifyText(key.publicKey, checkpointSigningText(event), sig.value);
    this.signatures.push({ writer: key.writer, publicKey: key.publicKey, event: event.seq, valid, keyId: key.keyId, keyIntroducedBy: key.introducedBy });
    if (valid) this.sealedThrough = event.seq;
    if (!valid) {
      this.problem('bad-signature', `checkpoint ${event.seq} (line ${line}): the signature of ${key.writer.name} does not match its content`, line, event.seq);
    }
  }
}
