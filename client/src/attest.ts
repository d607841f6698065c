import * as vscode from 'vscode';
import { commands as serverCommands, type AttestArgs } from '../../server/src/shared/protocol';
import type { ProvenanceContext } from './context';
import { aiTool } from './aiDraft';
import { activeScriptEditor } from './scripts';

/** Optional arguments so the commands run without prompts (tests, quick fixes). */
export interface AttestCommandArgs {
  /** For "AI-assisted": the model's id. */
  model?: string;
  /** For "quoted research": where the quotation comes from. */
  source?: string;
}

type Declared = AttestArgs['origin'];

/** Marks the selection as AI-assisted, after the writer names the model. */
export async function markAiAssisted(ctx: ProvenanceContext, args: AttestCommandArgs = {}): Promise<boolean> {
  const editor = selectionEditor();
  if (!editor) return false;
  const model = args.model ?? (await pickDeclaredModel());
  if (!model) return false;
  // Only a model VS Code offers was reached through its Language Model API; a model the writer
  // names ("Another model…") is recorded under its own id, with no tool it did not go through.
  const offered = (await vscode.lm.selectChatModels({ id: model }).then(undefined, () => [])).length > 0;
  // The writer declares that AI was involved and that they shaped the text (`assisted`): the
  // server records it as declared AI-origin text, never as used as generated.
  return attest(ctx, editor, offered ? { kind: 'ai', channel: 'attestation', model, tool: aiTool, assisted: true } : { kind: 'ai', channel: 'attestation', model, assisted: true });
}

/** Declares the selection the writer's own writing. */
export async function markHumanWritten(ctx: ProvenanceContext): Promise<boolean> {
  const editor = selectionEditor();
  if (!editor) return false;
  return attest(ctx, editor, { kind: 'human', channel: 'attestation' });
}

/** Declares the selection quoted research, with its source when the writer gives one. */
export async function markQuoted(ctx: ProvenanceContext, args: AttestCommandArgs = {}): Promise<boolean> {
  const editor = selectionEditor();
  if (!editor) return false;
  const source = args.source ?? (await vscode.window.showInputBox({ title: 'Mark as quoted research', prompt: 'Where is it quoted from? (optional)', ignoreFocusOut: true }));
  if (source === undefined) return false;
  return attest(ctx, editor, source ? { kind: 'quoted', channel: 'attestation', source } : { kind: 'quoted', channel: 'attestation' });
}

/** The active script's editor when it has a selection; otherwise says so and returns undefined. */
export function selectionEditor(): vscode.TextEditor | undefined {
  const editor = activeScriptEditor();
  if (!editor || editor.selection.isEmpty) {
    void vscode.window.showInformationMessage('Select the text of a Fountain script to mark its origin.');
    return undefined;
  }
  return editor;
}

async function pickDeclaredModel(): Promise<string | undefined> {
  const models = await vscode.lm.selectChatModels();
  const other = { label: '$(edit) Another model…', id: '' };
  const picked = await vscode.window.showQuickPick([...models.map((m) => ({ label: m.name, description: m.id, id: m.id })), other], {
    title: 'Which model helped write the selection?',
  });
  if (!picked) return undefined;
  if (picked.id) return picked.id;
  const typed = await vscode.window.showInputBox({ title: 'Model', prompt: 'The model\u2019s name or id, e.g. gpt-4o', ignoreFocusOut: true });
  return typed?.trim() || undefined;
}

/** `fountainProvenance.attest` for the selection (the request the quick fixes send), at the document's version. */
export async function attest(ctx: ProvenanceContext, editor: vscode.TextEditor, origin: Declared): Promise<boolean> {
  const { start, end } = editor.selection;
  const args: AttestArgs = {
    uri: editor.document.uri.toString(),
    range: { start: { line: start.line, character: start.character }, end: { line: end.line, character: end.character } },
    origin,
    version: editor.document.version,
  };
  try {
    const result = await ctx.executeServerCommand<{ attested?: boolean }>(serverCommands.attest, args);
    if (result?.attested === false) throw new Error('the server could not find the selection in the current text');
    return true;
  } catch (error) {
    void vscode.window.showErrorMessage(`Fountain Provenance: the selection was not marked: ${error instanceof Error ? error.message : String(error)}`);
    return false;
  }
}
