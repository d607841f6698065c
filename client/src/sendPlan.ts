/**
 * What an AI command is about to send out of the editor, computed once: the excerpts of the
 * script (their text, UTF-16 ranges and SHA-256), the sentence the writer confirms, and the
 * `sent` argument of `fountainProvenance.insertGenerated` that journals the `egress` event.
 * The writer is shown exactly what is then sent and recorded. Pure: no `vscode` here, so the
 * unit tests run it under node.
 */
import { createHash } from 'node:crypto';
import type { SentToVendor } from '../../server/src/shared/protocol';

/** A scene as the server's summary gives it: its label (scene number, else its position from 1) and UTF-16 range. */
export interface SceneSpan {
  label: string;
  start: number;
  end: number;
}

/** The model the text goes to. */
export interface ModelTarget {
  id: string;
  vendor: string;
}

/** One stretch of the script that is sent. */
export interface Excerpt {
  start: number;
  end: number;
  text: string;
}

export interface SendPlan {
  /** The script's text the plan was computed from (its length is the share's denominator). */
  scriptLength: number;
  excerpts: Excerpt[];
  /** Characters of the script sent (UTF-16 code units, as the editor counts them). */
  characters: number;
  /** `characters` over the script's length (0 for an empty script). */
  share: number;
  /** e.g. `scenes 3–4`, `scene 2`, `the title page`; empty when nothing of the script goes. */
  scenes: string;
  /** e.g. `lines 40–95`; empty when nothing of the script goes. */
  lines: string;
  /** The question put to the writer: "Send 2,914 characters (12% of the script: scenes 3–4, lines 40–95) to gpt-4o (copilot)?" */
  message: string;
  /** What `insertGenerated` journals as the `egress` event. */
  sent: SentToVendor;
}

/** Characters of the script before the cursor that "Draft with AI" sends by default. */
export const draftContextLimit = 3000;

/**
 * The range of at most `limit` characters that ends at `cursor`, never starting inside a
 * surrogate pair (a character is sent whole or not at all).
 */
export function excerptBefore(text: string, cursor: number, limit: number): { start: number; end: number } {
  const end = Math.max(0, Math.min(cursor, text.length));
  let start = Math.max(0, end - Math.max(0, Math.floor(limit)));
  if (start > 0 && start < end && isLowSurrogate(text.charCodeAt(start)) && isHighSurrogate(text.charCodeAt(start - 1))) start += 1;
  return { start, end };
}

/** The current scene from its heading up to the cursor (what "Send less: this scene" sends), or undefined outside every scene. */
export function sceneBefore(scenes: SceneSpan[], cursor: number): { start: number; end: number } | undefined {
  const scene = scenes.find((s) => s.start <= cursor && cursor <= s.end);
  return scene ? { start: scene.start, end: cursor } : undefined;
}

function isHighSurrogate(c: number): boolean {
  return c >= 0xd800 && c <= 0xdbff;
}

function isLowSurrogate(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff;
}

