/** What the script is made of, derived from its elements: scenes, the section tree, the characters. */
import type { CharacterInfo, Element, Scene, Section } from './types';

const NOTE = /\[\[[\s\S]*?\]\]/g;

/** A heading's or a section's title: inline notes removed, white space collapsed. */
export function plainTitle(text: string): string {
  const noNotes = text.includes('[[') ? text.replace(NOTE, ' ') : text;
  return noNotes.replace(/\s+/g, ' ').trim();
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
