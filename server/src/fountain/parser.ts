/**
 * Fountain 1.1 parser: text to a position-exact Script, and incremental re-parse after one
 * edit. See docs/parser.md for the rules it follows.
 */
import type { Element, Note, Scene, Script, TextEdit, TextRange, TitleEntry } from './types';
import { appendLineStarts, computeLineStarts, lineIndex } from './lines';
import { Source, findBoneyards, firstStartingFrom } from './source';
import { findBrackets, makeElement, scanLines } from './scanner';
import { buildCharacters, buildScenes, buildSections, plainTitle } from './structure';
import { ownElements, ownNotes, ownString, ownTitlePage } from './owned';
import { carrySourceMemo } from './memo';
import { PieceText } from './pieceText';
import type { TextLike } from './source';

/** Below this length a re-parse is a full parse: it is as fast, and simpler. */
const SMALL_TEXT = 4096;

/** Lines `reparse` may look at to find the edited blocks before it gives up and parses everything. */
const MAX_WALK = 2000;

/** Parses a Fountain screenplay. Never throws: on any input it returns a Script. */
export function parse(text: string): Script {
  const source = typeof text === 'string' ? text : String(text ?? '');
  try {
    return parseText(source);
  } catch {
    return fallbackScript(source);
  }
}

/**
 * Re-parses after one edit (`deleteLength` code units at `offset` replaced by `insertText`),
 * rescanning only the blocks the edit can affect. The result deep-equals
 * `parse(newText)`. Out-of-range edits are clamped. Never throws.
 */
export function reparse(prev: Script, edit: TextEdit): Script {
  return reparseWith(prev, edit, false);
}

/**
 * `reparse` that may reuse `prev`'s arrays and element objects, moving the elements after the
 * edit in place instead of copying them: `prev` must not be read afterwards. For an owner that
 * keeps only the newest Script (the language server's session): on big-fish a keystroke
 * otherwise copied about 1,400 elements, garbage that lived long enough to be promoted and
 * made most of the server's collection work; on a 10 MB script, 100,000 of them.
 * The result deep-equals `parse(newText)` like `reparse`'s. Never throws.
 */
export function reparseInPlace(prev: Script, edit: TextEdit): Script {
  return reparseWith(prev, edit, true);
}

function reparseWith(prev: Script, edit: TextEdit, reuse: boolean): Script {
  const old = pieceTextOf(prev);
  const offset = clamp(edit?.offset, 0, old.length);
  const deleteLength = clamp(edit?.deleteLength, 0, old.length - offset);
  const insertText = typeof edit?.insertText === 'string' ? edit.insertText : '';
  // The new text as pieces of the old one: no whole string is built for a keystroke (fountain/pieceText.ts).
  const text = old.edited(offset, deleteLength, insertText);
  try {
    const script = reparseText(prev, old, text, offset, deleteLength, insertText, reuse);
    if (script) {
      reparseCounts.incremental++;
      return script;
    }
  } catch {
    // Fall through to a full parse: the incremental path is an optimisation only.
  }
  reparseCounts.full++;
  return parse(text.toString());
}

/**
 * What an in-place re-parse did to the element list: the generation of the Script it replaced
 * (see {@link generationOf}), the elements it took out and those it put in. Every other element
 * is the same object, moved by the edit. Holds no Script, so no chain of old scripts is kept.
 */
export interface ElementChange {
  readonly from: number;
  readonly removed: readonly Element[];
  readonly added: readonly Element[];
}

const elementChanges = new WeakMap<Script, ElementChange>();
const generations = new WeakMap<Script, number>();
let lastGeneration = 0;

/** A number naming this Script among all Scripts of the process (given on first ask). */
export function generationOf(script: Script): number {
  let g = generations.get(script);
  if (g === undefined) generations.set(script, (g = ++lastGeneration));
  return g;
}

/**
 * The element change that made `script` from its predecessor, when it came from
 * `reparseInPlace` (undefined otherwise): a rule that keeps a list of elements for the
 * predecessor's generation can bring it up to date instead of walking every element again.
 */
export function elementChangeOf(script: Script): ElementChange | undefined {
  return elementChanges.get(script);
}

/** Scripts from `reparse`: their text as pieces, read without joining it (`script.text` joins it on first use). */
const pieceTexts = new WeakMap<Script, PieceText>();

/**
 * The text of `script` to read ranges and code units from (`length`, `charCodeAt`, `slice`).
 * After an incremental re-parse this reads the pieces without building the whole string,
 * which `script.text` would; everything on the keystroke path reads the text through it.
 */
