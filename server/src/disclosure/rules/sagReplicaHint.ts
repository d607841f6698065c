import type { Finding, Rule } from '../types';
import type { Element } from '../../fountain/types';
import { likenessNotes, replicaPhrases, sameName } from '../likeness';
import { setSourceMemo, sourceMemo } from '../../fountain/memo';
import { ruleDocPath } from '../ruleDoc';
import { textOf } from '../../fountain/parser';

const code = 'sag.replica-hint';

/** A replica phrase in an element's source, offsets relative to the element's start. */
type ReplicaPhrase = ReturnType<typeof replicaPhrases>[number];
/** Shared by every element without a phrase (most of them). */
const none: ReplicaPhrase[] = [];
/** The element types whose prose is read (one set: a list built per element cost 170 KB a keystroke on big-fish). */
const PROSE: ReadonlySet<string> = new Set(['action', 'character', 'parenthetical', 'dialogue', 'centered']);

/** Prose that calls for what sounds like a replica, in a scene with no replica note. */
export const sagReplicaHint: Rule = {
  code,
  defaultSeverity: 'hint',
  description: 'The prose calls for what sounds like a digital replica (de-aged, voice clone, digital double, scanned extras, a listed performer) with no replica note.',
  basis: 'C',
  source: 'SAG-AFTRA TV/Theatrical agreement (2023; 2026): digital replicas need consent; a reminder to mark them so the consent can be checked.',
  union: 'sag',
  provisions: {
    'tv-theatrical-2023': 'Digital replica provisions (employment-based, independently created and background replicas): each needs consent, so each use is marked where the script calls for it.',
    'tv-theatrical-2026': 'The 2023 terms as carried into the 2026 agreement, minors included (read from published summaries of the June 2026 ratified agreement).',
  },
  docPath: ruleDocPath(code),
  check(ctx) {
    const { script } = ctx;
    const findings: Finding[] = [];
    const elements = script.elements;
    // The loop itself captures nothing, so V8 gives its iterations no context of their own (one per
    // element, 130 KB a keystroke on big-fish, when the finding's closures below were in the loop).
    let withPhrases: Array<[Element, ReplicaPhrase[]]> | undefined;
    for (let i = 0; i < elements.length; i++) {
      const el = elements[i];
      if (!PROSE.has(el.type)) continue;
      // The phrases depend on the element's source alone: noted on the element, found again only where a keystroke re-parsed.
      let found = sourceMemo<ReplicaPhrase[]>(el, code);
      if (found === undefined) {
        found = replicaPhrases(textOf(script).slice(el.start, el.end));
        if (found.length === 0) found = none;
        setSourceMemo(el, code, found);
      }
      if (found.length > 0) (withPhrases ??= []).push([el, found]);
    }
    if (!withPhrases) return findings;
    const notes = likenessNotes(script).filter((n) => n.kind === 'replica');
    // A replica note marks the element it sits in, and any element naming its performer.
    const marked = (start: number, end: number, text: string): boolean =>
      notes.some((n) => (n.start >= start && n.start < end) || (n.subject.trim().length >= 2 && text.toLowerCase().includes(n.subject.trim().toLowerCase())));
    const performers = ctx.project.performers.map((p) => p.name).filter((n) => n.trim().length >= 3);
    for (const [el, found] of withPhrases) {
      const text = textOf(script).slice(el.start, el.end);
      if (marked(el.start, el.end, text)) continue;
      const phrases = found.map((p) => ({ start: el.start + p.start, end: el.start + p.end, phrase: p.phrase }));
      // Name a listed performer when the same element names one.
      const named = performers.find((p) => text.toLowerCase().includes(p.toLowerCase()) && !notes.some((n) => sameName(n.subject, p)));
      const first = phrases[0];
      findings.push({
        code,
        severity: 'hint',
        message: `"${first.phrase}" sounds like a digital replica${named ? ` of ${named}` : ''}: if a real performer's likeness or voice is replicated, mark it with a note such as [[replica: NAME; type: employment; use: ${first.phrase.toLowerCase()}; consent: REF]] so its consent can be checked. A reminder, not an accusation.`,
        start: first.start,
        end: first.end,
        data: { version: 1, phrase: first.phrase, ...(named ? { performer: named } : {}) },
      });
    }
    return findings;
  },
};
