/**
 * A code lens over each scene heading: its shares in words, e.g. "human 92% · AI 8% (gpt-4o) ·
 * 1 unattributed", from the same analysis and the same wording as `fountainProvenance/summary`.
 */
import type { CodeLens } from 'vscode-languageserver';
import { sceneLabel } from '../engine/labels';
import { analyse } from './analysis';
import { guarded, type ServerContext } from './context';
import { toRange } from './positions';
import type { ScriptSession } from './session';

export function register(ctx: ServerContext): void {
  ctx.connection.onCodeLens(guarded(ctx, 'code lens', [], async (params) => {
    const session = await ctx.sessions.ready(params.textDocument.uri);
    return session ? codeLenses(ctx, session) : [];
  }));
}

export function codeLenses(ctx: ServerContext, session: ScriptSession): CodeLens[] {
  const figures = analyse(session, ctx.deps).engine.figures;
  const headings = new Map(session.script.scenes.map((scene) => [scene.index, scene.heading]));
  return figures.scenes.map((scene) => {
    const heading = headings.get(scene.index);
    return {
      range: heading ? toRange(session.doc, heading.start, heading.end) : toRange(session.doc, scene.place.start, scene.place.start),
      command: { title: sceneLabel(scene, figures.gaps), command: '' },
    };
  });
}
