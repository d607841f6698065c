/** `fountain-provenance fdx`: the screenplay as Final Draft XML with its disclosure on the title page. */
import { writeFileSync } from 'node:fs';
import { basename, relative, resolve } from 'node:path';
import type { Command } from './command';
import { UsageError } from './command';
import { parseCommandArgs, refuseToOverwrite } from './args';
import { analyseScript, InputError } from './validateLoad';
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
    const { positionals, values } = parseCommandArgs(args, {
      output: { type: 'string', short: 'o' },
      marks: { type: 'boolean' },
    });
    if (positionals.length !== 1) throw new UsageError(positionals.length === 0 ? 'name the script to export' : 'fdx takes one script');
    const scriptArg = positionals[0];
    const scriptPath = resolve(io.cwd, scriptArg);
    const output = typeof values.output === 'string' ? values.output : `${basename(scriptArg).replace(/\.[^.]+$/, '')}.fdx`;
    refuseToOverwrite(output, [scriptPath, `${scriptPath}.provenance`], io.cwd);
    const displayPath = relative(io.cwd, scriptPath) || scriptArg;
    let analysis;
    try {
      analysis = analyseScript(scriptPath, { displayPath });
    } catch (err) {
      if (err instanceof InputError) {
        io.stderr(`fountain-provenance fdx: ${err.message}\n`);
        return 2;
      }
      throw err;
    }
    const report = reportOf(analysis);
    const marks = values.marks === true;
    const xml = renderFdx(analysis.script, {
      fileName: basename(scriptPath),
      disclosure: titleDisclosure(report, { marks }),
      ...(marks ? { marks: aiRanges(report) } : {}),
    });
    writeFileSync(resolve(io.cwd, output), xml);
    io.stdout(`Wrote ${output}\n`);
    return 0;
  },
};