export function textOf(script: Script): TextLike {
  const pieces = pieceTexts.get(script);
  if (pieces) return pieces;
  return typeof script?.text === 'string' ? script.text : '';
}

function pieceTextOf(script: Script): PieceText {
  return pieceTexts.get(script) ?? PieceText.of(typeof script?.text === 'string' ? script.text : '');
}

/** How many re-parses took the incremental path and how many parsed everything (for tests and benchmarks). */
export const reparseCounts = { incremental: 0, full: 0 };

function clamp(value: unknown, min: number, max: number): number {
  const n = typeof value === 'number' && Number.isFinite(value) ? Math.floor(value) : 0;
  return Math.max(min, Math.min(max, n));
}

function parseText(text: string): Script {
  const lineStarts = computeLineStarts(text);
  const boneyards = findBoneyards(text);
  const src = new Source(text, lineStarts, boneyards);
  const scan = scanLines(src, 0, lineStarts.length, findBrackets(text, 0), true);
  ownElements(scan.elements);
  ownNotes(scan.notes);
  ownTitlePage(scan.titlePage);
  return assemble(text, src, scan.elements, scan.notes, scan.titlePage, scan.titlePageRange);
}

function assemble(text: string | PieceText, src: Source, content: Element[], notes: Note[], titlePage: TitleEntry[], titlePageRange: TextRange | undefined, scenes?: Scene[]): Script {
  const { lineStarts, boneyards } = src;
  const elements = boneyards.length === 0 ? content : mergeBoneyards(src, content);
  const length = text.length;
  const script: Script = {
    text: '',
    elements,
    titlePage,
    scenes: scenes ?? buildScenes(elements, length),
    sections: [],
    characters: [],
    notes,
    boneyards,
    lineStarts,
  };
  if (titlePageRange) script.titlePageRange = titlePageRange;
  if (typeof text === 'string') {
    script.text = text;
    script.sections = buildSections(elements, length);
    script.characters = buildCharacters(elements);
  } else {
    // After a re-parse, the whole text, the section tree and the character list are made on first
    // use: a keystroke's rules read none of them (on a 10 MB script the lists cost about 15 ms).
    pieceTexts.set(script, text);
    lazily(script, 'text', () => text.toString());
    lazily(script, 'sections', () => buildSections(elements, length));
    lazily(script, 'characters', () => buildCharacters(elements));
  }
  return script;
}

/** Makes `script[key]` computed on first read, then a plain property holding the value. */
function lazily<K extends 'text' | 'sections' | 'characters'>(script: Script, key: K, make: () => Script[K]): void {
  Object.defineProperty(script, key, {
    configurable: true,
    enumerable: true,
    get(this: Script): Script[K] {
      const value = make();
      Object.defineProperty(this, key, { value, writable: true, configurable: true, enumerable: true });
      return value;
    },
    set(this: Script, value: Script[K]) {
      Object.defineProperty(this, key, { value, writable: true, configurable: true, enumerable: true });
    },
  });
}

/**
 * The scenes after an in-place re-parse, made from `prev` in place: those before the region
 * kept, the region's made from its new elements, those after it moved by the edit; ends and
 * indexes set again from the region on. Equal to `buildScenes` over the new elements.
 */
function scenesInPlace(prev: Scene[], regionStart: number, oldRegionEnd: number, region: readonly Element[], delta: number, textLength: number): Scene[] {
  const a = firstStartingFrom(prev, regionStart);
  const c = firstStartingFrom(prev, oldRegionEnd);
  const fresh: Scene[] = [];
  for (const el of region) {
    if (el.type !== 'scene_heading') continue;
    const scene: Scene = { start: el.start, end: textLength, index: 0, heading: el, title: plainTitle(el.text) };
    if (el.sceneNumber !== undefined) scene.sceneNumber = el.sceneNumber;
    fresh.push(scene);
  }
  if (delta !== 0) for (let k = c; k < prev.length; k++) prev[k].start += delta;
  if (c > a || fresh.length > 0) prev.splice(a, c - a, ...fresh);
  for (let k = Math.max(0, a - 1); k < prev.length; k++) {
    prev[k].index = k;
    prev[k].end = k + 1 < prev.length ? prev[k + 1].start : textLength;
  }
  return prev;
}

function mergeBoneyards(src: Source, content: Element[]): Element[] {
  const out: Element[] = [];
  let i = 0;
  for (const b of src.boneyards) {
    while (i < content.length && content[i].start < b.start) out.push(content[i++]);
    const text = ownString(src.text.slice(b.start + 2, b.end - 2).replace(/\r\n?/g, '\n'));
    out.push({ type: 'boneyard', start: b.start, end: b.end, contentStart: b.start + 2, contentEnd: b.end - 2, text, line: lineIndex(src.lineStarts, b.start) });
  }
  while (i < content.length) out.push(content[i++]);
  return out;
}

