/**
 * Checkpoints and seals hash the ledger's text piece by piece (Ledger.textSha256, over
 * TextStore.forEachPiece) instead of decoding the whole text: the hash must be the SHA-256
 * of the whole text's UTF-8 exactly, surrogate pairs across a piece's cut and lone
 * surrogates included (they encode as U+FFFD either way).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { Ledger } from '../../server/src/provenance/ledger';
import { TextStore } from '../../server/src/provenance/ledgerText';
import type { Origin } from '../../server/src/provenance/types';
import { random } from '../random';

const origin: Origin = { kind: 'imported', channel: 'import', at: '2026-03-01T09:00:00.000Z' };
const sha = (s: string): string => createHash('sha256').update(s, 'utf8').digest('hex');
const units = ['a', 'b', ' ', '\n', 'é', '\u2014', '\ud83d\ude00', '\ud83d', '\ude00', 'x\ud83d'];

function randomText(rnd: () => number, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += units[Math.floor(rnd() * units.length)];
  return s;
}

test('pieces of the text join to it and never split a surrogate pair', () => {
  const rnd = random(11);
  for (let round = 0; round < 40; round++) {
    const text = randomText(rnd, Math.floor(rnd() * 3000));
    const store = new TextStore(text);
    // An edit, so the store reads its chunks rather than the string it was made from.
    store.replace(0, 0, '\ude00');
    const whole = '\ude00' + text;
    for (const size of [2, 3, 7, 64, 600]) {
      const pieces: string[] = [];
      store.forEachPiece(size, (p) => pieces.push(p));
      assert.equal(pieces.join(''), whole);
      let total = createHash('sha256');
      for (const p of pieces) {
        assert.ok(p.length > 0 && p.length <= size);
        total = total.update(p, 'utf8');
      }
      assert.equal(total.digest('hex'), sha(whole), `size ${size}`);
    }
  }
});

test('textSha256 is the SHA-256 of the whole text after random edits, pairs split and joined', () => {
  const rnd = random(5);
  const ledger = Ledger.create(randomText(rnd, 200_000), origin);
  assert.equal(ledger.textSha256(), sha(ledger.text));
  for (let i = 0; i < 300; i++) {
    const offset = Math.floor(rnd() * (ledger.length + 1));
    const deleteLength = Math.min(ledger.length - offset, Math.floor(rnd() * 4));
    ledger.applyEdit({ offset, deleteLength, insertText: randomText(rnd, Math.floor(rnd() * 3)), origin });
    if (i % 20 === 0) assert.equal(ledger.textSha256(), sha(ledger.text), `after edit ${i}`);
  }
  assert.equal(Ledger.create('', origin).textSha256(), sha(''));
});
