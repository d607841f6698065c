import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Ledger } from '../../server/src/provenance/ledger';
import { keystrokesOf } from '../../server/src/provenance/journalReplay';
import type { Origin } from '../../server/src/provenance/types';

const writer = { name: 'Mara Okafor', email: 'mara@example.com' };
const typing: Origin = { kind: 'human', channel: 'typing', at: '2026-03-01T09:00:00.000Z', writer };
const other: Origin = { kind: 'human', channel: 'typing', at: '2026-03-01T09:00:00.000Z', writer: { name: 'Teo' } };
const ai: Origin = { kind: 'ai', channel: 'ai-command', at: '2026-03-01T09:00:00.000Z', tool: 't', model: 'm' };
const undo: Origin = { kind: 'human', channel: 'undo', at: '2026-03-01T09:00:00.000Z', writer };
const origins = [typing, other, ai, undo];

/** Types `text` both ways and asserts the ledgers agree; returns whether the fast path ran. */
function typeBothWays(ledger: Ledger, offset: number, text: string, origin: Origin): boolean {
  const slow = ledger.clone();
  for (const key of keystrokesOf(text)) {
    slow.applyEdit({ offset, deleteLength: 0, insertText: key, origin });
    offset += key.length;
  }
  const fast = ledger.clone();
  const ran = fast.applyTyping(offset - text.length, text, keystrokesOf(text)[0] ?? '', origin);
  if (!ran) return false;
  assert.equal(fast.text, slow.text);
  assert.deepEqual(fast.toSnapshot(), slow.toSnapshot());
  return true;
}

describe('typing a run as one edit', () => {
  test('a deleted selection retyped keystroke by keystroke stays typed, not restored', () => {
    const ledger = Ledger.create('INT. DINER - NIGHT\n', other);
    ledger.applyEdit({ offset: 5, deleteLength: 5, insertText: '', origin: typing });
    assert.equal(ledger.applyTyping(5, 'DINER', 'D', typing), false);
    typeBothWays(ledger, 5, 'DINER', typing);
  });

  test('equals keystroke-by-keystroke typing after random edits, deletions and undos', () => {
    const edit = fc.record({
      at: fc.nat(),
      del: fc.nat({ max: 6 }),
      text: fc.constantFrom('', 'a', 'ab', 'x\r\n', 'é', '😀', 'the rain'),
      origin: fc.nat({ max: 3 }),
    });
    let fastRuns = 0;
    fc.assert(
      fc.property(fc.array(edit, { maxLength: 30 }), fc.nat(), fc.constantFrom('a', 'ab', 'abc', 'the rain', 'x\r\ny', '😀b'), fc.nat({ max: 3 }), (edits, at, text, o) => {
        const ledger = Ledger.create('she looks out at the rain\n', other);
        for (const e of edits) {
          const len = ledger.length;
          const offset = len === 0 ? 0 : e.at % (len + 1);
          ledger.applyEdit({ offset, deleteLength: e.del, insertText: e.text, origin: origins[e.origin] });
        }
        if (typeBothWays(ledger, at % (ledger.length + 1), text, origins[o])) fastRuns++;
      }),
      { numRuns: 400, seed: 3 },
    );
    assert.ok(fastRuns > 100, `the fast path ran ${fastRuns} times`);
  });

  test('equals keystroke-by-keystroke typing when retyping just-deleted text in place', () => {
    fc.assert(
      fc.property(fc.nat(), fc.integer({ min: 1, max: 8 }), fc.boolean(), fc.nat({ max: 3 }), (at, n, backspaces, o) => {
        const ledger = Ledger.create('she looks out at the rain\n', other);
        ledger.applyEdit({ offset: 3, deleteLength: 0, insertText: 'XYZ', origin: ai });
        const offset = at % (ledger.length - n);
        const deleted = ledger.slice(offset, offset + n);
        if (backspaces) for (let i = n - 1; i >= 0; i--) ledger.applyEdit({ offset: offset + i, deleteLength: 1, insertText: '', origin: typing });
        else ledger.applyEdit({ offset, deleteLength: n, insertText: '', origin: typing });
        typeBothWays(ledger, offset, deleted, origins[o]);
      }),
      { numRuns: 300, seed: 5 },
    );
  });
});
