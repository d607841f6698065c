/** `fountain-provenance validate`: batch validation of submitted scripts against their records. */
import { relative, resolve } from 'node:path';
import type { Command } from './command';
import { UsageError } from './command';
import { choice, parseCommandArgs } from './args';
import { writeOutputFile } from './safeFs';
import { expandPaths, GlobError, isGlob } from './validateGlob';
import { validatePdfs } from './validatePdf';
import { validateBatch } from './validateWorker';
import { InputError, readPolicy } from './validateLoad';
import { readFileSync, statSync } from 'node:fs';
import { exitCodeOf, VERIFIED_MEANS, type ScriptValidation } from '../report/validation';
import { parseRoster } from '../provenance/roster';
import { certificatesFromPem } from '../provenance/timestampCheck';
import { renderSarif } from '../report/sarif';
import { rules } from '../disclosure/index';
import { percent, signersPhrase } from '../report/format';
import { field, terminalSafe } from './terminalText';

const FORMATS = ['text', 'json', 'sarif'] as const;

const HELP = `Usage: fountain-provenance validate <paths or globs...> [options]

Checks each script against its provenance record (the <script>.provenance journal beside it):
the journal must replay to the script byte for byte, its hash chain and signatures must hold,
and the disclosure rules must pass. Folders are searched for *.fountain; globs (*, **, ?, [..],
{a,b}) are expanded by the command itself, so quote them.

Options:
  --format text|json|sarif  output format (default text: one verdict line per script)
  --policy <file>           a policy file in the .fountain-provenance.json shape; its policy,
                            severity, thresholds, counting, allowedTools and allowedModels
                            replace each script's own
  --trusted-keys <roster>   a roster of registered keys (schemas/roster.schema.json): a
                            signature by a key not in it is a provenance.untrusted-key error.
                            Without one, every output says the keys were not checked
  --tsa-cert <pem>          the time-stamp authority's certificate (or its CA): each
                            checkpoint's RFC 3161 time stamp is verified offline against it
  --strict                  warnings fail a script too
  --workers <n>             worker threads (default: one per core; 0 = none)
  -o, --output <file>       write the output to a file instead of stdout
  -h, --help                show this help

A PDF written by \`fountain-provenance pdf\` and named as a file is checked on its own: its
attached record against its attached script, and its page text against the rendering of that
script (verdict \`edited\`, with the first page and line that differ, when it was changed).

Verdicts: verified, verified-with-gaps, unsigned, mismatch, no-record, unreadable.
A script passes when it is verified (with or without gaps) and has no error-level finding.

${VERIFIED_MEANS}

Exit codes:
  0  every script passed
  1  at least one script failed: a mismatch, an unsigned journal, no provenance record, or an
     error-level finding
     (with --strict, a warning too)
  2  usage error, or an input that could not be read (missing file, unreadable journal)`;

