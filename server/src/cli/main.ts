/** The `fountain-provenance` command line: a table of commands over the engine. */
import { setFlagsFromString } from 'node:v8';
import type { CliIO, Command } from './command';
import { UsageError } from './command';
import { terminalSafe } from './terminalText';

/**
 * The commands, each loaded when it runs: `pdf` never loads the validator's globbing or the
 * time-stamp checks, `--version` loads nothing (the bundle is split per command, see
 * scripts/build.mjs). `name` is the command's own `name`, which a test holds equal.
 */
export const commandTable: { name: string; load: () => Promise<Command> }[] = [
  { name: 'outline', load: async () => (await import('./outline.js')).outlineCommand },
  { name: 'parse', load: async () => (await import('./parse.js')).parseCommand },
  { name: 'report', load: async () => (await import('./report.js')).reportCommand },
  { name: 'validate', load: async () => (await import('./validate.js')).validateCommand },
  { name: 'stats', load: async () => (await import('./stats.js')).statsCommand },
  { name: 'replay', load: async () => (await import('./replay.js')).replayCommand },
  { name: 'pdf', load: async () => (await import('./pdf.js')).pdfCommand },
  { name: 'fdx', load: async () => (await import('./fdx.js')).fdxCommand },
  { name: 'mv', load: async () => (await import('./mv.js')).mvCommand },
  { name: 'reconcile', load: async () => (await import('./reconcileCmd.js')).reconcileCommand },
  { name: 'git', load: async () => (await import('./git.js')).gitCommand },
  { name: 'merge-driver', load: async () => (await import('./git.js')).mergeDriverCommand },
  { name: 'keys', load: async () => (await import('./keys.js')).keysCommand },
];

/** Every command, loaded (for the command list). */
export async function loadCommands(): Promise<Command[]> {
  return Promise.all(commandTable.map((c) => c.load()));
}

async function usage(): Promise<string> {
  const commands = await loadCommands();
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    'Usage: fountain-provenance <command> [options]',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Run `fountain-provenance <command> --help` for a command\'s options.',
  ].join('\n');
}

export async function runCli(argv: string[], io: CliIO): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.stdout((await usage()) + '\n');
    return name ? 0 : 2;
  }
  if (name === '--version') {
    io.stdout('0.1.0\n');
    return 0;
  }
  const entry = commandTable.find((c) => c.name === name);
  if (!entry) {
    io.stderr(`fountain-provenance: unknown command '${name}'\n\n${await usage()}\n`);
    return 2;
  }
  const command = await entry.load();
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout(command.help + '\n');
    return 0;
  }
  // Messages name files and quote journals: nothing in them may reach the terminal raw.
  const safeIo: CliIO = { ...io, stderr: (t) => io.stderr(terminalSafe(t)) };
  try {
    return await command.run(rest, safeIo);
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr(`fountain-provenance ${command.name}: ${err.message}\n(see fountain-provenance ${command.name} --help)\n`);
      return 2;
    }
    io.stderr(`fountain-provenance ${command.name}: ${err instanceof Error ? err.message : String(err)}\n`);
    return 2;
  }
}

/**
 * V8 settings for a process that runs one export (`pdf`, `fdx`; the command line only, never
 * the language server or a test runner). An export runs most of its code once, so optimising
 * it seldom repays the compile: a function is optimised only after about 60 times V8's usual
 * work in it (the loops of a script many times a feature's length still are). The young
 * generation keeps its first size instead of doubling: memory touched for the first time is
 * slow, and big-fish never needs more (issue 15: its PDF export touches 9,000 pages of memory
 * instead of 15,300 and takes about a third less time; ten times its length is quicker too).
 */
export const EXPORT_V8_FLAGS = '--interrupt-budget=4000000 --semi-space-growth-factor=1';

function tuneV8For(command: string | undefined): void {
  if (command !== 'pdf' && command !== 'fdx') return;
  try {
    setFlagsFromString(EXPORT_V8_FLAGS);
  } catch {
    // A V8 without these flags: the export runs with its defaults.
  }
}

/** Entry point used by bin/fountain-provenance.js. */
export function main(): void {
  tuneV8For(process.argv[2]);
  runCli(process.argv.slice(2), {
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    isTTY: Boolean(process.stdout.isTTY),
    cwd: process.cwd(),
  }).then(
    (code) => {
      process.exitCode = code;
    },
    (err) => {
      process.stderr.write(`fountain-provenance: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exitCode = 2;
    },
  );
}
