import * as vscode from 'vscode';
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { delimiter, join } from 'node:path';

/**
 * Makes the command line that ships in the extension (`dist/cli.js`) runnable as
 * `fountain-provenance` in the integrated terminal: small launchers in the extension's storage,
 * run by the editor's own Node runtime, put on the terminal's PATH. Nothing is installed
 * system-wide and nothing depends on a published package.
 */
export async function offerCliInTerminal(extension: vscode.ExtensionContext, log: (line: string) => void): Promise<string | undefined> {
  try {
    const bin = join(extension.globalStorageUri.fsPath, 'bin');
    await mkdir(bin, { recursive: true });
    const cli = extension.asAbsolutePath(join('dist', 'cli.js'));
    const node = process.execPath;
    const sh = join(bin, 'fountain-provenance');
    // The bundle exports main(); bin/fountain-provenance.js calls it, and so does this.
    const start = 'require(process.argv[1]).main()';
    await writeFile(sh, `#!/bin/sh\nELECTRON_RUN_AS_NODE=1 exec "${node}" -e "${start}" "${cli}" "$@"\n`, 'utf8');
    await chmod(sh, 0o755);
    await writeFile(join(bin, 'fountain-provenance.cmd'), `@echo off\r\nset ELECTRON_RUN_AS_NODE=1\r\n"${node}" -e "${start}" "${cli}" %*\r\n`, 'utf8');
    const path = extension.environmentVariableCollection;
    path.description = 'Puts the bundled fountain-provenance command line on the PATH.';
    path.prepend('PATH', bin + delimiter);
    return sh;
  } catch (error) {
    log(`the command line is not on the terminal's PATH: ${String(error)}`);
    return undefined;
  }
}
