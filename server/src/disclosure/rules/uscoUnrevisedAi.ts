import type { Finding, Rule } from '../types';
import { ruleDocPath } from '../ruleDoc';
import { modelLabel } from '../shares';
import { formatPercent } from '../statement';

const code = 'usco.unrevised-ai';

/** Survival at or above which an AI insertion counts as unrevised. */
export const UNREVISED_SURVIVAL = 0.9;

/** An AI insertion that survives nearly untouched: only a prompt stands behind it. */
export const uscoUnrevisedAi: Rule = {
  code,
  defaultSeverity: 'info',
  description: 'An AI insertion survives at 90% or more of its inserted characters (a house heuristic, not the Copyright Office test).',
  basis: 'H',
  source:
    "House heuristic: 90% of an insertion's characters unchanged. It is not the Copyright Office's test, which asks whether a person's expressive modification or arrangement is perceptible (Copyrightability report, January 2025), not what share of characters changed.",
  docPath: ruleDocPath(code),
  check(ctx) {
    const findings: Finding[] = [];
    // Text the writer marked AI-assisted is declared shaped by them: its survival says nothing of revision.
    const survival = ctx.ledger.aiSurvival().filter((s) => !s.origin.assisted && s.surviving > 0 && s.inserted >= ctx.project.thresholds.typingThreshold && s.survivalRatio >= UNREVISED_SURVIVAL);
    if (survival.length === 0) return findings;
    const byInsertion = new Map<number, { start: number; end: number }>();
    for (const run of ctx.ledger.runs()) {
      const r = byInsertion.get(run.insertionId);
      if (r) r.end = Math.max(r.end, run.end);
      else byInsertion.set(run.insertionId, { start: run.start, end: run.end });
    }
    for (const s of survival) {
      const range = byInsertion.get(s.insertionId);
      if (!range) continue;
      findings.push({
        code,
        severity: 'info',
        message: `${formatPercent(s.survivalRatio)} of the characters of this AI text from ${modelLabel(s.origin)} are still as generated (a house heuristic, not the Copyright Office's test, which asks about expressive human modification, not a share of changed characters). A prompt alone does not make a person the author of the output; you may add a note of your own contribution for the claimant.`,
        start: range.start,
        end: range.end,
        data: { version: 1, insertionId: s.insertionId, survivalRatio: s.survivalRatio, inserted: s.inserted, surviving: s.surviving },
      });
    }
    return findings;
  },
};
