import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, renameSync, writeFileSync, mkdirSync, copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { hostname } from 'node:os';
import { splitJournal } from '../../server/src/provenance/journal';
import { ScriptRecord } from '../../server/src/provenance/record';
import { adoptOrphanedSidecar, renameRecord } from '../../server/src/provenance/rename';
import { verifyJournal } from '../../server/src/provenance/verify';
import { runCli } from '../../server/src/cli/main';
import { mara, sampleSession, teo, tempWorkspace } from './fixtures/journalSession';

function events(journal: string | Buffer): Record<string, unknown>[] {
  return splitJournal(journal).lines.slice(1).map((l) => JSON.parse(l.text));
}

describe('renames', () => {
  test('renameRecord moves the sidecar and journals the old and new paths; the record loads under the new name with its history', () => {
    const { dir } = tempWorkspace();
    const { scriptPath, text, journal } = sampleSession(dir);
    const before = events(journal).length;
    const newPath = join(dir, 'pilot.fountain');
    renameSync(scriptPath, newPath);
    const result = renameRecord(scriptPath, newPath, { writer: teo });
    assert.equal(result.status, 'renamed', result.message);
    assert.ok(!existsSync(`${scriptPath}.provenance`));
    const moved = readFileSync(`${newPath}.provenance`);
    const all = events(moved);
    assert.equal(all.length, before + 1);
    const rename = all[all.length - 1];
    assert.equal(rename.type, 'rename');
    assert.equal(rename.from, 'act1.fountain');
    assert.equal(rename.to, 'pilot.fountain');
    assert.deepEqual(rename.actor, teo);
    const record = ScriptRecord.open(newPath, text, { writer: teo });
    assert.deepEqual(record.notices.map((n) => n.kind), ['loaded']);
    assert.equal(record.ledger.shares().imported, readFileSync(newPath, 'utf8').length - record.ledger.length + record.ledger.shares().imported);
    assert.ok(record.ledger.shares().human > 0, 'the typed text keeps its writer');
    record.close();
    const v = verifyJournal(readFileSync(`${newPath}.provenance`), text);
    assert.notEqual(v.status, 'mismatch', v.firstDivergence?.message);
    assert.equal(v.chainIntact, true);
  });

  test('renameRecord never overwrites a sidecar at the new name, and says when there is nothing to move', () => {
    const { dir } = tempWorkspace();
    const { scriptPath, journal } = sampleSession(dir);
    const other = join(dir, 'other.fountain');
    writeFileSync(`${other}.provenance`, 'not mine\n');
    const r = renameRecord(scriptPath, other, { writer: mara });
    assert.equal(r.status, 'refused');
    assert.deepEqual(readFileSync(`${scriptPath}.provenance`), journal);
    assert.equal(readFileSync(`${other}.provenance`, 'utf8'), 'not mine\n');
    assert.equal(renameRecord(join(dir, 'none.fountain'), join(dir, 'x.fountain'), { writer: mara }).status, 'no-record');
  });

  test('a script renamed outside the editor adopts its orphaned sidecar on open (git mv), keeping every origin', () => {
    const { dir } = tempWorkspace();
    const { scriptPath, text } = sampleSession(dir);
    const first = ScriptRecord.open(scriptPath, text, { writer: mara });
    const runsBefore = first.ledger.runs().map((r) => [r.start, r.end, r.origin.kind]);
    first.close();
    const newPath = join(dir, 'renamed.fountain');
    renameSync(scriptPath, newPath);
    const record = ScriptRecord.open(newPath, text, { writer: mara });
    assert.deepEqual(record.notices.map((n) => n.kind), ['adopted', 'loaded']);
    assert.match(record.notices[0].message, /act1\.fountain/);
    assert.deepEqual(record.ledger.runs().map((r) => [r.start, r.end, r.origin.kind]), runsBefore);
    assert.ok(!existsSync(`${scriptPath}.provenance`));
    const evs = events(readFileSync(`${newPath}.provenance`));
    assert.ok(evs.some((e) => e.type === 'rename' && e.from === 'act1.fountain' && e.to === 'renamed.fountain'));
    record.close();
  });

  test('adoption takes only a sidecar whose script is gone and whose text matches, and none when two match', () => {
    const { dir } = tempWorkspace();
    const { scriptPath, text } = sampleSession(dir);
    // The script still exists: its sidecar is not an orphan.
    const copy = join(dir, 'copy.fountain');
    writeFileSync(copy, text);
    assert.equal(adoptOrphanedSidecar(copy, text, { writer: mara }).status, 'none');
    // Orphaned, but the text differs.
    const gone = join(dir, 'gone.fountain');
    renameSync(scriptPath, gone);
    renameSync(gone, join(dir, 'tmp.txt'));
    const changed = join(dir, 'changed.fountain');
    writeFileSync(changed, `${text}MORE\n`);
    assert.equal(adoptOrphanedSidecar(changed, `${text}MORE\n`, { writer: mara }).status, 'none');
    // Two orphans with the same text: none is taken.
    const sub = join(dir, 'sub');
    mkdirSync(sub);
    const a = join(sub, 'a.fountain');
    const b = join(sub, 'b.fountain');
    writeFileSync(a, 'Same.\n');
    writeFileSync(b, 'Same.\n');
    const ra = ScriptRecord.open(a, 'Same.\n', { writer: mara });
    ra.close();
    const rb = ScriptRecord.open(b, 'Same.\n', { writer: mara });
    rb.close();
    const target = join(sub, 'c.fountain');
    const r = adoptOrphanedSidecar(target, 'Same.\n', { writer: mara });
    assert.equal(r.status, 'none', 'their scripts are not gone yet');
    renameSync(a, join(sub, 'a.txt'));
    renameSync(b, join(sub, 'b.txt'));
    const r2 = adoptOrphanedSidecar(target, 'Same.\n', { writer: mara });
    assert.equal(r2.status, 'ambiguous');
    assert.ok(existsSync(`${a}.provenance`) && existsSync(`${b}.provenance`) && !existsSync(`${target}.provenance`));
  });

  test('a copied sidecar of another script is not adopted (its journal names another script)', () => {
    const { dir } = tempWorkspace();
    const { scriptPath, text } = sampleSession(dir);
    const sub = join(dir, 'sub');
    mkdirSync(sub);
    copyFileSync(`${scriptPath}.provenance`, join(sub, 'x.fountain.provenance'));
    assert.equal(adoptOrphanedSidecar(join(sub, 'y.fountain'), text, { writer: mara }).status, 'none');
  });

  test('mv of a script changed outside the editor does not seal the changed text (the record stays verifiable)', async () => {
    const { dir } = tempWorkspace();
    const { scriptPath, text } = sampleSession(dir);
    // Changed on disk after the session: the journal does not replay this text.
    const changed = `${text}\nA line typed in another program.\n`;
    writeFileSync(scriptPath, changed);
    const io = { stdout: () => undefined, stderr: () => undefined, isTTY: false, cwd: dir };
    process.env.FOUNTAIN_PROVENANCE_WRITER_NAME = mara.name;
    process.env.FOUNTAIN_PROVENANCE_WRITER_EMAIL = mara.email;
    try {
      assert.equal(await runCli(['mv', 'act1.fountain', 'pilot.fountain'], io), 0);
    } finally {
      delete process.env.FOUNTAIN_PROVENANCE_WRITER_NAME;
      delete process.env.FOUNTAIN_PROVENANCE_WRITER_EMAIL;
    }
    const newPath = join(dir, 'pilot.fountain');
    const v = verifyJournal(readFileSync(`${newPath}.provenance`), readFileSync(newPath, 'utf8'));
    assert.deepEqual(v.problems.filter((p) => p.kind === 'checkpoint-text-hash').map((p) => p.message), []);
    assert.equal(v.chainIntact, true);
    assert.notEqual(v.status, 'mismatch', v.firstDivergence?.message);
  });

  test('fountain-provenance mv moves the script and its record; the history stays whole', async () => {
    const { dir } = tempWorkspace();
    const { text } = sampleSession(dir);
    const out: string[] = [];
    const err: string[] = [];
    const io = { stdout: (t: string) => void out.push(t), stderr: (t: string) => void err.push(t), isTTY: false, cwd: dir };
    process.env.FOUNTAIN_PROVENANCE_WRITER_NAME = teo.name;
    process.env.FOUNTAIN_PROVENANCE_WRITER_EMAIL = teo.email;
    try {
      const code = await runCli(['mv', 'act1.fountain', 'drafts-pilot.fountain'], io);
      assert.equal(code, 0, err.join(''));
    } finally {
      delete process.env.FOUNTAIN_PROVENANCE_WRITER_NAME;
      delete process.env.FOUNTAIN_PROVENANCE_WRITER_EMAIL;
    }
    const newPath = join(dir, 'drafts-pilot.fountain');
    assert.equal(readFileSync(newPath, 'utf8'), text);
    assert.ok(!existsSync(join(dir, 'act1.fountain')) && !existsSync(join(dir, 'act1.fountain.provenance')));
    const journal = readFileSync(`${newPath}.provenance`);
    const evs = events(journal);
    const i = evs.findIndex((e) => e.type === 'rename');
    assert.ok(i > 0);
    assert.equal(evs[evs.length - 1].type, 'checkpoint', 'the rename is sealed by a signed checkpoint');
    const v = verifyJournal(journal, text);
    assert.notEqual(v.status, 'mismatch', v.firstDivergence?.message);
    assert.ok(v.signatures.some((s) => s.writer.name === teo.name && s.valid));
    // A second mv onto an existing file changes nothing.
    writeFileSync(join(dir, 'taken.fountain'), 'x');
    assert.equal(await runCli(['mv', 'drafts-pilot.fountain', 'taken.fountain'], io), 1);
    assert.equal(readFileSync(newPath, 'utf8'), text);
  });
});

