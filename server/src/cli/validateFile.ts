/** One script's validation verdict and findings, from its analysis. */
import { rules } from '../disclosure/index';
import { VERDICT_CODES } from '../disclosure/verdictCodes';
import { keyIdOf } from '../provenance/keys';
import { declaredStanding, judgeSigners, type Roster } from '../provenance/roster';
import { anchoredTimes, anchorTimestamps, type certificatesFromPem } from '../provenance/timestampCheck';
import { MISMATCH_KINDS } from '../provenance/verify';
import type { Anchor } from '../provenance/verifyTypes';
import { countedRanges, countedRuns, placeOf, tally } from '../report/tally';
import type { ScriptValidation, SignerReport, ValidationFinding } from '../report/validation';
import { analyseScript, InputError, type AnalyseOptions, type Analysis } from './validateLoad';

export interface ValidateOptions extends AnalyseOptions {
  /** Warnings fail too. */
  strict?: boolean;
  /** A roster of registered keys (`--trusted-keys`): signatures by other keys are errors. */
  roster?: Roster;
  /** The time-stamp authority's certificates (`--tsa-cert`): time stamps are verified against them. */
  tsaCertificates?: ReturnType<typeof certificatesFromPem>;
}

const meta = new Map<string, { basis: string; source: string; description: string; docPath: string }>([...rules, ...VERDICT_CODES].map((r) => [r.code, r]));

function emptyCounts(): ScriptValidation['counts'] {
  return { error: 0, warning: 0, info: 0, hint: 0 };
}

