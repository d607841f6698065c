/**
 * How the record knows what it knows (DESIGN.md, "What a verdict may claim"): declared
 * origins (a client's or writer's statement afterwards, whatever channel it names), and the
 * plausibility of typing, computed from the journal's times only so the editor and the
 * validator agree (docs/rules/provenance.implausible-typing.md).
 */
import type { Origin, Writer } from './types';

const declared = new WeakMap<Origin, Origin>();

/** The origin marked `evidence: "declared"` (the same object when it already is). */
export function declaredOrigin(origin: Origin): Origin {
  if (origin.evidence === 'declared') return origin;
  let d = declared.get(origin);
  if (!d) {
    d = { ...origin, evidence: 'declared' } as Origin;
    declared.set(origin, d);
  }
  return d;
}

/** The window over which a typing rate must be sustained to count, in milliseconds. */
export const TYPING_WINDOW_MS = 60_000;
/** Characters a minute above which typing sustained over the window is implausible. */
export const IMPLAUSIBLE_CHARS_PER_MINUTE = 1_000;
/** Time buckets the rate is counted in. */
const BUCKET_MS = 5_000;
const WINDOW_BUCKETS = TYPING_WINDOW_MS / BUCKET_MS;

/** One writer's peak sustained typing rate. */
export interface TypingRate {
  writer: Writer;
  /** Most characters typed in any window of {@link TYPING_WINDOW_MS}, per minute. */
  peakPerMinute: number;
  /** Start of that window (ISO 8601, the journal's clock). */
  at: string;
  /** Characters typed by the writer in all. */
  typed: number;
  /** Whether the peak is above {@link IMPLAUSIBLE_CHARS_PER_MINUTE}. */
  implausible: boolean;
  /** First and last event that typed within the peak window. */
  events?: { from: number; to: number };
}

interface WriterBuckets {
  writer: Writer;
  buckets: Map<number, number>;
  events: Map<number, [number, number]>;
  typed: number;
  /** The bucket being filled (keystrokes mostly land in the same one): flushed into `buckets` on change. */
  open: number;
  openChars: number;
  openFirst: number;
  openLast: number;
}

/** Typed characters per writer in time buckets; cheap per event (a run's characters are spread over its time). */
export class TypingRates {
  private readonly writers = new Map<string, WriterBuckets>();
  private last: WriterBuckets | undefined;
  private lastKey = '';

  add(writer: Writer | undefined, fromMs: number, toMs: number, chars: number, seq: number): void {
    if (chars <= 0 || !Number.isFinite(fromMs)) return;
    const name = writer && typeof writer.name === 'string' ? writer.name : '';
    const key = `${name}\u0000${writer?.email ?? ''}`;
    let w = this.last;
    if (!w || key !== this.lastKey) {
      w = this.writers.get(key);
      if (!w) {
        w = { writer: writer && typeof writer === 'object' ? { ...writer } : { name: '' }, buckets: new Map(), events: new Map(), typed: 0, open: NaN, openChars: 0, openFirst: 0, openLast: 0 };
        this.writers.set(key, w);
      }
      this.last = w;
      this.lastKey = key;
    }
    w.typed += chars;
    const end = Number.isFinite(toMs) && toMs > fromMs ? toMs : fromMs;
    const first = Math.floor(fromMs / BUCKET_MS);
    const last = Math.floor(end / BUCKET_MS);
    if (first === last || last - first > 10_000) {
      this.put(w, last, chars, seq);
      return;
    }
    // Spread over the buckets the run's time covers, in proportion.
    const span = end - fromMs;
    let given = 0;
    for (let b = first; b <= last; b++) {
      const a = Math.max(fromMs, b * BUCKET_MS);
      const z = Math.min(end, (b + 1) * BUCKET_MS);
      const n = b === last ? chars - given : Math.round((chars * (z - a)) / span);
      if (n > 0) this.put(w, b, n, seq);
      given += Math.max(0, n);
    }
  }

  private put(w: WriterBuckets, bucket: number, chars: number, seq: number): void {
    if (bucket === w.open) {
      w.openChars += chars;
      w.openLast = seq;
      return;
    }
    this.flush(w);
    w.open = bucket;
    w.openChars = chars;
    w.openFirst = seq;
    w.openLast = seq;
  }

  private flush(w: WriterBuckets): void {
    if (Number.isNaN(w.open) || w.openChars === 0) return;
    w.buckets.set(w.open, (w.buckets.get(w.open) ?? 0) + w.openChars);
    const ev = w.events.get(w.open);
    if (ev) {
      ev[0] = Math.min(ev[0], w.openFirst);
      ev[1] = Math.max(ev[1], w.openLast);
    } else w.events.set(w.open, [w.openFirst, w.openLast]);
    w.open = NaN;
    w.openChars = 0;
  }

  /** Each writer's peak sustained rate, in order of first typing. */
  rates(): TypingRate[] {
    const out: TypingRate[] = [];
    for (const w of this.writers.values()) {
      this.flush(w);
      const keys = [...w.buckets.keys()].sort((a, b) => a - b);
      let best = 0;
      let bestStart = keys[0] ?? 0;
      // Windows of WINDOW_BUCKETS buckets, each starting at a bucket that has typing.
      let j = 0;
      let sum = 0;
      for (let i = 0; i < keys.length; i++) {
        while (j < keys.length && keys[j] < keys[i] + WINDOW_BUCKETS) sum += w.buckets.get(keys[j++])!;
        if (sum > best) {
          best = sum;
          bestStart = keys[i];
        }
        sum -= w.buckets.get(keys[i])!;
      }
      const perMinute = Math.round((best * 60_000) / TYPING_WINDOW_MS);
      let events: { from: number; to: number } | undefined;
      for (let b = bestStart; b < bestStart + WINDOW_BUCKETS; b++) {
        const ev = w.events.get(b);
        if (!ev) continue;
        events = events ? { from: Math.min(events.from, ev[0]), to: Math.max(events.to, ev[1]) } : { from: ev[0], to: ev[1] };
      }
      out.push({
        writer: w.writer,
        peakPerMinute: perMinute,
        at: new Date(bestStart * BUCKET_MS).toISOString(),
        typed: w.typed,
        implausible: perMinute > IMPLAUSIBLE_CHARS_PER_MINUTE,
        ...(events ? { events } : {}),
      });
    }
    return out;
  }
}