describe('a sidecar changed on disk while the record is open', () => {
  test('the record never appends to a chain it does not continue (a git pull replaced the journal)', () => {
    const { dir } = tempWorkspace();
    const { scriptPath, text } = sampleSession(dir);
    const record = ScriptRecord.open(scriptPath, text, { writer: mara });
    // Meanwhile git replaces the sidecar with a co-writer's longer journal.
    const other = join(dir, 'other');
    mkdirSync(other);
    copyFileSync(scriptPath, join(other, 'act1.fountain'));
    copyFileSync(`${scriptPath}.provenance`, join(other, 'act1.fountain.provenance'));
    const theirs = ScriptRecord.open(join(other, 'act1.fountain'), text, { writer: teo });
    theirs.applyEdit({ offset: 0, deleteLength: 0, insertText: 'X', origin: { kind: 'human', channel: 'typing', at: '2026-03-01T09:00:00.000Z', writer: teo } });
    theirs.close();
    const pulled = readFileSync(join(other, 'act1.fountain.provenance'));
    writeFileSync(`${scriptPath}.provenance`, pulled);
    record.applyEdit({ offset: 0, deleteLength: 0, insertText: 'Y', origin: { kind: 'human', channel: 'typing', at: '2026-03-01T09:00:00.000Z', writer: mara } });
    record.close();
    assert.deepEqual(readFileSync(`${scriptPath}.provenance`), pulled, 'the pulled journal is untouched');
    assert.ok(record.notices.some((n) => n.kind === 'not-writable' && /changed on disk/.test(n.message)));
    // An unchanged journal is appended to as before (own appends, own truncation rewrite).
    const again = ScriptRecord.open(join(other, 'act1.fountain'), `X${text}`, { writer: teo });
    again.applyEdit({ offset: 0, deleteLength: 0, insertText: 'Z', origin: { kind: 'human', channel: 'typing', at: '2026-03-01T09:00:00.000Z', writer: teo } });
    again.close();
    assert.ok(!again.notices.some((n) => n.kind === 'not-writable'));
    assert.equal(verifyJournal(readFileSync(join(other, 'act1.fountain.provenance')), `ZX${text}`).chainIntact, true);
  });
});

