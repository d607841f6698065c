import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LengthIndex } from '../../server/src/provenance/lengthIndex';
import { random } from '../random';

test('LengthIndex finds the piece holding each offset, after rebuilds and length changes', () => {
  const next = random(11);
  for (let round = 0; round < 40; round++) {
    const lengths = Array.from({ length: 1 + Math.floor(next() * 37) }, () => 1 + Math.floor(next() * 9));
    const index = new LengthIndex();
    index.rebuild(lengths.length, (i) => lengths[i]);
    for (let change = 0; change < 5; change++) {
      const piece = Math.floor(next() * lengths.length);
      const delta = Math.floor(next() * 5);
      lengths[piece] += delta;
      index.add(piece, delta);
      const total = lengths.reduce((a, b) => a + b, 0);
      for (let offset = 0; offset <= total + 2; offset++) {
        let start = 0;
        let expected = lengths.length - 1;
        for (let p = 0; p < lengths.length; p++) {
          if (offset < start + lengths[p]) {
            expected = p;
            break;
          }
          if (p < lengths.length - 1) start += lengths[p];
        }
        index.find(offset);
        assert.equal(index.piece, expected, `offset ${offset} of ${JSON.stringify(lengths)}`);
        assert.equal(index.pieceStart, start, `start of piece ${expected}`);
      }
    }
  }
});
