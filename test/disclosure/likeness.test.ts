import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { likenessNotes, parseLikenessText, replicaChecks } from '../../server/src/disclosure/likeness';
import { defaultProject } from '../../server/src/disclosure/project';
import { sagReplicaConsent } from '../../server/src/disclosure/rules/sagReplicaConsent';
import { sagReplicaRewritten } from '../../server/src/disclosure/rules/sagReplicaRewritten';
import { parse } from '../../server/src/fountain/parser';
import { Ledger } from '../../server/src/provenance/ledger';

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

describe('one consent matching for sag.replica-consent and sag.replica-rewritten', () => {
  const text = 'INT. BAKERY - NIGHT\n\nRuth stands at the counter.\n\n[[replica: Ruth Calder; use: de-aging; consent: L-7]]\n\n[[synthetic performer: NOVA]]\n\nINT. STREET - DAY\n\n[[replica: Jon Hale]]\n';
  const script = parse(text);
  const sceneHash = createHash('sha256').update(text.slice(0, text.indexOf('INT. STREET')), 'utf8').digest('hex');
  const performers = [{ name: 'Ruth Calder', consents: [{ id: 'L-7', uses: ['de-aging'], grantedBy: 'performer' as const, sceneHash }] }];
  const project = { ...defaultProject(), performers };
  const now = new Date('2026-03-10T12:00:00Z');

  test('one check per replica note, computed once per script, project and time, read by both rules', () => {
    const checks = replicaChecks(script, project, now);
    assert.deepEqual(checks.map((c) => [c.performer, c.consent?.id, c.scene, c.problem === undefined]), [
      ['Ruth Calder', 'L-7', 'matches', true],
      ['Jon Hale', undefined, 'unbound', false],
    ]);
    assert.equal(replicaChecks(script, project, now), checks, 'the same analysis reads the same checks');
    assert.notEqual(replicaChecks(script, { ...project }, now), checks, 'another project is checked again');
    assert.notEqual(replicaChecks(script, project, new Date(now.getTime() + 1)), checks, 'another time is checked again');
    const ctx = { script, ledger: Ledger.create(text, { kind: 'imported', channel: 'import', at: '2026-02-01T08:00:00Z' }), project, now };
    const consentFindings = sagReplicaConsent.check(ctx);
    assert.deepEqual(consentFindings.map((f) => f.data?.performer), ['Jon Hale']);
    assert.deepEqual(sagReplicaRewritten.check(ctx), []);
    // The scene rewritten after consent: the same checks say so to both rules.
    const edited = text.replace('stands', 'kneels');
    const after = { ...ctx, script: parse(edited) };
    assert.deepEqual(sagReplicaRewritten.check(after).map((f) => f.data?.consent), ['L-7']);
    assert.deepEqual(sagReplicaConsent.check(after).map((f) => f.data?.performer), ['Jon Hale']);
  });
});
