import type { Rule } from '../types';
import { ruleDocPath } from '../ruleDoc';
import { disclosureStatement, statementMatches } from '../statement';
import { disclosureEntry, updateDisclosureEdit } from '../titlePage';

const code = 'disclosure.title-page-stale';

/** The title page's disclosure statement no longer matches the record. */
export const disclosureTitlePageStale: Rule = {
  code,
  defaultSeverity: 'warning',
  description: "The title page's AI Disclosure statement no longer matches the record (shares, models, writers, consents).",
  basis: 'H',
  source: 'House policy: a disclosure is only worth what it matches.',
  docPath: ruleDocPath(code),
  check(ctx) {
    const entry = disclosureEntry(ctx.script);
    if (!entry) return [];
    const statement = disclosureStatement(ctx.script, ctx.ledger, ctx.project);
    if (statementMatches(entry.value, statement)) return [];
    return [
      {
        code,
        severity: 'warning',
        message: `The title page's AI Disclosure no longer matches the record; it should read: "${statement}"`,
        start: entry.start,
        end: Math.max(entry.end, entry.start),
        fixes: [{ title: 'Update the AI Disclosure statement', kind: 'edit', edits: [updateDisclosureEdit(ctx.script, entry, statement)] }],
        data: { version: 1, statement },
      },
    ];
  },
};
