import * as vscode from 'vscode';
import { commands as serverCommands, summaryRequest, type InsertGeneratedArgs, type InsertGeneratedResult } from '../../server/src/shared/protocol';
import type { ProvenanceContext } from './context';
import { activeScriptEditor } from './scripts';
import { promptHashOf } from './promptHash';
import { count, draftContextLimit, excerptBefore, lessChoices, planSend, type LessChoice, type SceneSpan, type SendPlan } from './sendPlan';

/** Optional arguments, so the commands can run without their prompts (tests, keybindings). */
export interface AiCommandArgs {
  prompt?: string;
  /** A model id from `vscode.lm.selectChatModels`. */
  model?: string;
  /**
   * The writer's answer to "Send … to the model?", given in advance (tests, a front end that
   * showed the same question): `send` sends, `cancel` sends nothing. Without it the writer is
   * asked, unless `fountainProvenance.confirmBeforeSending` is false.
   */
  confirm?: 'send' | 'cancel';
  /** Draft: at most this many characters of the script before the cursor go with the prompt (default 3,000; 0: none). */
  context?: number;
}

/** The setting that asks the writer before any text leaves the editor (application scope: a workspace cannot turn it off). */
export const confirmSetting = 'confirmBeforeSending';

/** A "Send … ?" question as it was put to the writer, and the answer (undefined while open). For tests and the API. */
export interface SendConfirmation {
  job: 'draft' | 'rewrite';
  message: string;
  characters: number;
  sent: SendPlan['sent'];
  answer?: 'send' | 'send-always' | 'less' | 'cancel';
}

/** The questions asked in this session, in order (the last 200; the extension's API shows them to tests). */
export const sendConfirmations: SendConfirmation[] = [];

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
  const confirmed = await planAndConfirm(ctx, editor, model, 'draft', args);
  if (!confirmed) return false;
  const before = confirmed.plan.excerpts[0]?.text ?? '';
  const message = before ? `${instructions}\n\nThe script so far ends with:\n${before}\n\nDraft: ${prompt}` : `${instructions}\n\nDraft: ${prompt}`;
  const text = await generate(model, message);
  if (text === undefined) return false;
  return insertGenerated(ctx, editor, confirmed.target, text, model, prompt, confirmed.plan);
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
  const confirmed = await planAndConfirm(ctx, editor, model, 'rewrite', args);
  if (!confirmed) return false;
  const passage = confirmed.plan.excerpts[0]?.text ?? '';
  const message = `${instructions}\n\nRewrite this passage:\n${passage}\n\nHow: ${prompt}`;
  const text = await generate(model, message);
  if (text === undefined) return false;
  return insertGenerated(ctx, editor, confirmed.target, text, model, prompt, confirmed.plan);
}

/**
 * Works out what the command will send (the text before the cursor for a draft, the selection
 * for a rewrite), puts it to the writer, and returns the plan as confirmed with the range the
 * answer replaces. What is returned is exactly what was shown; if the script changed while the
 * writer decided, the question is asked again for the new text.
 */
async function planAndConfirm(
  ctx: ProvenanceContext,
  editor: vscode.TextEditor,
  model: vscode.LanguageModelChat,
  job: 'draft' | 'rewrite',
  args: AiCommandArgs,
): Promise<{ plan: SendPlan; target: vscode.Range } | undefined> {
  let limit = typeof args.context === 'number' && args.context >= 0 ? args.context : draftContextLimit;
  for (;;) {
    const document = editor.document;
    const version = document.version;
    const text = document.getText();
    const target = job === 'draft' ? new vscode.Range(editor.selection.active, editor.selection.active) : new vscode.Range(editor.selection.start, editor.selection.end);
    if (job === 'rewrite' && target.isEmpty) {
      void vscode.window.showInformationMessage('Select the text of a Fountain script to rewrite with AI.');
      return undefined;
    }
    const cursor = document.offsetAt(target.end);
    const range = job === 'draft' ? excerptBefore(text, cursor, limit) : { start: document.offsetAt(target.start), end: cursor };
    const scenes = await scenesFor(ctx, document);
    const plan = planSend(text, [range], scenes, { id: model.id, vendor: model.vendor });
    const ask = args.confirm === undefined && vscode.workspace.getConfiguration('fountainProvenance').get<boolean>(confirmSetting, true);
    if (!ask) {
      if (args.confirm === 'cancel') return undefined;
      return { plan, target };
    }
    const asked: SendConfirmation = { job, message: plan.message, characters: plan.characters, sent: plan.sent };
    sendConfirmations.push(asked);
    if (sendConfirmations.length > 200) sendConfirmations.splice(0, sendConfirmations.length - 200);
    const less = job === 'draft' ? lessChoices(text, cursor, range, scenes) : [];
    const answer = await askToSend(plan, job, model, less.length > 0);
    asked.answer = answer;
    if (answer === 'cancel') {
      ctx.output.info(`Nothing sent to ${model.id}: the writer cancelled (${plan.message})`);
      return undefined;
    }
    if (answer === 'less') {
      // Back to the question with the smaller excerpt (Escape here asks again with the same one).
      limit = (await pickLess(less)) ?? range.end - range.start;
      continue;
    }
    if (answer === 'send-always') await vscode.workspace.getConfiguration('fountainProvenance').update(confirmSetting, false, vscode.ConfigurationTarget.Global);
    // Shown for one text, sent for another? Ask again.
    if (document.version !== version || editor.document !== document) continue;
    return { plan, target };
  }
}

