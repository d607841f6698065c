/** What the script is made of, derived from its elements: scenes, the section tree, the characters. */
import type { CharacterInfo, Element, Scene, Section } from './types';
import { isSpace } from './text';

const NOTE = /\[\[[\s\S]*?\]\]/g;

/** A heading's or a section's title: inline notes removed, white space collapsed. */
export function plainTitle(text: string): string {
  if (isPlain(text)) return text;
  let title = titles.get(text);
  if (title === undefined) {
    const noNotes = text.includes('[[') ? text.replace(NOTE, ' ') : text;
    title = noNotes.replace(/\s+/g, ' ').trim();
    if (titles.size >= 4096) titles.clear();
    titles.set(text, title);
  }
  return title;
}

/** Titles already cleaned: re-parses rebuild every scene, and most headings never change. */
const titles = new Map<string, string>();

/** True when `text` has no note, no doubled, leading or trailing white space and no break. */
function isPlain(text: string): boolean {
  if (text.length === 0) return true;
  if (text.charCodeAt(0) === 32 || text.charCodeAt(text.length - 1) === 32) return false;
  let prevSpace = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 32) {
      if (prevSpace) return false;
      prevSpace = true;
    } else {
      if (c < 32 || c === 91 /* [ */ || isSpace(c)) return false;
      prevSpace = false;
    }
  }
  return true;
}

/** One scene per heading, each running to the next heading or the end of the text. */
export function buildScenes(elements: readonly Element[], textLength: number): Scene[] {
  const scenes: Scene[] = [];
  for (const el of elements) {
    if (el.type !== 'scene_heading') continue;
    if (scenes.length > 0) scenes[scenes.length - 1].end = el.start;
    const scene: Scene = { start: el.start, end: textLength, index: scenes.length, heading: el, title: plainTitle(el.text) };
    if (el.sceneNumber !== undefined) scene.sceneNumber = el.sceneNumber;
    scenes.push(scene);
  }
  return scenes;
}

/** Sections as a tree: each runs to the next section of the same or a shallower depth. */
export function buildSections(elements: readonly Element[], textLength: number): Section[] {
  const roots: Section[] = [];
  const stack: Section[] = [];
  for (const el of elements) {
    if (el.type !== 'section') continue;
    const depth = el.depth ?? 1;
    while (stack.length > 0 && stack[stack.length - 1].depth >= depth) stack.pop()!.end = el.start;
    const section: Section = { start: el.start, end: textLength, element: el, depth, title: plainTitle(el.text), children: [] };
    if (stack.length > 0) stack[stack.length - 1].children.push(section);
    else roots.push(section);
    stack.push(section);
  }
  return roots;
}

/** Every speaking character, in order of first appearance. */
export function buildCharacters(elements: readonly Element[]): CharacterInfo[] {
  const byName = new Map<string, CharacterInfo>();
  for (const el of elements) {
    if (el.type !== 'character') continue;
    const name = el.name ?? el.text;
    let info = byName.get(name);
    if (!info) {
      info = { name, cues: 0, lines: 0, firstOffset: el.start, lastOffset: el.start };
      byName.set(name, info);
    }
    info.cues++;
    info.lines += el.dialogueLines ?? 0;
    info.lastOffset = el.start;
  }
  return [...byName.values()];
}
