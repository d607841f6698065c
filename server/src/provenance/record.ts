/**
 * `ScriptRecord`: the facade the language server and the command line use. It keeps a
 * script's ledger and its journal in step: every edit, relabel and attestation goes to both,
 * keystrokes are coalesced, checkpoints are signed. Opening never throws for a bad journal:
 * what happened is in `notices`. The rooms: the journal writer (recordWriter.ts), typing-run
 * coalescing (recordTyping.ts), loading a journal (recordLoad.ts).
 */
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync, renameSync } from 'node:fs';
import { basename } from 'node:path';
import type { TextRange } from '../fountain/types';
import { journaledSnapshot } from './checkpointOrigins';
import { Ledger } from './ledger';
import { reconcile } from './reconcile';
import { JOURNAL_FORMAT, JOURNAL_FORMAT_1, journalPathFor, sha256Hex, TYPING_THRESHOLD_CAP, type BreakEvent, type JournalHeader, type PolicyRecord, type WriterKey } from './journal';
import { declaredOrigin } from './evidence';
import { keyDirectory, keyFolderWarning, loadOrCreateKey, writerKeyOf, type WriterKeyPair } from './keys';
import { loadJournal } from './recordLoad';
import { acquireJournalLock, type JournalLock } from './journalLock';
import { extendTypingRun, keystrokeKind, startTypingRun, typingRunFields, TYPING_PAUSE_MS, type TypingRun } from './recordTyping';
import { JournalWriter, type EventFields } from './recordWriter';
import { adoptOrphanedSidecar } from './rename';
import { JournalSink, writeAtomically } from './recordSink';
import type { LedgerEdit, Origin, Writer } from './types';
import { replaySealed, verifyJournal, type LineHashTuning, type ReplayRunOptions, type Verification } from './verify';

export { TYPING_PAUSE_MS, TYPING_RUN_MAX } from './recordTyping';

export interface RecordOptions {
  writer: Writer;
  /** Folder of the writers' keys (default: see keys.ts). */
  keyDir?: string;
  now?: () => Date;
  /** Sign checkpoints (default true for `open`, false for `inMemory`). */
  sign?: boolean;
  /** The typing threshold in force (journaled in format 2; capped at 200). */
  typingThreshold?: number;
  /**
   * Journals longer than this many bytes are read from the end first, to find the last
   * checkpoint (default {@link TAIL_BYTES}; tests lower it to take that path on short ones).
   */
  tailBytes?: number;
  /**
   * When verifying the journal hands line hashes to a worker thread (journalHashes.ts; default:
   * journals over 3 million characters). The language server passes `{ minChars: Infinity }`.
   */
  lineHashes?: LineHashTuning;
}

/** The project file in force, as the record journals it at checkpoints (format 2). */
export interface PolicyInForce {
  /** Path relative to the script's folder; null when no project file applies. */
  file: string | null;
  /** The file's text (hashed as UTF-8), when there is one. */
  content?: string;
}

export interface RecordNotice {
  kind: 'created' | 'loaded' | 'reconciled' | 'truncated' | 'moved-aside' | 'foreign-journal' | 'chain-broken' | 'not-writable' | 'adopted' | 'read-only' | 'key-folder-unsafe';
  message: string;
  ranges?: TextRange[];
  path?: string;
}

/** Journals longer than this are read from the end first, to find the last checkpoint. */
export const TAIL_BYTES = 4 * 1024 * 1024;

const clampInt = (v: number, lo: number, hi: number): number => (Number.isFinite(v) ? Math.min(hi, Math.max(lo, Math.trunc(v))) : lo);

/** A typing threshold as the record keeps it: a whole number from 0 to 200 (default 40). */
function capThreshold(value: number | undefined): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) return 40;
  return clampInt(value, 0, TYPING_THRESHOLD_CAP);
}

/** The record of one script: ledger, journal, notices. */
export class ScriptRecord {
  /** What happened while opening and since (bad journals, outside changes, write failures). */
  readonly notices: RecordNotice[] = [];
  private ledgerValue!: Ledger;
  private header!: JournalHeader;
  private journal!: JournalWriter;
  private pending: TypingRun | undefined;
  private key: WriterKeyPair | undefined;
  private readonly now: () => Date;
  private writer: Writer;
  private readonly signs: boolean;
  /** The journal's lock while this record appends to it (journalLock.ts). */
  private lock: JournalLock | undefined;
  /** True when another process writes the journal: this record keeps its events in memory. */
  private readOnly = false;
  /** False for a format 1 journal, which keeps being written as format 1. */
  private format2 = true;
  private typingThresholdValue: number;
  private policyInForce: PolicyInForce | undefined;
  /** The policy hash last journaled (undefined: none yet; null: no project file). */
  private policyJournaled: string | null | undefined;

