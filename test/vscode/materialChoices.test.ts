import { test } from 'node:test';
import assert from 'node:assert/strict';
import { coWriterChoices, coWriterOrigin, furnishedChoices, furnishedMaterialName, furnishedOrigin, isAiOriginAnswer, priorChoices, priorOrigin, readProjectLists } from '../../client/src/materialChoices';
import { furnishedMaterialName as serverName } from '../../server/src/disclosure/materialName';
import { parseProject } from '../../server/src/disclosure/project';
import { isOrigin } from '../../server/src/provenance/origin';

const projectText = JSON.stringify({
    writers: [{ name: 'Mara Okafor', email: 'mara@example.com' }, { name: 'Dev Patel' }],
    furnished: [
      { title: 'Studio treatment', file: 'treatment.pdf', aiOrigin: 'yes', disclosedBy: 'Night Shift Productions' },
      { file: 'bible.pdf', aiOrigin: 'no' },
    ],
    prior: [{ writer: 'Ana Ruiz', title: 'Draft of 3 March 2026' }, { writer: 'Tom Lee' }],
});
const { problems } = parseProject(projectText);
const project = readProjectLists(projectText);

test('the palette offers the project file\u2019s furnished material, prior writers and co-writers, as the quick fixes do', () => {
  assert.deepEqual(problems, []);
  const furnished = furnishedChoices(project);
  assert.deepEqual(furnished.map((c) => c.label), ['Studio treatment', 'bible.pdf']);
  assert.deepEqual(furnished[0].origin, { kind: 'furnished', channel: 'attestation', material: 'Studio treatment', aiOrigin: 'yes', disclosedBy: 'Night Shift Productions' });
  assert.equal(furnished[0].description, 'AI origin: yes, disclosed by Night Shift Productions');
  assert.deepEqual(furnished[1].origin, { kind: 'furnished', channel: 'attestation', material: 'bible.pdf', aiOrigin: 'no' });
  const prior = priorChoices(project);
  assert.deepEqual(prior[0].origin, { kind: 'prior', channel: 'attestation', writer: { name: 'Ana Ruiz' }, material: 'Draft of 3 March 2026' });
  assert.deepEqual(prior[1].origin, { kind: 'prior', channel: 'attestation', writer: { name: 'Tom Lee' } });
  // The writer at the keyboard is not their own co-writer (names compared as a reader would).
  assert.deepEqual(coWriterChoices(project, '  mara   OKAFOR ').map((c) => c.label), ['Dev Patel']);
  assert.deepEqual(coWriterChoices(project).map((c) => c.label), ['Mara Okafor', 'Dev Patel']);
  assert.deepEqual(coWriterChoices(project)[0].origin, { kind: 'human', channel: 'attestation', writer: { name: 'Mara Okafor', email: 'mara@example.com' } });
});

test('typed answers are trimmed; empty optional parts are left out; the origins are valid once the server adds the time', () => {
  assert.deepEqual(furnishedOrigin('  Pitch deck ', 'unknown', '  '), { kind: 'furnished', channel: 'attestation', material: 'Pitch deck', aiOrigin: 'unknown' });
  assert.deepEqual(priorOrigin(' Ana Ruiz ', ''), { kind: 'prior', channel: 'attestation', writer: { name: 'Ana Ruiz' } });
  assert.deepEqual(coWriterOrigin('Dev Patel', ''), { kind: 'human', channel: 'attestation', writer: { name: 'Dev Patel' } });
  const at = '2026-11-30T12:00:00.000Z';
  for (const o of [furnishedOrigin('Pitch deck', 'yes'), priorOrigin('Ana Ruiz', 'Draft 2'), coWriterOrigin('Dev Patel')]) assert.ok(isOrigin({ ...o, at }), JSON.stringify(o));
  assert.ok(isAiOriginAnswer('unknown'));
  assert.ok(!isAiOriginAnswer('maybe'));
  assert.deepEqual(readProjectLists('{'), { writers: [], furnished: [], prior: [] });
  assert.deepEqual(readProjectLists(undefined), { writers: [], furnished: [], prior: [] });
  // Malformed entries are left out, never guessed.
  assert.deepEqual(readProjectLists(JSON.stringify({ writers: [{ email: 'x@y' }, 'Ann', { name: 'Bo' }], furnished: [{ title: 'T', aiOrigin: 'maybe' }, { file: 'f.pdf', aiOrigin: 'no', extra: 1 }], prior: [{ title: 'no writer' }] })), {
    writers: [{ name: 'Bo' }],
    furnished: [{ file: 'f.pdf', aiOrigin: 'no' }],
    prior: [],
  });
});

test('the client names furnished material as the quick fixes and the report do', () => {
  for (const m of [{ title: 'T', file: 'f', description: 'd', id: 'i' }, { file: 'f', description: 'd', id: 'i' }, { description: 'd', id: 'i' }, { id: 'i' }, {}]) {
    assert.equal(furnishedMaterialName(m), serverName(m), JSON.stringify(m));
  }
});
