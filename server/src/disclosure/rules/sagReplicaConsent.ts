import type { Finding, Rule } from '../types';
import { likenessNotes, sameName } from '../likeness';
import { ruleDocPath } from '../ruleDoc';
import { dateMs } from '../shares';

const code = 'sag.replica-consent';

/** A named performer's digital replica with no consent on record for that use. */
export const sagReplicaConsent: Rule = {
  code,
  defaultSeverity: 'warning',
  description: "The script calls for a named real performer's digital replica (double, voice clone, de-aging) with no consent reference.",
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
    for (const note of likenessNotes(ctx.script)) {
      if (note.kind !== 'replica') continue;
      const performer = note.subject;
      const ref = note.fields.consent?.trim();
      const use = note.fields.use?.trim();
      let problem: string | undefined;
      if (!performer) problem = 'names no performer; write the performer as [[replica: NAME; use: ...; consent: REF]]';
      else if (!ref) problem = `gives no consent reference for ${performer}'s replica`;
      else {
        const record = ctx.project.performers.find((p) => sameName(p.name, performer));
        const consent = record?.consents?.find((c) => c.id.trim().toLowerCase() === ref.toLowerCase());
        if (!record) problem = `cites consent "${ref}", but the project file records no performer named ${performer}`;
        else if (!consent) problem = `cites consent "${ref}", which the project file does not record for ${record.name}`;
        else if (use && consent.uses && !consent.uses.some((u) => sameName(u, use))) problem = `asks for "${use}", which consent "${consent.id}" does not cover (${consent.uses.join(', ') || 'no uses'})`;
        else if (consent.to && ctx.now.getTime() > dateMs(consent.to, true)) problem = `cites consent "${consent.id}", which ended on ${consent.to}`;
      }
      if (!problem) continue;
      findings.push({
        code,
        severity: 'warning',
        message: `This digital replica note ${problem}: a performer's informed consent with a specific description of the use is required.`,
        start: note.start,
        end: note.end,
        data: { version: 1, performer, consent: ref, use },
      });
    }
    return findings;
  },
};
