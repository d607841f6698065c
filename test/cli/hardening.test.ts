/**
 * Regression tests of issue 13 (hardening) for the command line: devices, FIFOs and giant
 * files, writes through links, terminal and Markdown escapes, symlinked scripts in folders,
 * invalid UTF-8, and a journal header whose writer is null.
 */
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { linkSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { runCli } from '../../server/src/cli/main';
import { ScriptRecord } from '../../server/src/provenance/record';
import { cli, ensureBuilt } from './cliHelpers';

before(() => ensureBuilt());

const WRITER = { name: 'Ada Writer', email: 'ada@example.invalid' };

function folder(): { dir: string; keys: string } {
  return { dir: mkdtempSync(join(tmpdir(), 'fp-hard-')), keys: mkdtempSync(join(tmpdir(), 'fp-hard-keys-')) };
}

/** Writes `name` with `text` and a journal recording it (typed after an import). */
function recorded(dir: string, keys: string, name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, '');
  const record = ScriptRecord.open(path, '', { writer: WRITER, keyDir: keys });
  // Typed key by key: an insertion longer than the typing threshold is never typing.
  const typing = { kind: 'human', channel: 'typing', at: '2026-11-20T10:00:00.000Z', writer: WRITER } as const;
  for (let i = 0; i < text.length; i++) record.applyEdit({ offset: i, deleteLength: 0, insertText: text[i], origin: typing });
  record.close();
  writeFileSync(path, text);
  return path;
}

async function run(args: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), isTTY: false, cwd });
  return { code, stdout, stderr };
}

const ESCAPES = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

describe('devices, FIFOs and giant files (item 5)', () => {
  test('validate: a journal linked to /dev/zero, a FIFO journal and a giant journal are unreadable (exit 2), the rest of the batch gets its verdicts', () => {
    const { dir, keys } = folder();
    recorded(dir, keys, 'good.fountain', 'INT. ROOM - DAY\n\nShe waits.\n');
    writeFileSync(join(dir, 'zero.fountain'), 'INT. ZERO - DAY\n');
    symlinkSync('/dev/zero', join(dir, 'zero.fountain.provenance'));
    writeFileSync(join(dir, 'fifo.fountain'), 'INT. PIPE - DAY\n');
    execFileSync('mkfifo', [join(dir, 'fifo.fountain.provenance')]);
    writeFileSync(join(dir, 'big.fountain'), 'INT. BIG - DAY\n');
    writeFileSync(join(dir, 'big.fountain.provenance'), '');
    truncateSync(join(dir, 'big.fountain.provenance'), 600 * 1024 * 1024);
    execFileSync('mkfifo', [join(dir, 'pipe.fountain')]);
    const r = cli(['validate', '--workers', '0', 'good.fountain', 'zero.fountain', 'fifo.fountain', 'big.fountain', 'pipe.fountain'], dir, keys);
    assert.equal(r.code, 2, r.stdout + r.stderr);
    assert.match(r.stdout, /^PASS\s+verified\s+good\.fountain/m);
    assert.match(r.stdout, /zero\.fountain\.provenance: it is a character device, not a regular file/);
    assert.match(r.stdout, /fifo\.fountain\.provenance: it is a named pipe \(FIFO\), not a regular file/);
    assert.match(r.stdout, /big\.fountain\.provenance: it is 629145600 bytes, over the limit of \d+ bytes/);
    assert.match(r.stdout, /pipe\.fountain: it is a named pipe/);
    assert.match(r.stdout, /1 verified, .* 4 unreadable/);
  });

  test('--policy /dev/zero and a FIFO policy are usage errors at once', () => {
    const { dir, keys } = folder();
    recorded(dir, keys, 'a.fountain', 'INT. ROOM - DAY\n');
    execFileSync('mkfifo', [join(dir, 'policy.json')]);
    for (const policy of ['/dev/zero', 'policy.json']) {
      for (const command of ['validate', 'report']) {
        const r = cli([command, 'a.fountain', '--policy', policy], dir, keys);
        assert.equal(r.code, 2, `${command} --policy ${policy}: ${r.stdout}${r.stderr}`);
        assert.match(r.stderr, /policy file .*(character device|named pipe)/);
      }
    }
  });

  test('report, stats and replay refuse a FIFO journal without blocking', () => {
    const { dir, keys } = folder();
    writeFileSync(join(dir, 'a.fountain'), 'INT. ROOM - DAY\n');
    execFileSync('mkfifo', [join(dir, 'a.fountain.provenance')]);
    for (const command of ['report', 'stats', 'replay']) {
      const r = cli([command, 'a.fountain'], dir, keys);
      assert.equal(r.code, 2, `${command}: ${r.stdout}${r.stderr}`);
      assert.match(r.stderr, /named pipe/);
    }
  });
});

