/** `fountain-provenance fdx`: the screenplay as Final Draft XML with its disclosure on the title page. */
import { writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { Command } from './command';
import { parseExportArgs, withReadableInput } from './exportArgs';
import { analyseScript } from './validateLoad';
import { reportOf } from './pdfExport';
import { aiRanges, titleDisclosure } from '../export/index';
import { renderFdx } from '../export/fdx';

const HELP = `Usage: fountain-provenance fdx <script> [-o out.fdx] [--marks]

Writes the screenplay as Final Draft XML (.fdx): scene headings, action, characters,
parentheticals, dialogue, transitions, shots, dual dialogue and the title page, with the AI
disclosure statement and the verification lines (script SHA-256, record status, signers and
their key ids) on the title page.

  -o, --output <file>   the file to write (default: <script name>.fdx in the current folder)
  --marks               flag paragraphs holding AI-generated text as a revision set marked *
  -h, --help            show this help

Exit codes: 0 written, 2 usage error or unreadable input.`;

export const fdxCommand: Command = {
  name: 'fdx',
  summary: 'the screenplay as Final Draft XML with its disclosure',
  help: HELP,
  async run(args, io) {
    const opts = parseExportArgs(args, io, 'fdx', '.fdx');
    const analysed = await withReadableInput(io, 'fdx', () => analyseScript(opts.scriptPath, { displayPath: opts.displayPath }));
    if (!analysed.ok) return analysed.code;
    const analysis = analysed.value;
    const report = reportOf(analysis);
    const xml = renderFdx(analysis.script, {
      fileName: basename(opts.scriptPath),
      disclosure: titleDisclosure(report, { marks: opts.marks }),
      ...(opts.marks ? { marks: aiRanges(report) } : {}),
    });
    writeFileSync(opts.outputPath, xml);
    io.stdout(`Wrote ${opts.output}\n`);
    return 0;
  },
};
