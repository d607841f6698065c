/**
 * The extension's tests in a real VS Code extension host: a script in a temporary workspace,
 * typing, a paste through the clipboard, undo and redo, Draft with AI against a fake language
 * model, a diagnostic and its quick fix, the status bar, the Provenance view and the report.
 * Bundled by test/vscode/run.mjs; `run()` is what VS Code calls.
 */
import * as vscode from 'vscode';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ProvenanceApi } from '../../../client/src/extension';
import type { OriginRunInfo, RunsResult } from '../../../server/src/shared/protocol';
import { log, runCases, test, waitFor } from './harness';
import { registerEverydayCases } from './everyday';
import { registerGuildCases } from './guild';

const extensionId = 'fountain-provenance.fountain-provenance';
const fakeModelExtensionId = 'fountain-provenance-test.fake-model';

let api: ProvenanceApi;
let editor: vscode.TextEditor;
let fakeModel: { vendor: string; model: { id: string }; reply: string; requests: string[] };

function workspaceDir(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('the tests need a workspace folder');
  return folder.uri.fsPath;
}

async function runsNow(): Promise<RunsResult> {
  const result = await api.runs(editor.document.uri);
  if (!result) throw new Error('fountainProvenance/runs answered null');
  return result;
}

/** The runs overlapping [start, end) of the current text. */
function overlapping(result: RunsResult, start: number, end: number): OriginRunInfo[] {
  const d = editor.document;
  return result.runs.filter((r) => d.offsetAt(new vscode.Position(r.start.line, r.start.character)) < end && d.offsetAt(new vscode.Position(r.end.line, r.end.character)) > start);
}

/** Waits until every character of [start, end) has an origin of `kind`. */
async function waitForKind(what: string, start: number, end: number, kind: string, extra?: (run: OriginRunInfo) => boolean): Promise<OriginRunInfo[]> {
  return waitFor(what, async () => {
    const result = await runsNow();
    if (result.version !== editor.document.version) return undefined;
    const runs = overlapping(result, start, end);
    return runs.length > 0 && runs.every((r) => r.kind === kind && (!extra || extra(r))) ? runs : undefined;
  });
}

async function moveToEnd(): Promise<number> {
  const d = editor.document;
  const end = d.positionAt(d.getText().length);
  editor.selection = new vscode.Selection(end, end);
  return d.getText().length;
}

test('activates on a Fountain script and starts the language server', async () => {
  const uri = vscode.Uri.file(join(workspaceDir(), 'act1.fountain'));
  const document = await vscode.workspace.openTextDocument(uri);
  editor = await vscode.window.showTextDocument(document);
  const extension = vscode.extensions.getExtension<ProvenanceApi>(extensionId);
  if (!extension) {
    const ids = vscode.extensions.all.filter((e) => !e.id.startsWith('vscode.')).map((e) => e.id);
    throw new Error(`${extensionId} is not installed (extensions: ${ids.join(', ')})`);
  }
  api = await extension.activate();
  if (!(await api.whenReady())) throw new Error('the language server did not start');
  const result = await waitFor('the first runs', async () => (await api.runs(document.uri)) ?? undefined);
  if (result.runs.length === 0) throw new Error('no runs for a non-empty script');
});

test('typing is the writer\u2019s and sends no attribution', async () => {
  const before = api.attributions().length;
  const start = await moveToEnd();
  for (const ch of '\nShe waits.') await vscode.commands.executeCommand('type', { text: ch });
  const end = editor.document.getText().length;
  if (!editor.document.getText().endsWith('\nShe waits.')) throw new Error('typed text is not in the document');
  await waitForKind('typed text labelled human', start + 1, end, 'human');
  if (api.attributions().length !== before) throw new Error(`typing sent ${api.attributions().length - before} attribution(s)`);
});

const pasted = 'INT. LAMP ROOM - LATER\n\nThe keeper winds the clockwork by hand.';