describe('writes through links (item 6)', () => {
  test('report -o, replay -o and validate -o never write through a symbolic or hard link', async () => {
    const { dir, keys } = folder();
    const script = recorded(dir, keys, 'a.fountain', 'INT. ROOM - DAY\n\nShe waits.\n');
    const journalBefore = readFileSync(`${script}.provenance`);
    const scriptBefore = readFileSync(script);
    symlinkSync(`${script}.provenance`, join(dir, 'report.md'));
    linkSync(script, join(dir, 'out.json'));
    symlinkSync(script, join(dir, 'old.txt'));
    const r1 = await run(['report', 'a.fountain', '-o', 'report.md'], dir);
    assert.equal(r1.code, 2);
    assert.match(r1.stderr, /symbolic link/);
    const r2 = await run(['validate', '--workers', '0', script, '--format', 'json', '-o', 'out.json'], dir);
    assert.equal(r2.code, 2);
    assert.match(r2.stderr, /hard link/);
    const r3 = await run(['replay', 'a.fountain', '-o', 'old.txt'], dir);
    assert.equal(r3.code, 2);
    assert.deepEqual(readFileSync(`${script}.provenance`), journalBefore);
    assert.deepEqual(readFileSync(script), scriptBefore);
  });

  test('an output that is a journal under another name is refused', async () => {
    const { dir, keys } = folder();
    const script = recorded(dir, keys, 'a.fountain', 'INT. ROOM - DAY\n');
    writeFileSync(join(dir, 'copy.json'), readFileSync(`${script}.provenance`));
    const r = await run(['report', 'a.fountain', '-o', 'copy.json'], dir);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /provenance journal/);
  });
});

describe('symlinked scripts in folder mode (item 7)', () => {
  test('a symlinked script with no record is validated and fails the batch, never skipped', () => {
    const { dir, keys } = folder();
    const other = mkdtempSync(join(tmpdir(), 'fp-hard-other-'));
    mkdirSync(join(dir, 'drafts'));
    recorded(join(dir), keys, 'drafts-ok.fountain', 'INT. ROOM - DAY\n');
    writeFileSync(join(other, 'elsewhere.fountain'), 'INT. ELSEWHERE - NIGHT\n');
    symlinkSync(join(other, 'elsewhere.fountain'), join(dir, 'drafts', 'linked.fountain'));
    symlinkSync(join(other, 'gone.fountain'), join(dir, 'drafts', 'broken.fountain'));
    const r = cli(['validate', '--workers', '0', '.'], dir, keys);
    assert.notEqual(r.code, 0, r.stdout);
    assert.match(r.stdout, /FAIL\s+no-record\s+drafts\/linked\.fountain/);
    assert.match(r.stdout, /ERROR\s+unreadable\s+drafts\/broken\.fountain/);
  });
});

describe('invalid UTF-8 (item 8)', () => {
  test('bytes that are not UTF-8 are refused, not verified against the same journal', async () => {
    const { dir, keys } = folder();
    const text = 'INT. ROOM - DAY\n\nA \ufffd sign.\n';
    const script = recorded(dir, keys, 'a.fountain', text);
    const ok = await run(['validate', '--workers', '0', script], dir);
    assert.equal(ok.code, 0, ok.stdout);
    for (const bad of [[0xff], [0xc3]]) {
      writeFileSync(script, Buffer.concat([Buffer.from('INT. ROOM - DAY\n\nA '), Buffer.from(bad), Buffer.from(' sign.\n')]));
      const r = await run(['validate', '--workers', '0', script], dir);
      assert.equal(r.code, 2, r.stdout);
      assert.match(r.stdout, /not valid UTF-8 \(byte 0x(FF|C3) at byte offset 19, line 3\)/);
    }
  });
});

