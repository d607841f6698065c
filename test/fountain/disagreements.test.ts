import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Fountain } from 'fountain-js';
import { parse } from '../../server/src/fountain/parser';
import { disagreements } from './disagreements';

const GROUPING = new Set(['dialogue_begin', 'dialogue_end', 'dual_dialogue_begin', 'dual_dialogue_end', 'spaces']);

describe('deliberate disagreements with fountain-js 1.2.4', () => {
  test('ids are unique and every entry names its rule', () => {
    assert.equal(new Set(disagreements.map((d) => d.id)).size, disagreements.length);
    for (const d of disagreements) assert.ok(d.rule.length > 40, d.id);
  });

  for (const d of disagreements) {
    test(`${d.id}: we follow the rule, fountain-js does otherwise`, () => {
      const ours = parse(d.example).elements.filter((e) => e.type !== 'boneyard').map((e) => e.type);
      assert.deepEqual(ours, d.ours, 'our elements');
      if (d.fountainJs === 'throws') {
        assert.throws(() => new Fountain().parse(d.example, true));
      } else {
        const tokens = new Fountain().parse(d.example, true).tokens as { type: string; is_title?: boolean }[];
        assert.deepEqual(tokens.filter((t) => !t.is_title && !GROUPING.has(t.type)).map((t) => t.type), d.fountainJs, 'fountain-js tokens');
      }
    });
  }

  test('dual dialogue pairs only adjacent cues (fountain-js pairs across an action)', () => {
    const text = 'ANNA\nHi.\n\nThe kettle boils.\n\nBEN ^\nHello.\n';
    const script = parse(text);
    const anna = script.elements.find((e) => e.text === 'ANNA')!;
    const ben = script.elements.find((e) => e.name === 'BEN')!;
    assert.equal(anna.dual, undefined);
    assert.equal(ben.dual, true);
    const tokens = new Fountain().parse(text, true).tokens as { type: string; dual?: string }[];
    assert.ok(tokens.some((t) => t.type === 'dialogue_begin' && t.dual === 'left'), 'fountain-js pairs ANNA with BEN');
  });
});
