import type { Finding, Rule } from '../types';
import type { Element, Script } from '../../fountain/types';
import { likenessNotes, replicaPhrases, sameName } from '../likeness';
import { setSourceMemo, sourceMemo } from '../../fountain/memo';
import { ruleDocPath } from '../ruleDoc';
import { elementChangeOf, generationOf, textOf } from '../../fountain/parser';

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
    const withPhrases = elementsWithPhrases(script);
    if (withPhrases.length === 0) return findings;
    const notes = likenessNotes(script).filter((n) => n.kind === 'replica');
    // A replica note marks the element it sits in, and any element naming its performer.
    const marked = (start: number, end: number, text: string): boolean =>
      notes.some((n) => (n.start >= start && n.start < end) || (n.subject.trim().length >= 2 && text.toLowerCase().includes(n.subject.trim().toLowerCase())));
    const performers = ctx.project.performers.map((p) => p.name).filter((n) => n.trim().length >= 3);
    for (const el of withPhrases) {
      const found = phrasesOf(script, el);
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

/** The replica phrases of a prose element, noted on it (they depend on its source alone). */
function phrasesOf(script: Script, el: Element): ReplicaPhrase[] {
  let found = sourceMemo<ReplicaPhrase[]>(el, code);
  if (found === undefined) {
    found = replicaPhrases(textOf(script).slice(el.start, el.end));
    if (found.length === 0) found = none;
    setSourceMemo(el, code, found);
  }
  return found;
}

/**
 * Per element list, for one generation of its script: the prose elements with replica phrases.
 * After an in-place re-parse (the language server's), the list is brought up to date from the
 * elements the edit took out and put in, so a keystroke looks at a few elements, not all of
 * them (on a 10 MB script, 200,000 elements cost about 10 ms a keystroke).
 */
const withPhrasesByList = new WeakMap<readonly Element[], { generation: number; hits: Set<Element> }>();

function elementsWithPhrases(script: Script): Element[] {
  const elements = script.elements;
  const generation = generationOf(script);
  const cached = withPhrasesByList.get(elements);
  const change = elementChangeOf(script);
  if (cached && cached.generation !== generation && change && change.from === cached.generation) {
    for (const el of change.removed) cached.hits.delete(el);
    for (const el of change.added) if (PROSE.has(el.type) && phrasesOf(script, el).length > 0) cached.hits.add(el);
    cached.generation = generation;
  } else if (!cached || cached.generation !== generation) {
    // The loop captures nothing, so V8 gives its iterations no context of their own (one per
    // element, 130 KB a keystroke on big-fish, when the finding's closures were in the loop).
    const hits = new Set<Element>();
    for (let i = 0; i < elements.length; i++) {
      const el = elements[i];
      if (PROSE.has(el.type) && phrasesOf(script, el).length > 0) hits.add(el);
    }
    withPhrasesByList.set(elements, { generation, hits });
    return [...hits];
  }
  return [...withPhrasesByList.get(elements)!.hits].sort((a, b) => a.start - b.start);
}
