import type { Rule } from '../types';
import { ruleDocPath } from '../ruleDoc';
import { aiRuns, documentAnchor } from '../shares';
import { disclosureStatement } from '../statement';
import { disclosureEntry, insertDisclosureEdit } from '../titlePage';

const code = 'disclosure.title-page-missing';

/** AI text exists and the title page does not say so. */
export const disclosureTitlePageMissing: Rule = {
  code,
  defaultSeverity: 'info',
  description: 'AI runs exist and the title page has no AI Disclosure: key.',
  basis: 'H',
  source: 'House policy: the script itself carries its disclosure, computed from the record.',
  docPath: ruleDocPath(code),
  check(ctx) {
    if (disclosureEntry(ctx.script) || aiRuns(ctx.ledger).length === 0) return [];
    const statement = disclosureStatement(ctx.script, ctx.ledger, ctx.project);
    return [
      {
        code,
        severity: 'info',
        message: `The script contains AI-generated text and its title page has no "AI Disclosure:" entry; suggested: "${statement}"`,
        ...documentAnchor(ctx.script),
        fixes: [{ title: 'Add the AI Disclosure statement to the title page', kind: 'edit', edits: [insertDisclosureEdit(ctx.script, statement)] }],
        data: { version: 1, statement },
      },
    ];
  },
};
