/**
 * Watching what the answer depends on: the project file (`.fountain-provenance.json`) and the
 * sidecars (`*.provenance`). The server registers the watchers itself (dynamic registration of
 * workspace/didChangeWatchedFiles) when the client supports it; a change re-analyses every open
 * script it affects, and the server's own journal writes are recognised and ignored (see
 * documents.ts). Clients that cannot watch get the project file read again on open and save.
 */
import { DidChangeWatchedFilesNotification, FileChangeType } from 'vscode-languageserver';
import { basename } from 'node:path';
import { PROJECT_FILE_NAME } from '../disclosure/project';
import type { ServerContext } from './context';
import { filePath } from './documents';

/** The files watched, as glob patterns. */
export const watchedGlobs = [`**/${PROJECT_FILE_NAME}`, '**/*.provenance'];

/** Registers the watchers when the client supports dynamic registration (call after `initialized`). */
export function registerWatchers(ctx: ServerContext): void {
  if (!ctx.client().workspace?.didChangeWatchedFiles?.dynamicRegistration) return;
  ctx.sessions.watchingFiles = true;
  ctx.connection.client
    .register(DidChangeWatchedFilesNotification.type, { watchers: watchedGlobs.map((globPattern) => ({ globPattern })) })
    .catch((err: unknown) => {
      ctx.sessions.watchingFiles = false;
      ctx.deps.logger.warn(`file watchers could not be registered (the project file is read again on save instead): ${String(err)}`);
    });
}

export function register(ctx: ServerContext): void {
  ctx.connection.onDidChangeWatchedFiles((params) => {
    for (const change of params.changes ?? []) {
      const path = filePath(change.uri);
      if (!path) continue;
      try {
        if (basename(path) === PROJECT_FILE_NAME) ctx.sessions.projectFileChanged(path);
        else if (path.endsWith('.provenance') && (change.type === FileChangeType.Changed || change.type === FileChangeType.Created || change.type === FileChangeType.Deleted)) {
          ctx.sessions.journalFileChanged(path);
        }
      } catch (err) {
        ctx.deps.logger.error(`after a change of ${path}: ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
      }
    }
  });
}
