/**
 * Emphasis inside an element: `*italic*`, `**bold**`, `***bold italic***`, `_underline_`,
 * with `\` escaping a marker. Computed on demand from the text (elements keep their markers
 * as written), so parsing and re-parsing stay cheap.
 */

export type EmphasisStyle = 'italic' | 'bold' | 'boldItalic' | 'underline';

/** One emphasised run: `[start, end)` covers the markers, `[contentStart, contentEnd)` the words. */
export interface EmphasisSpan {
  style: EmphasisStyle;
  start: number;
  end: number;
  contentStart: number;
  contentEnd: number;
}

const RULES: { style: EmphasisStyle; marker: string; pattern: RegExp }[] = [
  { style: 'boldItalic', marker: '***', pattern: /\*\*\*(?=[^\s*])([^\n]*?[^\s*])\*\*\*/g },
  { style: 'bold', marker: '**', pattern: /\*\*(?=[^\s*])([^\n]*?[^\s*])\*\*/g },
  { style: 'italic', marker: '*', pattern: /\*(?=[^\s*])([^\n]*?[^\s*])\*/g },
  { style: 'underline', marker: '_', pattern: /_(?=[^\s_])([^\n]*?[^\s_])_/g },
];

/** Placeholder for a marker that is escaped or already used (a private-use character). */
const USED = '\uE000';

/**
 * Emphasis spans in `text[start, end)`, offsets into `text`, sorted by start. Emphasis never
 * crosses a line break. Never throws; a marker without a partner is plain text.
 */
export function emphasisSpans(text: string, start = 0, end = text.length): EmphasisSpan[] {
  const from = Math.max(0, Math.min(start, text.length));
  const to = Math.max(from, Math.min(end, text.length));
  let s = text.slice(from, to).replace(/\r/g, '\n');
  if (!s.includes('*') && !s.includes('_')) return [];
  s = s.replace(/\\[\\*_]/g, (m) => USED + USED);
  const spans: EmphasisSpan[] = [];
  for (const rule of RULES) {
    rule.pattern.lastIndex = 0;
    const found: [number, number][] = [];
    for (let m = rule.pattern.exec(s); m; m = rule.pattern.exec(s)) found.push([m.index, m.index + m[0].length]);
    const n = rule.marker.length;
    for (const [a, b] of found) {
      spans.push({ style: rule.style, start: from + a, end: from + b, contentStart: from + a + n, contentEnd: from + b - n });
      s = s.slice(0, a) + USED.repeat(n) + s.slice(a + n, b - n) + USED.repeat(n) + s.slice(b);
    }
  }
  return spans.sort((x, y) => x.start - y.start || y.end - x.end);
}
