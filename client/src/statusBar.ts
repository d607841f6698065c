import * as vscode from 'vscode';
import type { ScriptRuns } from './scriptRuns';
import { activeScriptEditor } from './scriptRuns';
import { parsedScript } from './parsedScript';
import { countedRangesOf } from '../../server/src/disclosure/shares';
import { describeShares, summarizeRanges } from './shares';

/** The active script's shares at a glance; a click opens the credit disclosure report. */
export class SharesStatusBar implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly runs: ScriptRuns) {
    this.item = vscode.window.createStatusBarItem('fountainProvenance.shares', vscode.StatusBarAlignment.Right, 100);
    this.item.name = 'Fountain Provenance shares';
    this.item.command = 'fountainProvenance.showReport';
    this.disposables.push(
      this.item,
      runs.onDidChange(() => this.update()),
      vscode.window.onDidChangeActiveTextEditor(() => this.update()),
    );
    this.update();
  }

  /** What the item says now (undefined while hidden). */
  get text(): string | undefined {
    return this.visible ? this.item.text : undefined;
  }

  private visible = false;

  update(): void {
    const editor = activeScriptEditor();
    const snapshot = editor && this.runs.get(editor.document.uri);
    if (!editor || !snapshot) {
      this.item.hide();
      this.visible = false;
      return;
    }
    // Counted as the report counts: the title page and boneyards are left out.
    const script = parsedScript(editor.document);
    const summary = summarizeRanges(snapshot.spans, countedRangesOf(script, { titlePage: false, boneyard: false }));
    this.item.text = `$(history) ${describeShares(summary, 3)}`;
    const tooltip = new vscode.MarkdownString(`**Where this script's text came from**\n\n${describeShares(summary, 6)} of ${summary.total} characters.\n\nClick for the credit disclosure report.`);
    this.item.tooltip = tooltip;
    this.item.show();
    this.visible = true;
  }

  dispose(): void {
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}
