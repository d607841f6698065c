/** `fountain-provenance replay`: the script's text as the journal says it stood at a moment. */
import { resolve } from 'node:path';
import type { Command } from './command';
import { UsageError } from './command';
import { parseCommandArgs } from './args';
import { readLimits, readRegularFile, UnreadableFileError, writeOutputFile } from './safeFs';
import { terminalSafe } from './terminalText';
import { journalPathFor } from '../provenance/journal';
import { replayJournal } from '../provenance/verify';

const HELP = `Usage: fountain-provenance replay <script> [--at <time>] [-o file]

Rebuilds the script's text from its provenance record (<script>.provenance) by replaying the
journal from the first event, as it stood at <time> (default: the last event). Prints the text.

  --at <time>          an ISO 8601 date or time, e.g. 2026-11-21 or 2026-11-21T14:30:00Z
                       (a date alone means the end of that day, UTC)
  -o, --output <file>  write the text to <file> (never the script or its journal)
  -h, --help           show this help

Journal problems found on the way are listed on stderr.
Exit codes: 0 replayed, 1 replayed with journal problems, 2 usage error or unreadable input.`;

/** Parses `--at`: a date (end of that day, UTC) or a date and time. */
export function parseAt(value: string): Date {
  const bare = /^\d{4}-\d{2}-\d{2}$/.test(value);
  const ms = Date.parse(bare ? `${value}T23:59:59.999Z` : value);
  if (Number.isNaN(ms)) throw new UsageError(`--at takes an ISO 8601 date or time, not '${value}'`);
  return new Date(ms);
}

export const replayCommand: Command = {
  name: 'replay',
  summary: 'the text as it stood at a moment, rebuilt from the journal',
  help: HELP,
  async run(args, io) {
    const { positionals, values } = parseCommandArgs(args, { at: { type: 'string' }, output: { type: 'string', short: 'o' } });
    if (positionals.length !== 1) throw new UsageError(positionals.length === 0 ? 'name the script' : 'replay takes one script');
    const at = typeof values.at === 'string' ? parseAt(values.at) : undefined;
    const scriptPath = resolve(io.cwd, positionals[0]);
    const journalPath = scriptPath.endsWith('.provenance') ? scriptPath : journalPathFor(scriptPath);
    let journal: Buffer;
    try {
      journal = readRegularFile(journalPath, { what: 'the provenance record', maxBytes: readLimits.journal });
    } catch (err) {
      const missing = err instanceof UnreadableFileError && err.reason === 'missing';
      io.stderr(`fountain-provenance replay: ${missing ? `no provenance record: ${journalPath} does not exist` : (err as Error).message}\n`);
      return 2;
    }
    const replay = replayJournal(journal, at ? { at } : {});
    if (typeof values.output === 'string') {
      writeOutputFile(resolve(io.cwd, values.output), replay.text, { protect: [scriptPath, journalPath] });
    } else io.stdout(io.isTTY ? terminalSafe(replay.text) : replay.text);
    const serious = replay.problems.filter((p) => p.kind !== 'unsigned-checkpoint');
    for (const p of serious) {
      io.stderr(`fountain-provenance replay: ${p.kind}${p.event !== undefined ? ` at event ${p.event}` : ''}${p.line !== undefined ? ` (journal line ${p.line})` : ''}: ${p.message}\n`);
    }
    io.stderr(`replayed ${replay.events} events${at ? ` up to ${at.toISOString()}` : ''}: ${replay.text.length} characters\n`);
    return serious.length > 0 ? 1 : 0;
  },
};
