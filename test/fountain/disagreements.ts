/**
 * Every place where our parser deliberately disagrees with fountain-js 1.2.4, with the rule we
 * follow. This table is the one list (docs/parser.md mirrors it). Each entry carries a small
 * example that shows the disagreement, and, where the corpus shows it, a test that recognises
 * it in a differential hunk.
 */
import type { Comparable } from './differential';

export interface Disagreement {
  id: string;
  /** The rule we follow, and where it comes from. */
  rule: string;
  example: string;
  /** Our element types for the example. */
  ours: string[];
  /** fountain-js's token types for the example (grouping tokens dropped), or 'throws'. */
  fountainJs: string[] | 'throws';
  /** Recognises this disagreement in a hunk of the corpus differential. */
  explains?: (fjs: Comparable[], ours: Comparable[]) => boolean;
}

function joined(items: Comparable[]): string {
  return items.map((i) => i.text).join(' ').replace(/\s+/g, ' ').trim();
}

function withoutMarkers(text: string): string {
  return text.replace(/[#=]/g, ' ').replace(/\s+/g, ' ').trim();
}

export const disagreements: Disagreement[] = [
  {
    id: 'lyrics-open-dialogue',
    rule: 'Spec (Lyrics): a line starting with ~ is a lyric, also as the first line under a cue. fountain-js throws a TypeError there (jonnygreenwald/fountain-js#26).',
    example: 'SINGER\n~These are the songs\n~That I sing.\n',
    ours: ['character', 'lyrics'],
    fountainJs: 'throws',
  },
  {
    id: 'fade-out-is-action',
    rule: 'Spec (Transition): a transition is upper case, alone in its paragraph and ends in "TO:"; anything else needs a forcing ">". fountain-js also takes FADE OUT. / FADE TO BLACK. / CUT TO BLACK. as transitions.',
    example: 'The end.\n\nFADE OUT.\n\nMore.\n',
    ours: ['action', 'action', 'action'],
    fountainJs: ['action', 'transition', 'action'],
    explains: (fjs, ours) =>
      fjs.length === 1 && ours.length === 1 && fjs[0].type === 'transition' && ours[0].type === 'action' &&
      fjs[0].text === ours[0].text && /^(FADE OUT|FADE TO BLACK|CUT TO BLACK)\.$/.test(fjs[0].text),
  },
  {
    id: 'heading-without-blank-line-after',
    rule: 'Our choice: a scene heading at the start of a paragraph is a heading even when the next line is not blank; the lines after it start a new paragraph. The spec asks for a blank line after a heading, and fountain-js then reads the heading as a character cue and the next line as dialogue, which no writer means.',
    example: 'INT. HOUSE - DAY\nBob sits down.\n',
    ours: ['scene_heading', 'action'],
    fountainJs: ['character', 'dialogue'],
    explains: (fjs, ours) =>
      fjs.length >= 1 && ours.length >= 1 && fjs[0].type === 'character' && ours[0].type === 'scene_heading' &&
      fjs[0].text === ours[0].text && joined(fjs.slice(1)) === joined(ours.slice(1)),
  },
  {
    id: 'sections-one-per-line',
    rule: 'Spec (Sections and Synopses): a line starting with # is a section and a line starting with = a synopsis, whatever follows; consecutive lines are separate elements. fountain-js reads a paragraph of several such lines as one action.',
    example: '# Act One\n## The Morning\n= Scott wakes up.\n',
    ours: ['section', 'section', 'synopsis'],
    fountainJs: ['action'],
    explains: (fjs, ours) =>
      fjs.length === 1 && fjs[0].type === 'action' && ours.length > 1 &&
      ours.every((o) => o.type === 'section' || o.type === 'synopsis') &&
      withoutMarkers(fjs[0].text) === withoutMarkers(joined(ours)),
  },
  {
    id: 'note-on-several-lines',
    rule: 'Spec (Notes): a note may span lines (not a blank line). A note that fills its own lines at the start of a paragraph is a note element (one per note, so two notes on two lines are two elements). fountain-js only recognises a stand-alone note on one line and otherwise makes an action of it.',
    example: 'Text.\n\n[[A note\non two lines]]\n\nMore.\n',
    ours: ['action', 'note', 'action'],
    fountainJs: ['action', 'action', 'action'],
    explains: (fjs, ours) =>
      fjs.length === 1 && ours.length >= 1 && fjs[0].type === 'action' && fjs[0].text === '' && ours.every((o) => o.type === 'note'),
  },
  {
    id: 'title-page-any-key',
    rule: 'Spec (Title Page): any "Key: value" pairs at the top form the title page; other keys "may be ignored by apps" but are still title-page entries. fountain-js starts a title page only when the first key is one it knows.',
    example: 'Working title: Night Bakery\nAuthor: Mara\n\nText.\n',
    ours: ['title_page', 'action'],
    fountainJs: ['action', 'action'],
  },
  {
    id: 'full-width-colon-title-key',
    rule: 'Our choice for Japanese and Chinese scripts: a title-page key may end with the full-width colon "：" as well as ":". fountain-js needs ":".',
    example: 'Title：映画\nAuthor：匿名\n\nテキスト。\n',
    ours: ['title_page', 'action'],
    fountainJs: ['action', 'action'],
    explains: (fjs, ours) => fjs.length === 1 && ours.length === 0 && fjs[0].type === 'action' && fjs[0].text.includes('：'),
  },
  {
    id: 'full-width-parenthetical',
    rule: 'Our choice for Japanese and Chinese scripts: a line wrapped in full-width parentheses "（ ）" under a cue is a parenthetical. fountain-js reads it as dialogue.',
    example: 'ジョン\n（小声で）\nこんにちは。\n',
    ours: ['character', 'parenthetical', 'dialogue'],
    fountainJs: ['character', 'dialogue'],
    explains: (fjs, ours) =>
      ours.some((o) => o.type === 'parenthetical' && o.text.startsWith('（')) && joined(fjs) === joined(ours),
  },
  {
    id: 'cue-lower-case-any-script',
    rule: 'Spec (Character): a cue is a line entirely in upper case. We read "upper case" in every script (a Cyrillic or Greek lower-case letter disqualifies a cue); fountain-js only looks for ASCII a-z, so a mixed-case Cyrillic paragraph becomes dialogue.',
    example: 'Маша входит.\nОна садится.\n',
    ours: ['action'],
    fountainJs: ['character', 'dialogue'],
  },
  {
    id: 'lyrics-with-space',
    rule: 'Spec (Lyrics): any line starting with ~ is a lyric. fountain-js needs a non-space right after the ~.',
    example: '~ La la la\n',
    ours: ['lyrics'],
    fountainJs: ['action'],
  },
  {
    id: 'forced-heading-alphanumeric',
    rule: 'Spec (Scene Heading): a single leading period forces a heading only when an alphanumeric character follows it. fountain-js accepts any non-space character after the period.',
    example: 'Text.\n\n."HELLO" SIGN\n\nMore.\n',
    ours: ['action', 'action', 'action'],
    fountainJs: ['action', 'scene_heading', 'action'],
  },
];
