/**
 * Likeness notes: Fountain notes that call for a real performer's digital replica or a
 * synthetic performer. Grammar (docs/likeness.md):
 *
 *   [[replica: PERFORMER NAME; use: de-aging; consent: REF; character: NAME]]
 *   [[synthetic performer: CHARACTER; notice: REF]]
 *
 * The kind and field names are case-insensitive; fields are separated by `;`.
 */
import type { Note, Script } from '../fountain/types';

export type LikenessKind = 'replica' | 'synthetic-performer';

export interface LikenessNote {
  kind: LikenessKind;
  /** The performer's name (replica) or the character's name (synthetic performer). */
  subject: string;
  /** Fields after the subject, keys lower-cased (`use`, `consent`, `character`, `notice`...). */
  fields: Record<string, string>;
  /** The note's range, brackets included. */
  start: number;
  end: number;
  note: Note;
}

const KINDS: Record<string, LikenessKind> = {
  replica: 'replica',
  'digital replica': 'replica',
  'synthetic performer': 'synthetic-performer',
};

/** Parses one note's text; undefined when it is not a likeness note. */
export function parseLikenessText(text: string): { kind: LikenessKind; subject: string; fields: Record<string, string> } | undefined {
  const flat = text.replace(/\s+/g, ' ').trim();
  const m = /^([a-z ]+?)\s*:\s*(.*)$/i.exec(flat);
  if (!m) return undefined;
  const kind = KINDS[m[1].toLowerCase()];
  if (!kind) return undefined;
  const [subject, ...rest] = m[2].split(';');
  const fields: Record<string, string> = {};
  for (const part of rest) {
    const f = /^\s*([a-z][a-z -]*?)\s*:\s*(.*?)\s*$/i.exec(part);
    if (f) fields[f[1].toLowerCase()] = f[2];
    else if (part.trim()) fields[part.trim().toLowerCase()] = '';
  }
  return { kind, subject: subject.trim(), fields };
}

/** Every likeness note of the script, in document order. */
export function likenessNotes(script: Script): LikenessNote[] {
  const out: LikenessNote[] = [];
  for (const note of script.notes) {
    const parsed = parseLikenessText(note.text);
    if (parsed) out.push({ ...parsed, start: note.start, end: note.end, note });
  }
  return out;
}

/** Names compared the way a reader would: case and spacing ignored. */
export function sameName(a: string, b: string): boolean {
  return a.replace(/\s+/g, ' ').trim().toLowerCase() === b.replace(/\s+/g, ' ').trim().toLowerCase();
}
