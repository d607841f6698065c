import * as vscode from 'vscode';
import { randomBytes } from 'node:crypto';
import { commands as serverCommands, type ReportSummary } from '../../server/src/shared/protocol';
import type { Report } from '../../server/src/report/types';
import { escapeHtml, renderHtml } from '../../server/src/report/html';
import { renderMarkdown } from '../../server/src/report/markdown';
import { renderJson } from '../../server/src/report/json';
import type { ProvenanceContext } from './context';
import { activeScriptEditor } from './scriptRuns';
import { makeNonce, webviewHtml, type ExportFormat } from './reportWebview';

type ReportResult = Report | ReportSummary;

function isFullReport(result: ReportResult): result is Report {
  return (result as Report).format === 'fountain-provenance-report';
}

const extensions: Record<ExportFormat, { ext: string; filter: string }> = {
  markdown: { ext: 'md', filter: 'Markdown' },
  html: { ext: 'html', filter: 'HTML' },
  json: { ext: 'json', filter: 'JSON' },
};

/**
 * The credit disclosure report in a webview, built by the server's `fountainProvenance.report`
 * and rendered with the command line's own renderers; exports to Markdown, HTML and JSON.
 */
export class ReportPanel implements vscode.Disposable {
  private panel?: vscode.WebviewPanel;
  private shown?: { uri: vscode.Uri; result: ReportResult; html: string };
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly ctx: ProvenanceContext) {}

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
    const result = await this.fetch(target);
    if (!result) return false;
    if (!this.panel) {
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
        if (message.type === 'export' && message.format && message.format in extensions) void this.export(message.format);
      }, undefined, this.disposables);
    }
    const page = isFullReport(result) ? renderHtml(result) : summaryHtml(result);
    const html = webviewHtml(page, { cspSource: this.panel.webview.cspSource, nonce: makeNonce(randomBytes) });
    this.shown = { uri: target, result, html };
    this.panel.title = `Report: ${basename(target)}`;
    this.panel.webview.html = html;
    this.panel.reveal(undefined, true);
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
    const result = await this.fetch(uri);
    if (!result) return undefined;
    const { ext, filter } = extensions[chosen];
    const target =
      destination ??
      (await vscode.window.showSaveDialog({
        title: 'Export the credit disclosure report',
        defaultUri: uri.with({ path: uri.path.replace(/\.[^./]+$/, '') + `.report.${ext}` }),
        filters: { [filter]: [ext] },
      }));
    if (!target) return undefined;
    await vscode.workspace.fs.writeFile(target, Buffer.from(render(result, chosen), 'utf8'));
    this.ctx.output.info(`Report exported to ${target.fsPath || target.toString()}.`);
    return target;
  }

  private async fetch(uri: vscode.Uri): Promise<ReportResult | undefined> {
    try {
      const result = await this.ctx.executeServerCommand<ReportResult>(serverCommands.report, { uri: uri.toString() });
      if (!result) throw new Error('the server has no record of this script');
      return result;
    } catch (error) {
      void vscode.window.showErrorMessage(`Fountain Provenance: no report: ${error instanceof Error ? error.message : String(error)}`);
      return undefined;
    }
  }

  dispose(): void {
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

function render(result: ReportResult, format: ExportFormat): string {
  if (isFullReport(result)) {
    return format === 'markdown' ? renderMarkdown(result) : format === 'html' ? renderHtml(result) : renderJson(result);
  }
  if (format === 'json') return JSON.stringify(result, null, 2) + '\n';
  if (format === 'html') return summaryHtml(result);
  const lines = Object.entries(result.shares)
    .filter(([, n]) => n > 0)
    .map(([kind, n]) => `| ${kind} | ${n} |`);
  return `# Provenance summary\n\n${result.length} characters, ${result.runs} runs.\n\n| origin | characters |\n| --- | --- |\n${lines.join('\n')}\n`;
}

/** A plain page for servers that answer with the short summary instead of the full report. */
function summaryHtml(summary: ReportSummary): string {
  const rows = Object.entries(summary.shares)
    .filter(([, n]) => n > 0)
    .map(([kind, n]) => `<tr><td>${escapeHtml(kind)}</td><td>${n}</td></tr>`)
    .join('');
  return `<!doctype html><html><head><meta charset="utf-8"><title>Provenance summary</title></head><body><h1>Provenance summary</h1><p>${summary.length} characters in ${summary.runs} runs.</p><table><tr><th>origin</th><th>characters</th></tr>${rows}</table></body></html>`;
}

function basename(uri: vscode.Uri): string {
  return uri.path.split('/').pop() ?? uri.toString();
}
