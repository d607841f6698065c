/**
 * `fountain-provenance-server --stdio`: the only place a connection is created. Everything the
 * server says goes through the protocol; logs go to the client's output through connection.console.
 */
import { setFlagsFromString } from 'node:v8';
import { createConnection, ProposedFeatures, StreamMessageReader } from 'vscode-languageserver/node';
import type { Logger } from './deps';
import { productionDeps } from './engine';
import { createServer, serverVersion } from './server';
import { FramedMessageWriter } from './transport';

const usage = `Usage: fountain-provenance-server --stdio
The Fountain Provenance language server. It speaks LSP over stdin/stdout with --stdio
(also --node-ipc, --socket=<port>, --pipe=<name>). Custom methods: docs/protocol.md.
`;
const args = process.argv.slice(2);
if (args.includes('--version')) {
  process.stdout.write(`${serverVersion}\n`);
  process.exit(0);
}
if (args.includes('--help') || args.includes('-h') || !args.some((a) => /^--(stdio|node-ipc|socket=|pipe=)/.test(a))) {
  process.stderr.write(usage);
  process.exit(args.includes('--help') || args.includes('-h') ? 0 : 2);
}

// The young generation stays at its starting size (two 1 MB semi-spaces) instead of growing to
// 2 x 16 MB under the steady allocation of typing: measured on big-fish, the server's RSS after
// 1,000 keystrokes (after a full GC) went from about 155 MB to about 112 MB, for about 0.5 ms
// more CPU a keystroke in scavenges. V8 reads the factor whenever it would grow the space.
setFlagsFromString('--semi-space-growth-factor=1');

// Over stdio, each message is written in one piece (transport.ts); other transports as the library makes them.
const stdio = args.includes('--stdio');
const connection = stdio
  ? createConnection(ProposedFeatures.all, new StreamMessageReader(process.stdin), new FramedMessageWriter(process.stdout))
  : createConnection(ProposedFeatures.all);
const logger: Logger = {
  error: (m) => connection.console.error(m),
  warn: (m) => connection.console.warn(m),
  info: (m) => connection.console.info(m),
  log: (m) => connection.console.log(m),
};
// Stray console output would corrupt the stdio stream: route it to the client's log.
console.log = (...args: unknown[]) => logger.log(args.map(String).join(' '));
console.info = console.log;
console.warn = (...args: unknown[]) => logger.warn(args.map(String).join(' '));
console.error = (...args: unknown[]) => logger.error(args.map(String).join(' '));

process.on('uncaughtException', (err) => logger.error(`uncaught: ${err instanceof Error ? err.stack ?? err.message : String(err)}`));
process.on('unhandledRejection', (err) => logger.error(`unhandled rejection: ${err instanceof Error ? err.stack ?? err.message : String(err)}`));

const ctx = createServer(connection, productionDeps(logger));
if (stdio) {
  // What the library does when it opens stdio itself: the client gone, the server exits (0 after a shutdown request).
  const gone = (): never => process.exit(ctx.shutdownReceived() ? 0 : 1);
  process.stdin.on('end', gone);
  process.stdin.on('close', gone);
}
connection.listen();
