import * as vscode from 'vscode';
import type { AttributeParams, NextChangeParams, RunsResult, SummaryResult } from '../../server/src/shared/protocol';
import { runsRequest } from '../../server/src/shared/protocol';
import { registerCommands } from './commands';
import { ProvenanceContext } from './context';
import { OriginDecorations } from './decorations';
import { ProvenanceView } from './provenanceView';
import { ReportPanel } from './reportPanel';
import { ScriptRuns } from './scriptRuns';
import { SharesStatusBar } from './statusBar';
import { ScriptSummaries } from './summaries';
import { askOnceForWriter } from './writerIdentity';
import { offerCliInTerminal } from './cliInTerminal';
import { openDocsAsPreview } from './rulePages';
import { isScript } from './scripts';
import { sendConfirmations, type SendConfirmation } from './aiDraft';

/** What `activate` returns: a read-only window on the extension's state, for tests and other extensions. */
export interface ProvenanceApi {
  /** Resolves when the language server is running (false when it failed). */
  whenReady(): Promise<boolean>;
  /** Asks the server for a script's runs now. */
  runs(uri: vscode.Uri): Promise<RunsResult | null>;
  /** The status bar item's text, or undefined while it is hidden. */
  statusBarText(): string | undefined;
  /** The Provenance view's items (label and description). */
  provenanceItems(): Array<{ label: string; description: string }>;
  /** The report webview, if one is open. */
  reportPanel(): { title: string; html: string; visible: boolean } | undefined;
  /** Attributions sent to the server so far. */
  attributions(): readonly AttributeParams[];
  /** Whether paste events are observed directly (else the clipboard is compared). */
  pasteEventsSupported(): boolean;
  /** How many copies or cuts in scripts were seen (their origins travel with them). */
  copiesSeen(): number;
  /** The ranges painted as AI, as pasted and as unknown origin in an editor. */
  decorations(editor: vscode.TextEditor): { ai: vscode.Range[]; pasted: vscode.Range[]; unknown: vscode.Range[] };
  /** The server's summary of a script as the views last received it. */
  summary(uri: vscode.Uri): SummaryResult | undefined;
  /** Asks the server for a script's summary now. */
  refreshSummary(uri: vscode.Uri): Promise<SummaryResult | undefined>;
  /** What the server was told about changes before they reached it (undo, redo, reload, fix). */
  changeTags(): readonly NextChangeParams[];
  /** The `fountain-provenance` launcher put on the integrated terminal's PATH (undefined if it could not be written). */
  cliLauncher(): Promise<string | undefined>;
  /** The "Send … to the model?" questions Draft and Rewrite with AI asked, with the answers (undefined while open). */
  sendConfirmations(): readonly SendConfirmation[];
}

let current: ProvenanceContext | undefined;

export function activate(extension: vscode.ExtensionContext): ProvenanceApi {
  const ctx = new ProvenanceContext(extension);
  current = ctx;
  extension.subscriptions.push(ctx);
  const summaries = ctx.own(new ScriptSummaries(ctx));
  const runs = ctx.own(new ScriptRuns(ctx, summaries));
  ctx.capture.runsLookup = (document) => runs.get(document.uri);
  const decorations = ctx.own(new OriginDecorations(runs));
  const statusBar = ctx.own(new SharesStatusBar(summaries));
  const view = ctx.own(new ProvenanceView(summaries));
  const report = ctx.own(new ReportPanel(ctx, summaries));
  ctx.own(vscode.window.registerTreeDataProvider(ProvenanceView.viewId, view));
  ctx.own(askOnceForWriter(summaries, extension.globalState));
  for (const d of registerCommands({ ctx, summaries, runs, view, report })) ctx.own(d);
  ctx.own(openDocsAsPreview(extension));
  void vscode.commands.executeCommand('setContext', 'fountainProvenance.active', true);
  // The walkthrough's first step completes once a script is open.
  const noteScript = (document: vscode.TextDocument): void => {
    if (isScript(document)) void vscode.commands.executeCommand('setContext', 'fountainProvenance.scriptOpened', true);
  };
  vscode.workspace.textDocuments.forEach(noteScript);
  ctx.own(vscode.workspace.onDidOpenTextDocument(noteScript));
  const cli = offerCliInTerminal(extension, (line) => ctx.output.warn(line));
  // In Restricted Mode the grammar works, but the server (which writes journals and keys) waits for trust.
  const ready = vscode.workspace.isTrusted
    ? ctx.start()
    : new Promise<Awaited<ReturnType<typeof ctx.start>>>((resolve) => {
        ctx.output.info('Restricted Mode: the language server starts once this workspace is trusted.');
        ctx.own(vscode.workspace.onDidGrantWorkspaceTrust(() => resolve(ctx.start())));
      });
  return {
    whenReady: async () => (await ready) !== undefined,
    runs: async (uri) => {
      const client = vscode.workspace.isTrusted ? await ctx.start() : undefined;
      return client ? client.sendRequest(runsRequest, { uri: uri.toString() }) : null;
    },
    statusBarText: () => statusBar.text,
    provenanceItems: () => view.entries().map(({ label, description }) => ({ label, description })),
    reportPanel: () => report.current,
    attributions: () => ctx.capture.sent,
    pasteEventsSupported: () => ctx.capture.pasteEventsSupported,
    copiesSeen: () => ctx.capture.copiesSeen,
    decorations: (editor) => decorations.painted(editor),
    summary: (uri) => summaries.get(uri),
    refreshSummary: (uri) => summaries.refresh(uri),
    changeTags: () => ctx.capture.tagged,
    cliLauncher: () => cli,
    sendConfirmations: () => sendConfirmations,
  };
}

export async function deactivate(): Promise<void> {
  const ctx = current;
  current = undefined;
  await ctx?.stop();
}