function hasBoneyardMark(s: string): boolean {
  return s.includes('/*') || s.includes('*/');
}

/** The incremental path; undefined when the edit needs a full parse. */
function reparseText(prev: Script, old: PieceText, text: PieceText, off: number, del: number, ins: string, reuse: boolean): Script | undefined {
  if (old.length < SMALL_TEXT || text.length < SMALL_TEXT) return undefined;
  if (!Array.isArray(prev.elements) || !Array.isArray(prev.lineStarts) || !Array.isArray(prev.boneyards) || !Array.isArray(prev.notes)) return undefined;
  if (off === 0) return undefined;
  // Boneyards span blank lines: an edit that makes, breaks or touches one re-parses everything.
  const view = text;
  if (hasBoneyardMark(old.slice(off - 1, off + del + 1)) || hasBoneyardMark(view.slice(off - 1, off + ins.length + 1))) return undefined;
  const delta = ins.length - del;
  const newBoneyards: TextRange[] = [];
  for (const b of prev.boneyards) {
    if (b.end < off) newBoneyards.push(b);
    else if (b.start > off + del) newBoneyards.push({ start: b.start + delta, end: b.end + delta });
    else return undefined;
  }

  const oldStarts = prev.lineStarts;
  const lineA = lineIndex(oldStarts, off - 1);
  const lineB = lineIndex(oldStarts, off + del + 1) + 1;
  const scanFrom = oldStarts[lineA];
  const scanTo = lineB < oldStarts.length ? oldStarts[lineB] + delta : view.length;
  const fresh: number[] = [];
  appendLineStarts(view.slice(scanFrom, scanTo + 1), 0, scanTo - scanFrom, fresh);
  // One copy of the line starts, the size it ends up (pushing onto a part grew it two or three
  // times over: on big-fish about 150 KB of garbage a keystroke).
  let lineStarts: number[];
  const kept = Math.min(oldStarts.length, lineB + 1) - (lineA + 1);
  if (fresh.length === kept || (reuse && fresh.length < 1024)) {
    // In place (reparseInPlace) or in one copy; a splice with a short list of new starts only.
    lineStarts = reuse ? oldStarts : oldStarts.slice();
    if (fresh.length !== kept) lineStarts.splice(lineA + 1, kept, ...fresh);
    for (let i = 0; i < fresh.length; i++) lineStarts[lineA + 1 + i] = fresh[i] + scanFrom;
  } else {
    lineStarts = oldStarts.slice(0, lineA + 1);
    for (const start of fresh) lineStarts.push(start + scanFrom);
    for (let i = lineB + 1; i < oldStarts.length; i++) lineStarts.push(oldStarts[i]);
  }
  if (delta !== 0) for (let i = lineA + 1 + fresh.length; i < lineStarts.length; i++) lineStarts[i] += delta;
  const lineDelta = fresh.length - kept;

  const src = new Source(view, lineStarts, newBoneyards);
  const n = lineStarts.length;
  // Huge paragraphs or runs of blank lines: a full parse is as cheap as walking them.
  let budget = MAX_WALK;
  const blank = (line: number): boolean => {
    budget--;
    return src.line(line).blank;
  };
  // The block holding the edit, and the block before it (a `^` cue in ours makes its dialogue dual).
  let k = lineIndex(lineStarts, off - 1);
  while (k > 0 && !blank(k - 1) && budget > 0) k--;
  let p = k - 1;
  while (p >= 0 && blank(p) && budget > 0) p--;
  if (p < 0) return undefined;
  while (p > 0 && !blank(p - 1) && budget > 0) p--;
  let q = p - 1;
  while (q >= 0 && blank(q) && budget > 0) q--;
  // The first block may hold the title page: edits that reach it re-parse everything.
  if (q < 0) return undefined;
  let f = lineIndex(lineStarts, off + ins.length) + 1;
  while (f < n && !blank(f) && budget > 0) f++;
  if (budget <= 0) return undefined;

  const regionStart = lineStarts[p];
  const regionEnd = f < n ? lineStarts[f] : view.length;
  const oldRegionEnd = regionEnd - delta;
  const scan = scanLines(src, p, f, findBrackets(view.slice(regionStart, regionEnd), regionStart), false);
  // Reused and shifted elements keep their strings: every string a Script holds is its own copy.
  ownElements(scan.elements);
  ownNotes(scan.notes);

  const olds = prev.elements;
  // The elements before the region, the region's, and those after it (shifted), boneyards left
  // out (merged again below): counted first, so the array is made once at its size.
  const before = firstStartingFrom(olds, regionStart);
  const after = firstStartingFrom(olds, oldRegionEnd);
  let content: Element[];
  let scenes: Scene[] | undefined;
  let inPlaceChange: ElementChange | undefined;
  if (reuse && prev.boneyards.length === 0 && scan.elements.length < 1024 && Array.isArray(prev.scenes)) {
    // In place: the region's elements replaced, those after it moved by the edit (no boneyard
    // elements to leave out, since the script has none).
    content = olds;
    const removed = content.splice(before, after - before, ...scan.elements);
    inPlaceChange = { from: generationOf(prev), removed, added: scan.elements };
    if (delta !== 0 || lineDelta !== 0) {
      for (let k = before + scan.elements.length; k < content.length; k++) moveElement(content[k], delta, lineDelta);
    }
    scenes = scenesInPlace(prev.scenes, regionStart, oldRegionEnd, scan.elements, delta, view.length);
  } else content = copyElements(olds, before, after, scan.elements, delta, lineDelta);


  const notes: Note[] = [];
  const oldNotes = prev.notes;
  let j = 0;
  for (; j < oldNotes.length && oldNotes[j].start < regionStart; j++) notes.push(oldNotes[j]);
  for (const note of scan.notes) notes.push(note);
  while (j < oldNotes.length && oldNotes[j].start < oldRegionEnd) j++;
  for (; j < oldNotes.length; j++) notes.push(delta === 0 ? oldNotes[j] : shiftNote(oldNotes[j], delta));

  const script = assemble(text, src, content, notes, prev.titlePage, prev.titlePageRange, scenes);
  if (inPlaceChange) elementChanges.set(script, inPlaceChange);
  return script;
}

