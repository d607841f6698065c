/**
 * The origin table: every origin seen, interned once, so that runs (and journal events)
 * point at a small `OriginId` and equal origins share one id whatever their field order.
 * The ledger keeps canonical copies; the journal writer (recordWriter.ts) keeps each origin
 * as it was given, since what it journals is what verification replays.
 */
import { originKey } from './origin';
import type { Origin, OriginId } from './types';

/**
 * True when two plain objects have the same own fields with equal values: primitives
 * compared with ===, objects field by field down to `depth` more levels. False whenever in
 * doubt (arrays, deeper objects), which only costs the slow path.
 */
function sameFields(a: unknown, b: unknown, depth: number): boolean {
  if (a === b) return true;
  if (!a || !b || typeof a !== 'object' || typeof b !== 'object' || Array.isArray(a) || Array.isArray(b)) return false;
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  let n = 0;
  for (const key in x) {
    n++;
    const v = x[key];
    const w = y[key];
    if (v === w) {
      if (v === undefined && !(key in y)) return false;
      continue;
    }
    if (depth === 0 || !sameFields(v, w, depth - 1)) return false;
  }
  for (const _ in y) n--;
  return n === 0;
}

/** Interned origins; the index in {@link list} is the `OriginId`. */
export class OriginTable {
  /**
   * The origins, in the order they were interned: copies in canonical field order, or with
   * `asGiven` the objects as given (a journal's table, which may hold malformed entries).
   */
  readonly list: Origin[] = [];
  private readonly asGiven: boolean;
  private readonly ids = new Map<string, OriginId>();
  /** Plain JSON of origins already seen (field order as given), a shortcut past the canonical key. */
  private readonly seenJson = new Map<string, OriginId>();
  private readonly cache = new WeakMap<object, OriginId>();
  private lastInterned: { origin: Origin; id: OriginId } | undefined;

  constructor(options: { asGiven?: boolean } = {}) {
    this.asGiven = options.asGiven === true;
  }

  /** The number of interned origins. */
  get size(): number {
    return this.list.length;
  }

  /** True when this very origin object was interned before (so it was checked then). */
  has(origin: Origin): boolean {
    return this.cache.has(origin);
  }

  /**
   * The id of `origin`, adding it to the table if no equal origin is there yet. An origin
   * object is looked up once: origins are treated as immutable once used.
   */
  intern(origin: Origin): OriginId {
    const cached = this.cache.get(origin);
    if (cached !== undefined) return cached;
    // Clients often send a fresh copy of the same origin with every keystroke.
    const last = this.lastInterned;
    const id = last && sameFields(origin, last.origin, 1) ? last.id : this.internNew(origin);
    if (origin && typeof origin === 'object') {
      this.lastInterned = { origin, id };
      this.cache.set(origin, id);
    }
    return id;
  }

  /**
   * Appends a checked origin at the next id, even when an equal one is already listed (a
   * snapshot's table is loaded as written, so its ids keep their meaning).
   */
  load(origin: Origin): void {
    if (this.asGiven) {
      // A journal's table may have holes or malformed entries: kept, never matched.
      if (origin !== undefined && origin !== null) {
        const key = originKey(origin);
        if (!this.ids.has(key)) this.ids.set(key, this.list.length);
      }
      this.list.push(origin);
      return;
    }
    const copy = JSON.parse(JSON.stringify(origin)) as Origin;
    const key = originKey(copy);
    if (!this.ids.has(key)) this.ids.set(key, this.list.length);
    this.list.push(copy);
  }

  /** Independent copies of the origins, for a snapshot. */
  toJSON(): Origin[] {
    return this.list.map((o) => JSON.parse(JSON.stringify(o)) as Origin);
  }

  private internNew(origin: Origin): OriginId {
    const json = JSON.stringify(origin);
    const seen = this.seenJson.get(json);
    if (seen !== undefined) return seen;
    const key = originKey(origin);
    let id = this.ids.get(key);
    if (id === undefined) {
      id = this.list.length;
      this.list.push(this.asGiven ? origin : (JSON.parse(key) as Origin));
      this.ids.set(key, id);
    }
    if (this.seenJson.size < 4096) this.seenJson.set(json, id);
    return id;
  }
}