  private constructor(
    readonly scriptPath: string | undefined,
    readonly journalPath: string | undefined,
    private readonly options: RecordOptions,
    sign: boolean,
  ) {
    this.now = options.now ?? (() => new Date());
    this.writer = { ...options.writer };
    this.signs = sign;
    this.typingThresholdValue = capThreshold(options.typingThreshold);
    if (sign) this.loadKey();
  }

  private loadKey(): void {
    const dir = this.options.keyDir ?? keyDirectory();
    try {
      this.key = loadOrCreateKey(this.writer, dir);
      const warning = keyFolderWarning(dir);
      if (warning && !this.notices.some((n) => n.kind === 'key-folder-unsafe')) this.notice('key-folder-unsafe', warning, { path: dir });
    } catch (err) {
      this.key = undefined;
      this.notice('not-writable', `cannot create or read the signing key in ${dir}: ${(err as Error).message}; checkpoints will not be signed`, { path: dir });
    }
  }

  /**
   * The writer at the keyboard changed (their identity was set or edited): later events name
   * them as actor and the next checkpoint is signed with their key, announced in the journal.
   */
  setWriter(writer: Writer): void {
    if (writer.name === this.writer.name && writer.email === this.writer.email) return;
    this.writePending();
    this.writer = { ...writer };
    if (!this.signs) return;
    const before = this.key?.keyId;
    this.loadKey();
    if (this.key && this.key.keyId !== before) this.journal.keyAnnounced = false;
  }

  /**
   * Opens the record of the script at `scriptPath` whose current text is `text`: loads the
   * sidecar journal (or starts one, the text `imported`), and reconciles outside changes.
   * Never throws for a bad or unwritable journal.
   */
  static open(scriptPath: string, text: string, options: RecordOptions): ScriptRecord {
    const record = new ScriptRecord(scriptPath, journalPathFor(scriptPath), options, options.sign ?? true);
    try {
      record.takeLock();
      // A script with no sidecar may have been renamed outside the editor: adopt its record.
      if (!record.readOnly && !existsSync(record.journalPath!)) {
        const adopted = adoptOrphanedSidecar(scriptPath, text, { writer: options.writer, text, ...(options.keyDir ? { keyDir: options.keyDir } : {}), ...(options.now ? { now: options.now } : {}) });
        if (adopted.status === 'adopted') record.notice('adopted', adopted.message, { path: record.journalPath });
      }
      record.load(text);
    } catch (err) {
      // A last resort: a bug must not cost the writer their session.
      record.notice('not-writable', `the journal could not be opened (${(err as Error).message}); keeping the record in memory`, { path: record.journalPath });
      record.startNew(text, { memoryOnly: true });
    }
    return record;
  }

  /**
   * One writer per journal: without the lock (another editor appends to the journal) the
   * record opens read-only, its events kept in memory, and says so.
   */
  private takeLock(): void {
    const path = this.journalPath!;
    try {
      this.lock = acquireJournalLock(path);
    } catch (err) {
      this.lock = { held: false, path: `${path}.lock`, reason: `its lock cannot be taken (${(err as Error).message})` };
    }
    if (this.lock.held) return;
    this.readOnly = true;
    this.notice(
      'read-only',
      `${this.lock.reason}: the record of ${basename(this.scriptPath!)} is open read-only here; edits made here are kept in memory, not written to the journal (close the script in the other editor, then reopen it here to record)`,
      { path },
    );
  }

  /** True when another process writes this script's journal and this record only reads it. */
  get isReadOnly(): boolean {
    return this.readOnly;
  }

  /** A record with no file: the journal is kept in memory. */
  static inMemory(text: string, options: RecordOptions): ScriptRecord {
    const record = new ScriptRecord(undefined, undefined, options, options.sign ?? false);
    record.startNew(text, { memoryOnly: true });
    return record;
  }

  get ledger(): Ledger {
    return this.ledgerValue;
  }

  get text(): string {
    return this.ledgerValue.text;
  }

