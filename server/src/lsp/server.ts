/**
 * createServer: wires the open scripts, the settings and every feature onto a connection.
 * main.ts creates the connection; tests may hand in one over their own streams.
 */
import {
  TextDocumentSyncKind,
  DidChangeConfigurationNotification,
  type ClientCapabilities,
  type Connection,
  type InitializeResult,
} from 'vscode-languageserver';
import { getHeapSpaceStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { settingsSection, statusRequest, type ProvenanceSettings } from '../shared/protocol';
import type { ServerDeps } from './deps';
import type { ServerContext } from './context';
import { ScriptSessions } from './documents';
import { SettingsStore } from './settings';
import * as diagnostics from './diagnostics';
import * as codeActions from './codeActions';
import * as hover from './hover';
import * as symbols from './symbols';
import * as folding from './folding';
import * as completion from './completion';
import * as codeLens from './codeLens';
import * as commands from './commands';
import * as runs from './runs';
import * as attribute from './attribute';
import * as nextChange from './nextChange';
import * as rename from './rename';
import * as summary from './summary';
import * as watch from './watch';

/** A full garbage collection, so memory figures show what is really kept. */
function collectGarbage(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

export const serverName = 'fountain-provenance-server';
export const serverVersion = '0.1.0';

export function createServer(connection: Connection, deps: ServerDeps): ServerContext {
  let client: ClientCapabilities = {};
  const settings = new SettingsStore(connection, deps);
  const sessions = new ScriptSessions(connection, deps, settings);
  let shutdown = false;
  const ctx: ServerContext = { connection, deps, sessions, settings, client: () => client, shutdownReceived: () => shutdown };

  connection.onInitialize((params): InitializeResult => {
    client = params.capabilities ?? {};
    settings.configurationSupported = Boolean(client.workspace?.configuration);
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
        codeActionProvider: { codeActionKinds: ['quickfix'] },
        hoverProvider: true,
        documentSymbolProvider: true,
        foldingRangeProvider: true,
        completionProvider: { triggerCharacters: ['.', ' ', '-'] },
        codeLensProvider: { resolveProvider: false },
        executeCommandProvider: { commands: commands.commandNames },
        workspace: { fileOperations: { willRename: rename.willRenameOptions } },
        ...diagnostics.capabilities(ctx),
      },
      serverInfo: { name: serverName, version: serverVersion },
    };
  });

  connection.onInitialized(() => {
    if (client.workspace?.didChangeConfiguration?.dynamicRegistration) {
      void connection.client.register(DidChangeConfigurationNotification.type, { section: 'fountainProvenance' });
    }
    watch.registerWatchers(ctx);
  });

  connection.onDidOpenTextDocument((params) => void sessions.open(params));
  connection.onDidChangeTextDocument((params) => sessions.change(params));
  connection.onDidSaveTextDocument((params) => sessions.save(params.textDocument.uri));
  connection.onDidCloseTextDocument((params) => sessions.close(params.textDocument.uri));
  connection.onDidChangeConfiguration((params) => {
    const pushed = (params?.settings as Record<string, unknown> | undefined)?.[settingsSection];
    if (pushed && typeof pushed === 'object') settings.pushed = pushed as ProvenanceSettings;
    settings.clear();
    for (const session of sessions.all()) {
      void settings.forDocument(session.uri, session.path).then((s) => {
        session.settings = s;
        // An identity set or changed takes effect at once: the journal's actor and the signing key too.
        session.record.setWriter?.(s.writer);
        // The typing threshold in force is journaled when it changes (capped at 200).
        sessions.journalTrust(session);
        session.analysis = undefined;
        sessions.changed(session, false);
      });
    }
  });
  connection.onShutdown(() => {
    shutdown = true;
    sessions.closeAll();
  });
  connection.onRequest(statusRequest, (params) => {
    if (params?.collectGarbage) collectGarbage();
    const memory = process.memoryUsage();
    const spaces: Record<string, { size: number; used: number }> = {};
    for (const s of getHeapSpaceStatistics()) spaces[s.space_name] = { size: s.space_size, used: s.space_used_size };
    return {
      rss: memory.rss,
      heapUsed: memory.heapUsed,
      documents: sessions.all().length,
      heapTotal: memory.heapTotal,
      external: memory.external,
      arrayBuffers: memory.arrayBuffers,
      spaces,
    };
  });

  for (const feature of [diagnostics, codeActions, hover, symbols, folding, completion, codeLens, commands, runs, attribute, nextChange, summary, watch]) {
    feature.register(ctx);
  }
  return ctx;
}
