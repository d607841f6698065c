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
}
