import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parse, reparse, reparseCounts, reparseInPlace } from '../../server/src/fountain/parser';
import type { Script, TextEdit } from '../../server/src/fountain/types';
import { corpusFiles, corpusSuiteOptions } from '../corpus';

/** Pieces of Fountain that make edits interesting: markers, breaks, cues, notes, boneyards. */
const PIECES = [
  '\n', '\n\n', '\r\n', '\r', '  \n', ' ', '\t', 'a', 'Z', 'É', 'ж', 'Ж', '日', '😀', '^', '@', '!', '.', '~', '>', '<', '#', '=', '===',
  '[[', ']]', '/*', '*/', '*', '_', '\\', '(', ')', 'INT. ', 'EXT. HOUSE - DAY', 'BOB', 'BOB ^', '(V.O.)', 'CUT TO:', 'Title: ', '\uFEFF', ':',
];

const fountainish = fc.array(fc.constantFrom(...PIECES), { maxLength: 60 }).map((parts) => parts.join(''));

/** Any UTF-16 code units, lone surrogates included. */
const codeUnits = fc.array(fc.integer({ min: 0, max: 0xffff }), { maxLength: 200 }).map((units) => String.fromCharCode(...units));

/** Long enough for reparse to take its incremental path (short texts are simply parsed again). */
const SURROUNDINGS = 'Title: Test\n\n' + 'INT. ROOM - DAY\n\nText.\n\nBOB\nHi.\n\nANN ^\nHo.\n\n'.repeat(60);

function applyEdit(text: string, edit: TextEdit): string {
  return text.slice(0, edit.offset) + edit.insertText + text.slice(edit.offset + edit.deleteLength);
}

function editOf(text: string, at: number, length: number, insertText: string): TextEdit {
  const offset = Math.min(at, text.length);
  return { offset, deleteLength: Math.min(length, text.length - offset), insertText };
}

function assertRanges(script: Script): void {
  const { text } = script;
  for (const e of script.elements) {
    assert.ok(0 <= e.start && e.start <= e.contentStart && e.contentStart <= e.contentEnd && e.contentEnd <= e.end && e.end <= text.length, JSON.stringify(e));
  }
  for (const n of script.notes) assert.equal(text.slice(n.start, n.end), `[[${text.slice(n.contentStart, n.contentEnd)}]]`);
  for (const b of script.boneyards) assert.ok(text.startsWith('/*', b.start) && text.startsWith('*/', b.end - 2));
  assert.equal(script.lineStarts[0], 0);
}

describe('properties', () => {
  test('random strings never throw, and every range lies in the text', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 200 }), codeUnits, fountainish), (text) => {
        const script = parse(text);
        assert.equal(script.text, text);
        assertRanges(script);
      }),
      { numRuns: 400 },
    );
  });

  test('random bytes decoded as UTF-8 or latin1 never throw', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        for (const encoding of ['utf8', 'latin1'] as const) assertRanges(parse(Buffer.from(bytes).toString(encoding)));
      }),
      { numRuns: 300 },
    );
  });

  test('reparse after random edits of random Fountain equals a full parse', () => {
    fc.assert(
      fc.property(fountainish, fc.nat(), fc.nat({ max: 8 }), fountainish, (text, at, length, insert) => {
        const edit = editOf(text, at, length, insert);
        assert.deepStrictEqual(reparse(parse(text), edit), parse(applyEdit(text, edit)));
      }),
      { numRuns: 300 },
    );
  });

  test('reparse of random Fountain inside a long script equals a full parse', () => {
    const before = reparseCounts.incremental;
    fc.assert(
      fc.property(fountainish, fountainish, fc.nat({ max: 80 }), fc.nat({ max: 8 }), fountainish, (a, b, at, length, insert) => {
        const head = SURROUNDINGS + a;
        const text = head + b + SURROUNDINGS;
        const edit = editOf(text, head.length - Math.min(at, a.length), length, insert);
        assert.deepStrictEqual(reparse(parse(text), edit), parse(applyEdit(text, edit)));
      }),
      { numRuns: 150 },
    );
    assert.ok(reparseCounts.incremental - before > 50, `most of these edits take the incremental path: ${JSON.stringify(reparseCounts)} from ${before}`);
  });

  test('reparse clamps out-of-range edits', () => {
    const text = 'INT. HOUSE - DAY\n\nText.\n';
    assert.deepStrictEqual(reparse(parse(text), { offset: 999, deleteLength: 5, insertText: 'X' }), parse(text + 'X'));
    assert.deepStrictEqual(reparse(parse(text), { offset: -4, deleteLength: -1, insertText: '' }), parse(text));
    assert.deepStrictEqual(reparse(parse(text), { offset: NaN, deleteLength: 3, insertText: 'Y' }), parse('Y' + text.slice(3)));
  });
});

