import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { canonicalJson } from '../../server/src/provenance/canonicalJson';
import { canonicalJson as journalCanonicalJson } from '../../server/src/provenance/journal';
import { originKey } from '../../server/src/provenance/origin';
import { verifyJournal } from '../../server/src/provenance/verify';
import type { Origin } from '../../server/src/provenance/types';

const ROOT = resolve(__dirname, '..', '..');

describe('one canonical JSON', () => {
  test('its bytes are the ones journals were signed over', () => {
    const value = {
      type: 'checkpoint',
      seq: 3,
      time: '2026-11-20T09:12:00.000Z',
      actor: { name: 'Mara Okafor', email: undefined },
      zeta: [1, 2.5, -3],
      ledger: { runs: [[3, 0, 1], [2, 1, 2]], origins: [{ kind: 'human', writer: { name: 'M' }, channel: 'typing', at: 'x', note: undefined }] },
      text: 'é "quoted" \u2028 \ud83c\udfac',
      alpha: null,
      nested: { b: true, a: false },
    };
    // Written down from the function journals were signed with before the two were made one.
    const expected =
      '{"actor":{"name":"Mara Okafor"},"alpha":null,"ledger":{"origins":[{"at":"x","channel":"typing","kind":"human","writer":{"name":"M"}}],"runs":[[3,0,1],[2,1,2]]},"nested":{"a":false,"b":true},"seq":3,"text":"é \\"quoted\\" \u2028 \ud83c\udfac","time":"2026-11-20T09:12:00.000Z","type":"checkpoint","zeta":[1,2.5,-3]}';
    assert.equal(canonicalJson(value), expected);
    assert.equal(journalCanonicalJson, canonicalJson, 'journal.ts re-exports the one function');
  });

  test('origins are keyed by it: equal origins in any field order, undefined fields left out', () => {
    const a: Origin = { kind: 'ai', channel: 'ai-command', at: '2026-11-22T10:30:00.000Z', model: 'gpt-4o', tool: 'vscode-lm' };
    const b = { tool: 'vscode-lm', model: 'gpt-4o', version: undefined, at: '2026-11-22T10:30:00.000Z', channel: 'ai-command', kind: 'ai' } as Origin;
    assert.equal(originKey(a), canonicalJson(a));
    assert.equal(originKey(b), originKey(a));
  });

  test('the bundled example journal still verifies', () => {
    const script = readFileSync(join(ROOT, 'examples', 'the-night-shift.fountain'), 'utf8');
    const journal = readFileSync(join(ROOT, 'examples', 'the-night-shift.fountain.provenance'));
    const v = verifyJournal(journal, script);
    assert.equal(v.status, 'verified', JSON.stringify(v.problems));
    assert.ok(v.signatures.length > 0 && v.signatures.every((s) => s.valid), 'every checkpoint signature holds');
  });
});