test('a paste through the clipboard is labelled pasted', async () => {
  await vscode.env.clipboard.writeText(pasted);
  const start = (await moveToEnd()) + 2;
  await vscode.commands.executeCommand('type', { text: '\n' });
  await vscode.commands.executeCommand('type', { text: '\n' });
  await vscode.commands.executeCommand('editor.action.clipboardPasteAction');
  await waitFor('the pasted text in the document', () => editor.document.getText().endsWith(pasted));
  await waitForKind('pasted text labelled pasted', start, start + pasted.length, 'pasted');
  const sent = api.attributions().at(-1);
  if (sent?.ranges[0]?.origin.kind !== 'pasted') throw new Error(`last attribution was ${JSON.stringify(sent)}`);
  log(`paste seen through ${api.pasteEventsSupported() ? 'paste events' : 'the clipboard comparison'}`);
});

test('undo and redo send no label of their own and keep the paste a paste', async () => {
  const before = api.attributions().length;
  await vscode.commands.executeCommand('undo');
  await waitFor('the paste undone', () => !editor.document.getText().includes(pasted));
  await vscode.commands.executeCommand('redo');
  await waitFor('the paste redone', () => editor.document.getText().endsWith(pasted));
  const start = editor.document.getText().length - pasted.length;
  await waitForKind('redone text labelled pasted again', start, start + pasted.length, 'pasted');
  if (api.attributions().length !== before) throw new Error('undo or redo sent an attribution');
});

test('Draft with AI inserts the model\u2019s text labelled with that model and the prompt\u2019s hash', async () => {
  const fake = vscode.extensions.getExtension(fakeModelExtensionId);
  if (!fake) throw new Error(`${fakeModelExtensionId} is not loaded`);
  fakeModel = await fake.activate();
  const models = await waitFor('the fake model', async () => {
    const found = await vscode.lm.selectChatModels({ vendor: fakeModel.vendor });
    return found.length > 0 ? found : undefined;
  });
  log(`models: ${models.map((m) => m.id).join(', ')}`);
  const start = (await moveToEnd()) + 2;
  await vscode.commands.executeCommand('type', { text: '\n' });
  await vscode.commands.executeCommand('type', { text: '\n' });
  const prompt = 'the keeper answers the radio';
  const sentBefore = api.attributions().length;
  const inserted = await vscode.commands.executeCommand<boolean>('fountainProvenance.draftWithAI', { prompt, model: fakeModel.model.id, confirm: 'send' });
  if (inserted !== true) throw new Error('draftWithAI reported nothing inserted');
  if (api.attributions().length !== sentBefore) throw new Error('our own insertion was attributed by the client as well');
  if (!editor.document.getText().endsWith(fakeModel.reply)) throw new Error('the model\u2019s reply is not at the cursor');
  if (!fakeModel.requests.at(-1)?.includes(prompt)) throw new Error('the prompt did not reach the model');
  const hash = createHash('sha256').update(prompt).digest('hex');
  const runs = await waitForKind('drafted text labelled AI', start, start + fakeModel.reply.length, 'ai', (r) => {
    const o = r.origin as { model?: string; promptHash?: string };
    return o.model === fakeModel.model.id && o.promptHash === hash;
  });
  log(`AI run label: ${runs[0].label}`);
  await waitFor('an AI mark in the editor', () => api.decorations(editor).ai.length > 0);
});

test('AI text copied and pasted inside the script stays AI', async () => {
  const text = editor.document.getText();
  const from = text.lastIndexOf(fakeModel.reply);
  editor.selection = new vscode.Selection(editor.document.positionAt(from), editor.document.positionAt(from + fakeModel.reply.length));
  await vscode.window.showTextDocument(editor.document, { preserveFocus: false, selection: editor.selection });
  await vscode.commands.executeCommand('workbench.action.focusActiveEditorGroup');
  // A browser workbench copies and pastes document data only on real keystrokes, which the
  // launcher presses on request; a desktop VS Code runs the commands.
  const web = vscode.env.uiKind === vscode.UIKind.Web;
  const copiesBefore = api.copiesSeen();
  if (web) log('driver: copy');
  else await vscode.commands.executeCommand('editor.action.clipboardCopyAction');
  await waitFor('the copy seen', () => api.copiesSeen() > copiesBefore);
  const start = (await moveToEnd()) + 1;
  await vscode.commands.executeCommand('type', { text: '\n' });
  if (web) log('driver: paste');
  else await vscode.commands.executeCommand('editor.action.clipboardPasteAction');
  await waitFor('the copy pasted', () => editor.document.getText().length === start + fakeModel.reply.length).catch((error: Error) => {
    throw new Error(`${error.message}; the script ends with ${JSON.stringify(editor.document.getText().slice(start - 20))}`);
  });
  await waitForKind('the pasted copy labelled AI with its model', start, start + fakeModel.reply.length, 'ai', (r) => (r.origin as { model?: string }).model === fakeModel.model.id);
});