/** The text of a file an option names; anything but a readable regular file is a usage error. */
function readRegularFile(path: string, option: string): string {
  try {
    if (!statSync(path).isFile()) throw new UsageError(`${option}: ${path} is not a regular file`);
    return readFileSync(path, 'utf8');
  } catch (err) {
    if (err instanceof UsageError) throw err;
    throw new UsageError(`${option}: cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
}

function verdictLine(r: ScriptValidation): string {
  const mark = r.pass ? 'PASS' : r.verdict === 'unreadable' ? 'ERROR' : 'FAIL';
  const details: string[] = [];
  if (r.events !== undefined) details.push(`${r.events} events`);
  if (r.aiShare !== undefined && r.verdict !== 'unreadable') {
    details.push(`AI ${percent(r.aiOriginShare ?? r.aiShare)}`);
    if (r.unknownShare !== undefined) details.push(`unknown ${percent(r.unknownShare)}`);
  }
  if (r.signers && r.signers.length > 0) details.push(signersPhrase(r.signers, !!r.keysChecked, field));
  else if (r.signedBy && r.signedBy.length > 0) details.push(`signed by ${r.signedBy.map(field).join(', ')}`);
  const findings = r.counts.error + r.counts.warning > 0 ? `; ${r.counts.error} error${r.counts.error === 1 ? '' : 's'}, ${r.counts.warning} warning${r.counts.warning === 1 ? '' : 's'}` : '';
  const verdict = r.verdict === 'unreadable' ? 'unreadable' : r.verdict + (r.counts.error > 0 && r.verdict !== 'no-record' && r.verdict !== 'mismatch' ? ' + rule failures' : '');
  return `${mark.padEnd(5)} ${verdict.padEnd(18)} ${field(r.file)}${details.length || findings ? `  (${details.join(', ')}${findings})` : ''}`;
}

/** Findings of one code shown per script in the text verdicts. */
export const TEXT_FINDINGS_PER_CODE = 10;

function textOutput(results: ScriptValidation[]): string {
  const out: string[] = [];
  for (const r of results) {
    out.push(verdictLine(r));
    // A reviewer reads the first few findings of each code; the rest are counted, and
    // --format json or sarif lists them all.
    const shown = new Map<string, number>();
    for (const f of r.findings) {
      if (f.severity !== 'error' && f.severity !== 'warning') continue;
      const n = (shown.get(f.code) ?? 0) + 1;
      shown.set(f.code, n);
      if (n <= TEXT_FINDINGS_PER_CODE) out.push(`      ${field(f.file)}:${f.line}:${f.column}  ${f.severity}  ${field(f.code)}  ${field(f.message)}`);
    }
    for (const [code, n] of shown) {
      if (n > TEXT_FINDINGS_PER_CODE) out.push(`      … and ${n - TEXT_FINDINGS_PER_CODE} more ${code} (all of them with --format json or sarif)`);
    }
  }
  const by = (v: string): number => results.filter((r) => r.verdict === v).length;
  const failed = results.filter((r) => !r.pass).length;
  out.push(
    '',
    `${results.length} script${results.length === 1 ? '' : 's'}: ${by('verified')} verified, ${by('verified-with-gaps')} verified with gaps, ${by('unsigned')} unsigned, ${by('mismatch')} mismatch, ${by('no-record')} without a record, ${by('unreadable')} unreadable; ${results.length - failed} passed, ${failed} failed.`,
  );
  return terminalSafe(out.join('\n') + '\n');
}

function progressBar(write: (t: string) => void): ((done: number, total: number) => void) | undefined {
  if (!process.stderr.isTTY) return undefined;
  let last = -1;
  return (done, total) => {
    const width = 30;
    const filled = Math.round((done / total) * width);
    if (filled === last && done !== total) return;
    last = filled;
    write(`\r[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${done}/${total} scripts`);
    if (done === total) write('\r' + ' '.repeat(width + 24) + '\r');
  };
}

export const validateCommand: Command = {
  name: 'validate',
  summary: 'check scripts against their provenance records (batch, text/JSON/SARIF)',
  help: HELP,
  async run(args, io) {
    const { positionals, values } = parseCommandArgs(args, {
      format: { type: 'string' },
      policy: { type: 'string' },
      'trusted-keys': { type: 'string' },
      'tsa-cert': { type: 'string' },
      strict: { type: 'boolean' },
      workers: { type: 'string' },
      output: { type: 'string', short: 'o' },
    });
    const format = choice(values.format, FORMATS, 'text', 'format');
    if (positionals.length === 0) throw new UsageError('name at least one script, folder or glob');
    // Exported PDFs named as files prove themselves (validatePdf.ts); folders and globs keep looking for scripts.
    if (positionals.some((p) => /\.pdf$/i.test(p) && !/[*?[]/.test(p))) {
      if (!positionals.every((p) => /\.pdf$/i.test(p))) throw new UsageError('validate PDFs on their own, not together with scripts');
      return validatePdfs(positionals, format, io);
    }
    let workers: number | undefined;
    if (values.workers !== undefined) {
      workers = Number(values.workers);
      if (!Number.isInteger(workers) || workers < 0) throw new UsageError(`--workers takes a whole number, not '${String(values.workers)}'`);
    }
    const policyPath = typeof values.policy === 'string' ? values.policy : undefined;
    if (policyPath) {
      try {
        readPolicy(policyPath);
      } catch (err) {
        if (err instanceof InputError) throw new UsageError(err.message);
        throw err;
      }
    }
    const trustedKeysPath = typeof values['trusted-keys'] === 'string' ? resolve(io.cwd, values['trusted-keys']) : undefined;
    if (trustedKeysPath) {
      const text = readRegularFile(trustedKeysPath, '--trusted-keys');
      const { error } = parseRoster(text);
      if (error) throw new UsageError(`the roster ${values['trusted-keys']} is not usable: line ${error.line}, column ${error.column}: ${error.message}`);
    }
    const tsaCertPath = typeof values['tsa-cert'] === 'string' ? resolve(io.cwd, values['tsa-cert']) : undefined;
    if (tsaCertPath) {
      try {
        certificatesFromPem(readRegularFile(tsaCertPath, '--tsa-cert'));
      } catch (err) {
        if (err instanceof UsageError) throw err;
        throw new UsageError(`the certificate ${values['tsa-cert']} is not usable: ${(err as Error).message}`);
      }
    }
    let expanded: ReturnType<typeof expandPaths>;
    try {
      expanded = expandPaths(positionals, io.cwd);
    } catch (err) {
      if (err instanceof GlobError) throw new UsageError(err.message);
      throw err;
    }
    const { files, missing } = expanded;
    const results = await validateBatch(files, {
      strict: !!values.strict,
      ...(policyPath ? { policyPath } : {}),
      ...(trustedKeysPath ? { trustedKeysPath } : {}),
      ...(tsaCertPath ? { tsaCertPath } : {}),
      ...(workers !== undefined ? { workers } : {}),
      onProgress: progressBar(io.stderr),
    });
    for (const m of missing) {
      const message = isGlob(m) ? `no files match '${m}'` : `cannot read ${m}: no such file or folder`;
      results.push({
        file: m,
        verdict: 'unreadable',
        findings: [{ code: 'validate.unreadable', severity: 'error', message, file: m, line: 1, column: 1, endLine: 1, endColumn: 1 }],
        counts: { error: 1, warning: 0, info: 0, hint: 0 },
        pass: false,
        error: message,
      });
    }
    let output: string;
    if (format === 'json') {
      output = JSON.stringify({ format: 'fountain-provenance-validation', version: '1.0', exitCode: exitCodeOf(results), results }, null, 2) + '\n';
    } else if (format === 'sarif') {
      output = renderSarif(results, { rules, cwd: io.cwd });
    } else output = textOutput(results);
    if (typeof values.output === 'string') {
      const protect = results.flatMap((r) => [r.file, ...(r.journal ? [r.journal] : [])]).map((p) => resolve(io.cwd, p));
      writeOutputFile(resolve(io.cwd, values.output), output, { protect });
      io.stderr(`wrote ${relative(io.cwd, values.output) || values.output}\n`);
    } else io.stdout(output);
    for (const r of results) if (r.verdict === 'unreadable' && format !== 'text') io.stderr(`fountain-provenance validate: ${r.error}\n`);
    return exitCodeOf(results);
  },
};
