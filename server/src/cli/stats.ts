/** `fountain-provenance stats`: origin shares of a script, per scene, writer and model. */
import { resolve } from 'node:path';
import type { Command } from './command';
import { UsageError } from './command';
import { parseCommandArgs } from './args';
import { analyseScript, displayPathOf, InputError } from './validateLoad';
import { CLASS_LABEL, count, percent, STATUS_LABEL } from '../report/format';
import { field, terminalSafe } from './terminalText';

const HELP = `Usage: fountain-provenance stats <script> [--json]

Origin shares of a script from its provenance record: the whole script, dialogue and action,
each writer, each AI model and each scene (writers / AI / unknown, and the scene's class).

  --json       print the figures as JSON
  -h, --help   show this help

Exit codes: 0 printed, 2 usage error or unreadable input.`;

function pad(s: string, n: number): string {
  return s.length >= n ? s : s + ' '.repeat(n - s.length);
}

export const statsCommand: Command = {
  name: 'stats',
  summary: 'origin shares per scene, writer and model',
  help: HELP,
  async run(args, io) {
    const { positionals, values } = parseCommandArgs(args, { json: { type: 'boolean' } });
    if (positionals.length !== 1) throw new UsageError(positionals.length === 0 ? 'name the script' : 'stats takes one script');
    const scriptPath = resolve(io.cwd, positionals[0]);
    let a;
    try {
      a = analyseScript(scriptPath, { displayPath: displayPathOf(io.cwd, scriptPath, positionals[0]) });
    } catch (err) {
      if (err instanceof InputError) {
        io.stderr(`fountain-provenance stats: ${err.message}\n`);
        return 2;
      }
      throw err;
    }
    const r = a.engine.report;
    if (values.json) {
      const out = {
        script: r.script,
        record: r.verification.status,
        shares: r.shares,
        dialogueAndAction: r.dialogueAndAction,
        writers: r.writers,
        models: r.models,
        scenes: r.scenes.map((s) => ({ index: s.index, title: s.title, sceneNumber: s.sceneNumber, line: s.place.line, classification: s.classification, shares: s.shares })),
      };
      io.stdout(JSON.stringify(out, null, 2) + '\n');
      return 0;
    }
    const lines: string[] = [];
    const s = r.shares;
    lines.push(`${field(r.script.title)}: ${count(s.total)} counted characters, ${r.script.scenes} scenes, record ${STATUS_LABEL[r.verification.status] ?? r.verification.status}`);
    lines.push('');
    lines.push(`${pad('', 22)}${pad('chars', 10)}${pad('writers', 10)}${pad('AI', 10)}unknown`);
    const row = (label: string, t: typeof s): string => `${pad(label, 22)}${pad(count(t.total), 10)}${pad(percent(t.humanShare), 10)}${pad(percent(t.aiShare), 10)}${percent(t.unknownShare)}`;
    lines.push(row('whole script', s));
    lines.push(row('dialogue', r.dialogueAndAction.dialogue));
    lines.push(row('action', r.dialogueAndAction.action));
    lines.push('');
    lines.push('Writers (typed observed / attested declared):');
    for (const w of r.writers) lines.push(`  ${pad(field(w.name), 24)}${pad(count(w.typed), 10)}${pad(count(w.attested), 10)}${percent(w.share)}`);
    if (r.writers.length === 0) lines.push('  none recorded');
    lines.push('AI models (share of script, survival of inserted text):');
    for (const m of r.models) lines.push(`  ${pad(field(m.model), 24)}${pad(percent(m.share), 10)}${percent(m.survivalRatio)} of ${count(m.inserted)} survive`);
    if (r.models.length === 0) lines.push('  none');
    lines.push('');
    lines.push(`${pad('scene', 8)}${pad('line', 7)}${pad('writers', 9)}${pad('AI', 9)}${pad('unknown', 9)}${pad('class', 15)}heading`);
    for (const sc of r.scenes) {
      lines.push(
        `${pad(field(sc.sceneNumber ?? String(sc.index + 1)), 8)}${pad(String(sc.place.line), 7)}${pad(percent(sc.shares.humanShare), 9)}${pad(percent(sc.shares.aiShare), 9)}${pad(percent(sc.shares.unknownShare), 9)}${pad(CLASS_LABEL[sc.classification], 15)}${field(sc.title)}`,
      );
    }
    io.stdout(terminalSafe(lines.join('\n') + '\n'));
    return 0;
  },
};