describe('renames take the journal lock', () => {
  test('a record another live process is writing is not moved, and nothing changes', async () => {
    const { dir } = tempWorkspace();
    const { scriptPath, journal } = sampleSession(dir);
    const holder = spawn('sleep', ['30'], { stdio: 'ignore' });
    try {
      writeFileSync(`${scriptPath}.provenance.lock`, `${JSON.stringify({ pid: holder.pid, host: hostname(), since: new Date().toISOString(), nonce: 'other' })}\n`);
      const newPath = join(dir, 'pilot.fountain');
      const r = renameRecord(scriptPath, newPath, { writer: mara });
      assert.equal(r.status, 'refused', r.message);
      assert.match(r.message, /being written elsewhere/);
      assert.deepEqual(readFileSync(`${scriptPath}.provenance`), journal);
      assert.ok(!existsSync(`${newPath}.provenance`));
    } finally {
      const exited = once(holder, 'exit');
      holder.kill();
      await exited;
    }
    // Once the writer is gone (its lock left behind), the move goes ahead and leaves no lock.
    const later = renameRecord(scriptPath, join(dir, 'pilot.fountain'), { writer: mara });
    assert.equal(later.status, 'renamed', later.message);
    assert.ok(!existsSync(`${scriptPath}.provenance.lock`));
  });
});
