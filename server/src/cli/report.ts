/** `fountain-provenance report`: the credit disclosure report of one script. */
import { basename, extname, resolve } from 'node:path';
import type { Command } from './command';
import { UsageError } from './command';
import { choice, parseCommandArgs } from './args';
import { checkOutputPath, writeOutputFile } from './safeFs';
import { analyseScript, displayPathOf, InputError, readPolicy } from './validateLoad';
import { renderMarkdown } from '../report/markdown';
import { renderHtml } from '../report/html';
import { renderJson } from '../report/json';
import type { Report } from '../report/types';
import { CLASS_LABEL, count, declaredKeysLine, percent, SCENE_CLASSES, signerKeys, STATUS_LABEL, time as timeOf } from '../report/format';
import { field as f_, terminalSafe } from './terminalText';
import { buildPacket, claimantPassages, RECIPIENTS, renderPacketHtml, renderPacketJson, renderPacketMarkdown } from '../report/packets';

const time = (iso: string | undefined): string => f_(timeOf(iso));

const FORMATS = ['md', 'html', 'json'] as const;
type Format = (typeof FORMATS)[number];

const HELP = `Usage: fountain-provenance report <script> [--format md|html|json] [-o file]

Builds the credit disclosure report of a script from its provenance record (the
<script>.provenance journal beside it) and its project file (.fountain-provenance.json).
Reads only: the script and its journal are never changed.

  (no options)          print a summary
  --format md|json      print the report as Markdown or JSON
  --format html         write the report as one self-contained HTML file
                        (default file: <script name>.report.html)
  -o, --output <file>   write the report to <file> (format from the extension when
                        --format is not given) and print the summary
  --policy <file>       apply a policy file (see validate --help)
  --for <recipient>     the disclosure packet for one recipient instead of the report
                        (Markdown by default; --format html|json or -o as above):
                          company      AI use and consents, furnished and prior material
                          usco         copyright claimant packet: AI-origin passages to
                                       exclude and a draft statement of human contribution
                          sag          replicas and synthetic performers with consents
                          distributor  statement, source types, chain of title, likeness
  -h, --help            show this help

Exit codes: 0 report built, 2 usage error or unreadable input (the script, its journal).`;

/** The short summary printed to the terminal. */
export function summaryOf(report: Report): string {
  const v = report.verification;
  const s = report.shares;
  const out: string[] = [];
  out.push(`${f_(report.script.title)}${report.script.file ? ` (${f_(report.script.file)})` : ''}`);
  if (v.status === 'no-record') out.push('Record:   none (no provenance journal beside the script; every character is of unknown origin)');
  else {
    out.push(
      `Record:   ${STATUS_LABEL[v.status] ?? v.status}, chain ${v.chainIntact ? 'intact' : 'BROKEN'}, ${v.events} events, ` +
        (v.signedBy.length > 0 ? `signed by ${signerKeys(v).map(f_).join(', ')}${v.trust?.keysChecked ? '' : '; keys not checked against a roster'}` : 'no valid signature'),
    );
    if (v.timeSpan) out.push(`Span:     ${time(v.timeSpan.from)} to ${time(v.timeSpan.to)}`);
    const declared = v.trust ? declaredKeysLine(v.trust, f_) : undefined;
    if (declared) out.push(`Keys:     ${declared}`);
    for (const c of v.trust?.consents ?? []) if (c.late || !v.trust?.policyRecorded) out.push(`Consent:  ${f_(c.message)}.`);
  }
  const typed = report.writers.reduce((n, w) => n + w.typed, 0);
  const attested = report.writers.reduce((n, w) => n + w.attested, 0);
  const ratio = (n: number): string => percent(s.total === 0 ? 0 : n / s.total);
  out.push(
    `Shares:   writers ${percent(s.humanShare)} (typed ${ratio(typed)} observed, attested ${ratio(attested)} declared) · ` +
      `AI ${percent(s.aiShare)} · unknown ${percent(s.unknownShare)} · of ${count(s.total)} characters`,
  );
  if (report.writers.length > 0) out.push(`Writers:  ${report.writers.map((w) => `${f_(w.name)} ${percent(w.share)}`).join('; ')} of the characters (not credit: the Guild determines credit)`);
  for (const m of report.models) {
    out.push(`AI:       ${f_(m.model)}${m.tools.length ? ` (${m.tools.map(f_).join(', ')})` : ''}: ${m.insertions} insertion${m.insertions === 1 ? '' : 's'}, ${count(m.inserted)} characters inserted, ${percent(m.survivalRatio)} survive, ${percent(m.share)} of the script`);
  }
  const classes = SCENE_CLASSES.map((c) => `${report.scenes.filter((x) => x.classification === c).length} ${CLASS_LABEL[c]}`);
  out.push(`Scenes:   ${classes.join(', ')}`);
  const n = (sev: string): number => report.findings.filter((f) => f.severity === sev).length;
  const plural = (count: number, word: string): string => `${count} ${word}${count === 1 ? '' : 's'}`;
  out.push(`Findings: ${plural(n('error'), 'error')}, ${plural(n('warning'), 'warning')}, ${plural(n('info') + n('hint'), 'note')}`);
  for (const f of report.findings.filter((x) => x.severity === 'error' || x.severity === 'warning')) {
    out.push(`  ${f.severity.padEnd(7)} ${f_(f.code)}  line ${f.place.line}: ${f_(f.message)}`);
  }
  if (report.gaps.length > 0) out.push(`Gaps:     ${report.gaps.length} (${[...new Set(report.gaps.map((g) => f_(g.kind)))].join(', ')})`);
  out.push(`Statement: ${f_(report.statement)}`);
  return terminalSafe(out.join('\n') + '\n');
}