  /** The journal's document id. */
  get documentId(): string {
    return this.header.documentId;
  }

  /** The journal as it stands (pending keystrokes included after `flush`). */
  journalText(): string {
    return this.journal.sink.read().toString('utf8');
  }

  /** Applies an edit to the ledger and journals it (keystrokes are coalesced). */
  applyEdit(edit: LedgerEdit): void {
    const length = this.ledgerValue.length;
    const offset = clampInt(edit.offset, 0, length);
    const deleteLength = clampInt(edit.deleteLength, 0, length - offset);
    const insertText = typeof edit.insertText === 'string' ? edit.insertText : '';
    const clamped: LedgerEdit = { offset, deleteLength, insertText, origin: edit.origin };
    if (deleteLength === 0 && insertText === '') return;
    const at = this.now();
    this.ledgerValue.applyEdit(clamped);
    const kind = keystrokeKind(clamped);
    if (kind && extendTypingRun(this.pending, clamped, kind, at)) return;
    this.writePending();
    if (kind) {
      this.pending = startTypingRun(clamped, kind, at);
      return;
    }
    this.write({ type: 'edit', offset, deleteLength, insertText, origin: this.originRef(edit.origin) }, at);
  }

  /**
   * Relabels a range: a client's later word on where text came from, or a writer's
   * attestation. Either is declared (format 2 marks the origin so), whatever channel it names.
   */
  relabel(start: number, end: number, origin: Origin, kind: 'relabel' | 'attest'): void {
    const length = this.ledgerValue.length;
    const s = clampInt(start, 0, length);
    const e = clampInt(end, s, length);
    if (e === s) return;
    this.writePending();
    const o = this.format2 ? declaredOrigin(origin) : origin;
    this.ledgerValue.relabel(s, e, o);
    this.write({ type: kind === 'attest' ? 'attest' : 'relabel', start: s, end: e, origin: this.originRef(o) }, this.now());
  }

  /** The typing threshold in force (capped at 200). */
  get typingThreshold(): number {
    return this.typingThresholdValue;
  }

  /**
   * Changes the typing threshold in force (capped at 200). In format 2 a checkpoint carrying
   * the new value is written, so every edit is judged by the value journaled before it.
   */
  setTypingThreshold(value: number): void {
    const v = capThreshold(value);
    if (v === this.typingThresholdValue) return;
    this.typingThresholdValue = v;
    if (this.format2 && this.header) this.checkpoint();
  }

  /** The project file in force, journaled at the next checkpoint (format 2). */
  setPolicy(policy: PolicyInForce): void {
    this.policyInForce = { file: policy.file, ...(typeof policy.content === 'string' ? { content: policy.content } : {}) };
  }

  /** Whether the journal is format 2 (seals, time stamps, policy records). */
  get sealable(): boolean {
    return this.format2;
  }

  /**
   * Seals the journal after a typing pause: a signed `seal` (the text's hash, no ledger), so a
   * crash leaves few events unsealed. A full checkpoint instead where the key has not been
   * announced yet; nothing in a format 1 journal, or with no key, or when nothing happened.
   */
  seal(): void {
    if (!this.format2 || !this.key) return;
    this.writePending();
    if (this.journal.lastWasCheckpoint || this.journal.lastWasSeal) return;
    if (!this.journal.keyAnnounced) {
      this.checkpoint();
      return;
    }
    const ledger = this.ledgerValue;
    this.write({ type: 'seal', textHash: ledger.textSha256(), textLength: ledger.length, typingThreshold: this.typingThresholdValue }, this.now());
    this.journal.sink.sync();
  }

  /**
   * A journal read from disk whose last events no valid signature covers (`v.unsignedTail`,
   * from {@link verify}): their labels are not trusted and their text is of unknown origin.
   * The record takes the ledger verification rebuilt without them, journals a `break` (reason
   * `unsigned-tail`, naming the events) and a signed checkpoint, so a later signature never
   * vouches for them. Format 1 journals too (`break` is a format 1 event; its `from` and `to`
   * are read in either format); false when nothing was done.
   */
  distrustTail(v: Verification): boolean {
    if (!v.unsignedTail || v.status === 'mismatch') return false;
    this.writePending();
    const { from, to } = v.unsignedTail;
    this.write(
      {
        type: 'break',
        reason: 'unsigned-tail',
        message: `events ${from} to ${to} were covered by no valid signature when the journal was opened: their labels are not trusted and their text is of unknown origin`,
        from,
        to,
      },
      this.now(),
    );
    this.notice('chain-broken', `the journal's events ${from} to ${to} are covered by no valid signature: their text is recorded as of unknown origin`, this.journalPath ? { path: this.journalPath } : {});
    // The ledger a validator replays to, the break included (its resume rebuilds from the last checkpoint).
    const sealed = replaySealed(this.journal.sink.read(), this.replayOptions());
    if (sealed && sealed.text === this.ledgerValue.text) this.ledgerValue = sealed;
    this.checkpoint();
    return true;
  }

