/**
 * Report parts: the gaps in the record: text of unknown origin in the ledger, then what the
 * journal check found (untracked periods, breaks).
 */
import type { Verification } from '../provenance/verify';
import type { Run } from '../provenance/types';
import { placeOf } from './tally';
import type { GapReport } from './types';

/** Gaps: unknown text in the ledger, then what the journal check found. */
export function gapsOf(allRuns: Run[], verification: Verification | undefined, lineStarts: number[]): GapReport[] {
  const gaps: GapReport[] = [];
  let pending: { kind: 'external' | 'unattributed'; start: number; end: number } | undefined;
  const flush = (): void => {
    if (!pending) return;
    const chars = pending.end - pending.start;
    const place = placeOf(lineStarts, pending.start, pending.end);
    const where = place.line === place.endLine ? `line ${place.line}` : `lines ${place.line}-${place.endLine}`;
    gaps.push({
      kind: pending.kind,
      evidence: 'unknown',
      place,
      chars,
      message:
        pending.kind === 'external'
          ? `${chars} characters on ${where} changed outside the tracker; nobody has attested them.`
          : `${chars} characters on ${where} arrived with no known origin.`,
    });
    pending = undefined;
  };
  for (const run of allRuns) {
    const kind = run.origin.kind;
    if (kind === 'external' || kind === 'unattributed') {
      if (pending && pending.kind === kind && pending.end === run.start) pending.end = run.end;
      else {
        flush();
        pending = { kind, start: run.start, end: run.end };
      }
    } else flush();
  }
  flush();
  for (const g of verification?.gaps ?? []) {
    if (g.kind === 'external' || g.kind === 'unattributed') continue; // already listed from the ledger
    const gap: GapReport = { kind: g.kind, evidence: 'unknown', message: g.message };
    if (g.event !== undefined) gap.event = g.event;
    if (g.from) gap.from = g.from;
    if (g.to) gap.to = g.to;
    if (g.start !== undefined && g.end !== undefined) gap.place = placeOf(lineStarts, g.start, g.end);
    gaps.push(gap);
  }

  return gaps;
}
