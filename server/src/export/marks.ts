/**
 * Margin marks: a `*` in the right margin beside every body line that holds AI-origin text,
 * the way production drafts mark revised lines.
 */
import type { TextRange } from '../fountain/types';
import type { Report } from '../report/types';
import type { Layout } from './layout';

/** The script's AI-origin stretches, from the report's runs, sorted and merged. */
export function aiRanges(report: Pick<Report, 'runs'>): TextRange[] {
  const ranges = report.runs.filter((r) => r.kind === 'ai' && r.end > r.start).map((r) => ({ start: r.start, end: r.end }));
  ranges.sort((a, b) => a.start - b.start);
  const merged: TextRange[] = [];
  for (const r of ranges) {
    const last = merged[merged.length - 1];
    if (last && r.start <= last.end) last.end = Math.max(last.end, r.end);
    else merged.push({ ...r });
  }
  return merged;
}

/** True when [start, end) overlaps one of the sorted, disjoint `ranges`. */
export function overlaps(ranges: readonly TextRange[], start: number, end: number): boolean {
  let lo = 0;
  let hi = ranges.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (ranges[mid].end <= start) lo = mid + 1;
    else hi = mid;
  }
  return lo < ranges.length && ranges[lo].start < end;
}

/**
 * Flags the body lines whose printed characters come from AI-origin text and adds one mark
 * per flagged row. Returns the number of marked rows.
 */
export function markLines(layout: Layout, ranges: readonly TextRange[]): number {
  let marked = 0;
  for (const page of layout.pages) {
    if (page.kind !== 'body') continue;
    const rows = new Map<number, number>();
    for (const line of page.lines) {
      if (line.start < 0 || line.end <= line.start || line.type === 'mark') continue;
      if (!overlaps(ranges, line.start, line.end)) continue;
      line.ai = true;
      rows.set(line.row, line.y);
    }
    for (const [row, y] of rows) {
      page.lines.push({ type: 'mark', text: '*', x: layout.paper.markX, y, row, start: -1, end: -1 });
      marked++;
    }
  }
  return marked;
}