/** "2,914": whole numbers with thousands separators, the same on every machine. */
export function count(n: number): string {
  return String(Math.round(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** A share in words: "12%", "under 1%", "all"; never rounded up to 100% or down to 0% when it is neither. */
export function shareWords(part: number, whole: number): string {
  if (whole <= 0 || part <= 0) return '0%';
  if (part >= whole) return '100%';
  const pct = (part / whole) * 100;
  if (pct < 1) return 'under 1%';
  return `${Math.min(99, Math.round(pct))}%`;
}

/** 1-based line of a UTF-16 offset. */
function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

function span(word: string, plural: string, first: string, last: string): string {
  return first === last ? `${word} ${first}` : `${plural} ${first}\u2013${last}`;
}

/** The scenes the excerpts touch, in words; text before the first scene is "the title page" (or "the opening"). */
export function scenesOf(text: string, excerpts: Array<{ start: number; end: number }>, scenes: SceneSpan[]): string {
  const touched: SceneSpan[] = [];
  let beforeFirst = false;
  const firstStart = scenes.length > 0 ? Math.min(...scenes.map((s) => s.start)) : text.length;
  for (const x of excerpts) {
    if (x.end <= x.start) continue;
    if (x.start < firstStart) beforeFirst = true;
    for (const s of scenes) if (s.start < x.end && s.end > x.start && !touched.includes(s)) touched.push(s);
  }
  touched.sort((a, b) => a.start - b.start);
  const parts: string[] = [];
  if (beforeFirst) parts.push(/^\s*title\s*:/i.test(text) || /^[A-Za-z][A-Za-z ]*:[ \t]*\S/.test(text) ? 'the title page' : 'the opening');
  if (touched.length > 0) parts.push(span('scene', 'scenes', touched[0].label, touched[touched.length - 1].label));
  return parts.join(' and ');
}

/** The lines the excerpts cover, in words ("lines 40–95", "line 7"). */
export function linesOf(text: string, excerpts: Array<{ start: number; end: number }>): string {
  const sent = excerpts.filter((x) => x.end > x.start);
  if (sent.length === 0) return '';
  const first = lineAt(text, Math.min(...sent.map((x) => x.start)));
  const last = lineAt(text, Math.max(...sent.map((x) => x.end)) - 1);
  return span('line', 'lines', String(first), String(last));
}

/**
 * The plan for sending `ranges` of `text` to `model`: computed once, shown to the writer, then
 * sent and journaled as it stands. Ranges are clamped to the text; empty ones are dropped.
 */
export function planSend(text: string, ranges: Array<{ start: number; end: number }>, scenes: SceneSpan[], model: ModelTarget): SendPlan {
  const excerpts: Excerpt[] = [];
  for (const r of ranges) {
    const start = Math.max(0, Math.min(r.start, text.length));
    const end = Math.max(start, Math.min(r.end, text.length));
    if (end > start) excerpts.push({ start, end, text: text.slice(start, end) });
  }
  const characters = excerpts.reduce((n, x) => n + x.text.length, 0);
  const scenesWords = scenesOf(text, excerpts, scenes);
  const lines = linesOf(text, excerpts);
  const to = `${model.id} (${model.vendor || 'unknown vendor'})`;
  const where = [scenesWords, lines].filter(Boolean).join(', ');
  const message =
    characters === 0
      ? `Send only your instruction, no text of the script, to ${to}?`
      : `Send ${count(characters)} character${characters === 1 ? '' : 's'} (${shareWords(characters, text.length)} of the script${where ? `: ${where}` : ''}) to ${to}?`;
  return {
    scriptLength: text.length,
    excerpts,
    characters,
    share: text.length === 0 ? 0 : characters / text.length,
    scenes: scenesWords,
    lines,
    message,
    sent: {
      excerpts: excerpts.map((x) => ({ start: x.start, end: x.end, length: x.text.length, sha256: createHash('sha256').update(x.text, 'utf8').digest('hex') })),
      vendor: model.vendor || 'unknown',
      model: model.id,
    },
  };
}

/** A smaller excerpt the writer can choose instead ("Send less"). */
export interface LessChoice {
  label: string;
  range: { start: number; end: number };
  characters: number;
  /** Where it is, e.g. `lines 20–38` (empty for nothing of the script). */
  where: string;
}

/**
 * What "Draft with AI" could send instead of `current` (the range ending at the cursor): the
 * current scene up to the cursor, the last 1,000 and 300 characters, or nothing of the script;
 * only choices smaller than the current one, each once.
 */
export function lessChoices(text: string, cursor: number, current: { start: number; end: number }, scenes: SceneSpan[]): LessChoice[] {
  const size = current.end - current.start;
  const out: LessChoice[] = [];
  const add = (label: string, range: { start: number; end: number }): void => {
    const characters = range.end - range.start;
    if (characters >= size || out.some((c) => c.characters === characters)) return;
    out.push({ label, range, characters, where: linesOf(text, [range]) });
  };
  const scene = sceneBefore(scenes, cursor);
  if (scene) add('This scene up to the cursor', scene);
  for (const n of [1000, 300]) add(`The last ${count(n)} characters`, excerptBefore(text, cursor, n));
  add('None of the script: only my instruction', { start: cursor, end: cursor });
  return out;
}
