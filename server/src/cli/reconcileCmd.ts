/** `fountain-provenance reconcile <script>`: brings a record in step with its script on disk. */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from './command';
import { UsageError } from './command';
import { parseCommandArgs } from './args';
import { cliWriter } from './writerIdentity';
import { ScriptRecord } from '../provenance/record';

const HELP = `Usage: fountain-provenance reconcile <script>

Opens the script's provenance record, records whatever changed on disk since its last
event (as external text: changed outside the tracker), and closes it with a signed
checkpoint. After a git merge whose script text conflicted, this completes the merged
record against your resolution: both branches' text keeps its writers, what you wrote
to resolve the conflict outside the editor is external. (Opening the script in the
editor does the same.)

  -h, --help   show this help

Exit codes: 0 done (in step, or reconciled), 1 the record could not be written, 2 usage error.`;

export const reconcileCommand: Command = {
  name: 'reconcile',
  summary: 'bring a record in step with its script (after a merge, a change outside the editor)',
  help: HELP,
  async run(args, io) {
    const { positionals } = parseCommandArgs(args, {});
    if (positionals.length !== 1) throw new UsageError('reconcile takes one script');
    const scriptPath = resolve(io.cwd, positionals[0]);
    if (!existsSync(scriptPath)) {
      io.stderr(`fountain-provenance reconcile: ${positionals[0]} does not exist\n`);
      return 1;
    }
    const text = readFileSync(scriptPath, 'utf8');
    const record = ScriptRecord.open(scriptPath, text, { writer: cliWriter(io.cwd) });
    record.close();
    let failed = false;
    for (const n of record.notices) {
      if (n.kind === 'not-writable') failed = true;
      io.stdout(`${n.kind}: ${n.message}\n`);
    }
    if (!record.notices.some((n) => n.kind === 'reconciled')) io.stdout('the record is in step with the script\n');
    return failed ? 1 : 0;
  },
};
