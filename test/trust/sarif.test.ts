/**
 * SARIF names every signer with their key id and says whether the keys were checked against a
 * roster, as the text and JSON outputs do (issue 11: "Every output (text, JSON, SARIF, report)").
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { splitJournal } from '../../server/src/provenance/journal';
import { keyIdOf } from '../../server/src/provenance/keys';
import { errorsOf, sarifValidator } from '../report/helpers';
import { EXAMPLE, exampleCopy, run } from './helpers';

interface SarifSigner {
  name: string;
  keyId: string;
  roster: string;
}
interface SarifLog {
  runs: Array<{
    properties?: { keysChecked?: boolean; keys?: string; scripts?: Array<{ script: string; keysChecked: boolean; signers: SarifSigner[] }> };
    invocations: Array<{ toolExecutionNotifications?: Array<{ level: string; message: { text: string }; properties?: { keysChecked?: boolean; signers?: SarifSigner[] } }> }>;
  }>;
}

/** The example journal's writers by key id, from its header and key events. */
function journalKeys(journal: string): Map<string, string> {
  const keys = new Map<string, string>();
  for (const l of splitJournal(readFileSync(journal)).lines) {
    const e = JSON.parse(l.text) as { writers?: Array<{ writer: { name: string }; publicKey: string }> };
    for (const k of e.writers ?? []) keys.set(keyIdOf(k.publicKey), k.writer.name);
  }
  return keys;
}

test('SARIF lists each signer with name and key id, and says the keys were not checked without a roster', async () => {
  const { dir, journal } = exampleCopy();
  const keys = journalKeys(journal);
  assert.ok(keys.size >= 2);
  const r = await run(['validate', '--workers', '0', '--format', 'sarif', EXAMPLE], dir);
  assert.equal(r.code, 0, r.stderr);
  const log = JSON.parse(r.stdout) as SarifLog;
  const validate = sarifValidator();
  assert.ok(validate(log), errorsOf(validate));
  const runOf = log.runs[0];
  assert.equal(runOf.properties?.keysChecked, false);
  assert.match(runOf.properties?.keys ?? '', /not checked against a roster/);
  const listed = runOf.properties?.scripts?.[0];
  assert.ok(listed, 'the run lists the script with its signers');
  assert.deepEqual(new Set(listed.signers.map((s) => s.keyId)), new Set(keys.keys()));
  for (const s of listed.signers) {
    assert.equal(s.name, keys.get(s.keyId));
    assert.equal(s.roster, 'not-checked');
  }
  const notes = runOf.invocations[0].toolExecutionNotifications ?? [];
  assert.equal(notes.length, 1);
  for (const [keyId, name] of keys) assert.ok(notes[0].message.text.includes(`${name} [key ${keyId}]`), notes[0].message.text);
  assert.match(notes[0].message.text, /keys not checked against a roster/);
});

test('SARIF with --trusted-keys says the keys were checked and how each stands', async () => {
  const { dir, journal } = exampleCopy();
  const lines = splitJournal(readFileSync(journal)).lines.map((l) => JSON.parse(l.text) as { writers?: Array<{ writer: { name: string }; publicKey: string }> });
  const entries = lines.flatMap((e) => e.writers ?? []).map((k) => ({ name: k.writer.name, publicKey: k.publicKey }));
  // Only the first writer is registered: the other signer is an untrusted key.
  writeFileSync(join(dir, 'roster.json'), JSON.stringify({ keys: [entries[0]] }));
  const r = await run(['validate', '--workers', '0', '--format', 'sarif', EXAMPLE, '--trusted-keys', 'roster.json'], dir);
  assert.equal(r.code, 1, r.stderr);
  const log = JSON.parse(r.stdout) as SarifLog;
  const validate = sarifValidator();
  assert.ok(validate(log), errorsOf(validate));
  assert.equal(log.runs[0].properties?.keysChecked, true);
  const signers = log.runs[0].properties!.scripts![0].signers;
  assert.equal(signers.find((s) => s.keyId === keyIdOf(entries[0].publicKey))?.roster, 'registered');
  assert.ok(signers.some((s) => s.roster === 'not-registered'));
  const note = log.runs[0].invocations[0].toolExecutionNotifications![0].message.text;
  assert.doesNotMatch(note, /not checked/);
  assert.match(note, /NOT in the roster/);
});
