/**
 * The parsed form of a Fountain screenplay. Every offset is a UTF-16 code unit index into
 * the original text, so `text.slice(start, end)` is exactly the element's source.
 */

/** Element types, named as fountain-js names them where there is an equivalent. */
export type ElementType =
  | 'title_page'
  | 'scene_heading'
  | 'action'
  | 'character'
  | 'dialogue'
  | 'parenthetical'
  | 'transition'
  | 'centered'
  | 'lyrics'
  | 'section'
  | 'synopsis'
  | 'note'
  | 'page_break'
  | 'boneyard';

/** A half-open range [start, end) of UTF-16 offsets. */
export interface TextRange {
  start: number;
  end: number;
}

/** One element of the screenplay. */
export interface Element extends TextRange {
  type: ElementType;
  /** Range of the content without markup (forcing characters, `#` of sections, `[[ ]]`, ...). */
  contentStart: number;
  contentEnd: number;
  /** The content without markup, emphasis markers kept as written. */
  text: string;
  /** Zero-based line of `start`. */
  line: number;
  /** Scene number written as `#1A#` on a scene heading. */
  sceneNumber?: string;
  /** Section depth (1 to 6) for `section`. */
  depth?: number;
  /** The character's name without `@`, extensions or `^`, white space collapsed (`character` only). */
  name?: string;
  /** Non-empty lines of dialogue and lyrics under this cue (`character` only). */
  dialogueLines?: number;
  /** Character extension such as `V.O.` or `CONT'D` for `character`. */
  extension?: string;
  /** `^` dual dialogue on a `character`, or dialogue elements belonging to one. */
  dual?: boolean;
  /** True when the element was forced (`.`, `!`, `@`, `>`, `~`). */
  forced?: boolean;
}

/** A `Key: value` entry of the title page. */
export interface TitleEntry extends TextRange {
  /** The key as written (any case). */
  key: string;
  /** The value with indentation and line breaks normalised to `\n`. */
  value: string;
  valueStart: number;
  valueEnd: number;
}

/** A scene: a heading and everything up to the next heading (or the end). */
export interface Scene extends TextRange {
  index: number;
  heading: Element;
  /** The heading text without scene number or forcing dot. */
  title: string;
  sceneNumber?: string;
}

/** A section with its children, as a tree. */
export interface Section extends TextRange {
  element: Element;
  depth: number;
  title: string;
  children: Section[];
}

/** A character who speaks, with the number of dialogue blocks they have. */
export interface CharacterInfo {
  name: string;
  /** Number of dialogue blocks (cues) for this character. */
  cues: number;
  /** Number of dialogue lines (non-empty lines of dialogue and lyrics under their cues). */
  lines: number;
  firstOffset: number;
  lastOffset: number;
}

/** A note `[[...]]`, whether inline inside another element or standing alone. */
export interface Note extends TextRange {
  /** The note's content without the brackets. */
  text: string;
  contentStart: number;
  contentEnd: number;
}

/** The whole parsed screenplay. */
export interface Script {
  text: string;
  /** Elements in document order; boneyard, notes standing alone and the title page are elements too. */
  elements: Element[];
  titlePage: TitleEntry[];
  /** Range of the whole title page, if there is one. */
  titlePageRange?: TextRange;
  scenes: Scene[];
  /** Top-level sections; children nested. */
  sections: Section[];
  characters: CharacterInfo[];
  /** Every note, inline or standing alone. */
  notes: Note[];
  /** Every boneyard range (slash-star to star-slash). */
  boneyards: TextRange[];
  /** Offsets at which each line starts (line 0 starts at 0). Line breaks are \r\n, \n or \r. */
  lineStarts: number[];
}

/** One text change: `deleteLength` code units at `offset` replaced by `insertText`. */
export interface TextEdit {
  offset: number;
  deleteLength: number;
  insertText: string;
}
