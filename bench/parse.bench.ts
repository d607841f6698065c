/**
 * Parser benchmark on big-fish (146 KB, 119 pages): a full parse, and a re-parse after a
 * one-character edit in the middle, both against fountain-js 1.2.4's full parse in the same run.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Fountain } from 'fountain-js';
import { corpusDir, medianMs, type BenchFigure, type BenchSuite } from './measure';
import { parse, reparse, reparseCounts } from '../server/src/fountain/parser';

export const suite: BenchSuite = {
  name: 'parse: Fountain parser vs fountain-js 1.2.4 (big-fish.fountain)',
  async run(): Promise<BenchFigure[]> {
    const dir = corpusDir();
    if (!dir) {
      console.log('parse: no Fountain corpus (set FOUNTAIN_CORPUS); no figures');
      return [];
    }
    const text = readFileSync(join(dir, 'big-fish.fountain'), 'utf8');
    const fountainJs = new Fountain();
    const anchor = medianMs(() => fountainJs.parse(text, true), 30, 5);
    const full = medianMs(() => parse(text), 60, 10);
    const prev = parse(text);
    const middle = text.length >> 1;
    const edit = { offset: middle, deleteLength: 0, insertText: 'e' };
    const before = reparseCounts.incremental;
    const incremental = medianMs(() => reparse(prev, edit), 200, 20);
    const incrementalRuns = reparseCounts.incremental - before;
    // Typing: each re-parse starts from the previous result, whose text is the unflattened
    // string the last re-parse built, so this one pays for flattening it.
    let typed = prev;
    let at = middle;
    const typing = medianMs(() => {
      typed = reparse(typed, { offset: at++, deleteLength: 0, insertText: 'e' });
    }, 200, 20);
    const base = { anchor: 'fountain-js full parse', anchor_median_ms: anchor };
    return [
      {
        key: 'parse_full',
        label: 'full parse of big-fish (146 KB)',
        median_ms: full,
        ...base,
        ratio: full / anchor,
        goal: 'ratio <= 0.25',
        extra: { elements: prev.elements.length, scenes: prev.scenes.length },
      },
      {
        key: 'parse_incremental',
        label: 're-parse after a 1-character edit in the middle',
        median_ms: incremental,
        ...base,
        ratio: incremental / anchor,
        goal: 'ratio <= 0.025',
        extra: { incremental_path: `${incrementalRuns}/220` },
      },
      {
        key: 'parse_incremental_typing',
        label: 're-parse per keystroke, each from the last result',
        median_ms: typing,
        ...base,
        ratio: typing / anchor,
        goal: 'ratio <= 0.025',
      },
    ];
  },
};
