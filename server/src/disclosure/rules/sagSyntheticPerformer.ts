import type { Finding, Rule } from '../types';
import { likenessNotes, sameName } from '../likeness';
import { ruleDocPath } from '../ruleDoc';

const code = 'sag.synthetic-performer';

/** A character to be played by a synthetic performer, with no recorded notice to the union. */
export const sagSyntheticPerformer: Rule = {
  code,
  defaultSeverity: 'warning',
  description: 'A character is to be played by a synthetic performer (and no notice to the union is recorded).',
  basis: 'C',
  source: 'SAG-AFTRA TV/Theatrical agreement (2023; 2026): notice to the union and an opportunity to bargain before using a synthetic performer; 2026: in human roles only where it adds significant additional value.',
  union: 'sag',
  provisions: {
    'tv-theatrical-2023': 'Synthetic performers: notice to the union and an opportunity to bargain before a synthetic performer is used in place of a human performer; a synthetic built from a named performer\'s features needs that performer\'s consent.',
    'tv-theatrical-2026': 'The 2023 terms, and a synthetic performer in a human role only where it adds significant additional value (read from published summaries of the June 2026 ratified agreement).',
  },
  docPath: ruleDocPath(code),
  check(ctx) {
    const findings: Finding[] = [];
    for (const note of likenessNotes(ctx.script)) {
      if (note.kind !== 'synthetic-performer') continue;
      const character = note.subject;
      const ref = note.fields.notice?.trim();
      const record = ref ? ctx.project.syntheticPerformers.find((s) => s.notice.trim().toLowerCase() === ref.toLowerCase()) : undefined;
      let problem: string | undefined;
      if (!character) problem = 'names no character';
      else if (!ref) problem = `casts a synthetic performer as ${character} with no notice reference`;
      else if (!record) problem = `cites notice "${ref}", which the project file does not record`;
      else if (!sameName(record.character, character)) problem = `cites notice "${ref}", which the project file records for ${record.character}, not ${character}`;
      const basedOn = note.fields['based on']?.trim();
      if (!problem && basedOn) {
        // A synthetic built from a named performer's features needs that performer's consent.
        const consentRef = note.fields.consent?.trim();
        const performer = ctx.project.performers.find((p) => sameName(p.name, basedOn));
        const consent = consentRef ? performer?.consents?.find((c) => c.id.trim().toLowerCase() === consentRef.toLowerCase()) : undefined;
        if (!consent) problem = `builds ${character} from ${basedOn}'s features with no consent from ${basedOn}${performer?.deceased ? "'s estate" : ''} recorded (cite it as consent: REF)`;
      }
      if (!problem) continue;
      findings.push({
        code,
        severity: 'warning',
        message: `This note ${problem}: the union must be given notice and a chance to bargain before a synthetic performer is used.`,
        start: note.start,
        end: note.end,
        data: { version: 1, character, notice: ref },
      });
    }
    return findings;
  },
};
