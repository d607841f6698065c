import * as vscode from 'vscode';
import type { Middleware } from 'vscode-languageclient/node';
import type { OriginCapture } from './originCapture';
import { editorFor } from './scripts';

/** A text edit as the protocol carries it. */
interface PlainEdit {
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  newText: string;
}

export const applyFixCommand = 'fountainProvenance.applyFix';

function toRange(range: PlainEdit['range']): vscode.Range {
  return new vscode.Range(range.start.line, range.start.character, range.end.line, range.end.character);
}

/** The one document a workspace edit changes and its edits, when it is that simple. */
function singleDocumentEdits(edit: { documentChanges?: unknown[]; changes?: Record<string, unknown[]> }): { uri: string; version?: number | null; edits: PlainEdit[] } | undefined {
  const isPlain = (e: unknown): e is PlainEdit => {
    const x = e as Partial<PlainEdit> & { annotationId?: unknown; insertTextFormat?: unknown };
    return typeof x?.newText === 'string' && typeof x.range === 'object' && x.annotationId === undefined && x.insertTextFormat === undefined;
  };
  if (edit.documentChanges) {
    if (edit.documentChanges.length !== 1 || edit.changes) return undefined;
    const change = edit.documentChanges[0] as { textDocument?: { uri?: string; version?: number | null }; edits?: unknown[] };
    if (!change.textDocument?.uri || !Array.isArray(change.edits) || !change.edits.every(isPlain)) return undefined;
    return { uri: change.textDocument.uri, version: change.textDocument.version, edits: change.edits };
  }
  const entries = Object.entries(edit.changes ?? {});
  if (entries.length !== 1 || !entries[0][1].every(isPlain)) return undefined;
  return { uri: entries[0][0], edits: entries[0][1] as PlainEdit[] };
}

/**
 * Applies edits to a script shown in an editor as ONE editor edit, exactly as given. VS Code
 * applies a workspace edit as a minimal character diff, which would split an AI rewrite or a
 * quick fix into fragments of the old and the new text, so that neither the server nor the
 * editor's undo could tell them apart. One replacement has an exact inverse.
 */
async function applyInEditor(editor: vscode.TextEditor, edits: PlainEdit[]): Promise<boolean> {
  return editor.edit(
    (builder) => {
      for (const e of edits) builder.replace(toRange(e.range), e.newText);
    },
    { undoStopBefore: true, undoStopAfter: true },
  );
}

/** The middleware that keeps the extension's own edits whole and declared. */
export function ownEditsMiddleware(capture: OriginCapture, log: (line: string) => void): Middleware {
  return {
    workspace: {
      handleApplyEdit: async (params, next) => {
        const single = singleDocumentEdits(params.edit as never);
        const editor = single && editorFor(single.uri);
        if (!single || !editor || (typeof single.version === 'number' && single.version !== editor.document.version)) {
          return next(params, new vscode.CancellationTokenSource().token);
        }
        const applied = await applyInEditor(editor, single.edits);
        log(`applied the server's edit "${params.label ?? ''}" as one editor edit: ${applied}`);
        return applied ? { applied } : { applied, failureReason: 'the editor refused the edit' };
      },
    },
    provideCodeActions: async (document, range, context, token, next) => {
      const actions = await next(document, range, context, token);
      if (!actions) return actions;
      return actions.map((action) => {
        if (!(action instanceof vscode.CodeAction) || !action.edit || action.command) return action;
        const entries = action.edit.entries();
        if (entries.length !== 1 || entries[0][0].toString() !== document.uri.toString()) return action;
        const edits: PlainEdit[] = entries[0][1].map((e) => ({
          range: { start: { line: e.range.start.line, character: e.range.start.character }, end: { line: e.range.end.line, character: e.range.end.character } },
          newText: e.newText,
        }));
        // The writer applies the fix: its text is theirs, declared, not an insertion nobody labelled.
        action.edit = undefined;
        action.command = { title: action.title, command: applyFixCommand, arguments: [document.uri.toString(), document.version, edits] };
        return action;
      });
    },
  };
}

/** The command behind a converted quick fix: applies its edits as the writer's declared text. */
export async function applyFix(capture: OriginCapture, uri: string, version: number, edits: PlainEdit[]): Promise<boolean> {
  let editor = editorFor(uri);
  if (!editor) {
    const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri);
    if (!document) return false;
    editor = await vscode.window.showTextDocument(document);
  }
  if (editor.document.version !== version) {
    void vscode.window.showInformationMessage('The script changed since this fix was offered; try the quick fix again.');
    return false;
  }
  // The change that follows takes the tag (and consumes it); a refused edit leaves none behind.
  const expectation = capture.expectFix(editor.document.uri);
  const applied = await applyInEditor(editor, edits).catch(() => false);
  if (!applied) expectation.dispose();
  return applied;
}