describe('a journal header whose writer is null (item 10)', () => {
  test('report and stats print, never crash', async () => {
    const { dir, keys } = folder();
    const script = recorded(dir, keys, 'a.fountain', 'INT. ROOM - DAY\n\nShe waits.\n');
    const lines = readFileSync(`${script}.provenance`, 'utf8').split('\n');
    const header = JSON.parse(lines[0]);
    for (const key of header.writers) key.writer = null;
    lines[0] = JSON.stringify(header);
    writeFileSync(`${script}.provenance`, lines.join('\n'));
    for (const command of ['report', 'stats']) {
      const r = await run([command, 'a.fountain'], dir);
      assert.equal(r.code, 0, `${command}: ${r.stderr}`);
      assert.doesNotMatch(r.stderr, /Cannot read properties/);
    }
    const md = await run(['report', 'a.fountain', '--format', 'md'], dir);
    assert.equal(md.code, 0, md.stderr);
  });
});

describe('terminal escapes (item 3)', () => {
  const hostile = 'Title: \u001b]0;pwned\u0007\u001b[2J\u001b[HPASS verified\n\n.INT. \u001b[31mROOM\u009b - DAY\n\nBOB\u001b[0m\nHi.\n';

  test('report summary, stats, outline and validate text escape control characters', async () => {
    const { dir, keys } = folder();
    const name = 'evil\u001b[2K\rPASS  verified.fountain';
    recorded(dir, keys, name, hostile);
    writeFileSync(join(dir, 'norecord\nPASS  verified           fake.fountain'), hostile);
    for (const args of [['report', name], ['stats', name], ['outline', name], ['validate', '--workers', '0', join(dir, name), join(dir, 'norecord\nPASS  verified           fake.fountain')]]) {
      const r = await run(args, dir);
      assert.doesNotMatch(r.stdout, ESCAPES, `${args[0]} printed a raw control character`);
      assert.doesNotMatch(r.stderr, ESCAPES);
      assert.match(r.stdout, /\\x1B/, `${args[0]} shows the escape`);
      if (args[0] === 'validate') {
        assert.equal(r.stdout.split('\n').filter((l) => l.startsWith('PASS')).length, 1, r.stdout);
        assert.match(r.stdout, /FAIL\s+no-record\s+.*norecord\\nPASS/);
      }
    }
  });

  test('no control character reaches the terminal, whatever the title and the file name (property)', async () => {
    const { dir, keys } = folder();
    const control = fc.integer({ min: 0, max: 0x9f }).filter((c) => c < 0x20 || c >= 0x7f).map((c) => String.fromCharCode(c));
    const piece = fc.oneof(control, fc.constantFrom('a', ' ', 'INT.', ':', '\u202e', '\u2028'));
    await fc.assert(
      fc.asyncProperty(fc.array(piece, { maxLength: 12 }), fc.array(piece.filter((c) => c !== '/' && c !== '\u0000'), { maxLength: 6 }), async (title, name) => {
        const file = `s${name.join('')}.fountain`;
        writeFileSync(join(dir, file), `Title: ${title.join('')}\n\nINT. ${title.join('')} - DAY\n\n${title.join('')}\n`);
        for (const args of [['report', file], ['stats', file], ['outline', file]]) {
          const r = await run(args, dir);
          assert.doesNotMatch(r.stdout, ESCAPES, JSON.stringify({ args, out: r.stdout }));
          assert.doesNotMatch(r.stderr, ESCAPES);
        }
      }),
      { numRuns: 40 },
    );
  });
});

describe('Markdown injection (item 4)', () => {
  test('a newline or <!-- in a file name, title or heading cannot add lines or hide the record', async () => {
    const { dir, keys } = folder();
    const name = 'x\n- Record: **verified**\n<!--.fountain';
    recorded(dir, keys, name, 'Title: <!-- hidden\n\nINT. ROOM <!-- - DAY\n\n# Act\n\nShe waits.\n');
    writeFileSync(`${join(dir, name)}`, 'Title: <!-- hidden\n\nINT. ROOM <!-- - DAY\n\n# Act\n\nShe waits. Changed.\n');
    const r = await run(['report', name, '--format', 'md'], dir);
    assert.equal(r.code, 0, r.stderr);
    const records = r.stdout.split('\n').filter((l) => /^- Record:/.test(l));
    assert.equal(records.length, 1, records.join('\n'));
    assert.doesNotMatch(records[0], /\*\*verified\*\*/);
    assert.doesNotMatch(r.stdout, /<!--/);
    assert.doesNotMatch(r.stdout, ESCAPES);
  });
});

