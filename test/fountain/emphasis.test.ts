import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { emphasisSpans } from '../../server/src/fountain/emphasis';

function styles(text: string): [string, string][] {
  return emphasisSpans(text).map((s) => [s.style, text.slice(s.contentStart, s.contentEnd)]);
}

describe('emphasis', () => {
  test('italic, bold, bold italic, underline', () => {
    assert.deepEqual(styles('*a* **b** ***c*** _d_'), [['italic', 'a'], ['bold', 'b'], ['boldItalic', 'c'], ['underline', 'd']]);
  });
  test('nested: bold around italic, underline around bold', () => {
    assert.deepEqual(styles('**big *small* big**'), [['bold', 'big *small* big'], ['italic', 'small']]);
    assert.deepEqual(styles('_**BRICK & STEEL**_'), [['underline', '**BRICK & STEEL**'], ['bold', 'BRICK & STEEL']]);
  });
  test('escapes, spaces next to markers, line breaks', () => {
    assert.deepEqual(styles('What the f\\*ck\\* now'), []);
    assert.deepEqual(styles('2 * 3 * 4'), []);
    assert.deepEqual(styles('*across\nlines*'), []);
  });
  test('offsets are into the whole text and respect a range', () => {
    const text = 'INT. HOUSE\n\nHe is *very* late.';
    const [span] = emphasisSpans(text, 12, text.length);
    assert.equal(text.slice(span.start, span.end), '*very*');
    assert.equal(text.slice(span.contentStart, span.contentEnd), 'very');
  });
  test('never throws, spans stay inside the range', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), fc.nat({ max: 90 }), fc.nat({ max: 90 }), (text, a, b) => {
        for (const s of emphasisSpans(text, a, b)) {
          assert.ok(Math.min(a, text.length) <= s.start && s.start < s.contentStart && s.contentStart < s.contentEnd && s.contentEnd < s.end && s.end <= Math.min(Math.max(a, b), text.length));
        }
      }),
      { numRuns: 300 },
    );
  });
});
