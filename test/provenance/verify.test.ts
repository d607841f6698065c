import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { splitJournal, type CheckpointEvent } from '../../server/src/provenance/journal';
import { checkpointSnapshot } from '../../server/src/provenance/checkpointOrigins';
import { loadOrCreateKey } from '../../server/src/provenance/keys';
import { packRuns, unpackRuns } from '../../server/src/provenance/ledgerPack';
import { ScriptRecord } from '../../server/src/provenance/record';
import { replayJournal, verifyJournal } from '../../server/src/provenance/verify';
import { aiOrigin, mara, rechain, sampleSession, SAMPLE_SCRIPT, tempWorkspace, teo, TestClock, type } from './fixtures/journalSession';

function sample() {
  const { dir, keyDir } = tempWorkspace();
  const s = sampleSession(dir);
  const lines = splitJournal(s.journal).lines.map((l) => l.text);
  return { ...s, dir, keyDir, lines };
}

const parsed = (lines: string[]) => lines.map((l) => JSON.parse(l) as Record<string, unknown>);

describe('verification', () => {
  test('an untouched journal and script verify, with every signature attributed', () => {
    const { journal, text } = sample();
    const v = verifyJournal(journal, text);
    // The sample script was on disk when tracking began: that text is of unknown origin.
    assert.equal(v.status, 'verified-with-gaps', v.firstDivergence?.message);
    assert.deepEqual([...new Set(v.gaps.map((g) => g.kind))], ['untracked-before']);
    assert.equal(v.chainIntact, true);
    assert.ok(v.signatures.length >= 2);
    assert.ok(v.signatures.every((s) => s.valid && s.writer.name === 'Mara Okafor'));
    assert.equal(v.text, text);
    assert.ok(v.timeSpan && v.timeSpan.from <= v.timeSpan.to);
  });

  test('any changed byte in any line is a mismatch located at that line or the next', () => {
    const { journal, text } = sample();
    const split = splitJournal(journal).lines;
    let tried = 0;
    for (const line of split) {
      for (let i = 0; i < line.bytes.length; i++) {
        const pos = line.byteOffset + i;
        const changed = Buffer.from(journal);
        const b = changed[pos] ^ 1;
        if (b === 10 || b === 13) continue;
        changed[pos] = b;
        const v = verifyJournal(changed, text);
        tried++;
        assert.equal(v.status, 'mismatch', `byte ${i} of line ${line.line}`);
        const at = v.firstDivergence?.line;
        assert.ok(at === line.line || at === line.line + 1 || (line.line === 1 && at === 1), `byte ${i} of line ${line.line}: reported at line ${at}: ${v.firstDivergence?.message}`);
      }
    }
    assert.ok(tried > 1000);
  });

  test('reordered events are a mismatch, located', () => {
    const { lines, text } = sample();
    for (let i = 1; i + 1 < lines.length; i++) {
      const swapped = [...lines];
      [swapped[i], swapped[i + 1]] = [swapped[i + 1], swapped[i]];
      const v = verifyJournal(swapped.join('\n') + '\n', text);
      assert.equal(v.status, 'mismatch', `swap lines ${i + 1} and ${i + 2}`);
      assert.equal(v.firstDivergence?.line, i + 1, v.firstDivergence?.message);
      assert.ok(v.problems.some((p) => p.kind === 'sequence'));
    }
  });

  test('a dropped event is a mismatch, located', () => {
    const { lines, text } = sample();
    for (let i = 1; i < lines.length; i++) {
      const dropped = lines.filter((_, j) => j !== i);
      const v = verifyJournal(dropped.join('\n') + '\n', text);
      if (i === lines.length - 1) {
        // A journal that simply ends earlier is still a true history; only the text can tell.
        assert.equal(JSON.parse(lines[i]).type, 'checkpoint');
        continue;
      }
      assert.equal(v.status, 'mismatch', `drop line ${i + 1}`);
      assert.equal(v.firstDivergence?.line, i + 1, v.firstDivergence?.message);
    }
  });

  test('a script changed with no journal event is a mismatch at the first changed offset', () => {
    const { journal, text } = sample();
    const changed = text.slice(0, 10) + 'X' + text.slice(11);
    const v = verifyJournal(journal, changed);
    assert.equal(v.status, 'mismatch');
    assert.equal(v.firstDivergence?.offset, 10);
    assert.ok(v.problems.some((p) => p.kind === 'text-mismatch'));
    assert.equal(v.chainIntact, true);
  });

  test('a forged signature is reported on its checkpoint', () => {
    const { lines, text, keyDir } = sample();
    const values = parsed(lines);
    const last = values[values.length - 1];
    assert.equal(last.type, 'checkpoint');
    // Teo signs in Mara's name (keeps her key id).
    const teoKey = loadOrCreateKey(teo, keyDir);
    const forged = rechain(values, { ...teoKey, keyId: loadOrCreateKey(mara, keyDir).keyId });
    const v = verifyJournal(forged, text);
    assert.equal(v.status, 'mismatch');
    assert.equal(v.firstDivergence?.event, values.find((x) => x.type === 'checkpoint')!.seq);
    assert.ok(v.signatures.some((s) => !s.valid));
    assert.ok(v.problems.every((p) => p.kind === 'bad-signature'), JSON.stringify(v.problems));
    // Signed with a key the journal never introduced.
    const unknown = verifyJournal(rechain(parsed(lines), teoKey), text);
    assert.ok(unknown.problems.some((p) => p.kind === 'unknown-key'));
  });

  test('a checkpoint whose ledger or text hash is wrong is caught even when re-signed by its writer', () => {
    const { lines, text, keyDir } = sample();
    const key = loadOrCreateKey(mara, keyDir);
    const cpIndex = parsed(lines).findIndex((x, i) => x.type === 'checkpoint' && i > 2);
    {
      const values = parsed(lines);
      const cp = values[cpIndex] as { ledger: { runs: number[][]; packedRuns?: string }; seq: number };
      // The ledger's origins, named by their ids in the checkpoint's table (the table is stored once).
      const ledgerOrigins = checkpointSnapshot(cp as unknown as CheckpointEvent).origins;
      // Journals store the runs packed: unpack them, tamper, pack again.
      assert.equal(typeof cp.ledger.packedRuns, 'string');
      const unpacked = unpackRuns(cp.ledger.packedRuns!);
      const runs = Array.from({ length: unpacked.count }, (_, i) => Array.from(unpacked.runs.subarray(3 * i, 3 * i + 3)));
      // Claim the AI text was typed: move the AI run's origin to the typing origin's id.
      const aiRun = runs.findIndex((r) => ledgerOrigins[r[1]].kind === 'ai');
      assert.ok(aiRun >= 0);
      runs[aiRun][1] = runs.find((r) => ledgerOrigins[r[1]].kind === 'human')![1];
      cp.ledger.packedRuns = packRuns(runs.map((r) => r[0]), runs.map((r) => r[1]), runs.map((r) => r[2]));
      const v = verifyJournal(rechain(values, key), text);
      assert.equal(v.status, 'mismatch');
      assert.equal(v.firstDivergence?.event, cp.seq);
      assert.ok(v.problems.some((p) => p.kind === 'checkpoint-ledger'));
      assert.equal(v.chainIntact, true);
    }
    {
      const values = parsed(lines);
      const cp = values[cpIndex] as { textHash: string; seq: number };
      cp.textHash = '0'.repeat(64);
      const v = verifyJournal(rechain(values, key), text);
      assert.equal(v.firstDivergence?.event, cp.seq);
      assert.ok(v.problems.some((p) => p.kind === 'checkpoint-text-hash'));
    }
  });

  test('time running backwards is a mismatch at that event', () => {
    const { lines, text, keyDir } = sample();
    const values = parsed(lines);
    values[4].time = '2020-01-01T00:00:00.000Z';
    const v = verifyJournal(rechain(values, loadOrCreateKey(mara, keyDir)), text);
    assert.equal(v.status, 'mismatch');
    assert.equal(v.firstDivergence?.event, values[4].seq);
    assert.ok(v.problems.some((p) => p.kind === 'time-backwards'));
  });

  test('outside changes and breaks verify with gaps', () => {
    const { scriptPath, text, journalPath } = sample();
    writeFileSync(scriptPath, text + 'EXT. ROOF - NIGHT\n');
    const r = ScriptRecord.open(scriptPath, readFileSync(scriptPath, 'utf8'), { writer: mara, now: new TestClock('2026-03-04T00:00:00Z').now });
    r.close();
    const v = verifyJournal(readFileSync(journalPath), r.text);
    assert.equal(v.status, 'verified-with-gaps', v.firstDivergence?.message);
    assert.ok(v.gaps.some((g) => g.kind === 'untracked-period' && g.from && g.to));
    const external = v.gaps.find((g) => g.kind === 'external');
    assert.deepEqual([external?.start, external?.end], [text.length, text.length + 18]);
  });

  test('replay --at gives the text as it stood then', () => {
    const { journal, text } = sample();
    assert.equal(replayJournal(journal, { at: new Date('2026-03-01T08:00:00Z') }).text, '');
    assert.equal(replayJournal(journal, { at: new Date('2026-03-01T09:00:00.150Z') }).text, SAMPLE_SCRIPT);
    assert.equal(replayJournal(journal, { at: new Date('2030-01-01T00:00:00Z') }).text, text);
    assert.equal(replayJournal(journal).text, text);
  });

  test('never throws on any input', () => {
    const { journal, text } = sample();
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), fc.string({ maxLength: 40 }), (junk, script) => {
        const v = verifyJournal(junk, script);
        assert.ok(['verified', 'verified-with-gaps', 'mismatch'].includes(v.status));
        replayJournal(junk);
      }),
      { numRuns: 300 },
    );
    fc.assert(
      fc.property(fc.integer({ min: 0, max: journal.length - 1 }), fc.uint8Array({ minLength: 1, maxLength: 8 }), (at, bytes) => {
        const changed = Buffer.concat([journal.subarray(0, at), Buffer.from(bytes), journal.subarray(at + bytes.length)]);
        const v = verifyJournal(changed, text);
        // A clobbered final newline reads as an unfinished last event: a gap, never `verified`.
        assert.ok(v.status !== 'verified' || changed.equals(journal), JSON.stringify(v.problems));
      }),
      { numRuns: 300 },
    );
  });
});

