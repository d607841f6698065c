/** `fountain-provenance pdf`: the screenplay as a PDF that carries its disclosure and its record. */
import { writeFileSync } from 'node:fs';
import type { Command } from './command';
import { choice } from './args';
import { parseExportArgs, withReadableInput } from './exportArgs';
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
    const opts = parseExportArgs(args, io, 'pdf', '.pdf', { paper: { type: 'string' }, 'no-attach': { type: 'boolean' } });
    const paper = choice(opts.values.paper, PAPER_NAMES, 'letter', 'paper');
    const exported = await withReadableInput(io, 'pdf', () =>
      exportPdf(opts.scriptPath, { paper, marks: opts.marks, attach: opts.values['no-attach'] !== true, displayPath: opts.displayPath }),
    );
    if (!exported.ok) return exported.code;
    const result = exported.value;
    writeFileSync(opts.outputPath, result.bytes);
    const marked = result.layout.pages.reduce((n, p) => n + p.lines.filter((l) => l.type === 'mark').length, 0);
    io.stdout(`Wrote ${opts.output} (${result.layout.pages.length} pages${opts.marks ? `, ${marked} marked lines` : ''})\n`);
    return 0;
  },
};
