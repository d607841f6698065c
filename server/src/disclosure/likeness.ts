/**
 * Likeness notes: Fountain notes that call for a real performer's digital replica or a
 * synthetic performer. Grammar (docs/likeness.md):
 *
 *   [[replica: PERFORMER NAME; type: employment|independent|background; deceased; minor; use: de-aging; consent: REF; character: NAME]]
 *   [[synthetic performer: CHARACTER; based on: NAME; notice: REF; consent: REF]]
 *
 * The kind and field names are case-insensitive; fields are separated by `;`.
 */
import { createHash } from 'node:crypto';
import type { Note, Script } from '../fountain/types';
import type { LikenessConsent, Performer, Project } from './project';
import { dateMs } from './shares';
import { textOf } from '../fountain/parser';

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

/** Replica types of the SAG-AFTRA agreement, as a note writes them. */
export type ReplicaType = 'employment' | 'independent' | 'background';

const TYPES: Record<string, ReplicaType> = {
  employment: 'employment',
  'employment-based': 'employment',
  independent: 'independent',
  'independently created': 'independent',
  background: 'background',
};

/** The replica type a note names (`type: employment|independent|background`), if any. */
export function replicaTypeOf(note: LikenessNote): ReplicaType | undefined {
  const t = note.fields.type?.trim().toLowerCase();
  return t ? TYPES[t] : undefined;
}

/** A flag field (`deceased`, `minor`) is present, with no value or a yes. */
export function hasFlag(note: LikenessNote, flag: string): boolean {
  const v = note.fields[flag];
  return v !== undefined && !/^(no|false)$/i.test(v.trim());
}

/** SHA-256 (hex) of the text of the scene containing `offset` (heading to the next heading), or undefined outside every scene. */
export function sceneAt(script: Script, offset: number): { index: number; start: number; end: number; hash: string } | undefined {
  const scene = script.scenes.find((s) => s.start <= offset && offset < s.end);
  if (!scene) return undefined;
  return { index: scene.index, start: scene.start, end: scene.end, hash: createHash('sha256').update(textOf(script).slice(scene.start, scene.end), 'utf8').digest('hex') };
}

/** What the record says of one replica note: its consent (if found), and the first problem, if any. */
export interface ReplicaCheck {
  note: LikenessNote;
  performer: string;
  record?: Performer;
  consent?: LikenessConsent;
  deceased: boolean;
  minor: boolean;
  type?: ReplicaType;
  /** The first problem, as the tail of a sentence ("gives no consent reference for X's replica"); undefined when consented. */
  problem?: string;
  /** Whether the scene still matches the consent's `sceneHash`. */
  scene: 'matches' | 'changed' | 'unbound';
  sceneIndex?: number;
}

const GRANTOR_WORDS: Record<string, string> = {
  performer: 'the performer',
  estate: 'the estate',
  'authorized-representative': 'an authorized representative',
  'parent-or-guardian': 'a parent or guardian',
};

