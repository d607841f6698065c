/** What every feature's `register` function receives. */
import type { ClientCapabilities, Connection } from 'vscode-languageserver';
import type { ServerDeps } from './deps';
import type { ScriptSessions } from './documents';
import type { SettingsStore } from './settings';

export interface ServerContext {
  connection: Connection;
  deps: ServerDeps;
  sessions: ScriptSessions;
  settings: SettingsStore;
  /** The client's capabilities, known after initialize. */
  client(): ClientCapabilities;
  /** True once the client asked the server to shut down. */
  shutdownReceived(): boolean;
}

const failed = new WeakMap<ServerContext, Set<string>>();

/**
 * Wraps a feature's request handler: a feature that throws answers with `fallback` and is
 * logged once per feature, so one bad script never takes the server (or the editor) down.
 */
export function guarded<P, R>(ctx: ServerContext, feature: string, fallback: R, handler: (params: P) => Promise<R> | R): (params: P) => Promise<R> {
  return async (params: P) => {
    try {
      return await handler(params);
    } catch (err) {
      let seen = failed.get(ctx);
      if (!seen) failed.set(ctx, (seen = new Set()));
      if (!seen.has(feature)) {
        seen.add(feature);
        ctx.deps.logger.error(`${feature} failed (logged once): ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
      }
      return fallback;
    }
  };
}

/**
 * Sends something the server decided to say on its own (after a pause, on a timer): if the client
 * has gone, the connection is disposed and there is nobody to tell, so neither a thrown error nor
 * a rejected promise may escape (either would end the server as an uncaught exception).
 */
export function tellClient(send: () => Promise<unknown>): void {
  try {
    send().catch(() => undefined);
  } catch {
    // the connection is disposed
  }
}
