import * as vscode from 'vscode';
import { activeScriptEditor } from './scripts';
import type { ScriptSummaries } from './summaries';

/**
 * The active script's shares at a glance, in the server's words (the summary's label); a
 * click opens the credit disclosure report. Until the writer has a name it says so instead,
 * and a click asks for it.
 */
export class SharesStatusBar implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  private readonly disposables: vscode.Disposable[] = [];
  private visible = false;

  constructor(private readonly summaries: ScriptSummaries) {
    this.item = vscode.window.createStatusBarItem('fountainProvenance.shares', vscode.StatusBarAlignment.Right, 100);
    this.item.name = 'Fountain Provenance shares';
    this.disposables.push(
      this.item,
      summaries.onDidChange(() => this.update()),
      vscode.window.onDidChangeActiveTextEditor(() => this.update()),
    );
    this.update();
  }

  /** What the item says now (undefined while hidden). */
  get text(): string | undefined {
    return this.visible ? this.item.text : undefined;
  }

  update(): void {
    const editor = activeScriptEditor();
    const summary = editor && this.summaries.get(editor.document.uri);
    if (!editor || !summary) {
      this.item.hide();
      this.visible = false;
      return;
    }
    if (!summary.writer) {
      this.item.text = `$(account) Writer not set · ${summary.label.short}`;
      this.item.tooltip = new vscode.MarkdownString(
        `**Your name is not set.** Your typing is recorded without a writer's name until you set it.\n\nClick to set it (the \`fountainProvenance.writer\` setting).\n\n${summary.label.long}`,
      );
      this.item.command = 'fountainProvenance.setWriter';
      this.item.backgroundColor = new vscode.ThemeColor('statusBarItem.warningBackground');
    } else {
      this.item.text = `$(history) ${summary.label.short}`;
      this.item.tooltip = new vscode.MarkdownString(`**Where this script's text came from**\n\n${summary.label.long}\n\nWriter: ${summary.writer.name}. Click for the credit disclosure report.`);
      this.item.command = 'fountainProvenance.showReport';
      this.item.backgroundColor = undefined;
    }
    this.item.show();
    this.visible = true;
  }

  dispose(): void {
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}
