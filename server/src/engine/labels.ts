/**
 * Shares in words, one wording for every place that shows them: the code lens over a scene
 * heading, the Provenance view, the status bar and its tooltip. From the analysis' figures.
 */
import type { OriginKind } from '../provenance/types';
import { formatPercent } from '../disclosure/statement';
import type { GapReport, SceneReport, ShareTable } from '../report/types';

/** The groups a writer reads at a glance, in the order they are shown. */
// RULES.md's words: "writers" (never a credit), furnished and a prior writer's material kept apart.
const groups: Array<{ word: string; kinds: OriginKind[] }> = [
  { word: 'writers', kinds: ['human'] },
  { word: 'AI', kinds: ['ai'] },
  { word: 'furnished', kinds: ['furnished'] },
  { word: 'prior writer', kinds: ['prior'] },
  { word: 'pasted', kinds: ['pasted'] },
  { word: 'quoted', kinds: ['quoted'] },
  { word: 'predates the record', kinds: ['imported'] },
  { word: 'unknown', kinds: ['external', 'unattributed'] },
];

/** A percentage with the one rounding the statement and the report's tables use (14.6%, <0.1%). */
export function percentLabel(part: number, total: number): string {
  return formatPercent(total === 0 ? 0 : part / total).replace('less than ', '<').replace('more than ', '>');
}

export interface ShareWordsOptions {
  /** At most this many groups, the largest first (default: all, in the fixed order). */
  limit?: number;
  /** Models named after the AI share, e.g. `AI 8% (gpt-4o)`. */
  models?: string[];
}

/** "human 92% · AI 8% (gpt-4o) · imported 1%"; `empty` when there is no counted text. */
export function shareWords(table: ShareTable, options: ShareWordsOptions = {}): string {
  if (table.total === 0) return 'empty';
  let parts = groups
    .map((g, order) => ({ ...g, order, chars: g.kinds.reduce((n, k) => n + (table.byKind[k] ?? 0), 0) }))
    .filter((g) => g.chars > 0);
  if (options.limit !== undefined) parts = [...parts].sort((a, b) => b.chars - a.chars || a.order - b.order).slice(0, options.limit).sort((a, b) => a.order - b.order);
  return parts
    .map((g) => `${g.word} ${percentLabel(g.chars, table.total)}${g.word === 'AI' && options.models && options.models.length > 0 ? ` (${options.models.join(', ')})` : ''}`)
    .join(' · ');
}

/** Stretches of text nobody has attributed that lie in the scene. */
function unattributedIn(scene: SceneReport, gaps: readonly GapReport[]): number {
  return gaps.filter((g) => g.kind === 'unattributed' && g.place && g.place.start < scene.place.end && g.place.end > scene.place.start).length;
}

/** A scene's label, for its code lens and its line in the Provenance view. */
export function sceneLabel(scene: SceneReport, gaps: readonly GapReport[]): string {
  const words = shareWords(scene.shares, { models: scene.models });
  const open = unattributedIn(scene, gaps);
  return open > 0 ? `${words} · ${open} unattributed` : words;
}

/** The script's label: `short` for a status bar, `long` for its tooltip. */
export function scriptLabel(shares: ShareTable): { short: string; long: string } {
  if (shares.total === 0) return { short: 'empty', long: 'No counted text yet.' };
  return {
    short: shareWords(shares, { limit: 3 }),
    long: `${shareWords(shares)} of ${shares.total} counted characters`,
  };
}
