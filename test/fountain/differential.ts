/** Normalising our Script and fountain-js's tokens to one comparable form (used by the differential test). */
import type { Script } from '../../server/src/fountain/types';

export interface Comparable {
  type: string;
  text: string;
}

interface FountainJsToken {
  type: string;
  text?: string;
  is_title?: boolean;
}

const GROUPING = new Set(['dialogue_begin', 'dialogue_end', 'dual_dialogue_begin', 'dual_dialogue_end', 'spaces', 'boneyard_begin', 'boneyard_end']);

/** Text without markup: notes, emphasis, escapes, forcing `!` at line starts; white space collapsed. */
export function plain(text: string | undefined): string {
  return (text ?? '')
    .replace(/\[\[[\s\S]*?\]\]/g, ' ')
    .replace(/\\([*_])/g, '$1')
    .replace(/[*_]/g, '')
    .replace(/(^|\n)\s*!/g, '$1')
    .replace(/\s+/g, ' ')
    .trim();
}

/** fountain-js tokens of the script body (not the title page), grouping tokens dropped. */
export function fountainJsBody(tokens: FountainJsToken[]): Comparable[] {
  return tokens.filter((t) => !t.is_title && !GROUPING.has(t.type)).map((t) => ({ type: t.type, text: plain(t.text) }));
}

/** fountain-js title page entries as `key` (lower case, `_` for spaces) and value. */
export function fountainJsTitle(tokens: FountainJsToken[]): Comparable[] {
  return tokens.filter((t) => t.is_title).map((t) => ({ type: t.type, text: plain(t.text) }));
}

/** Our elements in the same form: boneyards and the title page left out (fountain-js has neither). */
export function oursBody(script: Script): Comparable[] {
  return script.elements
    .filter((e) => e.type !== 'boneyard' && e.type !== 'title_page')
    .map((e) => ({ type: e.type, text: plain(e.text) }));
}

export function oursTitle(script: Script): Comparable[] {
  return script.titlePage.map((e) => ({ type: e.key.trim().toLowerCase().replace(/ /g, '_'), text: plain(e.value) }));
}
