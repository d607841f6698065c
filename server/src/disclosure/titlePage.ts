/** Finding and editing the title page's `AI Disclosure:` entry. */
import type { Script, TextEdit, TitleEntry } from '../fountain/types';
import { DISCLOSURE_KEY } from './statement';

/** The title page's `AI Disclosure:` entry (key case-insensitive), if any. */
export function disclosureEntry(script: Script): TitleEntry | undefined {
  return script.titlePage.find((e) => e.key.trim().toLowerCase() === DISCLOSURE_KEY.toLowerCase());
}

/** Title entries whose key is one of `keys` (case-insensitive). */
export function titleEntries(script: Script, keys: string[]): TitleEntry[] {
  const want = new Set(keys.map((k) => k.toLowerCase()));
  return script.titlePage.filter((e) => want.has(e.key.trim().toLowerCase()));
}

function lineBreakOf(text: string): string {
  const m = /\r\n|\n|\r/.exec(text);
  return m ? m[0] : '\n';
}

/**
 * The edit that adds `AI Disclosure: <statement>` as the title page's last entry, or
 * creates a title page holding only that entry when there is none.
 */
export function insertDisclosureEdit(script: Script, statement: string): TextEdit {
  const text = script.text;
  const eol = lineBreakOf(text);
  const line = `${DISCLOSURE_KEY}: ${statement}`;
  const last = script.titlePage[script.titlePage.length - 1];
  if (!script.titlePageRange || !last) {
    return { offset: 0, deleteLength: 0, insertText: `${line}${eol}${eol}` };
  }
  // Insert before the line break that ends the last entry's final line.
  let at = last.end;
  while (at > last.start && (text[at - 1] === '\n' || text[at - 1] === '\r')) at--;
  const rest = text.slice(at).search(/\r|\n/);
  const offset = rest < 0 ? text.length : at + rest;
  return { offset, deleteLength: 0, insertText: `${eol}${line}` };
}

/** The edit that replaces the entry's value with `statement`. */
export function updateDisclosureEdit(script: Script, entry: TitleEntry, statement: string): TextEdit {
  const afterColon = script.text[entry.valueStart - 1] === ':';
  return { offset: entry.valueStart, deleteLength: entry.valueEnd - entry.valueStart, insertText: afterColon ? ` ${statement}` : statement };
}