test('Rewrite selection with AI replaces the selection with labelled text', async () => {
  const text = editor.document.getText();
  const from = text.indexOf('Wind. A torch beam bobs up the path.');
  editor.selection = new vscode.Selection(editor.document.positionAt(from), editor.document.positionAt(from + 'Wind. A torch beam bobs up the path.'.length));
  const done = await vscode.commands.executeCommand<boolean>('fountainProvenance.rewriteWithAI', { prompt: 'make it colder', model: fakeModel.model.id, confirm: 'send' });
  if (done !== true) throw new Error('rewriteWithAI reported nothing inserted');
  const now = editor.document.getText();
  if (now.includes('Wind. A torch beam bobs up the path.') || now.indexOf(fakeModel.reply) !== from) throw new Error('the selection was not replaced by the rewrite');
  await waitForKind('the rewrite labelled AI', from, from + fakeModel.reply.length, 'ai', (r) => (r.origin as { model?: string }).model === fakeModel.model.id);
});

test('origin marks can be switched off and on', async () => {
  await waitFor('AI marks', () => api.decorations(editor).ai.length > 0);
  await vscode.commands.executeCommand('fountainProvenance.toggleDecorations');
  await waitFor('no marks', () => api.decorations(editor).ai.length === 0);
  await vscode.commands.executeCommand('fountainProvenance.toggleDecorations');
  await waitFor('marks again', () => api.decorations(editor).ai.length > 0);
});

test('with no such model, Draft with AI says so and changes nothing', async () => {
  const text = editor.document.getText();
  const inserted = await vscode.commands.executeCommand<boolean>('fountainProvenance.draftWithAI', { prompt: 'anything', model: 'no-such-model' });
  if (inserted !== false) throw new Error('draftWithAI claimed an insertion');
  if (editor.document.getText() !== text) throw new Error('the document changed');
});

const inserted = 'A CHORUS OF FOGHORNS answers from the bay, long and low, three times over.';

test('text from elsewhere gets a diagnostic whose quick fix attests it', async () => {
  const start = (await moveToEnd()) + 2;
  // An edit no keystroke, paste or command of ours made: what another extension would do.
  await editor.edit((b) => b.insert(editor.document.positionAt(start - 2), `\n\n${inserted}`));
  await waitForKind('the insertion labelled unattributed', start, start + inserted.length, 'unattributed');
  await waitFor('an unknown-origin mark in the editor', () => api.decorations(editor).unknown.length > 0);
  const diagnostic = await waitFor('a provenance.unattributed diagnostic', () =>
    vscode.languages.getDiagnostics(editor.document.uri).find((d) => codeOf(d) === 'provenance.unattributed' && d.range.contains(editor.document.positionAt(start + 5))),
  );
  log(`diagnostic: ${diagnostic.message}`);
  const actions = await waitFor('quick fixes', async () => {
    const found = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', editor.document.uri, diagnostic.range, vscode.CodeActionKind.QuickFix.value);
    return found && found.length > 0 ? found : undefined;
  });
  log(`quick fixes: ${actions.map((a) => a.title).join(' | ')}`);
  const fix = actions.find((a) => /own|human|wrote/i.test(a.title)) ?? actions[0];
  if (fix.edit) await vscode.workspace.applyEdit(fix.edit);
  if (fix.command) await vscode.commands.executeCommand(fix.command.command, ...(fix.command.arguments ?? []));
  await waitForKind('the attested text labelled human', start, start + inserted.length, 'human');
  await waitFor('the diagnostic gone', () =>
    !vscode.languages.getDiagnostics(editor.document.uri).some((d) => codeOf(d) === 'provenance.unattributed' && d.range.contains(editor.document.positionAt(start + 5))),
  );
});

