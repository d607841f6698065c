import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { classifyInsertion, classifyWithClipboard, copiedPieces, insertionsAfter, looksTyped, offsetIn, originFor, piecesCover } from '../../client/src/editOrigin';
import type { Origin } from '../../server/src/shared/protocol';

describe('edit origin', () => {
  test('keystrokes are typing: a character, a line break with indentation, an auto-closed pair', () => {
    for (const text of ['a', ' ', '\n', '\n    ', '\r\n\t', '()', '[[]]', '""']) assert.equal(looksTyped(text), true, JSON.stringify(text));
    for (const text of ['ab', 'INT. HOUSE', '\n\nHello', '(a)']) assert.equal(looksTyped(text), false, JSON.stringify(text));
  });

  test('undo and redo win over everything else', () => {
    assert.equal(classifyInsertion({ text: 'a long passage', reason: 1, takePaste: () => 'paste' }), 'undo');
    assert.equal(classifyInsertion({ text: 'a long passage', reason: 2 }), 'redo');
  });

  test('our own insertion is consumed before a paste with the same text', () => {
    const own = ['EXT. ROOF - NIGHT'];
    const takeOwn = (text: string) => {
      const i = own.indexOf(text);
      if (i < 0) return false;
      own.splice(i, 1);
      return true;
    };
    assert.equal(classifyInsertion({ text: 'EXT. ROOF - NIGHT', takeOwn, takePaste: () => 'paste' }), 'own');
    assert.equal(classifyInsertion({ text: 'EXT. ROOF - NIGHT', takeOwn, takePaste: () => 'paste' }), 'paste');
    assert.equal(classifyInsertion({ text: 'EXT. ROOF - NIGHT', takePaste: () => 'copy' }), 'copy');
  });

  test('a multi-character insertion with no paste event needs the clipboard', () => {
    assert.equal(classifyInsertion({ text: 'INT. KITCHEN - DAY' }), undefined);
    assert.equal(classifyWithClipboard('INT. KITCHEN - DAY', 'INT. KITCHEN - DAY'), 'paste');
    assert.equal(classifyWithClipboard('one\ntwo', 'one\r\ntwo'), 'paste');
    assert.equal(classifyWithClipboard('INT. KITCHEN - DAY', 'something else'), 'unattributed');
    assert.equal(classifyWithClipboard('INT. KITCHEN - DAY', undefined), 'unattributed');
    assert.equal(classifyWithClipboard('INT. KITCHEN - DAY', ''), 'unattributed');
  });

  test('deletions need no label', () => {
    assert.equal(classifyInsertion({ text: '' }), 'typing');
  });

  test('insertions are located in the text after the whole event', () => {
    // "abcdef": replace "ef" (4..6) with "XYZ" and insert "12" at 1; VS Code lists the later change first.
    const changes = [
      { rangeOffset: 4, rangeLength: 2, text: 'XYZ' },
      { rangeOffset: 1, rangeLength: 0, text: '12' },
    ];
    const after = 'a12bcdXYZ';
    const found = insertionsAfter(changes);
    assert.deepEqual(found, [
      { start: 6, end: 9, text: 'XYZ' },
      { start: 1, end: 3, text: '12' },
    ]);
    for (const f of found) assert.equal(after.slice(f.start, f.end), f.text);
  });

  test('pastes and unattributed text carry origins; typing, undo and our own text carry none', () => {
    const at = '2026-01-01T00:00:00.000Z';
    assert.equal(originFor('paste', at)?.kind, 'pasted');
    assert.equal(originFor('unattributed', at)?.kind, 'unattributed');
    for (const s of ['typing', 'undo', 'redo', 'own', 'copy'] as const) assert.equal(originFor(s, at), undefined);
  });

  test('copied text keeps the origins it had: pieces clipped to the copy, relative to its start', () => {
    const at = '2026-01-01T00:00:00.000Z';
    const human: Origin = { kind: 'human', channel: 'typing', at, writer: { name: 'Mara' } };
    const ai: Origin = { kind: 'ai', channel: 'ai-command', at, model: 'gpt-4o' };
    const runs = [
      { start: 0, end: 10, origin: human },
      { start: 10, end: 30, origin: ai },
      { start: 30, end: 40, origin: human },
    ];
    const pieces = copiedPieces(runs, 5, 25);
    assert.deepEqual(pieces, [
      { from: 0, to: 5, origin: human },
      { from: 5, to: 20, origin: ai },
    ]);
    assert.equal(piecesCover(pieces, 20), true);
    assert.equal(piecesCover(pieces, 21), false);
    assert.equal(piecesCover([{ from: 1, to: 20, origin: ai }], 20), false);
  });

  test('positions become offsets in the text as it was', () => {
    const text = 'ab\ncde\n\nf';
    assert.equal(offsetIn(text, 0, 1), 1);
    assert.equal(offsetIn(text, 1, 2), 5);
    assert.equal(offsetIn(text, 3, 0), 8);
    assert.equal(offsetIn(text, 9, 0), text.length);
  });
});
