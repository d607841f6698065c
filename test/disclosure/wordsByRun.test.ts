/**
 * wordsByRun reads only the text around the runs it is given: the counts must equal a plain
 * count over every word of the range, for random texts (words, apostrophes, hyphens, accents,
 * astral letters, punctuation, line breaks) and random runs, whole ranges and sub-ranges.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { wordsByRun, wordsOf } from '../../server/src/disclosure/passages';
import type { Run } from '../../server/src/provenance/types';

/** The plain definition: every word of text.slice(start, end), owned by the run holding more than half of it. */
function plainCount(text: string, runs: readonly Run[], start: number, end: number): Map<string, number> {
  const out = new Map<string, number>();
  for (const w of wordsOf(text.slice(start, end), start)) {
    const own = new Map<string, number>();
    for (const run of runs) {
      const n = Math.min(run.end, w.end) - Math.max(run.start, w.start);
      if (n > 0) own.set(`${run.insertionId}:${run.originId}`, (own.get(`${run.insertionId}:${run.originId}`) ?? 0) + n);
    }
    for (const [key, n] of own) if (n * 2 > w.end - w.start) out.set(key, (out.get(key) ?? 0) + 1);
  }
  return out;
}

function random(seed: number): () => number {
  let s = seed;
  return () => ((s = (s * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
}

test('counts equal the plain count over every word, on random texts and runs', () => {
  const pieces = ['rain', "don't", 'well-worn', 'café', '𝒜x', '42', ' ', '  ', '\n', '\r\n', '.', ',', '—', '\t', 'THE', 'ok!'];
  for (let seed = 1; seed <= 300; seed++) {
    const rnd = random(seed);
    let text = '';
    const n = 5 + Math.floor(rnd() * 60);
    for (let i = 0; i < n; i++) text += pieces[Math.floor(rnd() * pieces.length)];
    const runs: Run[] = [];
    let at = 0;
    while (at < text.length) {
      const len = 1 + Math.floor(rnd() * 12);
      const end = Math.min(text.length, at + len);
      if (rnd() < 0.5) runs.push({ start: at, end, insertionId: Math.floor(rnd() * 3), originId: Math.floor(rnd() * 2) } as unknown as Run);
      at = end;
    }
    const start = rnd() < 0.5 ? 0 : Math.floor(rnd() * text.length);
    const end = rnd() < 0.5 ? text.length : start + Math.floor(rnd() * (text.length - start + 1));
    const inRange = runs.filter((r) => r.end > start && r.start < end);
    assert.deepEqual(
      Object.fromEntries([...wordsByRun(text, inRange, start, end)].sort()),
      Object.fromEntries([...plainCount(text, inRange, start, end)].sort()),
      `seed ${seed}: ${JSON.stringify(text)} [${start}, ${end})`,
    );
  }
});

test('no runs, no words counted', () => {
  assert.equal(wordsByRun('The kettle screams.', []).size, 0);
});
