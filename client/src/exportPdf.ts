import * as vscode from 'vscode';
import { commands, type RenderPdfArgs, type RenderPdfResult } from '../../server/src/shared/protocol';
import { activeScriptEditor, basename } from './scripts';

/** Arguments a caller (a test, a keybinding) may pass instead of answering the prompts. */
export interface ExportPdfArgs {
  uri?: vscode.Uri;
  destination?: vscode.Uri;
  marks?: boolean;
  paper?: 'letter' | 'a4';
}

/**
 * "Fountain Provenance: Export PDF": saves the script, has the server lay it out (the same PDF
 * as `fountain-provenance pdf`, with its disclosure and its record attached) and writes the file.
 */
export async function exportPdf(args: ExportPdfArgs = {}): Promise<vscode.Uri | undefined> {
  const document = args.uri ? await vscode.workspace.openTextDocument(args.uri) : activeScriptEditor()?.document;
  if (!document) {
    void vscode.window.showWarningMessage('Open a Fountain script to export it as a PDF.');
    return undefined;
  }
  if (document.isUntitled || document.uri.scheme !== 'file') {
    void vscode.window.showWarningMessage('Save the script to a file first: the PDF carries the record kept beside it.');
    return undefined;
  }
  if (document.isDirty && !(await document.save())) return undefined;
  let marks = args.marks;
  if (marks === undefined) {
    const pick = await vscode.window.showQuickPick(
      [
        { label: 'Without marks', marks: false },
        { label: 'Mark AI-generated lines', description: '* in the right margin, with a legend on the title page', marks: true },
      ],
      { title: 'Export PDF' },
    );
    if (!pick) return undefined;
    marks = pick.marks;
  }
  const destination =
    args.destination ??
    (await vscode.window.showSaveDialog({
      defaultUri: document.uri.with({ path: document.uri.path.replace(/\.[^./]*$/, '') + '.pdf' }),
      filters: { PDF: ['pdf'] },
      title: 'Export PDF',
    }));
  if (!destination) return undefined;
  const request: RenderPdfArgs = { uri: document.uri.toString(), marks, ...(args.paper ? { paper: args.paper } : {}) };
  const result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Exporting ${basename(document.uri)} as a PDF` }, () =>
    vscode.commands.executeCommand<RenderPdfResult>(commands.renderPdf, request),
  );
  if (!result) return undefined;
  await vscode.workspace.fs.writeFile(destination, Buffer.from(result.pdf, 'base64'));
  void vscode.window.showInformationMessage(`Exported ${basename(destination)}: ${result.pages} pages${marks ? `, ${result.marked} lines marked` : ''}.`);
  return destination;
}
