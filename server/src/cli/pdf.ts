/** `fountain-provenance pdf`: the screenplay as a PDF that carries its disclosure and its record. */
import { writeFileSync } from 'node:fs';
import { basename, relative, resolve } from 'node:path';
import type { Command } from './command';
import { UsageError } from './command';
import { choice, parseCommandArgs, refuseToOverwrite } from './args';
import { InputError } from './validateLoad';
import { exportPdf } from './pdfExport';
import { PAPER_NAMES } from '../export/index';

const HELP = `Usage: fountain-provenance pdf <script> [-o out.pdf] [--paper letter|a4] [--marks] [--no-attach]

Writes the screenplay as a PDF in the usual screenplay format (Courier 12 pt). The title
page carries the AI disclosure statement from the script's provenance record and a
verification line (the script's SHA-256, the record's status, the signers and their key
ids). Unless --no-attach, the PDF embeds the script, its record and the report JSON, so
\`fountain-provenance validate <file.pdf>\` can check it on its own.

  -o, --output <file>   the PDF to write (default: <script name>.pdf beside the current folder)
  --paper letter|a4     paper size (default: letter)
  --marks               mark lines holding AI-generated text with * in the right margin
  --no-attach           do not embed the script, the record and the report
  -h, --help            show this help

Exit codes: 0 written, 2 usage error or unreadable input.`;

export const pdfCommand: Command = {
  name: 'pdf',
  summary: 'the screenplay as a PDF with its disclosure (and its record attached)',
  help: HELP,
  async run(args, io) {
    const { positionals, values } = parseCommandArgs(args, {
      output: { type: 'string', short: 'o' },
      paper: { type: 'string' },
      marks: { type: 'boolean' },
      'no-attach': { type: 'boolean' },
    });
    if (positionals.length !== 1) throw new UsageError(positionals.length === 0 ? 'name the script to export' : 'pdf takes one script');
    const scriptArg = positionals[0];
    const paper = choice(values.paper, PAPER_NAMES, 'letter', 'paper');
    const scriptPath = resolve(io.cwd, scriptArg);
    const output = typeof values.output === 'string' ? values.output : `${basename(scriptArg).replace(/\.[^.]+$/, '')}.pdf`;
    refuseToOverwrite(output, [scriptPath, `${scriptPath}.provenance`], io.cwd);
    let result;
    try {
      result = await exportPdf(scriptPath, {
        paper,
        marks: values.marks === true,
        attach: values['no-attach'] !== true,
        displayPath: relative(io.cwd, scriptPath) || scriptArg,
      });
    } catch (err) {
      if (err instanceof InputError) {
        io.stderr(`fountain-provenance pdf: ${err.message}\n`);
        return 2;
      }
      throw err;
    }
    writeFileSync(resolve(io.cwd, output), result.bytes);
    const marked = result.layout.pages.reduce((n, p) => n + p.lines.filter((l) => l.type === 'mark').length, 0);
    io.stdout(`Wrote ${output} (${result.layout.pages.length} pages${values.marks === true ? `, ${marked} marked lines` : ''})\n`);
    return 0;
  },
};
