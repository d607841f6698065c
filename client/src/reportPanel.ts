import * as vscode from 'vscode';
import { randomBytes } from 'node:crypto';
import { reportRequest, type ReportParams, type ReportResult } from '../../server/src/shared/protocol';
import type { ProvenanceContext } from './context';
import { activeScriptEditor, basename } from './scripts';
import type { ScriptSummaries } from './summaries';
import { makeNonce, webviewHtml, type ExportFormat } from './reportWebview';

const formats: Record<ExportFormat, { ext: string; filter: string; ask: keyof ReportParams & keyof ReportResult }> = {
  markdown: { ext: 'md', filter: 'Markdown', ask: 'markdown' },
  html: { ext: 'html', filter: 'HTML', ask: 'html' },
  json: { ext: 'json', filter: 'JSON', ask: 'json' },
};

/**
 * The credit disclosure report in a webview. The server builds and renders it
 * (`fountainProvenance/report`, the command line's own renderers); the panel only frames the
 * page under a strict Content Security Policy, keeps it current while it is open, and saves
 * the server's Markdown, HTML or JSON where the writer chooses.
 */
export class ReportPanel implements vscode.Disposable {
  private panel?: vscode.WebviewPanel;
  private shown?: { uri: vscode.Uri; version: number; html: string };
  private readonly disposables: vscode.Disposable[] = [];
  private refreshing?: ReturnType<typeof setTimeout>;

  constructor(
    private readonly ctx: ProvenanceContext,
    summaries: ScriptSummaries,
  ) {
    // The page follows the script: whenever its figures change, the report is asked for again.
    this.disposables.push(
      summaries.onDidChange((uri) => {
        if (!this.panel || this.shown?.uri.toString() !== uri.toString()) return;
        if (this.refreshing) clearTimeout(this.refreshing);
        this.refreshing = setTimeout(() => {
          this.refreshing = undefined;
          if (this.panel && this.shown) void this.render(this.shown.uri, false);
        }, 200);
      }),
    );
  }

  /** The page the panel shows now (for the tests). */
  get current(): { title: string; html: string; visible: boolean } | undefined {
    return this.panel && this.shown ? { title: this.panel.title, html: this.shown.html, visible: this.panel.visible } : undefined;
  }

  async show(uri?: vscode.Uri): Promise<boolean> {
    const target = uri ?? activeScriptEditor()?.document.uri ?? this.shown?.uri;
    if (!target) {
      void vscode.window.showInformationMessage('Open a Fountain script to see its credit disclosure report.');
      return false;
    }
    return this.render(target, true);
  }

  private async render(target: vscode.Uri, reveal: boolean): Promise<boolean> {
    const result = await this.fetch(target, { html: true }, reveal);
    if (!result?.html) {
      if (result && reveal) void vscode.window.showErrorMessage('Fountain Provenance: the language server sent the report without its HTML.');
      return false;
    }
    if (!this.panel) {
      if (!reveal) return false;
      this.panel = vscode.window.createWebviewPanel('fountainProvenance.report', 'Credit disclosure report', { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, {
        enableScripts: true,
        enableFindWidget: true,
        localResourceRoots: [],
      });
      this.panel.onDidDispose(() => {
        this.panel = undefined;
        this.shown = undefined;
      }, undefined, this.disposables);
      this.panel.webview.onDidReceiveMessage((message: { type?: string; format?: ExportFormat }) => {
        if (message.type === 'export' && message.format && message.format in formats) void this.export(message.format);
      }, undefined, this.disposables);
    }
    const html = webviewHtml(result.html, { cspSource: this.panel.webview.cspSource, nonce: makeNonce(randomBytes) });
    this.shown = { uri: target, version: result.version, html };
    this.panel.title = `Report: ${basename(target)}`;
    this.panel.webview.html = html;
    if (reveal) this.panel.reveal(undefined, true);
    return true;
  }

  /** Saves the report (the one shown, or the active script's) where the writer chooses. */
  async export(format?: ExportFormat, destination?: vscode.Uri): Promise<vscode.Uri | undefined> {
    const chosen = format ?? (await pickFormat());
    if (!chosen) return undefined;
    const uri = activeScriptEditor()?.document.uri ?? this.shown?.uri;
    if (!uri) {
      void vscode.window.showInformationMessage('Open a Fountain script to export its report.');
      return undefined;
    }
    const { ext, filter, ask } = formats[chosen];
    const result = await this.fetch(uri, { [ask]: true }, true);
    if (!result) return undefined;
    const content = result[ask];
    if (typeof content !== 'string') {
      void vscode.window.showErrorMessage(`Fountain Provenance: the language server sent no ${filter} rendering of the report.`);
      return undefined;
    }
    const target =
      destination ??
      (await vscode.window.showSaveDialog({
        title: 'Export the credit disclosure report',
        defaultUri: uri.with({ path: uri.path.replace(/\.[^./]+$/, '') + `.report.${ext}` }),
        filters: { [filter]: [ext] },
      }));
    if (!target) return undefined;
    await vscode.workspace.fs.writeFile(target, Buffer.from(content, 'utf8'));
    this.ctx.output.info(`Report exported to ${target.fsPath || target.toString()}.`);
    return target;
  }

  private async fetch(uri: vscode.Uri, what: Partial<ReportParams>, loud: boolean): Promise<ReportResult | undefined> {
    try {
      const client = await this.ctx.start();
      if (!client) throw new Error('the Fountain Provenance language server is not running (see the output channel)');
      const result = await client.sendRequest(reportRequest, { uri: uri.toString(), ...what });
      if (!result) throw new Error('the server has no record of this script (is it open?)');
      return result;
    } catch (error) {
      if (loud) void vscode.window.showErrorMessage(`Fountain Provenance: no report: ${error instanceof Error ? error.message : String(error)}`);
      else this.ctx.output.warn(`report refresh failed: ${String(error)}`);
      return undefined;
    }
  }

  dispose(): void {
    if (this.refreshing) clearTimeout(this.refreshing);
    this.panel?.dispose();
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}

async function pickFormat(): Promise<ExportFormat | undefined> {
  const picked = await vscode.window.showQuickPick(
    [
      { label: 'Markdown', format: 'markdown' as const },
      { label: 'HTML', format: 'html' as const },
      { label: 'JSON', format: 'json' as const },
    ],
    { title: 'Export the credit disclosure report as' },
  );
  return picked?.format;
}
