/**
 * Facts a consumer works out from an element's source alone (`text.slice(start, end)`), kept on
 * the element in offsets relative to its start. An incremental re-parse carries them to the
 * shifted copy of an element it did not rescan (its source is unchanged), so after a keystroke
 * such facts are worked out again only for the elements that were re-parsed. The slot is a
 * symbol property (JSON and Object.keys do not see it), set by plain assignment: carrying it
 * costs next to nothing per shifted element.
 */
import type { Element } from './types';

const slot: unique symbol = Symbol('fountain.sourceMemo');

/** One fact: a small list per element (one entry per key), lean on a 10 MB script's elements. */
interface Memo {
  /** The source's length when the fact was noted: a cheap check that it belongs to it. */
  length: number;
  key: string;
  value: unknown;
  next: Memo | undefined;
}

type Holder = Element & { [slot]?: Memo };

/** What `key` noted on `el` for its current source, if anything. */
export function sourceMemo<T>(el: Element, key: string): T | undefined {
  const length = el.end - el.start;
  for (let m = (el as Holder)[slot]; m !== undefined; m = m.next) {
    if (m.key === key) return m.length === length ? (m.value as T) : undefined;
  }
  return undefined;
}

/** Notes `value` under `key` on `el`: it must depend only on the element's source. */
export function setSourceMemo(el: Element, key: string, value: unknown): void {
  const holder = el as Holder;
  const length = el.end - el.start;
  let rest = holder[slot];
  // Facts noted for another length are dropped with the old entry for this key.
  if (rest !== undefined && rest.length !== length) rest = undefined;
  let kept: Memo | undefined;
  for (let m = rest; m !== undefined; m = m.next) if (m.key !== key) kept = { length, key: m.key, value: m.value, next: kept };
  holder[slot] = { length, key, value, next: kept };
}

/** Gives `to`, a shifted copy of `from` with the same source, what was noted on `from`. */
export function carrySourceMemo(from: Element, to: Element): void {
  const memo = (from as Holder)[slot];
  if (memo !== undefined) (to as Holder)[slot] = memo;
}
