import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { linkSync, mkdtempSync, readdirSync, readFileSync, statSync, symlinkSync, truncateSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import {
  checkOutputPath,
  decodeUtf8Strict,
  firstInvalidUtf8,
  OutputRefusedError,
  readRegularFile,
  readTextFile,
  UnreadableFileError,
  writeOutputFile,
} from '../../server/src/cli/safeFs';

const tmp = (): string => mkdtempSync(join(tmpdir(), 'fp-safefs-'));
const opts = { what: 'the script', maxBytes: 1024 };

function reason(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof UnreadableFileError, String(err));
    return err.reason;
  }
  return 'read';
}

describe('readRegularFile', () => {
  test('reads a regular file, through a symbolic link too', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'a.fountain'), 'INT. ROOM - DAY\n');
    symlinkSync(join(dir, 'a.fountain'), join(dir, 'b.fountain'));
    assert.equal(readRegularFile(join(dir, 'b.fountain'), opts).toString(), 'INT. ROOM - DAY\n');
  });

  test('refuses a FIFO at once, without waiting for a writer', () => {
    const dir = tmp();
    execFileSync('mkfifo', [join(dir, 'pipe.fountain')]);
    let message = '';
    try {
      readRegularFile(join(dir, 'pipe.fountain'), opts);
    } catch (err) {
      message = (err as Error).message;
    }
    assert.match(message, /pipe\.fountain: it is a named pipe \(FIFO\), not a regular file/);
  });

  test('refuses devices, folders and links to them', () => {
    const dir = tmp();
    symlinkSync('/dev/zero', join(dir, 'zero.provenance'));
    assert.equal(reason(() => readRegularFile('/dev/zero', opts)), 'not-regular');
    assert.equal(reason(() => readRegularFile(join(dir, 'zero.provenance'), opts)), 'not-regular');
    assert.equal(reason(() => readRegularFile(dir, opts)), 'not-regular');
    assert.equal(reason(() => readRegularFile(join(dir, 'missing'), opts)), 'missing');
  });

  test('a file over the limit is refused, naming the file and the limit', () => {
    const dir = tmp();
    const big = join(dir, 'big.fountain');
    writeFileSync(big, '');
    truncateSync(big, 1025);
    assert.throws(() => readRegularFile(big, opts), /big\.fountain: it is 1025 bytes, over the limit of 1024 bytes/);
    truncateSync(big, 1024);
    assert.equal(readRegularFile(big, opts).length, 1024);
  });
});

describe('strict UTF-8', () => {
  test('invalid bytes are refused with their offset; U+FFFD written as bytes is text', () => {
    const dir = tmp();
    for (const bad of [[0xff], [0xc3], [0xed, 0xa0, 0x80], [0xc0, 0x80], [0xf4, 0x90, 0x80, 0x80]]) {
      const path = join(dir, 'bad.fountain');
      writeFileSync(path, Buffer.concat([Buffer.from('INT. ROOM\n'), Buffer.from(bad)]));
      assert.throws(() => readTextFile(path, opts), /not valid UTF-8 \(byte 0x[0-9A-F]{2} at byte offset 10, line 2\)/);
    }
    writeFileSync(join(dir, 'ok.fountain'), Buffer.from([0x41, 0xef, 0xbf, 0xbd]));
    assert.equal(readTextFile(join(dir, 'ok.fountain'), opts), 'A\ufffd');
  });

  test('the validator agrees with Buffer round trips (property)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 40 }), (bytes) => {
        const buf = Buffer.from(bytes);
        const valid = Buffer.from(buf.toString('utf8'), 'utf8').equals(buf);
        assert.equal(firstInvalidUtf8(buf) < 0, valid);
        if (valid) assert.equal(decodeUtf8Strict(buf, 'x', 'the script'), buf.toString('utf8'));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('writeOutputFile', () => {
  test('writes atomically and leaves no temporary file', () => {
    const dir = tmp();
    writeOutputFile(join(dir, 'report.md'), '# one\n');
    writeOutputFile(join(dir, 'report.md'), '# two\n');
    assert.equal(readFileSync(join(dir, 'report.md'), 'utf8'), '# two\n');
    assert.deepEqual(readdirSync(dir), ['report.md']);
  });

  test('keeps the permissions of a file it replaces', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'out.txt'), 'old');
    chmodSync(join(dir, 'out.txt'), 0o600);
    writeOutputFile(join(dir, 'out.txt'), 'new');
    assert.equal(statSync(join(dir, 'out.txt')).mode & 0o777, 0o600);
  });

  test('never writes through a symbolic or hard link, and leaves their targets intact', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'precious.txt'), 'keep me');
    symlinkSync(join(dir, 'precious.txt'), join(dir, 'sym.md'));
    linkSync(join(dir, 'precious.txt'), join(dir, 'hard.md'));
    assert.throws(() => writeOutputFile(join(dir, 'sym.md'), 'x'), /symbolic link/);
    assert.throws(() => writeOutputFile(join(dir, 'hard.md'), 'x'), /hard link/);
    symlinkSync(join(dir, 'nowhere.md'), join(dir, 'dangling.md'));
    assert.throws(() => writeOutputFile(join(dir, 'dangling.md'), 'x'), /symbolic link/);
    assert.equal(readFileSync(join(dir, 'precious.txt'), 'utf8'), 'keep me');
  });

  test('never opens a journal or a script, by name or by content, nor a FIFO', () => {
    const dir = tmp();
    for (const name of ['a.fountain', 'a.spmd', 'a.fountain.provenance', 'a.fountain.provenance.unreadable-2026']) {
      assert.throws(() => writeOutputFile(join(dir, name), 'x'), OutputRefusedError, name);
    }
    writeFileSync(join(dir, 'journal.json'), '{"type":"header","format":"fountain-provenance/1","documentId":"d"}\n');
    assert.throws(() => writeOutputFile(join(dir, 'journal.json'), 'x'), /provenance journal/);
    execFileSync('mkfifo', [join(dir, 'pipe.txt')]);
    assert.throws(() => writeOutputFile(join(dir, 'pipe.txt'), 'x'), /named pipe/);
  });

  test('an input reached by another path is refused', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'notes.txt'), 'input');
    assert.throws(() => checkOutputPath(join(dir, '.', 'notes.txt'), { protect: [join(dir, 'notes.txt')] }), /one of the inputs/);
  });
});
