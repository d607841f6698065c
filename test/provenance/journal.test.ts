import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import { journalPathFor, splitJournal } from '../../server/src/provenance/journal';
import { ScriptRecord } from '../../server/src/provenance/record';
import { replayJournal, verifyJournal } from '../../server/src/provenance/verify';
import { loadOrCreateKey, keySlug } from '../../server/src/provenance/keys';
import { mara, memoryTempDir, sampleSession, tempWorkspace, teo, TestClock, type, typingOrigin, SAMPLE_SCRIPT } from './fixtures/journalSession';
import { assertHolds } from './fixtures/verdicts';

const schema = JSON.parse(readFileSync(join(__dirname, '..', '..', 'schemas', 'journal.schema.json'), 'utf8'));

function validator() {
  const ajv = new Ajv2020({ allErrors: true, strict: false, validateFormats: false });
  return ajv.compile(schema);
}

describe('journal format', () => {
  test('the sidecar sits beside the script', () => {
    assert.equal(journalPathFor('/a/b/act1.fountain'), '/a/b/act1.fountain.provenance');
  });

  test('every line of a sample journal validates against the schema', () => {
    const { dir } = tempWorkspace();
    const { journal } = sampleSession(dir);
    const validate = validator();
    const lines = splitJournal(journal).lines;
    assert.ok(lines.length >= 6, 'header, import, checkpoint, typing, ai, attest, checkpoint');
    const types = new Set<string>();
    for (const line of lines) {
      const value = JSON.parse(line.text);
      types.add(value.type);
      assert.ok(validate(value), `line ${line.line}: ${JSON.stringify(validate.errors?.slice(0, 3))}`);
    }
    for (const t of ['header', 'edit', 'checkpoint', 'attest']) assert.ok(types.has(t), t);
  });

  test('the schema rejects a line that is not an event', () => {
    const validate = validator();
    assert.equal(validate({ type: 'edit', seq: 1 }), false);
    assert.equal(validate({ type: 'header', format: 'fountain-provenance/9', documentId: 'x', created: 'x', script: 'a', writers: [] }), false);
  });

  test('reconcile and break events validate too', () => {
    const { dir } = tempWorkspace();
    const { scriptPath, journalPath, text } = sampleSession(dir);
    writeFileSync(scriptPath, text + 'EXT. STREET - DAY\n');
    const r = ScriptRecord.open(scriptPath, readFileSync(scriptPath, 'utf8'), { writer: mara, now: new TestClock('2026-03-02T00:00:00Z').now });
    r.close();
    writeFileSync(journalPath, 'not a journal\n');
    ScriptRecord.open(scriptPath, readFileSync(scriptPath, 'utf8'), { writer: mara }).close();
    const validate = validator();
    const all = [...splitJournal(readFileSync(journalPath)).lines];
    const moved = readdirSync(dir).filter((n) => n.includes('.unreadable-'));
    assert.equal(moved.length, 1);
    const seen = new Set<string>();
    for (const line of all) {
      const value = JSON.parse(line.text);
      seen.add(value.type);
      assert.ok(validate(value), JSON.stringify(validate.errors?.slice(0, 3)));
    }
    assert.ok(seen.has('break'));
  });
});

describe('crash safety', () => {
  test('a journal cut at every byte loads without throwing and recovers to its last whole event', () => {
    const { dir } = tempWorkspace();
    const { journal, text } = sampleSession(dir);
    const cutDir = memoryTempDir();
    const scriptPath = join(cutDir, 'act1.fountain');
    const journalPath = journalPathFor(scriptPath);
    writeFileSync(scriptPath, text);
    const ends = [0];
    for (let i = 0; i < journal.length; i++) if (journal[i] === 10) ends.push(i + 1);
    const clock = new TestClock('2026-03-05T00:00:00Z');
    for (let cut = 0; cut <= journal.length; cut++) {
      // Odd cuts also take the path that reads a long journal from its end.
      const tailBytes = cut % 2 ? 700 : undefined;
      const prefix = journal.subarray(0, cut);
      writeFileSync(journalPath, prefix);
      const whole = ends.filter((e) => e <= cut).pop()!;
      const record = ScriptRecord.open(scriptPath, text, { writer: mara, now: clock.now, sign: false, ...(tailBytes ? { tailBytes } : {}) });
      assert.equal(record.text, text, `cut ${cut}`);
      const kinds = record.notices.map((n) => n.kind);
      if (whole === 0) {
        // Not even the header is whole: the bytes are moved aside, never overwritten.
        const moved = readdirSync(cutDir).filter((n) => n.includes('.unreadable-'));
        assert.equal(moved.length, 1, `cut ${cut}: ${kinds}`);
        assert.deepEqual(readFileSync(join(cutDir, moved[0])), prefix);
        for (const m of moved) unlinkSync(join(cutDir, m));
        continue;
      }
      const after = readFileSync(journalPath);
      assert.deepEqual(after.subarray(0, whole), prefix.subarray(0, whole), `cut ${cut}: whole events kept byte for byte`);
      assert.equal(kinds.includes('truncated'), cut !== whole, `cut ${cut}: ${kinds}`);
      const replay = replayJournal(prefix.subarray(0, whole));
      assert.equal(replay.problems.filter((p) => p.kind !== 'truncated').length, 0, `cut ${cut}`);
      const v = record.verify();
      assert.notEqual(v.status, 'mismatch', `cut ${cut}: ${v.firstDivergence?.message}`);
    }
    rmSync(cutDir, { recursive: true, force: true });
  });
});

