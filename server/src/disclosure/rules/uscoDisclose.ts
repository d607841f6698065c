import type { Finding, Rule } from '../types';
import { ruleDocPath } from '../ruleDoc';
import { aiPassages } from '../passages';
import { modelLabel } from '../shares';
import { originNameForPassage } from '../statement';

const code = 'usco.disclose';

/** Each surviving passage of AI-origin text that is more than de minimis: a claimant discloses and excludes it. */
export const uscoDisclose: Rule = {
  code,
  defaultSeverity: 'info',
  description: 'A surviving passage of AI-origin text (generated in the editor or furnished as AI) is more than de minimis, judged per passage.',
  basis: 'G',
  source:
    'US Copyright Office, registration guidance (March 2023) and Copyrightability report (January 2025): AI-generated material that is more than de minimis is disclosed and excluded from the claim, with a statement of the human contribution. The Office sets no percentage.',
  docPath: ruleDocPath(code),
  check(ctx) {
    const findings: Finding[] = [];
    for (const p of aiPassages(ctx.script, ctx.ledger, ctx.project)) {
      if (!p.moreThanDeMinimis) continue;
      const from = [...new Set(p.origins.map((o) => (o.kind === 'ai' ? modelLabel(o) : originNameForPassage(o))))].join('; ');
      findings.push({
        code,
        severity: 'info',
        message: `This passage of AI-origin text (${p.words} word${p.words === 1 ? '' : 's'}, from ${from}) is more than de minimis: a copyright registration discloses it and excludes it from the claim. The claimant is usually the company (a work made for hire); \`fountain-provenance report --for usco\` lists every passage with a draft statement of the human contribution.`,
        start: p.start,
        end: p.end,
        data: { version: 1, words: p.words, sentence: p.sentence, insertions: p.insertions },
      });
    }
    return findings;
  },
};
