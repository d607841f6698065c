/**
 * Report parts: shares by kind of element (dialogue, action, other) and by scene, and the
 * scene classes of RULES.md (written by the writers, mixed, mostly AI-origin text, mostly of
 * unknown origin).
 */
import { createHash } from 'node:crypto';
import { isAiOrigin } from '../disclosure/passages';
import type { ElementType, Script } from '../fountain/types';
import type { Project } from '../disclosure/project';
import type { Run } from '../provenance/types';
import { addRange, eachOverlap, newCounts, placeOf, shareTable, tally } from './tally';
import type { Report, SceneClass, SceneReport } from './types';
import type { TextLike } from '../fountain/source';
import { textOf } from '../fountain/parser';

const DIALOGUE: ReadonlySet<ElementType> = new Set(['character', 'parenthetical', 'dialogue', 'lyrics']);
const ACTION: ReadonlySet<ElementType> = new Set(['action', 'centered', 'scene_heading', 'transition']);
const NOT_COUNTED: ReadonlySet<ElementType> = new Set(['title_page', 'boneyard']);

/** The share at or above which a scene is mostly AI-origin text or mostly of unknown origin (RULES.md default 50%). */
export function generatedLimitOf(project: Project): number {
  const limit = project.thresholds?.aiGeneratedSceneShare;
  return typeof limit === 'number' && Number.isFinite(limit) && limit > 0 ? limit : 0.5;
}

/**
 * A scene's class from its AI-origin share (generated, or furnished declared AI) and its
 * unknown share: `writers` when both are 0, `mostly-ai-origin` / `mostly-unknown` when one is
 * at or above the limit (the larger wins; AI-origin on a tie), else `mixed`.
 */
export function classifyScene(aiOriginShare: number, unknownShare: number, limit: number): SceneClass {
  if (aiOriginShare <= 0 && unknownShare <= 0) return 'writers';
  if (aiOriginShare >= limit || unknownShare >= limit) return aiOriginShare >= unknownShare ? 'mostly-ai-origin' : 'mostly-unknown';
  return 'mixed';
}

/** SHA-256 (hex) of a scene's text in UTF-8, heading to the next heading: what a likeness consent binds. */
export function sceneHashOf(text: TextLike, start: number, end: number): string {
  return createHash('sha256').update(text.slice(start, end), 'utf8').digest('hex');
}

/** Shares of dialogue, action and other elements (title page and boneyards left out). */
export function dialogueAndActionOf(script: Script, runs: Run[]): Report['dialogueAndAction'] {
  const dialogueCounts = newCounts();
  const actionCounts = newCounts();
  const otherCounts = newCounts();
  for (const el of script.elements) {
    if (NOT_COUNTED.has(el.type)) continue;
    const bucket = DIALOGUE.has(el.type) ? dialogueCounts : ACTION.has(el.type) ? actionCounts : otherCounts;
    addRange(bucket, runs, el.start, el.end);
  }

  return {
    dialogue: shareTable(dialogueCounts),
    action: shareTable(actionCounts),
    other: shareTable(otherCounts),
  };
}

/** Each scene's shares, classification, writers and models. */
export function scenesOf(script: Script, runs: Run[], generatedLimit: number): SceneReport[] {
  const lineStarts = script.lineStarts;
  return script.scenes.map((scene) => {
    const table = tally(runs, scene.start, scene.end);
    const writers = new Set<string>();
    const models = new Set<string>();
    let aiOrigin = 0;
    eachOverlap(runs, scene.start, scene.end, (run, chars) => {
      if (run.origin.kind === 'human') writers.add(run.origin.writer.name);
      if (run.origin.kind === 'ai') models.add(run.origin.model ?? 'unknown');
      if (isAiOrigin(run.origin)) aiOrigin += chars;
    });
    const aiOriginShare = table.total === 0 ? 0 : aiOrigin / table.total;
    return {
      index: scene.index,
      title: scene.title,
      sceneNumber: scene.sceneNumber,
      place: placeOf(lineStarts, scene.start, scene.end),
      shares: table,
      classification: classifyScene(aiOriginShare, table.unknownShare, generatedLimit),
      aiOriginShare,
      writers: [...writers].sort(),
      models: [...models].sort(),
      sceneHash: sceneHashOf(textOf(script), scene.start, scene.end),
    };
  });
}

/** The index of the scene containing `offset`, or undefined outside every scene. */
export function sceneIndexAt(script: Script, offset: number): number | undefined {
  let lo = 0;
  let hi = script.scenes.length - 1;
  let found: number | undefined;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (script.scenes[mid].start <= offset) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  if (found === undefined) return undefined;
  const s = script.scenes[found];
  return offset < s.end ? s.index : undefined;
}