  /** The seq and line hash of the last checkpoint or seal, when it is the last event (what a time stamp stamps). */
  get lastSeal(): { seq: number; hash: string } | undefined {
    return this.journal.lastWasCheckpoint || this.journal.lastWasSeal ? { seq: this.journal.seq, hash: this.journal.prevHash } : undefined;
  }

  /**
   * Journals what an AI command sent to a model's vendor (format 2 `egress` event): each
   * excerpt's range, length and SHA-256, never its text. Returns false when the journal is
   * format 1 (it has no such event).
   */
  egress(excerpts: Array<{ start: number; end: number; length: number; sha256: string }>, vendor: string, model: string, tool?: string, time?: Date): boolean {
    if (!this.format2) return false;
    this.writePending();
    this.write({ type: 'egress', excerpts: excerpts.map((x) => ({ start: x.start, end: x.end, length: x.length, sha256: x.sha256 })), vendor, model, ...(tool ? { tool } : {}) }, time ?? this.now());
    return true;
  }

  /** Journals a time-stamp authority's token for checkpoint or seal `seq` (format 2). */
  addTimestamp(seq: number, authority: string, token: string): void {
    if (!this.format2) return;
    this.writePending();
    this.write({ type: 'timestamp', checkpoint: seq, authority, token }, this.now());
    this.journal.sink.sync();
  }

  /** The policy record for the next checkpoint: content only when the file changed since the last one. */
  private policyRecord(): PolicyRecord | undefined {
    const p = this.policyInForce;
    if (!p) return undefined;
    if (p.file === null || p.content === undefined) {
      this.policyJournaled = null;
      return { file: p.file ?? null };
    }
    const hash = sha256Hex(p.content);
    const record: PolicyRecord = { file: p.file, sha256: hash, ...(hash !== this.policyJournaled ? { content: p.content } : {}) };
    this.policyJournaled = hash;
    return record;
  }

  /** Writes a signed checkpoint (the whole ledger and the text's hash) and forces it to disk. */
  checkpoint(): void {
    this.writePending();
    const full = this.ledgerValue.toSnapshot({ packRuns: true });
    // Format 2 stores the origin table once: the ledger names its origins by their journal
    // ids (one the journal lacks is defined by this checkpoint). Format 1 keeps both tables.
    const snapshot = this.format2 ? journaledSnapshot(full, (origin) => this.journal.originRef(origin)) : full;
    const fields: EventFields = {
      type: 'checkpoint',
      documentId: this.header.documentId,
      textHash: this.ledgerValue.textSha256(),
      textLength: this.ledgerValue.length,
      origins: [...this.journal.origins],
      ledger: snapshot,
    };
    if (this.format2) {
      fields.typingThreshold = this.typingThresholdValue;
      const policy = this.policyRecord();
      if (policy) fields.policy = policy;
    }
    const announce = this.key && !this.journal.keyAnnounced ? [writerKeyOf(this.key)] : undefined;
    this.write(fields, this.now(), announce);
    this.journal.sink.sync();
  }

  /**
   * Writes the pending typing run if the writer has paused (more than
   * {@link TYPING_PAUSE_MS} by the record's clock). The engine has no timers: an adapter
   * may call this when the editor goes idle so a crash loses as little as possible.
   */
  flushIfIdle(): void {
    if (this.pending && this.now().getTime() - this.pending.last.getTime() > TYPING_PAUSE_MS) this.writePending();
  }

  /** Writes any pending typing run and forces the journal to disk. */
  flush(): void {
    this.writePending();
    this.journal.sink.sync();
  }

  /** Checkpoints (when anything happened since the last one) and flushes. */
  close(): void {
    if (this.pending || !this.journal.lastWasCheckpoint) this.checkpoint();
    this.flush();
    if (this.lock?.held) this.lock.release();
  }

