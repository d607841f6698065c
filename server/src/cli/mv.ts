/** `fountain-provenance mv <old> <new>`: moves a script and its provenance record together. */
import { existsSync, readFileSync, renameSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from './command';
import { UsageError } from './command';
import { parseCommandArgs } from './args';
import { cliWriter } from './writerIdentity';
import { ScriptRecord } from '../provenance/record';
import { renameRecord } from '../provenance/rename';

const HELP = `Usage: fountain-provenance mv <old> <new>

Moves (renames) the script <old> to <new> and its provenance record with it
(<old>.provenance -> <new>.provenance), journaling a \`rename\` event with both paths,
so the script keeps its whole history under the new name. Nothing is overwritten: when
<new> or its record exists, nothing is moved. A script already moved (by \`git mv\`, a file
manager) is also accepted: then only the record moves.

  -h, --help   show this help

Exit codes: 0 moved, 1 refused (nothing changed), 2 usage error.`;

export const mvCommand: Command = {
  name: 'mv',
  summary: 'move a script and its provenance record together',
  help: HELP,
  async run(args, io) {
    const { positionals } = parseCommandArgs(args, {});
    if (positionals.length !== 2) throw new UsageError('mv takes the old and the new path');
    const oldPath = resolve(io.cwd, positionals[0]);
    const newPath = resolve(io.cwd, positionals[1]);
    if (oldPath === newPath) throw new UsageError('the old and the new path are the same');
    const scriptMoved = !existsSync(oldPath) && existsSync(newPath);
    if (!scriptMoved) {
      if (!existsSync(oldPath)) {
        io.stderr(`fountain-provenance mv: ${positionals[0]} does not exist\n`);
        return 1;
      }
      if (existsSync(newPath)) {
        io.stderr(`fountain-provenance mv: ${positionals[1]} exists; nothing was moved\n`);
        return 1;
      }
      if (!statSync(oldPath).isFile()) {
        io.stderr(`fountain-provenance mv: ${positionals[0]} is not a file\n`);
        return 1;
      }
    }
    const writer = cliWriter(io.cwd);
    if (!scriptMoved && existsSync(`${newPath}.provenance`)) {
      io.stderr(`fountain-provenance mv: ${positionals[1]}.provenance exists; nothing was moved\n`);
      return 1;
    }
    if (!scriptMoved) {
      try {
        renameSync(oldPath, newPath);
      } catch (err) {
        io.stderr(`fountain-provenance mv: cannot move ${positionals[0]}: ${(err as Error).message}\n`);
        return 1;
      }
    }
    let text: string | undefined;
    try {
      text = readFileSync(newPath, 'utf8');
    } catch {
      text = undefined;
    }
    const moved = renameRecord(oldPath, newPath, { writer, ...(text !== undefined ? { text } : {}) });
    if (moved.status === 'refused') {
      if (!scriptMoved) {
        try {
          renameSync(newPath, oldPath);
        } catch {
          // the message below says where things are
        }
      }
      io.stderr(`fountain-provenance mv: ${moved.message}${scriptMoved ? '' : '; the script was left at its old path'}\n`);
      return 1;
    }
    if (moved.status === 'renamed') {
      // Open and close the record under its new name: the rename is sealed by a signed checkpoint.
      const record = ScriptRecord.open(newPath, readFileSync(newPath, 'utf8'), { writer });
      record.close();
      const trouble = record.notices.filter((n) => n.kind !== 'loaded');
      for (const n of trouble) io.stderr(`fountain-provenance mv: ${n.kind}: ${n.message}\n`);
    }
    io.stdout(`${positionals[0]} -> ${positionals[1]}${moved.status === 'renamed' ? ' (with its provenance record)' : ' (it had no provenance record)'}\n`);
    return 0;
  },
};
