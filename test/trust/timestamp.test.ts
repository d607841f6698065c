import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sha256Hex } from '../../server/src/provenance/journal';
import { certificatesFromPem, readToken, verifyToken } from '../../server/src/provenance/timestamp';
import { requestTimestamp } from '../../server/src/lsp/timestampAuthority';
import { startTsa, writeStampedScript, type LocalTsa } from './tsa';
import { run, tempDir } from './helpers';

describe('RFC 3161 time stamps against a real local authority (openssl ts -reply)', () => {
  let tsa: LocalTsa;
  let other: LocalTsa;
  before(async () => {
    tsa = await startTsa('Test');
    other = await startTsa('Other');
  });
  after(async () => {
    await tsa?.close();
    await other?.close();
  });

  test('a token for a checkpoint hash verifies offline against the authority\'s CA, and openssl agrees', async () => {
    const line = '{"type":"checkpoint","seq":3}';
    const hash = sha256Hex(line);
    const before = Date.now();
    const token = await requestTimestamp(tsa.url, hash);
    const read = readToken(token);
    assert.equal(read.imprint, hash);
    assert.ok(Math.abs(Date.parse(read.genTime!) - before) < 60_000, read.genTime);
    const check = await verifyToken(token, line, certificatesFromPem(tsa.caPem));
    assert.equal(check.valid, true, check.error);
    // Checked independently by openssl ts -verify.
    const tokenPath = join(tsa.dir, 'token.der');
    writeFileSync(tokenPath, Buffer.from(token, 'base64'));
    const out = execFileSync('openssl', ['ts', '-verify', '-digest', hash, '-in', tokenPath, '-token_in', '-CAfile', tsa.caPath, '-untrusted', join(tsa.dir, 'tsa.crt')], { encoding: 'utf8' });
    assert.match(out, /Verification: OK/);
  });

  test('a token for another hash does not verify for this checkpoint', async () => {
    const token = await requestTimestamp(tsa.url, sha256Hex('another line'));
    const check = await verifyToken(token, 'this checkpoint', certificatesFromPem(tsa.caPem));
    assert.equal(check.valid, false);
    assert.match(check.error!, /not this checkpoint's hash/);
  });

  test('a token from another authority does not chain to the given certificate', async () => {
    const token = await requestTimestamp(other.url, sha256Hex('checkpoint 9'));
    const check = await verifyToken(token, 'checkpoint 9', certificatesFromPem(tsa.caPem));
    assert.equal(check.valid, false);
    assert.match(check.error!, /chain|signature/);
    assert.equal((await verifyToken(token, 'checkpoint 9', certificatesFromPem(other.caPem))).valid, true);
  });

  test('a record time-stamps its checkpoint; validate --tsa-cert anchors it, another authority\'s certificate does not', async () => {
    const dir = tempDir();
    const keys = tempDir('fp-keys-');
    const sealed = await writeStampedScript(dir, keys, tsa);
    writeFileSync(join(dir, 'other.pem'), other.caPem);
    const json = async (args: string[]) => JSON.parse((await run(['validate', '--workers', '0', '--format', 'json', 'stamped.fountain', ...args], dir)).stdout).results[0];
    const anchored = await json(['--tsa-cert', 'ca.pem']);
    assert.equal(anchored.timestamps, 'checked');
    assert.deepEqual(anchored.anchors.map((a: { checkpoint: number; status: string }) => [a.checkpoint, a.status]), [[sealed.seq, 'anchored']]);
    assert.ok(anchored.pass);
    const wrong = await json(['--tsa-cert', 'other.pem']);
    assert.equal(wrong.anchors[0].status, 'invalid');
    assert.ok(wrong.findings.some((f: { code: string }) => f.code === 'validate.timestamp'));
    const unchecked = await json([]);
    assert.equal(unchecked.timestamps, 'not-checked');
    assert.equal(unchecked.anchors[0].status, 'not-checked');
    // A certificate file that is not one is a usage error.
    assert.equal((await run(['validate', '--workers', '0', 'stamped.fountain', '--tsa-cert', 'stamped.fountain'], dir)).code, 2);
    // The report says which checkpoints carry a time stamp and that other times are the writer's clock.
    const report = JSON.parse((await run(['report', 'stamped.fountain', '--format', 'json'], dir)).stdout);
    assert.equal(report.verification.trust.timestamps[0].checkpoint, sealed.seq);
    assert.match(report.verification.trust.clock, /writer's clock/);
  });

  test('a damaged token and an unreachable authority are reported, never thrown', async () => {
    const check = await verifyToken('AAAA', 'x', certificatesFromPem(tsa.caPem));
    assert.equal(check.valid, false);
    await assert.rejects(requestTimestamp('http://127.0.0.1:1/tsa', sha256Hex('x'), 2000), /could not be reached/);
    await assert.rejects(requestTimestamp('ftp://example.invalid/', sha256Hex('x')), /http/);
  });
});
