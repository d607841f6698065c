/** The `fountain-provenance` command line: a table of commands over the engine. */
import type { CliIO, Command } from './command';
import { UsageError } from './command';
import { outlineCommand } from './outline';
import { parseCommand } from './parse';
import { reportCommand } from './report';
import { validateCommand } from './validate';
import { statsCommand } from './stats';
import { replayCommand } from './replay';
import { pdfCommand } from './pdf';
import { fdxCommand } from './fdx';
import { terminalSafe } from './terminalText';
import { mvCommand } from './mv';
import { gitCommand, mergeDriverCommand } from './git';
import { reconcileCommand } from './reconcileCmd';
import { keysCommand } from './keys';

export const commands: Command[] = [
  outlineCommand,
  parseCommand,
  reportCommand,
  validateCommand,
  statsCommand,
  replayCommand,
  pdfCommand,
  fdxCommand,
  mvCommand,
  reconcileCommand,
  gitCommand,
  mergeDriverCommand,
  keysCommand,
];

function usage(): string {
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
    io.stdout(usage() + '\n');
    return name ? 0 : 2;
  }
  if (name === '--version') {
    io.stdout('0.1.0\n');
    return 0;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    io.stderr(`fountain-provenance: unknown command '${name}'\n\n${usage()}\n`);
    return 2;
  }
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

/** Entry point used by bin/fountain-provenance.js. */
export function main(): void {
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
