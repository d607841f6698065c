import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { diffArrays } from 'diff';
import { Fountain } from 'fountain-js';
import { corpusFiles, corpusSuiteOptions } from '../corpus';
import { parse } from '../../server/src/fountain/parser';
import { lineIndex } from '../../server/src/fountain/lines';
import type { Script } from '../../server/src/fountain/types';
import { fountainJsBody, fountainJsTitle, oursBody, oursTitle, type Comparable } from './differential';
import { disagreements } from './disagreements';

/** Files fountain-js 1.2.4 throws on (dialogue opening with a lyric: see disagreements). */
const FOUNTAIN_JS_THROWS = new Set(['afterwriting-kitchen-sink.fountain', 'spec-forced-elements.fountain']);

function checkRanges(name: string, script: Script): void {
  const { text } = script;
  let previous = -1;
  for (const e of script.elements) {
    assert.ok(e.start >= previous, `${name}: elements out of order at ${e.start}`);
    previous = e.start;
    assert.ok(0 <= e.start && e.start <= e.contentStart && e.contentStart <= e.contentEnd && e.contentEnd <= e.end && e.end <= text.length, `${name}: bad range ${JSON.stringify(e)}`);
    assert.equal(e.line, lineIndex(script.lineStarts, e.start), `${name}: line of ${e.type} at ${e.start}`);
    assert.ok(script.lineStarts[e.line] <= e.start && (e.line + 1 >= script.lineStarts.length || script.lineStarts[e.line + 1] > e.start));
    const source = text.slice(e.start, e.end);
    if (e.type !== 'boneyard' && !source.includes('/*')) {
      assert.ok(source.trim().length > 0 || e.type === 'page_break' || e.type === 'dialogue', `${name}: empty ${e.type} at ${e.start}`);
    }
  }
  for (const n of script.notes) assert.ok(text.startsWith('[[', n.start) && text.startsWith(']]', n.end - 2), `${name}: note at ${n.start}`);
  for (const b of script.boneyards) assert.ok(text.startsWith('/*', b.start) && text.startsWith('*/', b.end - 2), `${name}: boneyard at ${b.start}`);
}

interface Hunk {
  fjs: Comparable[];
  ours: Comparable[];
}

function hunks(fjs: Comparable[], ours: Comparable[]): Hunk[] {
  const out: Hunk[] = [];
  let current: Hunk | undefined;
  for (const change of diffArrays(fjs, ours, { comparator: (a, b) => a.type === b.type && a.text === b.text })) {
    if (!change.added && !change.removed) {
      current = undefined;
      continue;
    }
    if (!current) {
      current = { fjs: [], ours: [] };
      out.push(current);
    }
    if (change.removed) current.fjs.push(...change.value);
    else current.ours.push(...change.value);
  }
  return out;
}

/** The disagreements that explain a hunk, split into consecutive pieces, or undefined. */
function explain(fjs: Comparable[], ours: Comparable[]): string[] | undefined {
  if (fjs.length === 0 && ours.length === 0) return [];
  for (let i = 0; i <= fjs.length; i++) {
    for (let j = 0; j <= ours.length; j++) {
      if (i === 0 && j === 0) continue;
      const d = disagreements.find((x) => x.explains?.(fjs.slice(0, i), ours.slice(0, j)));
      if (!d) continue;
      const rest = explain(fjs.slice(i), ours.slice(j));
      if (rest) return [d.id, ...rest];
    }
  }
  return undefined;
}

describe('corpus', corpusSuiteOptions(), () => {
  const files = corpusFiles();

  test('every corpus file parses, with ranges that slice to their source', () => {
    assert.ok(files.length >= 10);
    for (const f of files) {
      const script = parse(f.text);
      assert.ok(script.elements.length > 0, f.name);
      checkRanges(f.name, script);
    }
  });

  test('the files that crash fountain-js parse, with their lyrics under the cue', () => {
    for (const name of FOUNTAIN_JS_THROWS) {
      const file = files.find((f) => f.name === name);
      assert.ok(file, name);
      assert.throws(() => new Fountain().parse(file.text, true));
      const script = parse(file.text);
      const i = script.elements.findIndex((e) => e.type === 'lyrics' && script.elements[script.elements.indexOf(e) - 1]?.type === 'character');
      assert.ok(i > 0, `${name}: a lyric right under a cue`);
    }
  });

  test('differential against fountain-js 1.2.4: same elements and texts, except the listed disagreements', () => {
    const used = new Set<string>();
    for (const f of files) {
      let tokens;
      try {
        tokens = new Fountain().parse(f.text, true).tokens;
      } catch {
        assert.ok(FOUNTAIN_JS_THROWS.has(f.name), `fountain-js throws on ${f.name}, which is not listed`);
        continue;
      }
      const script = parse(f.text);
      const theirTitle = fountainJsTitle(tokens);
      const ourTitle = oursTitle(script);
      if (theirTitle.length === 0 && ourTitle.length > 0) {
        const source = f.text.slice(script.titlePageRange!.start, script.titlePageRange!.end);
        assert.ok(source.includes('：'), `${f.name}: a title page fountain-js does not see`);
        used.add('full-width-colon-title-key');
      } else {
        assert.deepEqual(ourTitle, theirTitle, `${f.name}: title page`);
      }
      const theirs = fountainJsBody(tokens);
      const ours = oursBody(script);
      for (const h of hunks(theirs, ours)) {
        const why = explain(h.fjs, h.ours);
        assert.ok(why, `${f.name}: unexplained difference\n  fountain-js: ${JSON.stringify(h.fjs)}\n  ours: ${JSON.stringify(h.ours)}`);
        for (const id of why) used.add(id);
      }
    }
    // The corpus shows at least these disagreements; the rest are shown by their examples.
    for (const id of ['fade-out-is-action', 'heading-without-blank-line-after', 'sections-one-per-line', 'note-on-several-lines']) {
      assert.ok(used.has(id), `expected the corpus to show ${id}`);
    }
  });

  test('big-fish: 190 scene headings, title page, characters with dialogue lines', () => {
    const file = files.find((f) => f.name === 'big-fish.fountain')!;
    const script = parse(file.text);
    assert.equal(script.scenes.length, 190);
    assert.equal(script.titlePage.find((e) => e.key === 'Title')?.value, 'Big Fish');
    const edward = script.characters.find((c) => c.name === 'EDWARD');
    assert.ok(edward && edward.cues > 100 && edward.lines >= edward.cues);
  });
});
