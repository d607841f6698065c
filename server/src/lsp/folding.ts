/** Folding ranges: sections, scenes, the title page, boneyard and multi-line notes. */
import { FoldingRangeKind, type FoldingRange } from 'vscode-languageserver';
import type { Section, TextRange } from '../fountain/types';
import { guarded, type ServerContext } from './context';
import { toPosition } from './positions';
import type { ScriptSession } from './session';
import { textOf } from '../fountain/parser';

export function register(ctx: ServerContext): void {
  ctx.connection.onFoldingRanges(guarded(ctx, 'folding ranges', [], async (params) => {
    const session = await ctx.sessions.ready(params.textDocument.uri);
    return session ? foldingRanges(session) : [];
  }));
}

export function foldingRanges(session: ScriptSession): FoldingRange[] {
  const { script, doc } = session;
  const text = textOf(script);
  const out: FoldingRange[] = [];
  const add = (range: TextRange, kind?: FoldingRangeKind): void => {
    // Trailing blank lines stay outside the fold, so the next heading is not swallowed.
    let end = range.end;
    while (end > range.start && /\s/.test(text.slice(end - 1, end))) end--;
    const startLine = toPosition(doc, range.start).line;
    const endLine = toPosition(doc, end).line;
    if (endLine > startLine) out.push({ startLine, endLine, ...(kind ? { kind } : {}) });
  };
  if (script.titlePageRange) add(script.titlePageRange, FoldingRangeKind.Region);
  const sections = (list: Section[]): void => {
    for (const s of list) {
      add(s, FoldingRangeKind.Region);
      sections(s.children);
    }
  };
  sections(script.sections);
  for (const scene of script.scenes) add(scene, FoldingRangeKind.Region);
  for (const boneyard of script.boneyards) add(boneyard, FoldingRangeKind.Comment);
  for (const note of script.notes) add(note, FoldingRangeKind.Comment);
  return out;
}
