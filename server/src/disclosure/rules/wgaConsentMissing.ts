import type { Finding, Rule } from '../types';
import { consentsCovering } from '../consent';
import { ruleDocPath } from '../ruleDoc';
import { aiRuns, modelLabel } from '../shares';

const code = 'wga.consent-missing';

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
    for (const run of aiRuns(ctx.ledger)) {
      if (consentsCovering(ctx.project, run.origin).length > 0) continue;
      const day = run.origin.at.slice(0, 10);
      findings.push({
        code,
        severity: 'error',
        message: `AI text from ${modelLabel(run.origin)} (${day}) is not covered by any company consent in the project file: record the company's consent for this tool and date.`,
        start: run.start,
        end: run.end,
        data: { version: 1, tool: run.origin.tool, model: run.origin.model, at: run.origin.at },
      });
    }
    return findings;
  },
};