describe('properties on the corpus', corpusSuiteOptions(), () => {
  const files = corpusFiles();
  const big = files.filter((f) => f.text.length > 4096);

  test('random edits on corpus files: reparse deep-equals parse', () => {
    const before = reparseCounts.incremental;
    const parsed = new Map(big.map((f) => [f.name, parse(f.text)]));
    fc.assert(
      fc.property(
        fc.constantFrom(...big.map((f) => f.name)),
        fc.integer({ min: 0, max: 1 << 30 }),
        fc.nat({ max: 12 }),
        fc.oneof(fc.constantFrom(...PIECES), fountainish, fc.string({ maxLength: 8 })),
        (name, where, length, insert) => {
          const text = big.find((f) => f.name === name)!.text;
          const edit = editOf(text, where % (text.length + 1), length, insert);
          assert.deepStrictEqual(reparse(parsed.get(name)!, edit), parse(applyEdit(text, edit)));
        },
      ),
      { numRuns: 250 },
    );
    assert.ok(reparseCounts.incremental - before > 100, `most of these edits take the incremental path: ${JSON.stringify(reparseCounts)} from ${before}`);
  });

  /** Random chains of edits on `file`, each re-parsed from the last result by `step`, deep-equal a full parse. */
  const chains = (file: { text: string }, step: (script: Script, edit: TextEdit) => Script, numRuns: number): void => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 1 << 30 }), fc.nat({ max: 6 }), fc.constantFrom(...PIECES)), { minLength: 1, maxLength: 25 }),
        (edits) => {
          let text = file.text;
          let script = parse(text);
          for (const [where, length, insert] of edits) {
            const edit = editOf(text, where % (text.length + 1), length, insert);
            text = applyEdit(text, edit);
            script = step(script, edit);
          }
          assert.deepStrictEqual(script, parse(text));
        },
      ),
      { numRuns },
    );
  };

  test('a chain of edits, each re-parsed from the last result, stays equal to a full parse', () => {
    const file = files.find((f) => f.name === 'the-last-birthday-card.fountain') ?? big[0];
    chains(file, reparse, 40);
  });

  test('a chain of in-place re-parses (the language server\'s) stays equal to a full parse', () => {
    for (const file of big.slice(0, 3)) chains(file, reparseInPlace, 15);
  });

  test('every element of every corpus file slices to its own source', () => {
    for (const f of files) {
      const script = parse(f.text);
      assertRanges(script);
      for (const e of script.elements) {
        const source = f.text.slice(e.start, e.end);
        if (e.type === 'scene_heading') assert.ok(source.includes(e.text), `${f.name}: ${source}`);
        if (e.type === 'character') assert.ok(source.includes(e.name!), `${f.name}: ${source}`);
        if (e.type === 'note' || e.type === 'boneyard') assert.equal(f.text.slice(e.contentStart, e.contentEnd).replace(/\r\n?/g, '\n'), e.text);
      }
    }
  });
});

describe('element ranges', () => {
  test('elements never overlap, except boneyards wholly inside another element', () => {
    fc.assert(
      fc.property(fountainish, (text) => {
        const elements = parse(text).elements;
        for (let i = 1; i < elements.length; i++) {
          const e = elements[i];
          assert.ok(e.start >= elements[i - 1].start);
          for (let j = 0; j < i; j++) {
            const d = elements[j];
            if (d.end <= e.start) continue;
            assert.ok(e.type === 'boneyard' && e.end <= d.end, `${d.type} ${d.start}-${d.end} overlaps ${e.type} ${e.start}-${e.end} in ${JSON.stringify(text)}`);
          }
        }
      }),
      // The example: a line of two spaces inside a boneyard once made an action that overlapped it.
      { numRuns: 400, examples: [['/*\n  \n*/[[']] },
    );
  });
});
