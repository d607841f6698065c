/**
 * LinePositions (the session's positions over the parser's text and line starts) answers as
 * vscode-languageserver-textdocument's TextDocument does, through random incremental edits
 * with every kind of line break, including edits that split or join a `\r\n`.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { parse, reparse } from '../../server/src/fountain/parser';
import { LinePositions, toEngineEdit } from '../../server/src/lsp/positions';
import { random } from '../random';

const pieces = ['\n', '\r\n', '\r', 'INT. HOUSE - DAY', 'BOB', '(quietly)', 'Hello there.', ' ', '', 'é€😀', '/* x */', '[[note]]', '\n\n'];

function randomText(next: () => number, parts: number): string {
  let out = '';
  for (let i = 0; i < parts; i++) out += pieces[Math.floor(next() * pieces.length)];
  return out;
}

function assertSame(doc: TextDocument, positions: LinePositions, text: string, next: () => number): void {
  assert.equal(doc.getText(), text);
  for (let offset = -1; offset <= text.length + 1; offset++) {
    assert.deepEqual(positions.positionAt(offset), doc.positionAt(offset), `positionAt(${offset})`);
  }
  for (let i = 0; i < 200; i++) {
    const position = { line: Math.floor(next() * (doc.lineCount + 2)) - 1, character: Math.floor(next() * 40) - 2 };
    assert.deepEqual(positions.offsetAt(position), doc.offsetAt(position), `offsetAt(${JSON.stringify(position)})`);
  }
}

test('LinePositions matches TextDocument through random incremental edits', () => {
  for (let seed = 1; seed <= 6; seed++) {
    const next = random(seed);
    // Longer than the parser's small-text limit, so most edits take the incremental path.
    let script = parse(randomText(next, 1500));
    let doc = TextDocument.create('file:///t.fountain', 'fountain', 0, script.text);
    const positions = new LinePositions(() => script);
    assertSame(doc, positions, script.text, next);
    for (let step = 1; step <= 40; step++) {
      const a = doc.positionAt(Math.floor(next() * (script.text.length + 1)));
      const b = doc.positionAt(doc.offsetAt(a) + Math.floor(next() * 6));
      const insert = randomText(next, Math.floor(next() * 3));
      const edit = toEngineEdit(positions, { start: a, end: b }, insert);
      assert.equal(edit.offset, doc.offsetAt(a));
      script = reparse(script, edit);
      doc = TextDocument.update(doc, [{ range: { start: a, end: b }, text: insert }], step);
      assertSame(doc, positions, script.text, next);
    }
  }
});

test('LinePositions on an empty text and a text ending in a line break', () => {
  for (const text of ['', '\n', 'a\r\n', 'a\r', 'a\r\nb']) {
    const script = parse(text);
    const doc = TextDocument.create('file:///t.fountain', 'fountain', 0, text);
    assertSame(doc, new LinePositions(() => script), text, random(7));
  }
});