describe('journals that cannot be used', () => {
  test('an unreadable journal is moved aside byte for byte and a new one starts with a break', () => {
    const { dir } = tempWorkspace();
    const scriptPath = join(dir, 'act1.fountain');
    writeFileSync(scriptPath, SAMPLE_SCRIPT);
    const garbage = Buffer.from([0xff, 0xfe, 0x00, 0x41, 0x0a, 0x7b, 0x7d, 0x0a]);
    for (const bad of [garbage, Buffer.from('{"type":"header","format":"other/9"}\n'), Buffer.from('[1,2,3]\n'), Buffer.from('')]) {
      writeFileSync(journalPathFor(scriptPath), bad);
      const before = new Set(readdirSync(dir));
      const record = ScriptRecord.open(scriptPath, SAMPLE_SCRIPT, { writer: mara });
      const moved = readdirSync(dir).filter((n) => !before.has(n) && n.includes('.unreadable-'));
      assert.equal(moved.length, 1);
      assert.deepEqual(readFileSync(join(dir, moved[0])), bad, 'never overwritten');
      const notice = record.notices.find((n) => n.kind === 'moved-aside');
      assert.ok(notice, JSON.stringify(record.notices));
      assert.equal(notice.path, join(dir, moved[0]));
      const fresh = readFileSync(journalPathFor(scriptPath), 'utf8').split('\n');
      const brk = JSON.parse(fresh[1]);
      assert.equal(brk.type, 'break');
      assert.equal(brk.movedTo, moved[0]);
      const v = record.verify();
      assert.equal(v.status, 'verified-with-gaps');
      assert.ok(v.gaps.some((g) => g.kind === 'break'));
    }
  });

  test('a journal copied from another script is foreign: moved aside, not overwritten', () => {
    const { dir } = tempWorkspace();
    const { journal } = sampleSession(dir);
    const other = join(dir, 'act2.fountain');
    writeFileSync(other, 'EXT. FIELD - DAY\n');
    writeFileSync(journalPathFor(other), journal);
    const record = ScriptRecord.open(other, 'EXT. FIELD - DAY\n', { writer: mara });
    const notice = record.notices.find((n) => n.kind === 'foreign-journal');
    assert.ok(notice, JSON.stringify(record.notices));
    assert.deepEqual(readFileSync(notice.path!), journal);
    assert.equal(record.text, 'EXT. FIELD - DAY\n');
    assert.equal(JSON.parse(readFileSync(journalPathFor(other), 'utf8').split('\n')[0]).script, 'act2.fountain');
  });

  test('a sidecar that cannot be written keeps the record in memory and never throws', () => {
    const { dir } = tempWorkspace();
    const notADir = join(dir, 'plain-file');
    writeFileSync(notADir, 'I am a file');
    const scriptPath = join(notADir, 'act1.fountain');
    const record = ScriptRecord.open(scriptPath, SAMPLE_SCRIPT, { writer: mara });
    assert.ok(record.notices.some((n) => n.kind === 'not-writable'), JSON.stringify(record.notices));
    type(record, 0, 'FADE IN:\n');
    record.checkpoint();
    record.close();
    assert.equal(record.text, 'FADE IN:\n' + SAMPLE_SCRIPT);
    assertHolds(record.verify(), 'verified-with-gaps');
    assert.equal(readFileSync(notADir, 'utf8'), 'I am a file');
  });

  test('a sidecar path that is a folder is left alone', () => {
    const { dir } = tempWorkspace();
    const scriptPath = join(dir, 'act1.fountain');
    mkdirSync(journalPathFor(scriptPath));
    const record = ScriptRecord.open(scriptPath, SAMPLE_SCRIPT, { writer: mara });
    assert.ok(record.notices.some((n) => n.kind === 'not-writable'));
    record.applyEdit({ offset: 0, deleteLength: 0, insertText: 'X', origin: typingOrigin() });
    record.close();
    assert.ok(statSync(journalPathFor(scriptPath)).isDirectory());
    assertHolds(record.verify(), 'verified-with-gaps');
  });
});

describe('keys', () => {
  test('a key pair is created on first use, private key mode 0600, and reused', () => {
    const { keyDir } = tempWorkspace();
    const a = loadOrCreateKey(mara, keyDir);
    const b = loadOrCreateKey(mara, keyDir);
    assert.equal(a.publicKey, b.publicKey);
    assert.notEqual(loadOrCreateKey(teo, keyDir).publicKey, a.publicKey);
    const mode = statSync(join(keyDir, `${keySlug(mara)}.key`)).mode & 0o777;
    assert.equal(mode, 0o600);
  });

  test('a writer who joins later announces their key in their first checkpoint', () => {
    const { dir } = tempWorkspace();
    const { scriptPath, text, journalPath } = sampleSession(dir);
    const clock = new TestClock('2026-03-03T00:00:00Z');
    const record = ScriptRecord.open(scriptPath, text, { writer: teo, now: clock.now });
    type(record, 0, 'TITLE\n', typingOrigin(teo));
    record.close();
    const v = verifyJournal(readFileSync(journalPath), record.text);
    assertHolds(v, 'verified-with-gaps');
    const signers = v.signatures.map((s) => `${s.writer.name}:${s.valid}:${s.keyIntroducedBy === 0 ? 'header' : 'later'}`);
    assert.deepEqual([...new Set(signers)], ['Mara Okafor:true:header', 'Teo Lind:true:later']);
    assert.ok(existsSync(journalPath));
  });
});
