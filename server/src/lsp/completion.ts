/**
 * Completion: title page keys on the title page, scene heading prefixes, then locations and
 * times of day already used in the script, and character names with the most recent first.
 */
import { CompletionItemKind, type CompletionItem } from 'vscode-languageserver';
import { guarded, type ServerContext } from './context';
import { toOffset } from './positions';
import type { ScriptSession } from './session';

export const titlePageKeys = ['Title', 'Credit', 'Author', 'Authors', 'Source', 'Draft date', 'Date', 'Contact', 'Copyright', 'Notes', 'Revision', 'AI Disclosure'];
export const headingPrefixes = ['INT. ', 'EXT. ', 'INT./EXT. ', 'EXT./INT. ', 'I/E. ', 'EST. '];
const commonTimes = ['DAY', 'NIGHT', 'MORNING', 'AFTERNOON', 'EVENING', 'LATER', 'CONTINUOUS', 'MOMENTS LATER', 'SAME'];
const prefixPattern = /^(\.(?!\.)|(?:INT\.?\/EXT|EXT\.?\/INT|INT|EXT|EST|I\/E)[.\s]\s*)/i;

export function register(ctx: ServerContext): void {
  ctx.connection.onCompletion(guarded(ctx, 'completion', [], async (params) => {
    const session = await ctx.sessions.ready(params.textDocument.uri);
    return session ? complete(session, toOffset(session.doc, params.position)) : [];
  }));
}

export function complete(session: ScriptSession, offset: number): CompletionItem[] {
  const { script } = session;
  const text = script.text;
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const before = text.slice(lineStart, offset);
  const onTitlePage = script.titlePageRange
    ? offset <= script.titlePageRange.end
    : text.slice(0, lineStart).trim() === '' && !prefixPattern.test(before);
  if (onTitlePage && !before.includes(':')) {
    return titlePageKeys.map((key, i) => ({ label: key, kind: CompletionItemKind.Property, insertText: `${key}: `, sortText: pad(i) }));
  }
  const heading = prefixPattern.exec(before);
  if (heading) {
    const rest = before.slice(heading[0].length);
    const dash = rest.lastIndexOf(' - ');
    if (dash >= 0) return times(session).map((t, i) => ({ label: t, kind: CompletionItemKind.Constant, sortText: pad(i) }));
    return locations(session).map((l, i) => ({ label: l, kind: CompletionItemKind.Module, sortText: pad(i) }));
  }
  const previousBlank = lineStart === 0 || /^\s*$/.test(text.slice(text.lastIndexOf('\n', lineStart - 2) + 1, lineStart - 1));
  if (!previousBlank) return [];
  const items: CompletionItem[] = characters(session, offset).map((name, i) => ({
    label: name,
    kind: CompletionItemKind.Text,
    sortText: pad(i),
    detail: 'character',
  }));
  if (before.trim() === '' || /^[A-Z]/i.test(before.trim())) {
    headingPrefixes.forEach((p, i) => items.push({ label: p.trim(), insertText: p, kind: CompletionItemKind.Keyword, sortText: pad(1000 + i), detail: 'scene heading' }));
  }
  return items;
}

/** Character names, the one who spoke most recently before `offset` first. */
function characters(session: ScriptSession, offset: number): string[] {
  const last = new Map<string, number>();
  for (const element of session.script.elements) {
    if (element.type !== 'character') continue;
    const name = element.text.replace(/\s*\(.*\)\s*$/, '').replace(/\s*\^$/, '').trim();
    if (!name) continue;
    const at = element.start < offset ? element.start : -element.start;
    const prev = last.get(name);
    if (prev === undefined || (at >= 0 && (prev < 0 || at > prev))) last.set(name, at);
  }
  return [...last.entries()]
    .sort((a, b) => {
      if (a[1] >= 0 && b[1] >= 0) return b[1] - a[1];
      if (a[1] >= 0) return -1;
      if (b[1] >= 0) return 1;
      return b[1] - a[1];
    })
    .map(([name]) => name);
}

function splitHeading(title: string): { location: string; time?: string } {
  const body = title.replace(prefixPattern, '').trim();
  const dash = body.lastIndexOf(' - ');
  return dash >= 0 ? { location: body.slice(0, dash).trim(), time: body.slice(dash + 3).trim() } : { location: body };
}

function locations(session: ScriptSession): string[] {
  const seen = new Map<string, number>();
  for (const scene of session.script.scenes) {
    const { location } = splitHeading(scene.title);
    if (location) seen.set(location, (seen.get(location) ?? 0) + 1);
  }
  return [...seen.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([l]) => l);
}

function times(session: ScriptSession): string[] {
  const seen = new Map<string, number>();
  for (const scene of session.script.scenes) {
    const { time } = splitHeading(scene.title);
    if (time) seen.set(time, (seen.get(time) ?? 0) + 1);
  }
  const used = [...seen.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([t]) => t);
  return [...used, ...commonTimes.filter((t) => !seen.has(t))];
}

function pad(i: number): string {
  return String(i).padStart(5, '0');
}
