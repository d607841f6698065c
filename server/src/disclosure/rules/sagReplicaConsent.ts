import type { Finding, Rule } from '../types';
import { replicaChecks } from '../likeness';
import { ruleDocPath } from '../ruleDoc';

const code = 'sag.replica-consent';

/** A named performer's digital replica with no consent on record for that use. */
export const sagReplicaConsent: Rule = {
  code,
  defaultSeverity: 'warning',
  description: "The script calls for a named real performer's digital replica with no matching consent (for a deceased performer: from the estate or authorized representative).",
  basis: 'C',
  source: 'SAG-AFTRA TV/Theatrical agreement (2023; 2026 adds minors): informed consent with a reasonably specific description of the use, from the estate for a deceased performer; California AB 2602 and AB 1836, New York GOL 5-302 and Civil Rights Law 50-f (law).',
  union: 'sag',
  provisions: {
    'tv-theatrical-2023': 'Digital replica provisions (employment-based, independently created and background replicas): clear and conspicuous consent with a reasonably specific description of the intended use; after death, consent from the authorized representative or the union.',
    'tv-theatrical-2026': 'The 2023 terms, with consent for minors given by a parent or guardian (read from published summaries of the June 2026 ratified agreement).',
  },
  docPath: ruleDocPath(code),
  check(ctx) {
    const findings: Finding[] = [];
    for (const c of replicaChecks(ctx.script, ctx.project, ctx.now)) {
      if (!c.problem) continue;
      const note = c.note;
      const who = c.deceased ? `the informed consent of ${c.performer}'s estate or an authorized representative` : c.minor ? "a parent's or guardian's informed consent" : "the performer's informed consent";
      findings.push({
        code,
        severity: 'warning',
        message: `This digital replica note ${c.problem}: ${who}, with a specific description of the use, is required.`,
        start: note.start,
        end: note.end,
        data: { version: 1, performer: c.performer, consent: note.fields.consent?.trim(), use: note.fields.use?.trim(), deceased: c.deceased, minor: c.minor, type: c.type },
      });
    }
    return findings;
  },
};
