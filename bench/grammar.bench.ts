/**
 * TextMate grammar: tokenizing one 20,000-character line of unclosed bold markers (`**x `), the
 * line that took seconds while the emphasis lookaheads scanned to the end of the line from every
 * marker (issue 13). Anchor: the same length of plain words, which no emphasis rule matches.
 */
import { tokenize } from '../test/grammar/tokenize';
import { median, type BenchFigure, type BenchSuite } from './measure';

async function timeMs(line: string, runs: number): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await tokenize(line);
    times.push(performance.now() - start);
  }
  return median(times);
}

export const suite: BenchSuite = {
  name: 'grammar: TextMate tokenization of a 20,000-character line',
  async run(): Promise<BenchFigure[]> {
    await tokenize('Warm **up** *the* _grammar_.');
    const figures: BenchFigure[] = [];
    const plain = 'word '.repeat(4000);
    const anchor = await timeMs(plain, 5);
    for (const [key, unit] of [
      ['grammar_unclosed_bold', '**x '],
      ['grammar_unclosed_italic', '*x '],
      ['grammar_unclosed_underline', '_x '],
    ] as const) {
      const line = unit.repeat(Math.ceil(20_000 / unit.length)).slice(0, 20_000);
      const ms = await timeMs(line, 5);
      figures.push({
        key,
        label: `one 20,000-char line of ${JSON.stringify(unit)}`,
        median_ms: ms,
        anchor: '20,000 chars of plain words',
        anchor_median_ms: anchor,
        ratio: ms / anchor,
        goal: '<= 200 ms',
      });
    }
    return figures;
  },
};