/** The scenes of the script as the server's summary gives them (labels: scene number, else position from 1). */
async function scenesFor(ctx: ProvenanceContext, document: vscode.TextDocument): Promise<SceneSpan[]> {
  const client = ctx.runningClient;
  if (!client) return [];
  try {
    const summary = await client.sendRequest(summaryRequest, { uri: document.uri.toString() });
    if (!summary || summary.version !== document.version) return [];
    return summary.scenes.map((s) => ({
      label: s.sceneNumber ?? String(s.index + 1),
      start: document.offsetAt(new vscode.Position(s.range.start.line, s.range.start.character)),
      end: document.offsetAt(new vscode.Position(s.range.end.line, s.range.end.character)),
    }));
  } catch {
    return [];
  }
}

type SendAnswer = 'send' | 'send-always' | 'less' | 'cancel';

/** The question itself: a quick pick titled with the plan's sentence (Escape cancels; nothing is sent until Send). */
async function askToSend(plan: SendPlan, job: 'draft' | 'rewrite', model: vscode.LanguageModelChat, canSendLess: boolean): Promise<SendAnswer> {
  type Item = vscode.QuickPickItem & { answer: SendAnswer };
  const where = [plan.scenes, plan.lines].filter(Boolean).join(', ');
  const items: Item[] = [
    {
      label: '$(cloud-upload) Send',
      description: plan.characters === 0 ? 'only your instruction' : `${count(plan.characters)} characters${where ? `: ${where}` : ''}`,
      detail: `With your instruction. The record keeps each excerpt's hash, not its text.`,
      answer: 'send',
    },
  ];
  if (canSendLess) items.push({ label: '$(fold-down) Send less\u2026', description: 'a smaller part of the script', answer: 'less' });
  items.push(
    { label: '$(check-all) Send, and do not ask again', description: 'turns off fountainProvenance.confirmBeforeSending', answer: 'send-always' },
    { label: '$(close) Cancel', description: 'nothing is sent', answer: 'cancel' },
  );
  const picked = await pickOne(items, plan.message, job === 'draft' ? 'Draft with AI: this is what leaves the editor' : 'Rewrite with AI: this is what leaves the editor');
  return picked?.answer ?? 'cancel';
}

/** "Send less": the smaller excerpts to choose from; resolves with the chosen one's size in characters. */
async function pickLess(less: LessChoice[]): Promise<number | undefined> {
  const picked = await pickOne(
    less.map((c) => ({ label: c.label, description: c.characters === 0 ? 'nothing of the script' : `${count(c.characters)} characters: ${c.where}`, characters: c.characters })),
    'Send less of the script',
    'Which part of the script should go with your instruction?',
  );
  return picked?.characters;
}

/** A quick pick that stays open when focus moves away, resolving with the accepted item (undefined when dismissed). */
function pickOne<T extends vscode.QuickPickItem>(items: T[], title: string, placeholder: string): Promise<T | undefined> {
  return new Promise((resolve) => {
    const pick = vscode.window.createQuickPick<T>();
    pick.title = title;
    pick.placeholder = placeholder;
    pick.items = items;
    pick.ignoreFocusOut = true;
    pick.matchOnDescription = true;
    let done = false;
    const finish = (value: T | undefined): void => {
      if (done) return;
      done = true;
      resolve(value);
      pick.dispose();
    };
    pick.onDidAccept(() => finish(pick.activeItems[0] ?? pick.selectedItems[0]));
    pick.onDidHide(() => finish(undefined));
    pick.show();
  });
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
async function insertGenerated(ctx: ProvenanceContext, editor: vscode.TextEditor, range: vscode.Range, text: string, model: vscode.LanguageModelChat, prompt: string, plan: SendPlan): Promise<boolean> {
  const document = editor.document;
  const args: InsertGeneratedArgs = {
    uri: document.uri.toString(),
    range: { start: { line: range.start.line, character: range.start.character }, end: { line: range.end.line, character: range.end.character } },
    text,
    tool: aiTool,
    model: model.id,
    vendor: model.vendor,
    version: model.version,
    promptHash: promptHashOf(prompt),
    // What went to the vendor, as the writer confirmed it: journaled as an `egress` event.
    sent: plan.sent,
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