  /** Verifies the journal as it stands against the current text. */
  verify(): Verification {
    this.writePending();
    return verifyJournal(this.journal.sink.read(), this.text, this.replayOptions());
  }

  private replayOptions(): ReplayRunOptions {
    return this.options.lineHashes ? { lineHashes: this.options.lineHashes } : {};
  }

  // --- journal writing (recordWriter.ts) -------------------------------------------

  private notice(kind: RecordNotice['kind'], message: string, extra: Partial<RecordNotice> = {}): void {
    this.notices.push({ kind, message, ...extra });
  }

  private originRef(origin: Origin): number {
    return this.journal.originRef(origin);
  }

  private write(fields: EventFields, at: Date, writers?: WriterKey[]): void {
    this.journal.write(fields, at, this.writer, this.key, writers);
  }

  // --- typing runs (recordTyping.ts) -----------------------------------------------

  private writePending(): void {
    const run = this.pending;
    if (!run) return;
    this.pending = undefined;
    this.write(typingRunFields(run, this.originRef(run.origin)), run.first);
  }

  // --- opening -----------------------------------------------------------------------

  /** Starts a new journal holding `text` as imported; optionally after a `break`. */
  private startNew(text: string, how: { memoryOnly?: boolean; breakEvent?: Omit<BreakEvent, 'seq' | 'time' | 'actor' | 'prev'> } = {}): void {
    const now = this.now();
    this.header = {
      type: 'header',
      format: JOURNAL_FORMAT,
      documentId: randomUUID(),
      created: now.toISOString(),
      script: this.scriptPath ? basename(this.scriptPath) : 'untitled.fountain',
      writers: this.key ? [writerKeyOf(this.key)] : [],
      typingThreshold: this.typingThresholdValue,
    };
    this.format2 = true;
    this.pending = undefined;
    const headerLine = JSON.stringify(this.header);
    this.journal = new JournalWriter(JournalSink.memory(`${headerLine}\n`), sha256Hex(headerLine));
    this.journal.keyAnnounced = !!this.key;
    const imported: Origin = {
      kind: 'imported',
      channel: 'import',
      at: now.toISOString(),
      ...(how.breakEvent?.movedTo ? { source: `journal moved aside to ${how.breakEvent.movedTo}` } : {}),
    };
    if (how.breakEvent) this.write({ ...how.breakEvent }, now);
    this.ledgerValue = Ledger.create(text, imported);
    this.write({ type: 'edit', offset: 0, deleteLength: 0, insertText: text, origin: this.originRef(imported) }, now);
    this.checkpoint();
    if (how.memoryOnly || !this.journalPath) return;
    const content = this.journal.sink.read();
    this.journal.sink = JournalSink.create(this.journalPath, content.toString('utf8'), (message) =>
      this.notice('not-writable', `${message}; keeping the record in memory`, { path: this.journalPath }),
    );
  }