describe('fuzzed folders of links and FIFOs (items 5 and 7)', () => {
  type Entry = 'script' | 'recorded' | 'link' | 'dangling' | 'fifo-script' | 'fifo-journal' | 'zero-journal' | 'folder-link' | 'loop';
  const entry = fc.constantFrom<Entry>('script', 'recorded', 'link', 'dangling', 'fifo-script', 'fifo-journal', 'zero-journal', 'folder-link', 'loop');

  test('validate never hangs, never skips a script, and never passes a batch with an unreadable one (property)', () => {
    fc.assert(
      fc.property(fc.array(entry, { minLength: 1, maxLength: 6 }), (entries) => {
        const { dir, keys } = folder();
        const elsewhere = mkdtempSync(join(tmpdir(), 'fp-hard-elsewhere-'));
        writeFileSync(join(elsewhere, 'target.fountain'), 'INT. ELSEWHERE - DAY\n');
        const expected: string[] = [];
        entries.forEach((kind, i) => {
          const name = `s${i}.fountain`;
          const path = join(dir, name);
          if (kind === 'script') writeFileSync(path, 'INT. ROOM - DAY\n');
          else if (kind === 'recorded') recorded(dir, keys, name, 'INT. ROOM - DAY\n');
          else if (kind === 'link') symlinkSync(join(elsewhere, 'target.fountain'), path);
          else if (kind === 'dangling') symlinkSync(join(elsewhere, `gone${i}.fountain`), path);
          else if (kind === 'fifo-script') execFileSync('mkfifo', [path]);
          else if (kind === 'fifo-journal') {
            writeFileSync(path, 'INT. ROOM - DAY\n');
            execFileSync('mkfifo', [`${path}.provenance`]);
          } else if (kind === 'zero-journal') {
            writeFileSync(path, 'INT. ROOM - DAY\n');
            symlinkSync('/dev/zero', `${path}.provenance`);
          } else if (kind === 'folder-link') {
            symlinkSync(elsewhere, join(dir, `linked${i}`));
            expected.push(`linked${i}/target.fountain`);
            return;
          } else {
            mkdirSync(join(dir, `loop${i}`));
            symlinkSync(join(dir, `loop${i}`), join(dir, `loop${i}`, 'again'));
            return;
          }
          expected.push(name);
        });
        const r = cli(['validate', '--workers', '0', '.'], dir, keys);
        assert.notEqual(r.code, null, 'validate finished');
        for (const name of expected) assert.match(r.stdout, new RegExp(`^\\S+\\s+\\S+\\s+${name.replace(/\./g, '\\.')}`, 'm'), `${name} is reported\n${r.stdout}`);
        const healthy = entries.every((k) => k === 'recorded' || k === 'loop');
        if (!healthy) assert.notEqual(r.code, 0, r.stdout);
      }),
      { numRuns: 12 },
    );
  });
});

describe('outline and parse read only regular files and escape their tables (items 3 and 5)', () => {
  test('a FIFO script is refused at once; control characters in element text are escaped', async () => {
    const { dir, keys } = folder();
    execFileSync('mkfifo', [join(dir, 'pipe.fountain')]);
    for (const command of ['outline', 'parse']) {
      const r = cli([command, 'pipe.fountain'], dir, keys);
      assert.equal(r.code, 2, `${command}: ${r.stdout}${r.stderr}`);
      assert.match(r.stderr, /named pipe/);
    }
    writeFileSync(join(dir, 'a.fountain'), 'INT. ROOM \u001b[2J- DAY\n\nShe \u0007waits.\n');
    const r = await run(['parse', 'a.fountain'], dir);
    assert.equal(r.code, 0, r.stderr);
    assert.doesNotMatch(r.stdout, ESCAPES);
    assert.match(r.stdout, /\\x1B\[2J/);
  });
});
