/**
 * The project file may list the writers' keys (declared, issue 11 item 2): every output says,
 * per signer, whether the key is the one the project file declares, differs from it, or is not
 * listed. The project file is the writers' own, so this never decides a verdict: a roster given
 * with --trusted-keys still decides provenance.untrusted-key.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { splitJournal } from '../../server/src/provenance/journal';
import { keyIdOf, loadOrCreateKey } from '../../server/src/provenance/keys';
import { parseProject } from '../../server/src/disclosure/project';
import { EXAMPLE, exampleCopy, run } from './helpers';

interface Signer {
  name: string;
  keyId: string;
  roster: string;
  project?: string;
  projectName?: string;
}

function journalKeys(journal: string): Map<string, string> {
  const keys = new Map<string, string>();
  for (const l of splitJournal(readFileSync(journal)).lines) {
    const e = JSON.parse(l.text) as { writers?: Array<{ writer: { name: string }; publicKey: string }> };
    for (const k of e.writers ?? []) keys.set(k.writer.name, k.publicKey);
  }
  return keys;
}

/** The example's project file with `publicKey`s added to its writers by name. */
function declare(dir: string, keys: Record<string, string>): void {
  const path = join(dir, '.fountain-provenance.json');
  const project = JSON.parse(readFileSync(path, 'utf8')) as { writers: Array<{ name: string; publicKey?: string }> };
  for (const w of project.writers) if (keys[w.name]) w.publicKey = keys[w.name];
  writeFileSync(path, JSON.stringify(project, null, 2));
}

test('the project schema accepts writers[].publicKey, keeps keys out of the writers, and rejects a malformed key', () => {
  const key = 'A'.repeat(43);
  const { project, problems } = parseProject(JSON.stringify({ writers: [{ name: 'Mara Okafor', publicKey: key }, { name: 'Dev Lindqvist' }] }));
  assert.deepEqual(problems, []);
  assert.deepEqual(project.writers, [{ name: 'Mara Okafor' }, { name: 'Dev Lindqvist' }], 'origins and fixes name writers, never keys');
  assert.deepEqual(project.declaredKeys, [{ name: 'Mara Okafor', publicKey: key, keyId: keyIdOf(key) }]);
  const bad = parseProject(JSON.stringify({ writers: [{ name: 'Mara Okafor', publicKey: 'not a key' }] }));
  assert.equal(bad.problems.length, 1);
  assert.match(bad.problems[0].pointer, /\/writers\/0\/publicKey/);
});

test('validate says per signer whether the key is declared in the project file, differs from it, or is not listed', async () => {
  const { dir, journal, keys } = exampleCopy();
  const real = journalKeys(journal);
  const mara = real.get('Mara Okafor')!;
  const other = loadOrCreateKey({ name: 'Dev Lindqvist' }, keys).publicKey;
  declare(dir, { 'Mara Okafor': mara, 'Dev Lindqvist': other });
  const r = await run(['validate', '--workers', '0', '--format', 'json', EXAMPLE], dir);
  const result = JSON.parse(r.stdout).results[0] as { pass: boolean; signers: Signer[]; findings: Array<{ code: string; severity: string }> };
  assert.equal(r.code, 0, 'a declared key that differs is a fact shown, not a failure');
  const byName = new Map(result.signers.map((s) => [s.name, s]));
  assert.equal(byName.get('Mara Okafor')?.project, 'declared');
  assert.equal(byName.get('Dev Lindqvist')?.project, 'differs');
  assert.equal(byName.get('Dev Lindqvist')?.projectName, 'Dev Lindqvist');
  const text = await run(['validate', '--workers', '0', EXAMPLE], dir);
  assert.match(text.stdout, new RegExp(`Mara Okafor \\[key ${keyIdOf(mara)}, declared in the project file\\]`));
  assert.match(text.stdout, /Dev Lindqvist \[key [0-9a-f]{16}, NOT the key the project file declares for Dev Lindqvist\]/);
  const sarif = JSON.parse((await run(['validate', '--workers', '0', '--format', 'sarif', EXAMPLE], dir)).stdout) as { runs: Array<{ invocations: Array<{ toolExecutionNotifications: Array<{ message: { text: string } }> }> }> };
  assert.match(sarif.runs[0].invocations[0].toolExecutionNotifications[0].message.text, /NOT the key the project file declares for Dev Lindqvist/);
  // The report says it too, in JSON and in words.
  const report = JSON.parse((await run(['report', EXAMPLE, '--format', 'json'], dir)).stdout) as { verification: { trust: { projectKeys: Array<{ name: string; status: string }> } } };
  const statuses = new Map(report.verification.trust.projectKeys.map((k) => [k.name, k.status]));
  assert.equal(statuses.get('Mara Okafor'), 'declared');
  assert.equal(statuses.get('Dev Lindqvist'), 'differs');
  const summary = await run(['report', EXAMPLE], dir);
  assert.match(summary.stdout, /Keys: +Keys declared in the project file .*Dev Lindqvist \[key [0-9a-f]{16}\] is NOT the key it declares for Dev Lindqvist/);
  const md = await run(['report', EXAMPLE, '--format', 'md'], dir);
  const keysLine = md.stdout.split('\n').find((l) => l.includes('Keys declared in the project file'));
  assert.ok(keysLine, 'the report says what the project file declares');
  assert.match(keysLine, /weaker than a roster/);
  assert.match(keysLine, /is NOT the key it declares for Dev Lindqvist/);
  assert.match(keysLine, /Mara Okafor .*is the key it declares/);
});

test('a signer the project file does not list is "not in the project file"; without declared keys nothing is said', async () => {
  const { dir, journal } = exampleCopy();
  const real = journalKeys(journal);
  const plain = JSON.parse((await run(['validate', '--workers', '0', '--format', 'json', EXAMPLE], dir)).stdout).results[0] as { signers: Signer[] };
  assert.ok(plain.signers.every((s) => s.project === undefined));
  declare(dir, { 'Mara Okafor': real.get('Mara Okafor')! });
  const r = JSON.parse((await run(['validate', '--workers', '0', '--format', 'json', EXAMPLE], dir)).stdout).results[0] as { signers: Signer[] };
  assert.equal(r.signers.find((s) => s.name === 'Dev Lindqvist')?.project, 'not-listed');
  assert.equal(r.signers.find((s) => s.name === 'Mara Okafor')?.project, 'declared');
});

test('a roster still decides untrusted-key: a key the project file declares but the roster lacks fails', async () => {
  const { dir, journal } = exampleCopy();
  const real = journalKeys(journal);
  declare(dir, { 'Mara Okafor': real.get('Mara Okafor')!, 'Dev Lindqvist': real.get('Dev Lindqvist')! });
  writeFileSync(join(dir, 'roster.json'), JSON.stringify({ keys: [{ name: 'Mara Okafor', publicKey: real.get('Mara Okafor') }] }));
  const r = await run(['validate', '--workers', '0', '--format', 'json', EXAMPLE, '--trusted-keys', 'roster.json'], dir);
  assert.equal(r.code, 1);
  const result = JSON.parse(r.stdout).results[0] as { signers: Signer[]; findings: Array<{ code: string }> };
  const dev = result.signers.find((s) => s.name === 'Dev Lindqvist')!;
  assert.equal(dev.project, 'declared');
  assert.equal(dev.roster, 'not-registered');
  assert.ok(result.findings.some((f) => f.code === 'provenance.untrusted-key'));
});
