import * as vscode from 'vscode';
import { commands as serverCommands, type InsertGeneratedArgs, type InsertGeneratedResult } from '../../server/src/shared/protocol';
import type { ProvenanceContext } from './context';
import { activeScriptEditor } from './scripts';
import { promptHashOf } from './promptHash';

/** Optional arguments, so the commands can run without their prompts (tests, keybindings). */
export interface AiCommandArgs {
  prompt?: string;
  /** A model id from `vscode.lm.selectChatModels`. */
  model?: string;
}

/** The tool recorded with text drafted through VS Code's Language Model API. */
export const aiTool = 'vscode-lm';

const instructions =
  'You help a screenwriter. Write in Fountain screenplay format. Reply with only the text to put in the script: no commentary, no code fences.';

/** "Draft with AI": writes at the cursor what the model answers to the writer's prompt. */
export async function draftWithAI(ctx: ProvenanceContext, args: AiCommandArgs = {}): Promise<boolean> {
  const editor = activeScriptEditor();
  if (!editor) {
    void vscode.window.showInformationMessage('Open a Fountain script to draft with AI.');
    return false;
  }
  const model = await pickModel(args.model, 'draft');
  if (!model) return false;
  const prompt = args.prompt ?? (await vscode.window.showInputBox({ title: 'Draft with AI', prompt: `What should ${model.name} draft here? The text will be labelled as AI.`, ignoreFocusOut: true }));
  if (!prompt) return false;
  const document = editor.document;
  const cursor = editor.selection.active;
  const before = document.getText(new vscode.Range(document.positionAt(Math.max(0, document.offsetAt(cursor) - 3000)), cursor));
  const message = `${instructions}\n\nThe script so far ends with:\n${before}\n\nDraft: ${prompt}`;
  const text = await generate(model, message);
  if (text === undefined) return false;
  return insertGenerated(ctx, editor, new vscode.Range(cursor, cursor), text, model, prompt);
}

/** "Rewrite selection with AI": replaces the selection with the model's rewrite of it. */
export async function rewriteWithAI(ctx: ProvenanceContext, args: AiCommandArgs = {}): Promise<boolean> {
  const editor = activeScriptEditor();
  if (!editor || editor.selection.isEmpty) {
    void vscode.window.showInformationMessage('Select the text of a Fountain script to rewrite with AI.');
    return false;
  }
  const model = await pickModel(args.model, 'rewrite');
  if (!model) return false;
  const prompt = args.prompt ?? (await vscode.window.showInputBox({ title: 'Rewrite selection with AI', prompt: `How should ${model.name} rewrite the selection? The result will be labelled as AI.`, ignoreFocusOut: true }));
  if (!prompt) return false;
  const selection = editor.selection;
  const message = `${instructions}\n\nRewrite this passage:\n${editor.document.getText(selection)}\n\nHow: ${prompt}`;
  const text = await generate(model, message);
  if (text === undefined) return false;
  return insertGenerated(ctx, editor, selection, text, model, prompt);
}

/** What the writer is told when no model can do the job (`draft` or `rewrite`). */
export function noModelMessage(job: 'draft' | 'rewrite', id?: string): string {
  if (id) return `The language model "${id}" is not available in VS Code.`;
  return `No language model is available in VS Code, so there is nothing to ${job} with. Install or sign in to a chat model provider first.`;
}

/** The model to use: the one asked for, the only one, or the writer's pick. */
async function pickModel(id: string | undefined, job: 'draft' | 'rewrite'): Promise<vscode.LanguageModelChat | undefined> {
  const models = await vscode.lm.selectChatModels(id ? { id } : undefined);
  if (models.length === 0) {
    void vscode.window.showInformationMessage(noModelMessage(job, id));
    return undefined;
  }
  if (models.length === 1) return models[0];
  const picked = await vscode.window.showQuickPick(
    models.map((model) => ({ label: model.name, description: `${model.vendor} · ${model.id}`, model })),
    { title: 'Which language model?', placeHolder: 'The text it writes will be labelled with this model.' },
  );
  return picked?.model;
}

/** Streams the model's answer with a cancellable progress notification. */
async function generate(model: vscode.LanguageModelChat, message: string): Promise<string | undefined> {
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Asking ${model.name}`, cancellable: true },
    async (progress, token) => {
      let text = '';
      try {
        const response = await model.sendRequest([vscode.LanguageModelChatMessage.User(message)], { justification: 'Draft screenplay text that will be labelled as AI in the provenance record.' }, token);
        for await (const fragment of response.text) {
          text += fragment;
          progress.report({ message: `${text.length} characters` });
        }
      } catch (error) {
        void vscode.window.showErrorMessage(`Fountain Provenance: ${model.name} did not answer: ${error instanceof Error ? error.message : String(error)}`);
        return undefined;
      }
      if (token.isCancellationRequested) return undefined;
      text = stripFences(text);
      if (text.trim().length === 0) {
        void vscode.window.showInformationMessage(`${model.name} returned no text; nothing was inserted.`);
        return undefined;
      }
      return text;
    },
  );
}

function stripFences(text: string): string {
  const fenced = /^\s*```[a-z]*\n([\s\S]*?)\n```\s*$/i.exec(text);
  return fenced ? fenced[1] : text;
}

/** Has the server insert generated text, so it is labelled AI at the moment it lands. */
async function insertGenerated(ctx: ProvenanceContext, editor: vscode.TextEditor, range: vscode.Range, text: string, model: vscode.LanguageModelChat, prompt: string): Promise<boolean> {
  const document = editor.document;
  const args: InsertGeneratedArgs = {
    uri: document.uri.toString(),
    range: { start: { line: range.start.line, character: range.start.character }, end: { line: range.end.line, character: range.end.character } },
    text,
    tool: aiTool,
    model: model.id,
    version: model.version,
    promptHash: promptHashOf(prompt),
  };
  const expectation = ctx.capture.expectOwnInsertion(document.uri, text);
  try {
    const result = await ctx.executeServerCommand<InsertGeneratedResult>(serverCommands.insertGenerated, args);
    if (!result?.applied) {
      void vscode.window.showErrorMessage(`Fountain Provenance: the AI text was not inserted${result?.failureReason ? `: ${result.failureReason}` : '.'}`);
      return false;
    }
    ctx.output.info(`Inserted ${text.length} characters from ${model.id} (${aiTool}).`);
    return true;
  } catch (error) {
    void vscode.window.showErrorMessage(`Fountain Provenance: the AI text was not inserted: ${error instanceof Error ? error.message : String(error)}`);
    return false;
  } finally {
    expectation.dispose();
  }
}
