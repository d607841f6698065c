import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { likenessNotes, parseLikenessText } from '../../server/src/disclosure/likeness';
import { parse } from '../../server/src/fountain/parser';

describe('likeness notes', () => {
  test('parses replicas and synthetic performers with their fields', () => {
    assert.deepEqual(parseLikenessText('replica: Ruth Calder; use: de-aging; consent: L-7'), { kind: 'replica', subject: 'Ruth Calder', fields: { use: 'de-aging', consent: 'L-7' } });
    assert.deepEqual(parseLikenessText(' Digital Replica :  Jon\n Hale ;Consent:L-2 ; character: YOUNG JON'), { kind: 'replica', subject: 'Jon Hale', fields: { consent: 'L-2', character: 'YOUNG JON' } });
    assert.deepEqual(parseLikenessText('synthetic performer: NOVA; notice: N-3'), { kind: 'synthetic-performer', subject: 'NOVA', fields: { notice: 'N-3' } });
  });

  test('ignores other notes', () => {
    for (const t of ['replica budget is tight', 'TODO: fix', 'synthetic: x', '', 'note: replica: x']) assert.equal(parseLikenessText(t), undefined, t);
  });

  test('finds notes inline and standing alone, with their ranges', () => {
    const text = 'INT. LAB - DAY\n\n[[synthetic performer: NOVA; notice: N-3]]\n\nNOVA\nHello. [[replica: Ruth Calder; consent: L-7]]\n';
    const notes = likenessNotes(parse(text));
    assert.deepEqual(notes.map((n) => [n.kind, text.slice(n.start, n.end)]), [
      ['synthetic-performer', '[[synthetic performer: NOVA; notice: N-3]]'],
      ['replica', '[[replica: Ruth Calder; consent: L-7]]'],
    ]);
  });
});
