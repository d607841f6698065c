/**
 * Report parts: the verification block (status, chain, signatures, untracked periods,
 * breaks, first divergence).
 */
import type { Verification } from '../provenance/verify';
import { placeOf } from './tally';
import type { VerificationReport } from './types';

/** The report's verification block; `no-record` when there is no journal. */
export function verificationBlock(v: Verification | undefined, lineStarts: number[]): VerificationReport {
  if (!v) {
    return {
      status: 'no-record',
      chainIntact: false,
      events: 0,
      problems: [],
      signatures: [],
      signedBy: [],
      untracked: [],
      breaks: [],
    };
  }
  const signatures = v.signatures.map((s) => ({ writer: s.writer.name, event: s.event, valid: s.valid, publicKey: s.publicKey }));
  const block: VerificationReport = {
    status: v.status,
    chainIntact: v.chainIntact,
    events: v.events,
    problems: v.problems.map((p) => {
      const out: VerificationReport['problems'][number] = { kind: p.kind, message: p.message };
      if (p.event !== undefined) out.event = p.event;
      if (p.line !== undefined) out.line = p.line;
      return out;
    }),
    signatures,
    signedBy: [...new Set(signatures.filter((s) => s.valid).map((s) => s.writer))].sort(),
    untracked: v.gaps
      .filter((g) => g.kind === 'untracked-period')
      .map((g) => {
        const out: VerificationReport['untracked'][number] = { message: g.message };
        if (g.from) out.from = g.from;
        if (g.to) out.to = g.to;
        return out;
      }),
    breaks: v.gaps
      .filter((g) => g.kind === 'break')
      .map((g) => {
        const out: VerificationReport['breaks'][number] = { message: g.message };
        if (g.event !== undefined) out.event = g.event;
        return out;
      }),
  };
  if (v.timeSpan) block.timeSpan = { from: v.timeSpan.from, to: v.timeSpan.to };
  if (v.firstDivergence) {
    const d = v.firstDivergence;
    block.firstDivergence = { event: d.event, message: d.message };
    if (d.line !== undefined) block.firstDivergence.journalLine = d.line;
    if (d.offset !== undefined) {
      block.firstDivergence.offset = d.offset;
      block.firstDivergence.scriptLine = placeOf(lineStarts, d.offset, d.offset).line;
    }
  }
  return block;
}
