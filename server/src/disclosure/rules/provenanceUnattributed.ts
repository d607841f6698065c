import type { Finding, Rule } from '../types';
import { attributionFixes } from '../fixes';
import { ruleDocPath } from '../ruleDoc';
import { textOf } from '../../fountain/parser';

const code = 'provenance.unattributed';

/** A run of text of unknown origin: a long unlabelled insertion or a paste from outside the document. */
export const provenanceUnattributed: Rule = {
  code,
  defaultSeverity: 'warning',
  description: 'A run of text of unknown origin: a long insertion nobody labelled, or a paste from outside the document.',
  basis: 'H',
  source: 'House policy: every character of the record has a known origin or is shown as unknown.',
  docPath: ruleDocPath(code),
  check(ctx) {
    const findings: Finding[] = [];
    const text = textOf(ctx.script);
    // Only the runs of these origins are made into objects (all of them were, on every keystroke).
    const typingThreshold = ctx.project.thresholds.typingThreshold;
    for (const run of ctx.ledger.runs(0, ctx.ledger.length, (o) => o.kind === 'unattributed' || o.kind === 'pasted')) {
      if (run.origin.kind === 'pasted' && run.end - run.start < typingThreshold) continue;
      const length = run.end - run.start;
      const o = run.origin;
      if (!/\S/.test(text.slice(run.start, run.end))) continue;
      const what = o.kind === 'pasted' ? `${length} characters pasted from outside the document` : `${length} characters inserted with no recorded origin`;
      findings.push({
        code,
        severity: 'warning',
        message: `${what}: attest them as your own writing, mark them as AI, or mark them as quoted research.`,
        start: run.start,
        end: run.end,
        fixes: attributionFixes(ctx, run.start, run.end, o.at),
        data: { version: 1, originKind: o.kind, length },
      });
    }
    return findings;
  },
};