function formatFromExtension(file: string): Format | undefined {
  const ext = extname(file).toLowerCase();
  if (ext === '.html' || ext === '.htm') return 'html';
  if (ext === '.md' || ext === '.markdown') return 'md';
  if (ext === '.json') return 'json';
  return undefined;
}

export const reportCommand: Command = {
  name: 'report',
  summary: 'credit disclosure report of a script (summary, Markdown, HTML, JSON)',
  help: HELP,
  async run(args, io) {
    const { positionals, values } = parseCommandArgs(args, {
      format: { type: 'string' },
      output: { type: 'string', short: 'o' },
      policy: { type: 'string' },
      for: { type: 'string' },
    });
    if (positionals.length !== 1) throw new UsageError(positionals.length === 0 ? 'name the script to report on' : 'report takes one script');
    const scriptArg = positionals[0];
    const output = typeof values.output === 'string' ? values.output : undefined;
    let format: Format | undefined = values.format === undefined ? undefined : choice(values.format, FORMATS, 'md', 'format');
    if (!format && output) {
      format = formatFromExtension(output);
      if (!format) throw new UsageError(`cannot tell the format of '${output}' from its extension: add --format md|html|json`);
    }
    const scriptPath = resolve(io.cwd, scriptArg);
    let analysis;
    try {
      analysis = analyseScript(scriptPath, {
        displayPath: displayPathOf(io.cwd, scriptPath, scriptArg),
        ...(typeof values.policy === 'string' ? { policy: readPolicy(resolve(io.cwd, values.policy)) } : {}),
      });
    } catch (err) {
      if (err instanceof InputError) {
        io.stderr(`fountain-provenance report: ${err.message}\n`);
        return 2;
      }
      throw err;
    }
    const report = analysis.engine.report;
    const recipient = values.for === undefined ? undefined : choice(values.for, RECIPIENTS, 'company', 'for');
    let render = (f: Format): string => (f === 'html' ? renderHtml(report) : f === 'json' ? renderJson(report) : renderMarkdown(report));
    if (recipient) {
      const e = analysis.engine;
      const packet = buildPacket(recipient, report, e.project, recipient === 'usco' ? claimantPassages(e.script, e.ledger, e.project, report) : []);
      render = (f: Format): string => (f === 'html' ? renderPacketHtml(packet) : f === 'json' ? renderPacketJson(packet) : renderPacketMarkdown(packet));
      format ??= 'md';
    }
    const target = output ?? (format === 'html' ? `${basename(scriptArg).replace(/\.[^.]+$/, '')}.${recipient ? `${recipient}-packet` : 'report'}.html` : undefined);
    if (target && format) {
      const protect = { protect: [scriptPath, analysis.journalPath, ...(analysis.projectPath ? [analysis.projectPath] : [])] };
      checkOutputPath(resolve(io.cwd, target), protect);
      io.stdout(summaryOf(report));
      writeOutputFile(resolve(io.cwd, target), render(format), protect);
      io.stdout(`Wrote ${target}\n`);
      return 0;
    }
    io.stdout(format ? render(format) : summaryOf(report));
    return 0;
  },
};
