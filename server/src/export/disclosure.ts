/**
 * What the title page says about the record, read from the report model: the disclosure
 * statement (the report's own words) and one verification block (script SHA-256, record
 * status, signers with their key ids). Nothing here computes a figure of its own.
 */
import { keyIdOf } from '../provenance/keys';
import { STATUS_LABEL } from '../report/format';
import type { Report } from '../report/types';
import type { TitleDisclosure } from './titlePage';

/** The statement printed for a script that has no provenance record. */
export const NO_RECORD_STATEMENT = 'No provenance record: origin unknown. Nothing in this script was tracked, so no share of it can be attributed to a writer or to an AI model.';

/** The legend printed under the disclosure when lines are marked. */
export const MARKS_LEGEND = 'Lines marked * in the right margin contain AI-generated text, as the provenance record shows it.';

/** The key id of a signature: the verification's own when it has one, else computed from the key. */
export function signatureKeyId(signature: { publicKey: string; keyId?: string }): string {
  if (signature.keyId) return signature.keyId;
  try {
    return keyIdOf(signature.publicKey);
  } catch {
    return 'unknown';
  }
}

/** Signers with a valid signature, each with the ids of the keys they signed with: "Ana Ruiz (key 1a2b...)". */
export function signerLabels(report: Report): string[] {
  const byWriter = new Map<string, Set<string>>();
  for (const s of report.verification.signatures) {
    if (!s.valid) continue;
    const ids = byWriter.get(s.writer) ?? new Set<string>();
    ids.add(signatureKeyId(s as { publicKey: string; keyId?: string }));
    byWriter.set(s.writer, ids);
  }
  return [...byWriter].map(([writer, ids]) => `${writer} (key ${[...ids].join(', ')})`);
}

/** The title page's disclosure block for a report. */
export function titleDisclosure(report: Report, options: { marks?: boolean } = {}): TitleDisclosure {
  const v = report.verification;
  const noRecord = v.status === 'no-record';
  const signers = signerLabels(report);
  const verification = [
    // 64 hex digits do not fit a line of the text block: two halves, aligned.
    `Script SHA-256: ${report.script.sha256.slice(0, 32)}`,
    `                ${report.script.sha256.slice(32)}`,
    `Record: ${STATUS_LABEL[v.status] ?? v.status}${noRecord ? '' : `, ${v.events} events, chain ${v.chainIntact ? 'intact' : 'broken'}`}`,
    // One signer a line, so a name and its key id are never split.
    ...(signers.length > 0 ? signers.map((s, i) => `${i === 0 ? 'Signed by:' : '          '} ${s}`) : ['Signed by: nobody (no valid signature)']),
  ];
  return {
    statement: noRecord ? NO_RECORD_STATEMENT : report.statement,
    verification,
    ...(options.marks ? { legend: MARKS_LEGEND } : {}),
  };
}
