import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { keyIdOf, readIdentity, writeIdentity } from '../../server/src/provenance/keys';
import { judgeSigners, parseRoster } from '../../server/src/provenance/roster';
import { run, tempDir } from './helpers';

describe('keys init and export', () => {
  test('init stores the identity next to the key; export prints the roster entry with the key id', async () => {
    const keys = tempDir();
    const init = await run(['keys', 'init', '--name', 'Mara Okafor', '--email', 'mara@example.com'], keys, keys);
    assert.equal(init.code, 0, init.stderr);
    assert.deepEqual(readIdentity(keys), { name: 'Mara Okafor', email: 'mara@example.com' });
    const out = await run(['keys', 'export'], keys, keys);
    assert.equal(out.code, 0, out.stderr);
    const entry = JSON.parse(out.stdout);
    assert.equal(entry.name, 'Mara Okafor');
    assert.equal(entry.email, 'mara@example.com');
    assert.match(entry.publicKey, /^[A-Za-z0-9_-]{43}$/);
    assert.equal(entry.keyId, keyIdOf(entry.publicKey));
    assert.ok(init.stdout.includes(entry.keyId), 'init names the key id');
    // The export is a valid roster entry.
    const parsed = parseRoster(JSON.stringify({ keys: [entry] }));
    assert.ok(parsed.roster, parsed.error?.message);
    // The same key again: export is stable.
    const again = JSON.parse((await run(['keys', 'export', '--name', 'Mara Okafor', '--email', 'mara@example.com'], keys, keys)).stdout);
    assert.equal(again.publicKey, entry.publicKey);
  });

  test('export without an identity or --name is a usage error naming keys init', async () => {
    const keys = tempDir();
    const r = await run(['keys', 'export'], keys, keys);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /keys init/);
    assert.equal((await run(['keys', 'init', '--email', 'x@example.com'], keys, keys)).code, 2);
    assert.equal((await run(['keys', 'rotate'], keys, keys)).code, 2);
  });

  test('readIdentity never throws on a damaged identity file; writeIdentity replaces it', () => {
    const keys = tempDir();
    assert.equal(readIdentity(keys), undefined);
    writeFileSync(join(keys, 'identity.json'), '{"name": ');
    assert.equal(readIdentity(keys), undefined);
    writeIdentity({ name: ' Dev Lindqvist ' }, keys);
    assert.deepEqual(readIdentity(keys), { name: 'Dev Lindqvist' });
    assert.ok(existsSync(join(keys, 'identity.json')));
    assert.throws(() => writeIdentity({ name: '  ' }, keys));
    assert.match(readFileSync(join(keys, 'identity.json'), 'utf8'), /Dev Lindqvist/);
  });
});

describe('rosters', () => {
  const pk = 'A'.repeat(43);
  test('a roster error names its line and column', () => {
    const text = '{\n  "keys": [\n    { "name": "Mara", "publicKey": "short" }\n  ]\n}\n';
    const r = parseRoster(text);
    assert.ok(r.error);
    assert.equal(r.error.line, 3);
    assert.match(r.error.message, /publicKey/);
    const bad = parseRoster('{"keys": [,]}');
    assert.ok(bad.error && bad.error.line === 1 && bad.error.column > 1);
    assert.ok(parseRoster(JSON.stringify({ keys: [{ name: 'M', publicKey: pk, keyId: '0000000000000000' }] })).error, 'a wrong keyId is refused');
  });

  test('signers are judged: registered, not registered, dates judged only against time-stamped time', () => {
    const { roster } = parseRoster(JSON.stringify({ keys: [{ name: 'Mara', publicKey: pk, validFrom: '2026-01-01', validTo: '2026-06-30' }] }));
    assert.ok(roster);
    const sig = (publicKey: string, event: number) => ({ writer: { name: 'Mara' }, publicKey, event, valid: true, keyId: keyIdOf(publicKey) });
    const other = 'B'.repeat(43);
    const judged = judgeSigners([sig(pk, 3), sig(other, 5), sig(pk, 7), sig(pk, 9)], roster, new Map([[7, '2026-03-01T00:00:00Z'], [9, '2027-01-01T00:00:00Z']]));
    assert.deepEqual(judged.map((j) => [j.event, j.status, j.validity]), [
      [3, 'registered', 'not-verifiable'],
      [5, 'not-registered', undefined],
      [7, 'registered', 'within'],
      [9, 'outside-validity', 'outside'],
    ]);
    assert.ok(judged[1].message.includes(keyIdOf(other)));
  });
});
