/**
 * The journal writer: appends events to a journal, keeping its hash chain (sequence
 * numbers, the previous line's hash, time never running backwards) and its origin table
 * (each origin defined in the first event that uses it), and signs checkpoints.
 */
import { checkpointSigningText, serializeEvent, sha256Hex, type JournalEvent, type WriterKey } from './journal';
import { signText, type WriterKeyPair } from './keys';
import { OriginTable } from './ledgerOrigins';
import type { JournalSink } from './recordSink';
import type { Origin, Writer } from './types';

/** An event's own fields; the writer adds `seq`, `time`, `actor`, `prev` and `defines`. */
export type EventFields = Record<string, unknown> & { type: JournalEvent['type'] };

/** Where a journal's chain stands: what the next event follows. */
export interface ChainState {
  seq: number;
  prevHash: string;
  /** Milliseconds of the last event's time (0: none yet). */
  lastTime: number;
  lastWasCheckpoint: boolean;
  /** The next event is the first after the journal was opened again. */
  resumeNext: boolean;
  /** The journal's origin table: the index is the id events use. */
  origins: readonly Origin[];
}

/** Appends events to one journal. */
export class JournalWriter {
  seq = 0;
  prevHash: string;
  lastTime = 0;
  lastWasCheckpoint = false;
  /** The last event written is a seal (format 2). */
  lastWasSeal = false;
  resumeNext = false;
  /** The signing key's public half is in the journal (header or an earlier checkpoint). */
  keyAnnounced = false;
  /** The journal's origin table, as given (the same interning as the ledger's, ids of its own). */
  private readonly table = new OriginTable({ asGiven: true });
  private pendingDefines: Record<string, Origin> = {};

  /** A writer appending to `sink`, whose last line (the header of a new journal) hashes to `prevHash`. */
  constructor(
    public sink: JournalSink,
    prevHash: string,
  ) {
    this.prevHash = prevHash;
  }

  /** Continues a journal whose chain stands at `state`. */
  static resume(sink: JournalSink, state: ChainState): JournalWriter {
    const w = new JournalWriter(sink, state.prevHash);
    w.seq = state.seq;
    w.lastTime = state.lastTime;
    w.lastWasCheckpoint = state.lastWasCheckpoint;
    w.resumeNext = state.resumeNext;
    for (const o of state.origins) w.table.load(o);
    return w;
  }

  /** The journal's origin table (ids as events use them). */
  get origins(): readonly Origin[] {
    return this.table.list;
  }

  /** The journal id of `origin`, defined in the next event written when it is new. */
  originRef(origin: Origin): number {
    const size = this.table.size;
    const id = this.table.intern(origin);
    if (id === size) this.pendingDefines[id] = origin;
    return id;
  }

  /**
   * Appends one event by `actor` at `at` (or just after the last event, if earlier). A
   * checkpoint is signed with `key` when there is one; `writers` announces public keys.
   */
  write(fields: EventFields, at: Date, actor: Writer, key: WriterKeyPair | undefined, writers?: WriterKey[]): void {
    const event = this.build(fields, at, actor, writers);
    if (event.type === 'checkpoint' || event.type === 'seal') {
      if (key) event.signature = { keyId: key.keyId, value: signText(key, checkpointSigningText(event)) };
      if (writers) this.keyAnnounced = true;
    }
    const line = serializeEvent(event);
    this.sink.append(`${line}\n`);
    this.seq = event.seq;
    this.prevHash = sha256Hex(line);
    this.resumeNext = false;
    this.lastWasCheckpoint = event.type === 'checkpoint';
    this.lastWasSeal = event.type === 'seal';
  }

  private build(fields: EventFields, at: Date, actor: Writer, writers?: WriterKey[]): JournalEvent {
    const time = Math.max(at.getTime(), this.lastTime);
    this.lastTime = time;
    const { type, ...rest } = fields;
    const event: Record<string, unknown> = {
      type,
      seq: this.seq + 1,
      time: new Date(time).toISOString(),
      actor,
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
}
