import * as vscode from 'vscode';

/** The example the walkthrough opens: a script, its record and its project file, shipped in the VSIX. */
const exampleFiles = ['the-night-shift.fountain', 'the-night-shift.fountain.provenance', '.fountain-provenance.json'];

/**
 * Opens the shipped example with its record. The files are copied once into the extension's
 * storage (the installed extension's folder is no place to write a journal); a copy the writer
 * already changed is kept as it is.
 */
export async function openExample(extension: vscode.ExtensionContext): Promise<vscode.Uri | undefined> {
  const source = vscode.Uri.joinPath(extension.extensionUri, 'examples');
  const target = vscode.Uri.joinPath(extension.globalStorageUri, 'example');
  await vscode.workspace.fs.createDirectory(target);
  for (const name of exampleFiles) {
    const to = vscode.Uri.joinPath(target, name);
    try {
      await vscode.workspace.fs.stat(to);
    } catch {
      await vscode.workspace.fs.copy(vscode.Uri.joinPath(source, name), to, { overwrite: false });
    }
  }
  const script = vscode.Uri.joinPath(target, exampleFiles[0]);
  const document = await vscode.workspace.openTextDocument(script);
  await vscode.window.showTextDocument(document);
  return script;
}
