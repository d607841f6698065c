import * as vscode from 'vscode';

/**
 * The rule pages a diagnostic links to, and the pages they link to, are the extension's own
 * Markdown files: they open as a Markdown preview, not as a raw file the writer could edit.
 */
export function openDocsAsPreview(extension: vscode.ExtensionContext): vscode.Disposable {
  const docs = vscode.Uri.joinPath(extension.extensionUri, 'docs').toString() + '/';
  const isDoc = (uri: vscode.Uri): boolean => uri.scheme === extension.extensionUri.scheme && uri.toString().startsWith(docs) && uri.path.endsWith('.md');
  return vscode.window.tabGroups.onDidChangeTabs(async (e) => {
    for (const tab of e.opened) {
      const input = tab.input;
      if (!(input instanceof vscode.TabInputText) || !isDoc(input.uri)) continue;
      await vscode.commands.executeCommand('markdown.showPreview', input.uri);
      await vscode.window.tabGroups.close(tab).then(undefined, () => undefined);
    }
  });
}
