/**
 * Restricted Mode in a real VS Code (issue 12, onboarding): the workspace opened untrusted
 * (the launcher with FP_VSCODE_UNTRUSTED=1: workspace trust on, no prompt). The Fountain
 * grammar still colours the script, the commands and views that only read still answer, and
 * the language server (which writes journals and keys) does not start: no process, no runs,
 * no sidecar written. Bundled and run by test/vscode/run.mjs after the main suite.
 */
import * as vscode from 'vscode';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ProvenanceApi } from '../../../client/src/extension';
import { log, runCases, test, waitFor } from './harness';

const extensionId = 'fountain-provenance.fountain-provenance';

function workspaceDir(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('the tests need a workspace folder');
  return folder.uri.fsPath;
}

/**
 * Command lines of the language server bundles this extension host started: its descendant
 * processes only (other VS Code windows and tests on the machine run their own).
 */
function serverProcesses(extensionPath: string): string[] {
  const rows = execFileSync('ps', ['-eo', 'pid=,ppid=,args='], { encoding: 'utf8' })
    .split('\n')
    .map((line) => /^\s*(\d+)\s+(\d+)\s+(.*)$/.exec(line))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ pid: Number(m[1]), ppid: Number(m[2]), args: m[3] }));
  const ours = new Set([process.pid]);
  for (let grown = true; grown; ) {
    grown = false;
    for (const r of rows) {
      if (ours.has(r.ppid) && !ours.has(r.pid)) {
        ours.add(r.pid);
        grown = true;
      }
    }
  }
  return rows.filter((r) => ours.has(r.pid) && r.args.includes(join(extensionPath, 'dist', 'server.js'))).map((r) => r.args);
}

let api: ProvenanceApi;
let document: vscode.TextDocument;

test('the workspace is untrusted (Restricted Mode)', () => {
  if (vscode.workspace.isTrusted) throw new Error('the workspace is trusted: the launcher did not open it in Restricted Mode');
});

test('the extension activates with limited support and the Fountain grammar colours the script', async () => {
  const uri = vscode.Uri.file(join(workspaceDir(), 'act1.fountain'));
  document = await vscode.workspace.openTextDocument(uri);
  await vscode.window.showTextDocument(document);
  if (document.languageId !== 'fountain') throw new Error(`language ${document.languageId}`);
  const extension = vscode.extensions.getExtension<ProvenanceApi>(extensionId);
  if (!extension) throw new Error(`${extensionId} is not installed`);
  api = await extension.activate();
  // What the editor shows, read by the launcher from the page: a scene heading coloured apart from action.
  const web = vscode.env.uiKind === vscode.UIKind.Web;
  if (!web) return log('not a browser workbench: the colours are not read');
  const file = join(tmpdir(), `fp-colours-${process.pid}-${Date.now()}.json`);
  const lines = await waitFor('the editor\u2019s colours from the launcher', async () => {
    if (!existsSync(file)) {
      log(`driver: colours ${file}`);
      await new Promise((ok) => setTimeout(ok, 1500));
      return undefined;
    }
    return JSON.parse(readFileSync(file, 'utf8')) as Array<Array<{ text: string; colour: string }>>;
  }, 40_000);
  // The editor renders spaces as no-break spaces.
  const spans = lines.flat().map((t) => ({ ...t, text: t.text.replace(/\u00a0/g, ' ') }));
  const heading = spans.find((t) => t.text.includes('LIGHTHOUSE'));
  const action = spans.find((t) => t.text.includes('The lamp room'));
  if (!heading || !action) throw new Error(`the script is not on screen: ${JSON.stringify(lines).slice(0, 400)}`);
  if (heading.colour === action.colour) throw new Error(`the scene heading has the action's colour (${heading.colour}): no grammar`);
  log(`scene heading ${heading.colour}, action ${action.colour}`);
}, 60_000);

test('the language server does not start: no process, no runs, no sidecar written', async () => {
  const extension = vscode.extensions.getExtension(extensionId)!;
  const started = await Promise.race([api.whenReady(), new Promise<'waiting'>((ok) => setTimeout(() => ok('waiting'), 5_000))]);
  if (started !== 'waiting') throw new Error(`whenReady() settled (${String(started)}) in Restricted Mode`);
  if ((await api.runs(document.uri)) !== null) throw new Error('runs answered in Restricted Mode');
  const running = serverProcesses(extension.extensionPath);
  if (running.length > 0) throw new Error(`a language server runs: ${running.join(' | ')}`);
  await vscode.window.activeTextEditor!.edit((b) => b.insert(new vscode.Position(0, 0), 'x'));
  await new Promise((ok) => setTimeout(ok, 1500));
  if (existsSync(`${document.uri.fsPath}.provenance`)) throw new Error('a sidecar was written in Restricted Mode');
  await vscode.commands.executeCommand('undo');
});

test('read-only contributions still answer: the rule pages open as Markdown previews, the view lists no figures it cannot know', async () => {
  const extension = vscode.extensions.getExtension(extensionId)!;
  const page = vscode.Uri.file(join(extension.extensionPath, 'docs', 'rules', 'usco.unrevised-ai.md'));
  await vscode.commands.executeCommand('vscode.open', page);
  await waitFor('the rule page as a Markdown preview', () =>
    vscode.window.tabGroups.all.flatMap((g) => g.tabs).some((t) => t.input instanceof vscode.TabInputWebview && /markdown/i.test(t.input.viewType)),
  60_000);
  const items = api.provenanceItems();
  if (items.some((i) => /%/.test(i.description))) throw new Error(`the view shows figures without a server: ${JSON.stringify(items)}`);
  log(`view items in Restricted Mode: ${JSON.stringify(items)}; status bar: ${api.statusBarText() ?? '(none)'}`);
});

export function run(): Promise<void> {
  return runCases();
}
