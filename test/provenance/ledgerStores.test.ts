import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { TextStore } from '../../server/src/provenance/ledgerText';
import { RunStore, type RunTriple } from '../../server/src/provenance/ledgerRuns';

const piece = fc.oneof(fc.string({ maxLength: 3 }), fc.string({ minLength: 100, maxLength: 700 }), fc.constantFrom('\ud83c\udfac', '\ud800', '\r\n', 'é'));

describe('TextStore', () => {
  test('random replacements give the same text and removed text as plain strings', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 2000 }), fc.array(fc.tuple(fc.nat(), fc.nat(40), piece), { maxLength: 80 }), (start, edits) => {
        const store = new TextStore(start);
        let text = start;
        for (const [at, del, insert] of edits) {
          const s = at % (text.length + 1);
          const e = Math.min(text.length, s + del);
          const removed = store.replace(s, e, insert);
          assert.equal(removed, text.slice(s, e));
          text = text.slice(0, s) + insert + text.slice(e);
          assert.equal(store.length, text.length);
          const q = Math.floor(at / 3) % (text.length + 1);
          assert.equal(store.slice(q, Math.min(text.length, q + 600)), text.slice(q, Math.min(text.length, q + 600)));
        }
        assert.equal(store.text, text);
      }),
      { numRuns: 150 },
    );
  });

  test('an emptied store takes text again', () => {
    const store = new TextStore('abc');
    assert.equal(store.replace(0, 3, ''), 'abc');
    assert.equal(store.text, '');
    store.replace(0, 0, 'x'.repeat(1500));
    assert.equal(store.text, 'x'.repeat(1500));
  });
});

describe('RunStore.insertOne', () => {
  test('equals replace with one run, at leaf boundaries too', () => {
    const sizes = { leafMax: 6, leafFill: 3 };
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 1, max: 5 }), fc.nat(2), fc.nat(2)), { minLength: 1, maxLength: 30 }),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 1, max: 4 }), fc.nat(2), fc.nat(2)), { maxLength: 40 }),
        (runs, inserts) => {
          const a = new RunStore(runs as RunTriple[], sizes);
          const b = new RunStore(runs as RunTriple[], sizes);
          for (const [at, len, o, id] of inserts) {
            const offset = at % (a.total + 1);
            a.insertOne(offset, len, o, id);
            b.replace(offset, offset, [[len, o, id]]);
            assert.deepEqual(a.slice(0, a.total), b.slice(0, b.total));
            assert.equal(a.count, b.count);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
