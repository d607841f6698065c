/**
 * `ScriptRecord`: the facade the language server and the command line use. It keeps a
 * script's ledger and its journal in step: every edit, relabel and attestation goes to both,
 * keystrokes are coalesced, checkpoints are signed. Opening never throws for a bad journal:
 * what happened is in `notices`.
 */
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync, renameSync } from 'node:fs';
import { basename } from 'node:path';
import type { TextRange } from '../fountain/types';
import { Ledger } from './ledger';
import { originKey } from './origin';
import { reconcile } from './reconcile';
import {
  CHECKPOINT_LINE_PREFIX,
  JOURNAL_FORMAT,
  checkpointSigningText,
  journalPathFor,
  parseEvent,
  parseHeader,
  serializeEvent,
  sha256Hex,
  splitJournal,
  type BreakEvent,
  type CheckpointEvent,
  type JournalEvent,
  type JournalHeader,
  type TypingStep,
  type WriterKey,
} from './journal';
import { JournalReplayer, keystrokesOf } from './journalReplay';
import { keyDirectory, loadOrCreateKey, signText, writerKeyOf, type WriterKeyPair } from './keys';
import { readJournalFile, type JournalFile } from './recordFile';
import { adoptOrphanedSidecar, journalScriptName } from './rename';
import { JournalSink, writeAtomically } from './recordSink';
import type { LedgerEdit, Origin, Writer } from './types';
import { verifyJournal, type Verification } from './verify';

export interface RecordOptions {
  writer: Writer;
  /** Folder of the writers' keys (default: see keys.ts). */
  keyDir?: string;
  now?: () => Date;
  /** Sign checkpoints (default true for `open`, false for `inMemory`). */
  sign?: boolean;
}

export interface RecordNotice {
  kind: 'created' | 'loaded' | 'reconciled' | 'truncated' | 'moved-aside' | 'foreign-journal' | 'chain-broken' | 'not-writable' | 'adopted';
  message: string;
  ranges?: TextRange[];
  path?: string;
}

/** Journals longer than `tailBytes` are read from the end first, to find the last checkpoint. */
export const loadTuning = { tailBytes: 4 * 1024 * 1024 };

/** A typing run ends after this long without a keystroke. */
export const TYPING_PAUSE_MS = 2000;
/** A typing run is written once it holds this many keystrokes, whatever happens next. */
export const TYPING_RUN_MAX = 1000;

type EventFields = Record<string, unknown> & { type: JournalEvent['type'] };

interface TypingRun {
  key: string;
  origin: Origin;
  /** Net effect: `deleteLength` at `offset` of the text before the run became `insertText`. */
  offset: number;
  deleteLength: number;
  insertText: string;
  /** Where the first keystroke was made. */
  start: number;
  cursor: number;
  steps: TypingStep[];
  deletions: number;
  keystrokes: number;
  first: Date;
  last: Date;
}

function isKeystroke(edit: LedgerEdit): 'insert' | 'delete' | undefined {
  if (edit.origin.channel !== 'typing') return undefined;
  if (edit.deleteLength === 0 && edit.insertText.length > 0 && edit.insertText.length <= 2) {
    const keys = keystrokesOf(edit.insertText);
    if (keys.length !== 1 || edit.insertText === '\r') return undefined;
    const c = edit.insertText.charCodeAt(0);
    if (edit.insertText.length === 1 && c >= 0xd800 && c <= 0xdfff) return undefined;
    return 'insert';
  }
  if (edit.insertText === '' && (edit.deleteLength === 1 || edit.deleteLength === 2)) return 'delete';
  return undefined;
}

const clampInt = (v: number, lo: number, hi: number): number => (Number.isFinite(v) ? Math.min(hi, Math.max(lo, Math.trunc(v))) : lo);

/** The record of one script: ledger, journal, notices. */
export class ScriptRecord {
  /** What happened while opening and since (bad journals, outside changes, write failures). */
  readonly notices: RecordNotice[] = [];
  private ledgerValue!: Ledger;
  private header!: JournalHeader;
  private sink!: JournalSink;
  private origins: Origin[] = [];
  private originIds = new Map<string, number>();
  private seq = 0;
  private prevHash = '';
  private lastTime = 0;
  private lastWasCheckpoint = false;
  private resumeNext = false;
  private keyAnnounced = false;
  private pending: TypingRun | undefined;
  private key: WriterKeyPair | undefined;
  private readonly now: () => Date;
  private writer: Writer;
  private readonly signs: boolean;

