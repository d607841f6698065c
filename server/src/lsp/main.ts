/**
 * `fountain-provenance-server --stdio`: the only place a connection is created. Everything the
 * server says goes through the protocol; logs go to the client's output through connection.console.
 */
import { getHeapSpaceStatistics, setFlagsFromString } from 'node:v8';
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

// The young generation grows from 2 x 1 MB as V8 sees fit, but no further than about 2 x 4 MB
// (V8's own limit is 2 x 16 MB): once it reaches the cap, V8 is told to stop growing it (V8 reads
// the growth factor whenever it would grow the space). Under the steady allocation of typing
// the full size is reached within seconds and stays, as RSS.
// Measured on big-fish, 1,000 keystrokes, machine under load, RSS after a full GC: uncapped
// 145-170 MB, capped 114-121 MB, never grown (2 x 1 MB) 123-132 MB with more CPU in scavenges.
const youngCapBytes = 8 * 1024 * 1024;
const youngCap = setInterval(() => {
  const young = getHeapSpaceStatistics().find((s) => s.space_name === 'new_space');
  if (young && young.space_size < youngCapBytes) return;
  setFlagsFromString('--semi-space-growth-factor=1');
  clearInterval(youngCap);
}, 250);
youngCap.unref();
// The old generation grows by half its live size between full collections, not by V8's default
// factor of up to 4: typing promotes short-lived garbage, and the room V8 left for it stayed as RSS.
// big-fish, 1,000 keystrokes, RSS after a full GC: 117-126 MB with the default, 92-104 MB with this;
// latency unchanged within the noise (bench/lsp.bench.ts). V8 reads it at every collection.
setFlagsFromString('--heap-growing-percent=50');

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
