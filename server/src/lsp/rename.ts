/**
 * Renames and moves in the editor (`workspace/willRenameFiles`): before a script is renamed,
 * its open record is closed (checkpointed) and its sidecar is moved to the new name with a
 * journaled `rename` event (provenance/rename.ts), so the script reopened under its new name
 * keeps its whole history instead of starting over as imported text.
 */
import { MessageType, type FileOperationRegistrationOptions } from 'vscode-languageserver';
import { renameRecord } from '../provenance/rename';
import type { ServerContext } from './context';
import { filePath } from './documents';
import { unknownWriter } from './settings';

/** The files whose renames the server wants to hear about before they happen. */
export const willRenameOptions: FileOperationRegistrationOptions = {
  filters: [{ scheme: 'file', pattern: { glob: '**/*.{fountain,spmd}', matches: 'file' } }],
};

export function register(ctx: ServerContext): void {
  ctx.connection.workspace.onWillRenameFiles(async (params) => {
    for (const { oldUri, newUri } of params.files ?? []) {
      const from = filePath(oldUri);
      const to = filePath(newUri);
      if (!from || !to) continue;
      const session = ctx.sessions.get(oldUri);
      const writer = session?.settings.writer ?? (await ctx.settings.forDocument(oldUri, from).catch(() => undefined))?.writer ?? unknownWriter;
      // The record writes to its sidecar until it is closed: close it before the sidecar moves.
      if (session) ctx.sessions.close(oldUri);
      const result = renameRecord(from, to, { writer, now: () => ctx.deps.now() });
      if (result.status === 'no-record') continue;
      ctx.deps.logger.info(`rename ${from} -> ${to}: ${result.message}`);
      void ctx.connection.sendNotification('window/showMessage', {
        type: result.status === 'renamed' ? MessageType.Info : MessageType.Warning,
        message: `Fountain Provenance: ${result.message}.`,
      });
    }
    return null;
  });
}
