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

interface Memo {
  /** The source's length when the facts were noted: a cheap check that they belong to it. */
  length: number;
  facts: Map<string, unknown>;
}

type Holder = Element & { [slot]?: Memo };

/** What `key` noted on `el` for its current source, if anything. */
export function sourceMemo<T>(el: Element, key: string): T | undefined {
  const memo = (el as Holder)[slot];
  if (memo === undefined || memo.length !== el.end - el.start) return undefined;
  return memo.facts.get(key) as T | undefined;
}

/** Notes `value` under `key` on `el`: it must depend only on the element's source. */
export function setSourceMemo(el: Element, key: string, value: unknown): void {
  const holder = el as Holder;
  let memo = holder[slot];
  if (memo === undefined || memo.length !== el.end - el.start) {
    memo = { length: el.end - el.start, facts: new Map() };
    holder[slot] = memo;
  }
  memo.facts.set(key, value);
}

/** Gives `to`, a shifted copy of `from` with the same source, what was noted on `from`. */
export function carrySourceMemo(from: Element, to: Element): void {
  const memo = (from as Holder)[slot];
  if (memo !== undefined) (to as Holder)[slot] = memo;
}
