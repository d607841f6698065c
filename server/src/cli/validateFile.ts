/** One script's validation verdict and findings, from its analysis. */
import { rules } from '../disclosure/index';
import { MISMATCH_KINDS } from '../provenance/verify';
import { countedRanges, countedRuns, placeOf, tally } from '../report/tally';
import type { ScriptValidation, ValidationFinding } from '../report/validation';
import { analyseScript, InputError, type AnalyseOptions } from './validateLoad';

export interface ValidateOptions extends AnalyseOptions {
  /** Warnings fail too. */
  strict?: boolean;
}

const meta = new Map(rules.map((r) => [r.code, r]));

function emptyCounts(): ScriptValidation['counts'] {
  return { error: 0, warning: 0, info: 0, hint: 0 };
}

/** Validates one script; never throws (unreadable input becomes the `unreadable` verdict). */
export function validateFile(file: string, options: ValidateOptions = {}): ScriptValidation {
  let a;
  try {
    a = analyseScript(file, options);
  } catch (err) {
    const message = err instanceof InputError ? err.message : `cannot validate ${file}: ${err instanceof Error ? err.message : String(err)}`;
    return {
      file,
      verdict: 'unreadable',
      findings: [{ code: 'validate.unreadable', severity: 'error', message, file, line: 1, column: 1, endLine: 1, endColumn: 1 }],
      counts: { ...emptyCounts(), error: 1 },
      pass: false,
      error: message,
    };
  }
  const findings: ValidationFinding[] = [];
  const v = a.verification;
  const lineStarts = a.script.lineStarts;
  const at = (start: number, end: number): Pick<ValidationFinding, 'line' | 'column' | 'endLine' | 'endColumn'> => {
    const p = placeOf(lineStarts, start, end);
    return { line: p.line, column: p.column, endLine: p.endLine, endColumn: p.endColumn };
  };
  let verdict: ScriptValidation['verdict'];
  if (!v) {
    verdict = 'no-record';
    findings.push({
      code: 'validate.no-record',
      severity: 'error',
      message: `no provenance record: ${a.journalPath} does not exist, so nothing about the script's origin can be checked`,
      file,
      ...at(0, 0),
    });
  } else {
    verdict = v.status;
    for (const p of v.problems) {
      if (!MISMATCH_KINDS.has(p.kind)) continue;
      if (p.kind === 'text-mismatch') {
        const offset = Math.min(p.offset ?? 0, a.text.length);
        findings.push({
          code: 'validate.mismatch',
          severity: 'error',
          message: `the script does not match its record from here: ${p.message}${p.event !== undefined ? ` (journal event ${p.event}${p.line !== undefined ? `, line ${p.line}` : ''})` : ''}`,
          file,
          ...at(offset, Math.min(a.text.length, offset + 1)),
          ...(p.event !== undefined ? { event: p.event } : {}),
        });
      } else {
        const line = p.line ?? 1;
        findings.push({
          code: 'validate.journal',
          severity: 'error',
          message: `${p.kind} at journal event ${p.event ?? '?'}, line ${line}: ${p.message}`,
          file: a.journalPath,
          line,
          column: 1,
          endLine: line,
          endColumn: 1,
          ...(p.event !== undefined ? { event: p.event } : {}),
        });
      }
    }
  }
  // The validator lists journal problems located in the journal itself; the rule's copies of
  // them, pinned to the script's first character, would only repeat them.
  const journalListed = findings.some((f) => f.code === 'validate.journal');
  for (const f of a.findings) {
    if (journalListed && f.code === 'provenance.chain-broken') continue;
    const r = meta.get(f.code);
    findings.push({
      code: f.code,
      severity: f.severity,
      message: f.message,
      file,
      ...at(f.start, f.end),
      ...(r ? { basis: r.basis, source: r.source, description: r.description, docs: r.docPath } : {}),
    });
  }
  const counts = emptyCounts();
  for (const f of findings) counts[f.severity]++;
  const verifiedOk = verdict === 'verified' || verdict === 'verified-with-gaps';
  const pass = verifiedOk && counts.error === 0 && (!options.strict || counts.warning === 0);
  const aiShare = tally(countedRuns(a.ledger.runs(), countedRanges(a.script, a.project.counting)), 0, a.text.length).aiShare;
  const result: ScriptValidation = { file, verdict, findings, counts, pass, aiShare };
  if (v) {
    result.journal = a.journalPath;
    result.chainIntact = v.chainIntact;
    result.events = v.events;
    result.signedBy = [...new Set(v.signatures.filter((s) => s.valid).map((s) => s.writer.name))].sort();
  }
  return result;
}
