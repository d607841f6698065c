import type { Finding, Rule } from '../types';
import { attributionFixes } from '../fixes';
import { ruleDocPath } from '../ruleDoc';
import { textOf } from '../../fountain/parser';
import type { Origin } from '../../provenance/types';

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
    // The runs walked without a list (ledger.runs() made an object per run on every keystroke).
    const typingThreshold = ctx.project.thresholds.typingThreshold;
    const flaggedRuns: Array<{ start: number; end: number; origin: Origin }> = [];
    ctx.ledger.forEachRun(0, ctx.ledger.length, (start, end, origin) => {
      if (origin.kind === 'unattributed' || (origin.kind === 'pasted' && end - start >= typingThreshold)) flaggedRuns.push({ start, end, origin });
    });
    for (const run of flaggedRuns) {
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
