/** Reading a character cue: `NAME`, `NAME (V.O.) (CONT'D)`, `@McNAME`, `NAME ^`. */
import { letterCase, skipSpace, trimEndAt } from './text';

/** A cue read from a line, offsets relative to the line's visible text. */
export interface Cue {
  /** Start of the name (after `@`). */
  contentStart: number;
  /** End of the name and extensions (before `^`). */
  contentEnd: number;
  /** The name without extensions, white space collapsed. */
  name: string;
  /** Text inside the extension parentheses, groups joined by a space. */
  extension?: string;
  /** `^`: the second cue of dual dialogue. */
  dual: boolean;
  /** `@`: forced cue. */
  forced: boolean;
}

const SENTENCE_END = '。．！？!?.…、，,：:;；」』';
const EXTENSION_GROUP = /\(([^()]*)\)/g;

/**
 * Reads `s[a, b)` (trimmed) as a cue, or returns undefined. Not forced, the name must hold a
 * letter and no lower-case letter; in scripts without letter case (Japanese, Chinese, ...)
 * it must also be short and not end like a sentence.
 */
export function readCue(s: string, a: number, b: number): Cue | undefined {
  if (a >= b) return undefined;
  const c0 = s.charCodeAt(a);
  let forced = false;
  let p = a;
  if (c0 === 64 /* @ */) {
    forced = true;
    p = skipSpace(s, a + 1, b);
    if (p >= b) return undefined;
  } else if (
    c0 === 33 /* ! */ || c0 === 46 /* . */ || c0 === 62 /* > */ || c0 === 126 /* ~ */ || c0 === 61 /* = */ ||
    c0 === 35 /* # */ || c0 === 40 /* ( */ || (c0 === 91 && s.charCodeAt(a + 1) === 91) || (c0 === 92 && s.charCodeAt(a + 1) === 64)
  ) {
    return undefined;
  }
  let e = b;
  let dual = false;
  if (s.charCodeAt(e - 1) === 94 /* ^ */) {
    dual = true;
    e = trimEndAt(s, p, e - 1);
    if (e <= p) return undefined;
  }
  let nameEnd = e;
  let extension: string | undefined;
  const paren = s.indexOf('(', p);
  if (!forced) {
    const stop = paren >= 0 && paren < e ? paren : e;
    for (let i = p; i < stop; i++) {
      const c = s.charCodeAt(i);
      if (c >= 97 && c <= 122) return undefined;
    }
  }
  if (paren >= 0 && paren < e) {
    const close = s.lastIndexOf(')', e - 1);
    let tailOk = close > paren;
    for (let i = close + 1; tailOk && i < e; i++) {
      const c = s.charCodeAt(i);
      if (c !== 32 && c !== 42 && c !== 95 && c !== 9) tailOk = false;
    }
    if (tailOk) {
      nameEnd = trimEndAt(s, p, paren);
      const groups: string[] = [];
      const inner = s.slice(paren, close + 1);
      EXTENSION_GROUP.lastIndex = 0;
      for (let m = EXTENSION_GROUP.exec(inner); m; m = EXTENSION_GROUP.exec(inner)) {
        const g = m[1].trim();
        if (g) groups.push(g);
      }
      if (groups.length > 0) extension = groups.join(' ');
    } else if (!forced) return undefined;
  }
  const name = s.slice(p, nameEnd).replace(/\s+/g, ' ').trim();
  if (!forced) {
    if (name.length === 0) return undefined;
    const lc = letterCase(name);
    if (!lc.letter || lc.lower) return undefined;
    if (name.endsWith(':') || name.endsWith('OUT.') || name.endsWith('BLACK.')) return undefined;
    if (!lc.upper && (name.length > 30 || SENTENCE_END.includes(name[name.length - 1]))) return undefined;
  }
  const cue: Cue = { contentStart: p, contentEnd: e, name: name || s.slice(p, e).trim(), dual, forced };
  if (extension !== undefined) cue.extension = extension;
  return cue;
}