/** The elements before the region, the region's, and those after it shifted, boneyards left out, in an array made once at its size. */
function copyElements(olds: readonly Element[], before: number, after: number, region: readonly Element[], delta: number, lineDelta: number): Element[] {
  let count = region.length;
  for (let k = 0; k < before; k++) if (olds[k].type !== 'boneyard') count++;
  for (let k = after; k < olds.length; k++) if (olds[k].type !== 'boneyard') count++;
  const content: Element[] = new Array<Element>(count);
  let w = 0;
  for (let k = 0; k < before; k++) if (olds[k].type !== 'boneyard') content[w++] = olds[k];
  for (const e of region) content[w++] = e;
  const same = delta === 0 && lineDelta === 0;
  for (let k = after; k < olds.length; k++) {
    const e = olds[k];
    if (e.type !== 'boneyard') content[w++] = same ? e : shiftElement(e, delta, lineDelta);
  }
  return content;
}

/** Moves an element (of a Script that is being replaced) by an edit before it. */
function moveElement(e: Element, d: number, ld: number): void {
  e.start += d;
  e.end += d;
  e.contentStart += d;
  e.contentEnd += d;
  e.line += ld;
}

function shiftElement(e: Element, d: number, ld: number): Element {
  // Built as the scanner builds elements (the same constructor, the optional fields in the order it
  // sets them), so a script's elements share a few hidden classes and the rules' loops over them stay fast.
  const c = makeElement(e.type, e.start + d, e.end + d, e.contentStart + d, e.contentEnd + d, e.text, e.line + ld);
  if (e.sceneNumber !== undefined) c.sceneNumber = e.sceneNumber;
  if (e.depth !== undefined) c.depth = e.depth;
  if (e.name !== undefined) c.name = e.name;
  if (e.extension !== undefined) c.extension = e.extension;
  if (e.forced !== undefined) c.forced = e.forced;
  if (e.dialogueLines !== undefined) c.dialogueLines = e.dialogueLines;
  if (e.dual !== undefined) c.dual = e.dual;
  carrySourceMemo(e, c);
  return c;
}

function shiftNote(n: Note, d: number): Note {
  return { start: n.start + d, end: n.end + d, text: n.text, contentStart: n.contentStart + d, contentEnd: n.contentEnd + d };
}

/** Used only if the scanner itself failed: the text as one action, so nothing is lost. */
function fallbackScript(text: string): Script {
  let lineStarts: number[];
  try {
    lineStarts = computeLineStarts(text);
  } catch {
    lineStarts = [0];
  }
  const elements: Element[] =
    text.length === 0 ? [] : [{ type: 'action', start: 0, end: text.length, contentStart: 0, contentEnd: text.length, text, line: 0 }];
  return { text, elements, titlePage: [], scenes: [], sections: [], characters: [], notes: [], boneyards: [], lineStarts };
}