function unreadable(file: string, err: unknown): ScriptValidation {
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

/**
 * Validates one script; never throws (unreadable input becomes the `unreadable` verdict).
 * Time stamps are listed as not checked: {@link validateFileTrusted} checks them.
 */
export function validateFile(file: string, options: ValidateOptions = {}): ScriptValidation {
  let a;
  try {
    a = analyseScript(file, options);
  } catch (err) {
    return unreadable(file, err);
  }
  return validationOf(file, a, options, undefined);
}

/** {@link validateFile}, with the journal's time stamps verified against `options.tsaCertificates`. */
export async function validateFileTrusted(file: string, options: ValidateOptions = {}): Promise<ScriptValidation> {
  let a;
  try {
    a = analyseScript(file, options);
  } catch (err) {
    return unreadable(file, err);
  }
  let anchors: Anchor[] | undefined;
  const stamps = a.verification?.timestamps ?? [];
  if (stamps.length > 0 && a.journal) anchors = await anchorTimestamps(a.journal, stamps, options.tsaCertificates);
  return validationOf(file, a, options, anchors);
}

/** Each valid signer by key id, judged against the roster when there is one. */
function signersOf(a: Analysis, options: ValidateOptions, anchors: readonly Anchor[]): { signers: SignerReport[]; untrusted: Array<{ event: number; message: string }> } {
  const v = a.verification;
  if (!v) return { signers: [], untrusted: [] };
  const byKey = new Map<string, SignerReport>();
  for (const s of v.signatures) {
    if (!s.valid) continue;
    const keyId = s.keyId ?? keyIdOf(s.publicKey);
    let r = byKey.get(keyId);
    if (!r) {
      r = { name: s.writer.name, ...(s.writer.email ? { email: s.writer.email } : {}), keyId, checkpoints: [], roster: 'not-checked' };
      byKey.set(keyId, r);
    }
    r.checkpoints.push(s.event);
  }
  const declared = a.project.declaredKeys ?? [];
  if (declared.length > 0) {
    for (const r of byKey.values()) {
      const standing = declaredStanding(r, declared);
      r.project = standing.status;
      if (standing.name) r.projectName = standing.name;
    }
  }
  const untrusted: Array<{ event: number; message: string }> = [];
  if (options.roster) {
    const judged = judgeSigners(v.signatures, options.roster, anchoredTimes(anchors));
    for (const r of byKey.values()) r.roster = 'registered';
    for (const j of judged) {
      const r = byKey.get(j.keyId);
      if (!r) continue;
      if (j.rosterName) r.rosterName = j.rosterName;
      if (j.status !== 'registered') {
        if (r.roster === 'registered' || j.status === 'not-registered') r.roster = j.status;
        untrusted.push({ event: j.event, message: j.message });
      }
    }
  }
  return { signers: [...byKey.values()], untrusted };
}

function validationOf(file: string, a: Analysis, options: ValidateOptions, anchors: Anchor[] | undefined): ScriptValidation {
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
    const journalFinding = (code: string, severity: ValidationFinding['severity'], message: string, line: number, event?: number): void => {
      findings.push({ code, severity, message, file: a.journalPath, line, column: 1, endLine: line, endColumn: 1, ...(event !== undefined ? { event } : {}) });
    };
    if (v.status === 'unsigned') {
      journalFinding('validate.unsigned', 'error', 'no signature in the journal is valid, so nothing in it is trusted: every character counts as of unknown origin (verdict unsigned)', 1);
    } else if (v.unsignedTail) {
      const gap = v.gaps.find((g) => g.kind === 'unsigned-tail' && g.event === v.unsignedTail!.from);
      journalFinding('validate.unsigned-tail', 'warning', gap?.message ?? `events ${v.unsignedTail.from}..${v.unsignedTail.to} are covered by no valid signature`, 1, v.unsignedTail.from);
    }
    for (const anchor of anchors ?? []) {
      if (anchor.status === 'invalid') journalFinding('validate.timestamp', 'warning', anchor.message, 1, anchor.event);
    }
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
    if (f.code === 'policy.invalid' && a.projectPath) {
      // Located in the project file itself, at the line and column of the problem.
      const line = typeof f.data?.line === 'number' ? f.data.line : 1;
      const column = typeof f.data?.column === 'number' ? f.data.column : 1;
      findings.push({ code: f.code, severity: 'error', message: f.message, file: a.projectPath, line, column, endLine: line, endColumn: column + 1, ...(r ? { basis: r.basis, source: r.source, description: r.description, docs: r.docPath } : {}) });
      continue;
    }
    findings.push({
      code: f.code,
      severity: f.severity,
      message: f.message,
      file,
      ...at(f.start, f.end),
      ...(r ? { basis: r.basis, source: r.source, description: r.description, docs: r.docPath } : {}),
    });
  }
  const { signers, untrusted } = signersOf(a, options, anchors ?? []);
  for (const u of untrusted) {
    findings.push({
      code: 'provenance.untrusted-key',
      severity: 'error',
      message: u.message,
      file: a.journalPath,
      line: 1,
      column: 1,
      endLine: 1,
      endColumn: 1,
      event: u.event,
      docs: 'docs/rules/provenance.untrusted-key.md',
    });
  }
  const counts = emptyCounts();
  for (const f of findings) counts[f.severity]++;
  const verifiedOk = verdict === 'verified' || verdict === 'verified-with-gaps';
  const pass = verifiedOk && counts.error === 0 && (!options.strict || counts.warning === 0);
  const shares = tally(countedRuns(a.ledger.runs(), countedRanges(a.script, a.project.counting)), 0, a.text.length);
  const aiOrigin = shares.total === 0 ? 0 : (shares.byKind.ai + furnishedAiChars(a)) / shares.total;
  const result: ScriptValidation = { file, verdict, findings, counts, pass, aiShare: shares.aiShare, aiOriginShare: aiOrigin, unknownShare: shares.unknownShare };
  if (v) {
    result.journal = a.journalPath;
    result.chainIntact = v.chainIntact;
    result.events = v.events;
    result.signedBy = [...new Set(signers.map((s) => s.name))].sort();
    result.signers = signers;
    result.keysChecked = !!options.roster;
    if (v.format) result.format = v.format;
    if (v.lacks && v.lacks.length > 0) result.lacks = v.lacks;
    result.sealedThrough = v.sealedThrough ?? 0;
    if (v.unsignedTail) result.unsignedTail = v.unsignedTail;
    const stamps = v.timestamps ?? [];
    result.timestamps = stamps.length === 0 ? 'none' : options.tsaCertificates ? 'checked' : 'not-checked';
    result.anchors = anchors ?? [];
  }
  return result;
}

/** Counted characters of furnished material declared AI-generated (AI-origin, with generated text). */
function furnishedAiChars(a: Analysis): number {
  let n = 0;
  for (const run of countedRuns(a.ledger.runs(), countedRanges(a.script, a.project.counting))) {
    if (run.origin.kind === 'furnished' && run.origin.aiOrigin === 'yes') n += run.end - run.start;
  }
  return n;
}
