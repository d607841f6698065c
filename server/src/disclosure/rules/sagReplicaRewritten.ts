import type { Finding, Rule } from '../types';
import { replicaChecks } from '../likeness';
import { ruleDocPath } from '../ruleDoc';

const code = 'sag.replica-rewritten';

/** A scene covered by a replica consent changed since the consent was recorded. */
export const sagReplicaRewritten: Rule = {
  code,
  defaultSeverity: 'warning',
  description: 'A scene covered by a replica consent changed since the consent was recorded (its text hash differs).',
  basis: 'C',
  source:
    'SAG-AFTRA TV/Theatrical agreement (2023; 2026): consent covers the use described; a new use needs new consent, and a replica may be altered without it only while the result stays substantially as scripted.',
  union: 'sag',
  provisions: {
    'tv-theatrical-2023':
      'Digital replica provisions: consent with a reasonably specific description of the use; digital alteration without new consent only where the performance remains substantially as scripted, performed or recorded.',
    'tv-theatrical-2026': 'The 2023 terms as carried into the 2026 agreement (read from published summaries of the June 2026 ratified agreement).',
  },
  docPath: ruleDocPath(code),
  check(ctx) {
    const findings: Finding[] = [];
    for (const c of replicaChecks(ctx.script, ctx.project, ctx.now)) {
      if (!c.consent || c.scene !== 'changed') continue;
      const note = c.note;
      findings.push({
        code,
        severity: 'warning',
        message: `The scene of ${c.performer}'s replica changed since consent "${c.consent.id}" was recorded (its text no longer matches the consent's sceneHash): a new use needs new consent; record it, or the new scene's hash if the performer consents to this text.`,
        start: note.start,
        end: note.end,
        data: { version: 1, performer: c.performer, consent: c.consent.id, sceneIndex: c.sceneIndex },
      });
    }
    return findings;
  },
};
