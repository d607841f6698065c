/**
 * The script's text as pieces (fountain/pieceText.ts): it reads exactly as the joined string
 * does after any edits, old values never change, and a keystroke on a big script (the parser,
 * the rules and the figures the editor shows) joins no whole text.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { PieceText, pieceTextJoins } from '../../server/src/fountain/pieceText';
import { parse, reparse, reparseInPlace, textOf } from '../../server/src/fountain/parser';
import type { Script } from '../../server/src/fountain/types';
import { analyse } from '../../server/src/engine/analyse';
import { defaultProject } from '../../server/src/disclosure/project';
import { Ledger } from '../../server/src/provenance/ledger';
import type { HumanOrigin } from '../../server/src/provenance/types';
import { random as seeded } from '../random';

/** A screenplay of our own, repeated past V8's 128 KB large-object size (UTF-16: two bytes a character). */
function bigScript(): string {
  const scene = [
    'INT. NIGHT DESK - 3 A.M.',
    '',
    'A radio hisses. JUNE (50s) leans over a map marked with pins’ red heads.',
    '',
    'JUNE',
    '(quietly)',
    'Every call tonight came from the same street.',
    '',
    'TOMAS',
    'Then we go to the street.',
    '',
    '> CUT TO:',
    '',
  ].join('\n');
  const parts = ['Title: The Night Desk', 'Author: Fountain Provenance tests', '', ''];
  for (let i = 0; parts.join('\n').length < 160_000; i++) parts.push(scene.replace('3 A.M.', `${(i % 12) + 1} A.M.`));
  return parts.join('\n');
}

describe('PieceText', () => {
  test('reads as the joined string after random edits, and earlier values keep their text', () => {
    const random = seeded(7);
    let s = 'INT. KITCHEN - NIGHT\n\nA kettle boils. ’Quotes’ and tabs\there.\n'.repeat(40);
    let p = PieceText.of(s);
    const kept: Array<[PieceText, string]> = [];
    for (let k = 0; k < 5000; k++) {
      const at = Math.floor(random() * (s.length + 1));
      const del = random() < 0.25 ? Math.floor(random() * 30) : 0;
      const insert = ['', 'x', 'yz', '\r\n', 'a longer inserted passage '.repeat(Math.floor(random() * 6))][Math.floor(random() * 5)];
      const d = Math.min(del, s.length - at);
      s = s.slice(0, at) + insert + s.slice(at + d);
      p = p.edited(at, del, insert);
      assert.equal(p.length, s.length, `length after edit ${k}`);
      const a = Math.floor(random() * (s.length + 1));
      const b = Math.floor(random() * (s.length + 1));
      assert.equal(p.slice(Math.min(a, b), Math.max(a, b)), s.slice(Math.min(a, b), Math.max(a, b)), `slice after edit ${k}`);
      if (s.length > 0) assert.equal(p.charCodeAt(a % s.length), s.charCodeAt(a % s.length), `code unit after edit ${k}`);
      assert.ok(Number.isNaN(p.charCodeAt(s.length)));
      if (k % 250 === 0) kept.push([p, s]);
      if (k % 777 === 0) assert.equal(p.toString(), s);
    }
    for (const [piece, text] of kept) assert.equal(piece.toString(), text);
  });

  test('out-of-range edits are clamped as reparse clamps them', () => {
    const p = PieceText.of('abc');
    assert.equal(p.edited(10, 5, 'd').toString(), 'abcd');
    assert.equal(p.edited(-3, 1, 'z').toString(), 'zbc');
    assert.equal(p.edited(1, 99, '').toString(), 'a');
    assert.equal(p.slice(-2), 'bc');
  });
});

describe('a keystroke on a big script joins no whole text', () => {
  test('reparse, the rules and the figures read the pieces; script.text still gives the whole text', () => {
    const text = bigScript();
    assert.ok(text.length > 150_000);
    let script: Script = parse(text);
    let expected = text;
    const origin: HumanOrigin = { kind: 'human', channel: 'typing', at: '2026-11-30T12:00:00Z', writer: { name: 'Mara Okafor' } };
    const ledger = Ledger.create(text, origin);
    const random = seeded(11);
    const joinsBefore = pieceTextJoins.count;
    for (let k = 0; k < 60; k++) {
      // Type at the end of a line well past the title page.
      let at = 2000 + Math.floor(random() * (expected.length - 2000));
      const eol = expected.indexOf('\n', at);
      at = eol < 0 ? expected.length : eol;
      const insert = k % 7 === 0 ? '' : 'e';
      const del = insert === '' ? 1 : 0;
      script = reparse(script, { offset: at, deleteLength: del, insertText: insert });
      ledger.applyEdit({ offset: at, deleteLength: del, insertText: insert, origin });
      expected = expected.slice(0, at) + insert + expected.slice(at + del);
      const analysis = analyse({
        record: { kind: 'live', ledger },
        project: { project: defaultProject(), problems: [] },
        options: { script, now: new Date('2026-11-30T12:00:00Z') },
      });
      assert.ok(Array.isArray(analysis.findings));
      assert.ok(analysis.figures.shares.total > 0);
      assert.equal(textOf(script).length, expected.length);
    }
    assert.equal(pieceTextJoins.count, joinsBefore, 'no keystroke joined the whole text');
    // Asked for, the whole text is there, and the parse is the parse of it.
    assert.equal(script.text, expected);
    // As JSON: the rules noted their findings on the elements (fountain/memo.ts), which a fresh parse has not.
    assert.deepEqual(JSON.parse(JSON.stringify(script)), JSON.parse(JSON.stringify(parse(expected))));
  });
});

describe('reparseInPlace', () => {
  test('a chain of random edits (lines made and joined, notes, cues, deletions) stays equal to a full parse', () => {
    const random = seeded(23);
    const inserts = ['e', '\n', '\n\n', 'MARA\n', '[[a note]]', '(beat)\n', 'INT. ROOF - DAY\n\n', ' ', '^', '> ', '.', '', 'Word. Another word.'];
    for (const withBoneyard of [false, true]) {
      let text = bigScript().slice(0, 40_000);
      if (withBoneyard) text = text.replace('Every call tonight', '/* cut */ Every call tonight');
      let script = parse(text);
      for (let k = 0; k < 300; k++) {
        const at = Math.floor(random() * (text.length + 1));
        const del = random() < 0.3 ? Math.floor(random() * 40) : 0;
        const insert = inserts[Math.floor(random() * inserts.length)];
        const d = Math.min(del, text.length - at);
        script = reparseInPlace(script, { offset: at, deleteLength: del, insertText: insert });
        text = text.slice(0, at) + insert + text.slice(at + d);
        if (k % 2 === 0 || k === 299) {
          assert.deepStrictEqual(script, parse(text), `after edit ${k}${withBoneyard ? ' (with a boneyard)' : ''}`);
        }
      }
      assert.equal(script.text, text);
    }
  });

  test('moves the elements after the edit instead of copying them; reparse leaves its input as it was', () => {
    const text = bigScript();
    const a = parse(text);
    const tail = a.elements[a.elements.length - 1];
    const start = tail.start;
    const copied = reparse(a, { offset: 5000, deleteLength: 0, insertText: 'e' });
    assert.equal(tail.start, start, 'reparse does not touch its input');
    assert.notEqual(copied.elements[copied.elements.length - 1], tail);
    const moved = reparseInPlace(a, { offset: 5000, deleteLength: 0, insertText: 'e' });
    assert.equal(moved.elements[moved.elements.length - 1], tail, 'the same element object');
    assert.equal(tail.start, start + 1);
  });
});