  private constructor(
    readonly scriptPath: string | undefined,
    readonly journalPath: string | undefined,
    private readonly options: RecordOptions,
    sign: boolean,
  ) {
    this.now = options.now ?? (() => new Date());
    this.writer = { ...options.writer };
    this.signs = sign;
    if (sign) this.loadKey();
  }

  private loadKey(): void {
    const dir = this.options.keyDir ?? keyDirectory();
    try {
      this.key = loadOrCreateKey(this.writer, dir);
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
    if (this.key && this.key.keyId !== before) this.keyAnnounced = false;
  }

  /**
   * Opens the record of the script at `scriptPath` whose current text is `text`: loads the
   * sidecar journal (or starts one, the text `imported`), and reconciles outside changes.
   * Never throws for a bad or unwritable journal.
   */
  static open(scriptPath: string, text: string, options: RecordOptions): ScriptRecord {
    const record = new ScriptRecord(scriptPath, journalPathFor(scriptPath), options, options.sign ?? true);
    try {
      // A script with no sidecar may have been renamed outside the editor: adopt its record.
      if (!existsSync(record.journalPath!)) {
        const adopted = adoptOrphanedSidecar(scriptPath, text, { writer: options.writer, ...(options.now ? { now: options.now } : {}) });
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
    return this.sink.read().toString('utf8');
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
    const kind = isKeystroke(clamped);
    if (kind && this.extendTyping(clamped, kind, at)) return;
    this.writePending();
    if (kind) {
      this.startTyping(clamped, kind, at);
      return;
    }
    this.write({ type: 'edit', offset, deleteLength, insertText, origin: this.originRef(edit.origin) }, at);
  }

  /** Relabels a range: a client's later word on where text came from, or a writer's attestation. */
  relabel(start: number, end: number, origin: Origin, kind: 'relabel' | 'attest'): void {
    const length = this.ledgerValue.length;
    const s = clampInt(start, 0, length);
    const e = clampInt(end, s, length);
    if (e === s) return;
    this.writePending();
    this.ledgerValue.relabel(s, e, origin);
    this.write({ type: kind === 'attest' ? 'attest' : 'relabel', start: s, end: e, origin: this.originRef(origin) }, this.now());
  }

  /** Writes a signed checkpoint (the whole ledger and the text's hash) and forces it to disk. */
  checkpoint(): void {
    this.writePending();
    const snapshot = this.ledgerValue.toSnapshot({ packRuns: true });
    const text = this.ledgerValue.text;
    const fields: EventFields = {
      type: 'checkpoint',
      documentId: this.header.documentId,
      textHash: sha256Hex(text),
      textLength: text.length,
      origins: [...this.origins],
      ledger: snapshot,
    };
    const announce = this.key && !this.keyAnnounced ? [writerKeyOf(this.key)] : undefined;
    this.write(fields, this.now(), announce);
    this.sink.sync();
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
    this.sink.sync();
  }

  /** Checkpoints (when anything happened since the last one) and flushes. */
  close(): void {
    if (this.pending || !this.lastWasCheckpoint) this.checkpoint();
    this.flush();
  }

  /** Verifies the journal as it stands against the current text. */
  verify(): Verification {
    this.writePending();
    return verifyJournal(this.sink.read(), this.text);
  }

  // --- journal writing ---------------------------------------------------------------

  private notice(kind: RecordNotice['kind'], message: string, extra: Partial<RecordNotice> = {}): void {
    this.notices.push({ kind, message, ...extra });
  }

  private originRef(origin: Origin): number {
    const key = originKey(origin);
    let id = this.originIds.get(key);
    if (id === undefined) {
      id = this.origins.length;
      this.origins.push(origin);
      this.originIds.set(key, id);
      this.pendingDefines[id] = origin;
    }
    return id;
  }

  private pendingDefines: Record<string, Origin> = {};

  private buildEvent(fields: EventFields, at: Date, writers?: WriterKey[]): JournalEvent {
    const time = Math.max(at.getTime(), this.lastTime);
    this.lastTime = time;
    const { type, ...rest } = fields;
    const event: Record<string, unknown> = {
      type,
      seq: this.seq + 1,
      time: new Date(time).toISOString(),
      actor: this.writer,
      prev: this.prevHash,
    };
    if (Object.keys(this.pendingDefines).length > 0) {
      event.defines = this.pendingDefines;
      this.pendingDefines = {};
    }
    if (writers) event.writers = writers;
    if (this.resumeNext) event.resume = true;
    Object.assign(event, rest);
    return event as unknown as JournalEvent;
  }

  private write(fields: EventFields, at: Date, writers?: WriterKey[]): void {
    const event = this.buildEvent(fields, at, writers);
    if (event.type === 'checkpoint') {
      if (this.key) event.signature = { keyId: this.key.keyId, value: signText(this.key, checkpointSigningText(event)) };
      if (writers) this.keyAnnounced = true;
    }
    const line = serializeEvent(event);
    this.sink.append(`${line}\n`);
    this.seq = event.seq;
    this.prevHash = sha256Hex(line);
    this.resumeNext = false;
    this.lastWasCheckpoint = event.type === 'checkpoint';
  }

  // --- typing runs -------------------------------------------------------------------

  private startTyping(edit: LedgerEdit, kind: 'insert' | 'delete', at: Date): void {
    const insert = kind === 'insert';
    this.pending = {
      key: originKey(edit.origin),
      origin: edit.origin,
      offset: edit.offset,
      deleteLength: edit.deleteLength,
      insertText: edit.insertText,
      start: edit.offset,
      cursor: insert ? edit.offset + edit.insertText.length : edit.offset,
      steps: [insert ? edit.insertText : edit.deleteLength],
      deletions: insert ? 0 : 1,
      keystrokes: 1,
      first: at,
      last: at,
    };
  }

  private extendTyping(edit: LedgerEdit, kind: 'insert' | 'delete', at: Date): boolean {
    const run = this.pending;
    if (!run || (edit.origin !== run.origin && run.key !== originKey(edit.origin))) return false;
    if (at.getTime() - run.last.getTime() > TYPING_PAUSE_MS || run.keystrokes >= TYPING_RUN_MAX) return false;
    if (kind === 'insert') {
      if (edit.offset !== run.cursor) return false;
      const lastStep = run.steps[run.steps.length - 1];
      if (typeof lastStep === 'string') run.steps[run.steps.length - 1] = lastStep + edit.insertText;
      else run.steps.push(edit.insertText);
      run.insertText += edit.insertText;
      run.cursor += edit.insertText.length;
    } else if (edit.offset + edit.deleteLength === run.cursor) {
      // backspace
      const k = edit.deleteLength;
      if (k <= run.insertText.length) run.insertText = run.insertText.slice(0, run.insertText.length - k);
      else {
        const rest = k - run.insertText.length;
        run.insertText = '';
        run.offset -= rest;
        run.deleteLength += rest;
      }
      run.cursor -= k;
      run.steps.push(-k);
      run.deletions++;
    } else if (edit.offset === run.cursor) {
      // delete key
      run.deleteLength += edit.deleteLength;
      run.steps.push(edit.deleteLength);
      run.deletions++;
    } else {
      return false;
    }
    run.keystrokes++;
    run.last = at;
    return true;
  }

  private writePending(): void {
    const run = this.pending;
    if (!run) return;
    this.pending = undefined;
    const fields: EventFields = {
      type: 'edit',
      offset: run.offset,
      deleteLength: run.deleteLength,
      insertText: run.insertText,
      origin: this.originRef(run.origin),
    };
    if (run.keystrokes > 1) {
      if (run.deletions === 0) fields.typed = true;
      else {
        fields.steps = run.steps;
        fields.cursor = run.start;
      }
      if (run.last.getTime() !== run.first.getTime()) fields.until = run.last.toISOString();
    }
    this.write(fields, run.first);
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
    };
    this.keyAnnounced = !!this.key;
    this.origins = [];
    this.originIds.clear();
    this.pendingDefines = {};
    this.seq = 0;
    this.lastTime = 0;
    this.resumeNext = false;
    this.pending = undefined;
    const headerLine = JSON.stringify(this.header);
    this.prevHash = sha256Hex(headerLine);
    this.sink = JournalSink.memory(`${headerLine}\n`);
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
    const content = this.sink.read();
    this.sink = JournalSink.create(this.journalPath, content.toString('utf8'), (message) =>
      this.notice('not-writable', `${message}; keeping the record in memory`, { path: this.journalPath }),
    );
  }

  private load(text: string): void {
    const path = this.journalPath!;
    let file: JournalFile;
    try {
      file = readJournalFile(path, loadTuning.tailBytes);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') {
        this.startNew(text);
        if (!this.sink.inMemory) this.notice('created', `started the journal ${path}; the text present now is recorded as imported`, { path });
        return;
      }
      this.notice('not-writable', `cannot read the journal ${path} (${(err as Error).message}); it is left untouched and the record is kept in memory`, { path });
      this.startNew(text, { memoryOnly: true });
      return;
    }
    const head = file.head;
    const nl = head.indexOf(10);
    const headerBytes = nl < 0 ? head : head.subarray(0, nl > 0 && head[nl - 1] === 13 ? nl - 1 : nl);
    const { header, error } = nl < 0 ? { header: undefined, error: 'the file has no complete first line' } : parseHeader(headerBytes.toString('utf8'));
    if (!header) {
      this.moveAside(text, 'moved-aside', `the journal ${path} cannot be read (${error})`);
      return;
    }
    const scriptName = basename(this.scriptPath!);
    const ownName = header.script === scriptName ? scriptName : journalScriptName(header.script, file.buf, () => (file.base > 0 ? readFileSync(path) : undefined));
    if (ownName !== scriptName) {
      this.moveAside(text, 'foreign-journal', `the journal ${path} belongs to ${JSON.stringify(ownName)}, not ${JSON.stringify(scriptName)}`);
      return;
    }
    this.header = header;
    const headerHash = sha256Hex(headerBytes);
    // A long journal is read from its end first: loading needs only the last checkpoint.
    let loaded = file.base > 0 ? this.replayTail(file.buf, header, headerHash, text, file.buf.indexOf(10) + 1, true) : undefined;
    let buf = file.buf;
    let base = file.base;
    if (!loaded) {
      if (base > 0) {
        buf = readFileSync(path);
        base = 0;
      }
      loaded = this.replayTail(buf, header, headerHash, text, nl + 1, false)!;
    }
    const replayer = loaded;
    const split = replayer.cut;
    const r = replayer.replayer;
    if (r.problems.some((p) => p.kind !== 'unsigned-checkpoint')) {
      const first = r.problems.find((p) => p.kind !== 'unsigned-checkpoint')!;
      this.notice('chain-broken', `the journal ${path} is damaged: ${first.message}; recording continues after a break`, { path });
    }
    this.sink = JournalSink.file(path, (message) => this.notice('not-writable', message, { path }));
    if (split) {
      this.notice('truncated', `the journal's last event (line ${split.line}, ${split.bytes.length} bytes) was cut mid-write and is dropped; the record continues from event ${r.lastSeq}`, { path });
      const keep = base + split.byteOffset;
      try {
        writeAtomically(path, readFileSync(path).subarray(0, keep));
      } catch (err) {
        this.notice('not-writable', `cannot rewrite ${path} without its unfinished last line (${(err as Error).message}); keeping the record in memory`, { path });
        let whole = buf;
        try {
          whole = readFileSync(path);
        } catch {
          // keep the part read already
        }
        this.sink = JournalSink.memory(whole.subarray(0, base > 0 ? keep : split.byteOffset));
      }
    }
    this.origins = [...r.origins];
    this.origins.forEach((o, i) => o && this.originIds.set(originKey(o), i));
    this.seq = r.lastSeq;
    this.prevHash = r.prevHash;
    this.lastTime = r.lastTime ? Date.parse(r.lastTime) : 0;
    this.lastWasCheckpoint = !!r.lastCheckpoint && r.lastCheckpoint.seq === r.lastSeq;
    this.resumeNext = !!r.lastCheckpoint;
    // Announced in the header or a recent checkpoint; announcing twice does no harm.
    this.keyAnnounced = !this.key || header.writers.some((w) => w.keyId === this.key!.keyId) || buf.includes(`"keyId":"${this.key.keyId}"`);
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

  /** Finds the last whole checkpoint usable for `text`, else replays everything. */
  private replayTail(
    buf: Buffer,
    header: JournalHeader,
    headerHash: string,
    text: string,
    eventsStart: number,
    checkpointOnly: boolean,
  ): { replayer: JournalReplayer; cut?: { line: number; byteOffset: number; bytes: Buffer }; fromCheckpoint?: number } | undefined {
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
      if (cp.textLength !== text.length || cp.textHash !== sha256Hex(text)) break;
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
