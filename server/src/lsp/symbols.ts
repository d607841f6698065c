/** Document symbols: sections as a tree, each scene under the deepest section it falls in. */
import { SymbolKind, type DocumentSymbol } from 'vscode-languageserver';
import type { Scene, Section } from '../fountain/types';
import { guarded, type ServerContext } from './context';
import { toRange } from './positions';
import type { ScriptSession } from './session';
import { textOf } from '../fountain/parser';

export function register(ctx: ServerContext): void {
  ctx.connection.onDocumentSymbol(guarded(ctx, 'document symbols', [], async (params) => {
    const session = await ctx.sessions.ready(params.textDocument.uri);
    return session ? documentSymbols(session) : [];
  }));
}

export function documentSymbols(session: ScriptSession): DocumentSymbol[] {
  const { script, doc } = session;
  const sectionSymbol = (section: Section, end: number): DocumentSymbol & { source: Section; end: number } => {
    const stop = Math.min(section.end, end);
    const symbol = {
      name: section.title.trim() || '(untitled section)',
      kind: SymbolKind.Namespace,
      range: toRange(doc, section.start, stop),
      selectionRange: toRange(doc, section.element.start, Math.min(section.element.end, stop)),
      children: [] as DocumentSymbol[],
      source: section,
      end: stop,
    };
    return symbol;
  };
  const sceneSymbol = (scene: Scene, end: number): DocumentSymbol => {
    const stop = Math.min(scene.end, end);
    return {
      name: scene.title.trim() || '(untitled scene)',
      detail: scene.sceneNumber ? `#${scene.sceneNumber}` : undefined,
      kind: SymbolKind.Class,
      range: toRange(doc, scene.start, stop),
      selectionRange: toRange(doc, scene.heading.start, Math.min(scene.heading.end, stop)),
    };
  };

  type Node = { children: DocumentSymbol[]; sections: Section[]; end: number; start: number };
  const root: Node = { children: [], sections: script.sections, start: 0, end: textOf(script).length };
  let sceneIndex = 0;
  const scenes = script.scenes;
  const fill = (node: Node): void => {
    const items: Array<{ at: number; symbol: DocumentSymbol }> = [];
    for (const section of node.sections) {
      while (sceneIndex < scenes.length && scenes[sceneIndex].start < section.start) {
        items.push({ at: scenes[sceneIndex].start, symbol: sceneSymbol(scenes[sceneIndex], node.end) });
        sceneIndex++;
      }
      const symbol = sectionSymbol(section, node.end);
      const child: Node = { children: [], sections: section.children, start: section.start, end: symbol.end };
      fill(child);
      while (sceneIndex < scenes.length && scenes[sceneIndex].start < symbol.end) {
        child.children.push(sceneSymbol(scenes[sceneIndex], symbol.end));
        sceneIndex++;
      }
      const { source: _s, end: _e, ...plain } = symbol;
      plain.children = child.children;
      items.push({ at: section.start, symbol: plain });
    }
    while (sceneIndex < scenes.length && scenes[sceneIndex].start < node.end) {
      items.push({ at: scenes[sceneIndex].start, symbol: sceneSymbol(scenes[sceneIndex], node.end) });
      sceneIndex++;
    }
    node.children.push(...items.sort((a, b) => a.at - b.at).map((i) => i.symbol));
  };
  fill(root);
  return root.children;
}