describe('journals written before packed runs and shared insertion ids', () => {
  test('a checkpoint with runs as arrays and an insertion id per typing run verifies and loads', () => {
    const { dir, keyDir } = tempWorkspace();
    const scriptPath = join(dir, 'act1.fountain');
    writeFileSync(scriptPath, SAMPLE_SCRIPT);
    const clock = new TestClock();
    const record = ScriptRecord.open(scriptPath, SAMPLE_SCRIPT, { writer: mara, now: clock.now });
    // Typing at four separate places: four insertions of one origin.
    for (const at of [30, 20, 10, 2]) {
      type(record, at, 'xy');
      clock.advance(5000);
    }
    record.applyEdit({ offset: 5, deleteLength: 0, insertText: 'AI words', origin: aiOrigin });
    record.close();
    const text = record.text;
    writeFileSync(scriptPath, text);
    const key = loadOrCreateKey(mara, keyDir);
    const values = parsed(splitJournal(readFileSync(`${scriptPath}.provenance`)).lines.map((l) => l.text));
    let distinct = 0;
    for (const v of values) {
      if (v.type !== 'checkpoint') continue;
      const ledger = v.ledger as { origins: { kind: string }[]; originIds?: number[]; runs: number[][]; packedRuns?: string; insertions: number[][]; nextInsertionId: number; shared?: unknown };
      // The old form carried the ledger's own origin table.
      ledger.origins = checkpointSnapshot(v as unknown as CheckpointEvent).origins;
      delete ledger.originIds;
      const u = unpackRuns(ledger.packedRuns!);
      // The old form: runs as arrays, and a typing run its own insertion (numbers no run uses).
      const triples = Array.from({ length: u.count }, (_, i) => Array.from(u.runs.subarray(3 * i, 3 * i + 3)));
      const used = new Set(triples.map((r) => r[2]));
      const free = Array.from({ length: ledger.nextInsertionId }, (_, i) => i).filter((i) => !used.has(i));
      const seen = new Set<number>();
      const runs = triples.map(([len, org, ins]) => {
        let id = ins;
        if (ledger.origins[org].kind === 'human' && seen.has(id) && free.length > 0) {
          id = free.shift()!;
          distinct++;
        }
        seen.add(id);
        return [len, org, id];
      });
      const live = new Map<number, number[]>();
      for (const [len, o, id] of runs) live.set(id, [id, o, (live.get(id)?.[2] ?? 0) + len]);
      ledger.runs = runs;
      ledger.insertions = [...ledger.insertions.filter(([, o]) => ledger.origins[o].kind === 'ai'), ...[...live.values()].filter(([, o]) => ledger.origins[o].kind !== 'ai')].sort(
        (a, b) => a[0] - b[0],
      );
      delete ledger.packedRuns;
      delete ledger.shared;
    }
    assert.ok(distinct >= 2, `${distinct} typing runs given insertions of their own`);
    const journal = rechain(values, key);
    // Verification compares AI text by insertion and other text by origin only.
    const v = verifyJournal(journal, text);
    assert.notEqual(v.status, 'mismatch', v.firstDivergence?.message);
    assert.ok(!v.problems.some((p) => p.kind === 'checkpoint-ledger'), JSON.stringify(v.problems));
    // Loading starts from the old checkpoint and keeps every origin.
    writeFileSync(`${scriptPath}.provenance`, journal);
    const loaded = ScriptRecord.open(scriptPath, text, { writer: mara, keyDir });
    assert.match(loaded.notices[0].message, /from checkpoint/);
    assert.deepEqual(
      loaded.ledger.runs().map((r) => [r.start, r.end, r.origin.kind]),
      record.ledger.runs().map((r) => [r.start, r.end, r.origin.kind]),
    );
    assert.deepEqual(loaded.ledger.aiSurvival(), record.ledger.aiSurvival());
    // A checkpoint that misstates an AI insertion still fails.
    const cp = values.filter((x) => x.type === 'checkpoint').pop() as { ledger: { origins: { kind: string }[]; insertions: number[][] } };
    const ai = cp.ledger.insertions.find(([, o]) => cp.ledger.origins[o].kind === 'ai')!;
    ai[2] += 1;
    const w = verifyJournal(rechain(values, key), text);
    assert.ok(w.problems.some((p) => p.kind === 'checkpoint-ledger'));
  });
});
