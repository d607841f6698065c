import type { Finding, Rule } from '../types';
import { consentsCovering } from '../consent';
import { consentRecordOf } from '../consentRecord';
import { ruleDocPath } from '../ruleDoc';
import { aiInsertionsOf, modelLabel } from '../shares';
import { textOf } from '../../fountain/parser';

const code = 'wga.consent-missing';
const WORDY = /[\p{L}\p{N}]/u;

/** The writer's AI use with no company consent covering that tool and date. */
export const wgaConsentMissing: Rule = {
  code,
  defaultSeverity: 'error',
  description: "The writer's own AI runs exist and the project records no company consent covering that tool and date.",
  basis: 'C',
  source: "WGA MBA Article 72 (2023, carried into 2026): a writer may use AI only with the company's consent and subject to its policies.",
  union: 'wga',
  provisions: {
    'mba-2023': "Article 72 (the writer's use of generative AI, as the Guild's summary states it): with the company's consent and following its policy; the company cannot require it.",
    'mba-2026': 'The same terms as carried into the 2026 MBA (read from published summaries of the April 2026 tentative agreement).',
  },
  docPath: ruleDocPath(code),
  check(ctx) {
    const findings: Finding[] = [];
    for (const insertion of aiInsertionsOf(ctx.ledger)) {
      const origin = insertion.origin;
      if (consentsCovering(ctx.project, origin).length > 0) continue;
      const day = origin.at.slice(0, 10);
      // Whitespace and punctuation left over from an insertion do not survive on their own.
      const fragments = insertion.fragments.filter((f) => WORDY.test(textOf(ctx.script).slice(f.start, f.end)));
      if (fragments.length === 0) continue;
      const [first, ...rest] = fragments;
      const chars = fragments.reduce((n, f) => n + f.end - f.start, 0);
      const pieces = fragments.length === 1 ? '' : ` (${fragments.length} surviving fragments, ${chars} characters)`;
      findings.push({
        code,
        severity: 'error',
        message: `AI text from ${modelLabel(origin)} (${day})${pieces} is not covered by any company consent in the project file: record the company's consent for this tool and date.`,
        start: first.start,
        end: first.end,
        ...(rest.length > 0
          ? { related: rest.map((f, i) => ({ start: f.start, end: f.end, message: `Fragment ${i + 2} of ${fragments.length} of the same AI insertion` })) }
          : {}),
        data: { version: 1, tool: origin.tool, model: origin.model, at: origin.at, insertionId: insertion.insertionId, fragments: fragments.length },
      });
    }
    // A consent the record shows only after the AI text it covers: a fact for the reader,
    // at severity info whatever the rule's own (RULES.md has no code of its own for it).
    for (const fact of consentRecordOf(ctx.project, ctx.ledger, ctx.verification).consents) {
      if (!fact.late || !fact.firstAi) continue;
      findings.push({
        code,
        severity: 'info',
        message: `The ${fact.message}: the record does not show the company's consent before the AI use it covers (a note, not a failure).`,
        start: fact.firstAi.start,
        end: fact.firstAi.end,
        data: { version: 1, informational: true, consent: fact.id, firstAiAt: fact.firstAi.time, ...(fact.firstRecorded ? { firstRecordedAt: fact.firstRecorded.time, firstRecordedEvent: fact.firstRecorded.event } : {}) },
      });
    }
    return findings;
  },
};