  private load(text: string): void {
    const path = this.journalPath!;
    const loaded = loadJournal(path, this.scriptPath!, text, this.options.tailBytes ?? TAIL_BYTES);
    switch (loaded.kind) {
      case 'missing':
        this.startNew(text, { memoryOnly: this.readOnly });
        if (!this.journal.sink.inMemory) this.notice('created', `started the journal ${path}; the text present now is recorded as imported`, { path });
        return;
      case 'unreadable':
        this.notice('not-writable', `cannot read the journal ${path} (${loaded.error.message}); it is left untouched and the record is kept in memory`, { path });
        this.startNew(text, { memoryOnly: true });
        return;
      case 'unusable':
        if (this.readOnly) this.startNew(text, { memoryOnly: true, breakEvent: { type: 'break', reason: loaded.reason, message: loaded.why } });
        else this.moveAside(text, loaded.reason, loaded.why);
        return;
    }
    const { header, buf, base } = loaded;
    this.header = header;
    this.format2 = header.format !== JOURNAL_FORMAT_1;
    const replayer = loaded.replayed;
    const split = replayer.cut;
    const r = replayer.replayer;
    if (r.problems.some((p) => p.kind !== 'unsigned-checkpoint')) {
      const first = r.problems.find((p) => p.kind !== 'unsigned-checkpoint')!;
      this.notice('chain-broken', `the journal ${path} is damaged: ${first.message}; recording continues after a break`, { path });
    }
    let sink = this.readOnly ? JournalSink.memory(base > 0 ? readFileSync(path) : buf) : JournalSink.file(path, (message) => this.notice('not-writable', message, { path }));
    if (split) {
      this.notice('truncated', `the journal's last event (line ${split.line}, ${split.bytes.length} bytes) was cut mid-write and is dropped; the record continues from event ${r.lastSeq}`, { path });
      const keep = base + split.byteOffset;
      try {
        if (this.readOnly) throw new Error('another editor writes it');
        writeAtomically(path, readFileSync(path).subarray(0, keep));
      } catch (err) {
        this.notice('not-writable', `cannot rewrite ${path} without its unfinished last line (${(err as Error).message}); keeping the record in memory`, { path });
        let whole = buf;
        try {
          whole = readFileSync(path);
        } catch {
          // keep the part read already
        }
        sink = JournalSink.memory(whole.subarray(0, base > 0 ? keep : split.byteOffset));
      }
    }
    this.journal = JournalWriter.resume(sink, {
      seq: r.lastSeq,
      prevHash: r.prevHash,
      lastTime: r.lastTime ? Date.parse(r.lastTime) : 0,
      lastWasCheckpoint: !!r.lastCheckpoint && r.lastCheckpoint.seq === r.lastSeq,
      resumeNext: !!r.lastCheckpoint,
      origins: r.origins,
    });
    // Announced in the header or a recent checkpoint; announcing twice does no harm.
    this.journal.keyAnnounced = !this.key || header.writers.some((w) => w.keyId === this.key!.keyId) || buf.includes(`"keyId":"${this.key.keyId}"`);
    const now = this.now();
    if (!r.ledger) {
      // A header and nothing else: record the text as imported.
      const imported: Origin = { kind: 'imported', channel: 'import', at: now.toISOString() };
      this.ledgerValue = Ledger.create(text, imported);
      this.write({ type: 'edit', offset: 0, deleteLength: 0, insertText: text, origin: this.originRef(imported) }, now);
      this.notice('loaded', `the journal ${path} had no events; the text is recorded as imported`, { path });
      return;
    }
    this.ledgerValue = r.ledger;
    if (this.notices.some((n) => n.kind === 'chain-broken')) {
      this.write({ type: 'break', reason: 'chain-broken', message: 'events before this one fail verification; the record continues from the state replayed up to here' }, now);
    }
    this.notice('loaded', `loaded ${r.lastSeq} events from ${path}${replayer.fromCheckpoint !== undefined ? ` (from checkpoint ${replayer.fromCheckpoint})` : ''}`, { path });
    if (this.ledgerValue.text !== text) this.reconcileWith(text, now);
  }

  private reconcileWith(text: string, now: Date): void {
    const external: Origin = { kind: 'external', channel: 'reconcile', at: now.toISOString(), note: 'changed outside the tracker' };
    const { edits, changed } = reconcile(this.ledgerValue, text, external);
    this.write(
      { type: 'reconcile', origin: this.originRef(external), edits, changed, textHash: sha256Hex(text) },
      now,
    );
    this.notice('reconciled', `the script changed outside the tracker: ${changed.length} range(s) are recorded as external until a writer attests them`, {
      ranges: changed,
      ...(this.journalPath ? { path: this.journalPath } : {}),
    });
  }

  /** Moves an unreadable or foreign journal aside (never overwriting it) and starts anew. */
  private moveAside(text: string, reason: 'moved-aside' | 'foreign-journal', why: string): void {
    const path = this.journalPath!;
    const stamp = this.now().toISOString().replace(/[:.]/g, '-');
    let target = `${path}.unreadable-${stamp}`;
    for (let i = 1; existsSync(target); i++) target = `${path}.unreadable-${stamp}-${i}`;
    try {
      renameSync(path, target);
    } catch (err) {
      this.notice('not-writable', `${why}; it could not be moved aside (${(err as Error).message}), so it is left untouched and the record is kept in memory`, { path });
      this.startNew(text, { memoryOnly: true, breakEvent: { type: 'break', reason, message: why } });
      return;
    }
    this.notice(reason, `${why}; it was moved to ${basename(target)} and a new journal starts with a break`, { path: target });
    this.startNew(text, { breakEvent: { type: 'break', reason, message: why, movedTo: basename(target) } });
  }
}
