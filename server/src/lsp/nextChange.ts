/**
 * `fountainProvenance/nextChange`: the client says, just before a change, what only the
 * editor knows about it (undo, redo, a reload from disk, a fix the writer applied). Handled
 * synchronously, so the tag is in place when the change that follows it is applied.
 */
import { nextChangeNotification, type ChangeSource } from '../shared/protocol';
import type { ServerContext } from './context';

const sources: ReadonlySet<ChangeSource> = new Set(['undo', 'redo', 'reload', 'fix']);

export function register(ctx: ServerContext): void {
  ctx.connection.onNotification(nextChangeNotification, (params) => {
    const session = params && typeof params.uri === 'string' ? ctx.sessions.get(params.uri) : undefined;
    if (!session || typeof params.version !== 'number' || !sources.has(params.source)) {
      ctx.deps.logger.warn(`fountainProvenance/nextChange ignored: ${JSON.stringify(params)}`);
      return;
    }
    session.tagNextChange(params.version, params.source);
  });
}
