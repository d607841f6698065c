import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { computeLineStarts, lineColumn, lineOf } from '../../server/src/fountain/lines';
import { parse } from '../../server/src/fountain/parser';

describe('lines', () => {
  test('lineColumn is zero-based, columns in UTF-16 code units', () => {
    const text = 'ab\r\n😀c\rd\ne';
    const starts = computeLineStarts(text);
    assert.deepEqual(starts, [0, 4, 8, 10]);
    assert.deepEqual(lineColumn(starts, 0), { line: 0, column: 0 });
    assert.deepEqual(lineColumn(starts, 3), { line: 0, column: 3 });
    assert.deepEqual(lineColumn(starts, 6), { line: 1, column: 2 });
    assert.deepEqual(lineColumn(starts, 10), { line: 3, column: 0 });
  });

  test('out-of-range offsets are clamped, never thrown', () => {
    const starts = computeLineStarts('a\nb');
    assert.deepEqual(lineColumn(starts, -5), { line: 0, column: 0 });
    assert.deepEqual(lineColumn(starts, 99), { line: 1, column: 97 });
    assert.deepEqual(lineColumn(starts, NaN), { line: 0, column: 0 });
    assert.deepEqual(lineColumn([], 3), { line: 0, column: 3 });
  });

  test('lineOf finds the line of an offset in a script', () => {
    const text = 'INT. HOUSE - DAY\n\nBOB\nHi.\n';
    const script = parse(text);
    assert.equal(lineOf(script, text.indexOf('BOB')), 2);
    assert.equal(lineOf(script, text.indexOf('Hi.')), 3);
    assert.equal(lineOf(script, text.length), 4);
  });
});
