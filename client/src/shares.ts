/**
 * Shares of a stretch of the script by origin, from the server's runs. Pure, so the status
 * bar's and the Provenance view's wording is unit-tested without an editor.
 */
import type { OriginKind } from '../../server/src/provenance/types';

export interface Span {
  kind: OriginKind;
  start: number;
  end: number;
}

/** The groups a writer reads at a glance. */
export type ShareGroup = 'human' | 'ai' | 'pasted' | 'quoted' | 'imported' | 'unknown';

const groupOf: Record<OriginKind, ShareGroup> = {
  human: 'human',
  ai: 'ai',
  pasted: 'pasted',
  quoted: 'quoted',
  furnished: 'quoted',
  imported: 'imported',
  external: 'unknown',
  unattributed: 'unknown',
};

const groupLabel: Record<ShareGroup, string> = {
  human: 'human',
  ai: 'AI',
  pasted: 'pasted',
  quoted: 'quoted',
  imported: 'imported',
  unknown: 'unknown',
};

const groupOrder: ShareGroup[] = ['human', 'ai', 'pasted', 'quoted', 'imported', 'unknown'];

export interface ShareSummary {
  total: number;
  chars: Record<ShareGroup, number>;
}

/** Characters per group of the spans' overlap with [from, to). */
export function summarize(spans: readonly Span[], from = 0, to = Number.POSITIVE_INFINITY): ShareSummary {
  const chars: Record<ShareGroup, number> = { human: 0, ai: 0, pasted: 0, quoted: 0, imported: 0, unknown: 0 };
  let total = 0;
  for (const span of spans) {
    const n = Math.min(span.end, to) - Math.max(span.start, from);
    if (n <= 0) continue;
    chars[groupOf[span.kind]] += n;
    total += n;
  }
  return { total, chars };
}

/** Characters per group of the spans' overlap with several ranges (the counted text). */
export function summarizeRanges(spans: readonly Span[], ranges: readonly { start: number; end: number }[]): ShareSummary {
  const chars: Record<ShareGroup, number> = { human: 0, ai: 0, pasted: 0, quoted: 0, imported: 0, unknown: 0 };
  let total = 0;
  for (const range of ranges) {
    const part = summarize(spans, range.start, range.end);
    total += part.total;
    for (const g of groupOrder) chars[g] += part.chars[g];
  }
  return { total, chars };
}

/** Whole percentages; a non-zero share never shows as 0%. */
export function percentOf(part: number, total: number): number {
  if (total === 0 || part === 0) return 0;
  const p = Math.round((part / total) * 100);
  return p === 0 ? 1 : p === 100 && part < total ? 99 : p;
}

/** "72% human · 25% AI · 3% unknown", largest groups first in a fixed order, at most `limit`. */
export function describeShares(summary: ShareSummary, limit = 4): string {
  if (summary.total === 0) return 'empty';
  const parts = groupOrder
    .filter((g) => summary.chars[g] > 0)
    .sort((a, b) => summary.chars[b] - summary.chars[a] || groupOrder.indexOf(a) - groupOrder.indexOf(b))
    .slice(0, limit)
    .map((g) => `${percentOf(summary.chars[g], summary.total)}% ${groupLabel[g]}`);
  return parts.join(' · ');
}
