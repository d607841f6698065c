/**
 * Strings a Script can keep without keeping the text they were read from.
 *
 * V8 makes `text.slice(a, b)` (13 code units or more) a view that holds the whole text alive.
 * `reparse` reuses elements across edits, so element strings that were views would keep every
 * earlier text of the document in memory (about 300 KB a keystroke on a 150 KB script).
 * Measured in Node 20 on big-fish's 2,756 element texts: `(' ' + s).slice(1)` 0.16 ms,
 * a Buffer round trip 0.49 ms, `structuredClone` 0.58 ms, `JSON.parse(JSON.stringify(s))`
 * 0.95 ms; `s.toWellFormed()` and `s.replace(/^/, '')` return views that still hold the text.
 */
import type { Element, Note, TitleEntry } from './types';

/** Below this length V8 copies a slice anyway. */
const SHORT = 13;

/**
 * A string equal to `s` that holds no larger string alive. The concatenation is flattened
 * into a fresh string of `s.length + 1` code units when sliced, and the result is a view of
 * that private copy only.
 */
export function ownString(s: string): string {
  return s.length < SHORT ? s : (' ' + s).slice(1);
}

/** Replaces the string fields of freshly scanned elements by owned copies, in place. */
export function ownElements(elements: Element[]): void {
  for (const e of elements) {
    e.text = ownString(e.text);
    if (e.name !== undefined) e.name = ownString(e.name);
    if (e.extension !== undefined) e.extension = ownString(e.extension);
    if (e.sceneNumber !== undefined) e.sceneNumber = ownString(e.sceneNumber);
  }
}

/** Replaces the texts of freshly scanned notes by owned copies, in place. */
export function ownNotes(notes: Note[]): void {
  for (const n of notes) n.text = ownString(n.text);
}

/** Replaces the keys and values of a freshly read title page by owned copies, in place. */
export function ownTitlePage(entries: TitleEntry[]): void {
  for (const t of entries) {
    t.key = ownString(t.key);
    t.value = ownString(t.value);
  }
}
