/**
 * `validate <file.pdf>` names each signer of the attached record with the key id and says the
 * keys were not checked against a roster, as every other output does (issue 11, item 2).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { exportPdf } from '../../server/src/cli/pdfExport';
import { pdfVerdictText, validatePdfFile } from '../../server/src/cli/validatePdf';
import { splitJournal } from '../../server/src/provenance/journal';
import { keyIdOf } from '../../server/src/provenance/keys';
import { EXAMPLE, exampleCopy } from './helpers';

test('validate <file.pdf> lists every signer with the key id and says the keys were not checked', async () => {
  const { dir, script, journal } = exampleCopy();
  const expected = new Set<string>();
  for (const l of splitJournal(readFileSync(journal)).lines) {
    for (const k of (JSON.parse(l.text) as { writers?: Array<{ writer: { name: string }; publicKey: string }> }).writers ?? []) expected.add(`${k.writer.name} [key ${keyIdOf(k.publicKey)}]`);
  }
  const exported = await exportPdf(script, {});
  const pdf = join(dir, EXAMPLE.replace(/\.fountain$/, '.pdf'));
  writeFileSync(pdf, exported.bytes);
  const r = await validatePdfFile(pdf);
  assert.equal(r.pass, true, JSON.stringify(r.problems));
  assert.deepEqual(new Set(r.signers), expected);
  const text = pdfVerdictText(r);
  for (const s of expected) assert.ok(text.includes(s), text);
  assert.match(text, /keys not checked against a roster/);
});
