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
  source: 'SAG-AFTRA 2023 TV/Theatrical agreement: notice to the union and an opportunity to bargain before using a synthetic performer.',
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