test('marking a selection as AI-assisted labels it with the model named', async () => {
  const text = editor.document.getText();
  const at = text.indexOf('Rain against the glass.');
  editor.selection = new vscode.Selection(editor.document.positionAt(at), editor.document.positionAt(at + 'Rain against the glass.'.length));
  const done = await vscode.commands.executeCommand<boolean>('fountainProvenance.markAiAssisted', { model: 'gpt-4o' });
  if (done !== true) throw new Error('markAiAssisted failed');
  await waitForKind('attested AI text', at, at + 'Rain against the glass.'.length, 'ai', (r) => (r.origin as { model?: string }).model === 'gpt-4o');
});

test('the status bar shows the script\u2019s shares', async () => {
  const text = await waitFor('status bar text with an AI share', () => {
    const t = api.statusBarText();
    return t && /AI [\d.<>]+%/.test(t) ? t : undefined;
  });
  log(`status bar: ${text}`);
});

test('the Provenance view lists the scenes with their shares', async () => {
  await vscode.commands.executeCommand('workbench.view.explorer');
  let last: Array<{ label: string; description: string }> = [];
  const items = await waitFor('scene items with shares', () => {
    const found = (last = api.provenanceItems());
    return found.length >= 3 && found.every((i) => /%/.test(i.description)) ? found : undefined;
  }).catch((error: Error) => {
    throw new Error(`${error.message}; the view showed ${JSON.stringify(last)}`);
  });
  log(`view: ${items.map((i) => `${i.label} [${i.description}]`).join('; ')}`);
  const labels = items.map((i) => i.label);
  for (const expected of ['INT. LIGHTHOUSE - NIGHT', 'EXT. CLIFF PATH - CONTINUOUS', 'INT. LAMP ROOM - LATER']) {
    if (!labels.some((l) => l.includes(expected))) throw new Error(`no item for ${expected} in ${labels.join(', ')}`);
  }
  const lampRoom = items.find((i) => i.label.includes('LAMP ROOM'));
  if (!lampRoom || !/AI/.test(lampRoom.description)) throw new Error(`the scene with the drafted text shows no AI share: ${lampRoom?.description}`);
});

test('the report opens in a webview under a strict policy and exports', async () => {
  const shown = await vscode.commands.executeCommand<boolean>('fountainProvenance.showReport', editor.document.uri);
  if (shown !== true) throw new Error('showReport failed');
  const panel = await waitFor('the report panel', () => api.reportPanel());
  if (!/Content-Security-Policy/.test(panel.html) || !/default-src 'none'/.test(panel.html)) throw new Error('no strict policy in the page');
  if (/<script(?![^>]*nonce=)[^>]*>/.test(panel.html.replace(/<script>[\s\S]*?<\/script>/g, ''))) throw new Error('a script without a nonce');
  if (!/fake-screenwriter-1/.test(panel.html)) throw new Error('the report does not name the model');
  log(`report panel: ${panel.title}, ${panel.html.length} characters`);
  for (const format of ['json', 'markdown', 'html'] as const) {
    const target = vscode.Uri.file(join(workspaceDir(), `act1.report.${format === 'markdown' ? 'md' : format}`));
    const written = await vscode.commands.executeCommand<vscode.Uri | undefined>('fountainProvenance.exportReport', format, target);
    if (!written || !existsSync(target.fsPath)) throw new Error(`no ${format} export`);
    const content = readFileSync(target.fsPath, 'utf8');
    if (format === 'json' && JSON.parse(content).format !== 'fountain-provenance-report') throw new Error('the JSON export is not a report');
    if (!content.includes('fake-screenwriter-1')) throw new Error(`the ${format} export does not name the model`);
  }
});

function codeOf(d: vscode.Diagnostic): string | undefined {
  const c = d.code;
  return typeof c === 'object' && c !== null ? String(c.value) : c === undefined ? undefined : String(c);
}

registerEverydayCases();
registerGuildCases();

export function run(): Promise<void> {
  return runCases();
}