/** Checks a replica note against the project's performers and consents. */
export function checkReplica(note: LikenessNote, project: Project, script: Script, now: Date): ReplicaCheck {
  const performer = note.subject;
  const ref = note.fields.consent?.trim();
  const use = note.fields.use?.trim();
  const record = performer ? project.performers.find((p) => sameName(p.name, performer)) : undefined;
  const consent = ref ? record?.consents?.find((c) => c.id.trim().toLowerCase() === ref.toLowerCase()) : undefined;
  const deceased = hasFlag(note, 'deceased') || record?.deceased === true;
  const minor = hasFlag(note, 'minor') || record?.minor === true;
  const type = replicaTypeOf(note);
  const here = sceneAt(script, note.start);
  const scene: ReplicaCheck['scene'] = !consent?.sceneHash ? 'unbound' : here && here.hash === consent.sceneHash.toLowerCase() ? 'matches' : 'changed';
  let problem: string | undefined;
  if (!performer) problem = 'names no performer; write the performer as [[replica: NAME; use: ...; consent: REF]]';
  else if (!ref) problem = deceased ? `gives no consent reference for the replica of ${performer}, who has died` : minor ? `gives no consent reference for the replica of ${performer}, a minor` : `gives no consent reference for ${performer}'s replica`;
  else if (!record) problem = `cites consent "${ref}", but the project file records no performer named ${performer}`;
  else if (!consent) problem = `cites consent "${ref}", which the project file does not record for ${record.name}`;
  else if (deceased && consent.grantedBy !== 'estate' && consent.grantedBy !== 'authorized-representative')
    problem = `cites consent "${consent.id}" for a deceased performer, granted by ${consent.grantedBy ? GRANTOR_WORDS[consent.grantedBy] : 'nobody recorded'}: it must come from the estate or an authorized representative`;
  else if (minor && !deceased && consent.grantedBy !== 'parent-or-guardian')
    problem = `cites consent "${consent.id}" for a minor, granted by ${consent.grantedBy ? GRANTOR_WORDS[consent.grantedBy] : 'nobody recorded'}: it must come from a parent or guardian`;
  else if (!deceased && !minor && consent.grantedBy && consent.grantedBy !== 'performer')
    problem = `cites consent "${consent.id}", granted by ${GRANTOR_WORDS[consent.grantedBy]}: a living adult performer consents for themselves`;
  else if (use && consent.uses && !consent.uses.some((u) => sameName(u, use))) problem = `asks for "${use}", which consent "${consent.id}" does not cover (${consent.uses.join(', ') || 'no uses'})`;
  else if (type && consent.type && consent.type !== type) problem = `is a ${type} replica, but consent "${consent.id}" covers a ${consent.type} replica`;
  else if (consent.to && now.getTime() > dateMs(consent.to, true)) problem = `cites consent "${consent.id}", which ended on ${consent.to}`;
  else if (consent.representation === 'none')
    problem = `cites consent "${consent.id}", given without counsel or union representation (California AB 2602 makes such terms unenforceable for a new performance)`;
  return { note, performer, ...(record ? { record } : {}), ...(consent ? { consent } : {}), deceased, minor, ...(type ? { type } : {}), ...(problem ? { problem } : {}), scene, ...(here ? { sceneIndex: here.index } : {}) };
}

const checked = new WeakMap<Script, { project: Project; now: number; checks: ReplicaCheck[] }>();

/**
 * Every replica note of the script checked against the project's performers and consents: the
 * one consent matching both `sag.replica-consent` (is there a valid consent?) and
 * `sag.replica-rewritten` (does its scene still match?) read. Computed once per script, project
 * and time, so one analysis matches (and hashes scenes) once.
 */
export function replicaChecks(script: Script, project: Project, now: Date): ReplicaCheck[] {
  const cached = checked.get(script);
  if (cached && cached.project === project && cached.now === now.getTime()) return cached.checks;
  const checks = likenessNotes(script)
    .filter((note) => note.kind === 'replica')
    .map((note) => checkReplica(note, project, script, now));
  checked.set(script, { project, now: now.getTime(), checks });
  return checks;
}

// Prose that calls for what sounds like a digital replica (sag.replica-hint).
const REPLICA_WORDS =
  /\b(?:digitally\s+)?de-?ag(?:ed|ing)\b|\bvoice[-\s]?clon(?:e|ed|ing)\b|\bclon(?:ed|ing)\s+(?:his|her|their)\s+voice\b|\bdigital\s+(?:double|replica|twin|likeness|recreation)s?\b|\bscann?ed\s+(?:extras|background|actors?|performers?)\b|\bdeep-?fake[sd]?\b|\bCGI\s+(?:likeness|double|version)\b|\bdigitally\s+(?:recreated|resurrected|inserted)\b/gi;

/** Phrases of `text` that sound like a digital replica, with their offsets. */
export function replicaPhrases(text: string, offset = 0): Array<{ start: number; end: number; phrase: string }> {
  const out: Array<{ start: number; end: number; phrase: string }> = [];
  // exec on the one global regex, not matchAll (which clones the regex per call: six times slower per element).
  REPLICA_WORDS.lastIndex = 0;
  for (let m = REPLICA_WORDS.exec(text); m !== null; m = REPLICA_WORDS.exec(text)) {
    out.push({ start: offset + m.index, end: offset + m.index + m[0].length, phrase: m[0] });
  }
  return out;
}
