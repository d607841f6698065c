import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ScriptRecord } from '../../server/src/provenance/record';
import { loadOrCreateKey } from '../../server/src/provenance/keys';
import { mergeJournals, type MergeOutput } from '../../server/src/provenance/merge';
import { hunksByPackage, hunksOf, mergeTexts, type Hunk } from '../../server/src/provenance/mergeLedger';
import { random } from '../random';
import { Ledger } from '../../server/src/provenance/ledger';
import { verifyJournal } from '../../server/src/provenance/verify';
import { splitJournal } from '../../server/src/provenance/journal';
import Ajv2020 from 'ajv/dist/2020';
import type { Origin, Writer } from '../../server/src/provenance/types';
import { mara, teo, tempWorkspace, TestClock, type, typingOrigin } from './fixtures/journalSession';

const BASE = 'INT. DINER - NIGHT\n\nRain on glass.\n\nEXT. STREET - DAY\n\nCars pass.\n';

function typedBy(ledger: Ledger, writer: Writer): number {
  return ledger.runs().filter((r) => r.origin.kind === 'human' && r.origin.channel === 'typing' && (r.origin as { writer: Writer }).writer.name === writer.name).reduce((n, r) => n + r.end - r.start, 0);
}

/** A clone: the shared journal copied into its own folder, a writer with their own key folder. */
function clone(root: string, name: string, base: string): { script: string; keyDir: string } {
  const dir = join(root, name);
  mkdirSync(dir, { recursive: true });
  const script = join(dir, 'act1.fountain');
  copyFileSync(join(base, 'act1.fountain'), script);
  copyFileSync(join(base, 'act1.fountain.provenance'), `${script}.provenance`);
  return { script, keyDir: join(root, `keys-${name}`) };
}

function session(where: { script: string; keyDir: string }, writer: Writer, edit: (r: ScriptRecord) => void, clock: TestClock): string {
  const r = ScriptRecord.open(where.script, readFileSync(where.script, 'utf8'), { writer, keyDir: where.keyDir, now: clock.now });
  edit(r);
  r.close();
  writeFileSync(where.script, r.text);
  return r.text;
}

function setup() {
  const { dir } = tempWorkspace('fp-merge-');
  const base = join(dir, 'base');
  mkdirSync(base);
  writeFileSync(join(base, 'act1.fountain'), BASE);
  const clock = new TestClock();
  ScriptRecord.open(join(base, 'act1.fountain'), BASE, { writer: mara, keyDir: join(dir, 'keys-mara'), now: clock.now }).close();
  const a = clone(dir, 'mara', base);
  const b = clone(dir, 'teo', base);
  a.keyDir = join(dir, 'keys-mara');
  b.keyDir = join(dir, 'keys-teo');
  return { dir, base, a, b, clock, baseJournal: readFileSync(join(base, 'act1.fountain.provenance')) };
}

function merge(s: ReturnType<typeof setup>, writer: Writer, keyDir: string): MergeOutput {
  const out = mergeJournals({
    base: s.baseJournal,
    ours: readFileSync(`${s.a.script}.provenance`),
    theirs: readFileSync(`${s.b.script}.provenance`),
    writer,
    key: loadOrCreateKey(writer, keyDir),
    now: s.clock.now,
  });
  assert.ok(!('error' in out), 'error' in out ? out.error : '');
  return out as MergeOutput;
}

describe('merging two branches of a journal', () => {
  test('each writer keeps exactly the characters they typed; both signers verify; the merger signs', () => {
    const s = setup();
    const maraLine = 'MARA\nA line of mine.\n\n';
    const teoLine = 'TEO\nAnd one of mine.\n\n';
    session(s.a, mara, (r) => type(r, BASE.indexOf('EXT.'), maraLine, typingOrigin(mara)), s.clock);
    session(s.b, teo, (r) => type(r, BASE.length, teoLine, typingOrigin(teo)), s.clock);
    const out = merge(s, mara, s.a.keyDir);
    assert.equal(out.outcome, 'merged');
    assert.equal(out.conflicts, 0);
    const expected = BASE.replace('EXT.', `${maraLine}EXT.`) + teoLine;
    assert.equal(out.text, expected);
    const v = verifyJournal(out.journal, expected);
    assert.notEqual(v.status, 'mismatch', JSON.stringify(v.problems.slice(0, 3)));
    assert.equal(v.chainIntact, true);
    assert.equal(typedBy(v.ledger!, mara), maraLine.length);
    assert.equal(typedBy(v.ledger!, teo), teoLine.length);
    const signers = new Set(v.signatures.filter((x) => x.valid).map((x) => x.writer.name));
    assert.ok(signers.has(mara.name) && signers.has(teo.name), [...signers].join(', '));
    assert.ok(v.signatures.every((x) => x.valid));
    // Every line, the merge event and its checkpoint included, follows the journal's schema.
    const ajv = new Ajv2020({ allErrors: true, strict: false, validateFormats: false });
    const check = ajv.compile(JSON.parse(readFileSync(join(__dirname, '..', '..', 'schemas', 'journal.schema.json'), 'utf8')));
    for (const line of splitJournal(out.journal).lines) assert.ok(check(JSON.parse(line.text)), `line ${line.line}: ${JSON.stringify(check.errors?.slice(0, 3))}`);
    // Two records started separately do not merge (neither continues the other).
    const other = ScriptRecord.inMemory(BASE, { writer: teo });
    const apart = mergeJournals({ base: Buffer.alloc(0), ours: out.journal, theirs: Buffer.from(other.journalText()), writer: mara });
    assert.ok('error' in apart);
    // Reopening the merged record loads from the merge's checkpoint and changes nothing.
    writeFileSync(`${s.a.script}.provenance`, out.journal);
    writeFileSync(s.a.script, expected);
    const again = ScriptRecord.open(s.a.script, expected, { writer: mara, keyDir: s.a.keyDir });
    assert.deepEqual(again.notices.map((n) => n.kind), ['loaded']);
    assert.equal(typedBy(again.ledger, teo), teoLine.length);
  });

  test('a conflicting region waits between markers with both sides\' origins; a resolution outside the editor is external, nothing else changes', () => {
    const s = setup();
    const at = BASE.indexOf('Rain on glass.');
    session(s.a, mara, (r) => {
      r.applyEdit({ offset: at, deleteLength: 4, insertText: '', origin: typingOrigin(mara) });
      type(r, at, 'Snow', typingOrigin(mara));
    }, s.clock);
    session(s.b, teo, (r) => {
      r.applyEdit({ offset: at, deleteLength: 4, insertText: '', origin: typingOrigin(teo) });
      type(r, at, 'Hail', typingOrigin(teo));
    }, s.clock);
    const out = merge(s, mara, s.a.keyDir);
    assert.equal(out.conflicts, 1);
    assert.match(out.text, /<<<<<<< ours\nSnow on glass\.\n=======\nHail on glass\.\n>>>>>>> theirs\n/);
    const v = verifyJournal(out.journal, out.text);
    assert.notEqual(v.status, 'mismatch', JSON.stringify(v.problems.slice(0, 3)));
    assert.equal(typedBy(v.ledger!, mara), 4);
    assert.equal(typedBy(v.ledger!, teo), 4);
    // Resolved by hand outside the editor: keep both words.
    const resolved = BASE.replace('Rain on glass.', 'Snow/Hail on glass.');
    writeFileSync(`${s.a.script}.provenance`, out.journal);
    writeFileSync(s.a.script, resolved);
    const r = ScriptRecord.open(s.a.script, resolved, { writer: mara, keyDir: s.a.keyDir });
    assert.ok(r.notices.some((n) => n.kind === 'reconciled'));
    assert.equal(typedBy(r.ledger, mara), 4);
    assert.equal(typedBy(r.ledger, teo), 4);
    assert.equal(r.ledger.shares().external, 1, 'the slash typed outside');
    assert.equal(r.ledger.shares().imported, resolved.length - 9);
  });

  test('a co-writer\'s attestation of shared text reaches the merged record; ours\' untouched labels stay', () => {
    const base = Ledger.create('one\ntwo\nthree\n', { kind: 'imported', channel: 'import', at: '2026-01-01T00:00:00.000Z' });
    const ours = base.clone();
    ours.edit(0, 0, 'zero\n', typingOrigin(mara));
    const theirs = base.clone();
    const attest: Origin = { kind: 'human', channel: 'attestation', at: '2026-01-01T00:00:00.000Z', writer: teo };
    theirs.relabel(4, 8, attest);
    const marker: Origin = { kind: 'external', channel: 'reconcile', at: '2026-01-01T00:00:00.000Z' };
    const m = mergeTexts(base, ours, theirs, marker);
    assert.equal(m.text, 'zero\none\ntwo\nthree\n');
    assert.equal(m.conflicts, 0);
    assert.deepEqual(m.edits.map((e) => [e.offset, e.deleteLength, e.insertText, e.origin.channel]), [[9, 4, 'two\n', 'attestation']]);
  });
});

describe('a journal git merged as text (no driver)', () => {
  test('events after the damaged lines are not applied: the co-writer\'s text is external, never another writer\'s', () => {
    const s = setup();
    const teoLine = 'TEO\nAnd one of mine.\n\n';
    const maraLine = 'MARA\nA line of mine.\n\n';
    session(s.a, mara, (r) => type(r, BASE.indexOf('EXT.'), maraLine, typingOrigin(mara)), s.clock);
    session(s.b, teo, (r) => type(r, BASE.length, teoLine, typingOrigin(teo)), s.clock);
    const ours = readFileSync(`${s.a.script}.provenance`, 'utf8');
    const theirs = readFileSync(`${s.b.script}.provenance`, 'utf8');
    const base = s.baseJournal.toString('utf8');
    // What git's text merge leaves: the shared lines, then both sides between markers.
    const conflicted = `${base}<<<<<<< HEAD\n${ours.slice(base.length)}=======\n${theirs.slice(base.length)}>>>>>>> roof\n`;
    writeFileSync(`${s.a.script}.provenance`, conflicted);
    const text = BASE.replace('EXT.', `${maraLine}EXT.`) + teoLine;
    writeFileSync(s.a.script, text);
    const r = ScriptRecord.open(s.a.script, text, { writer: mara, keyDir: s.a.keyDir });
    assert.ok(r.notices.some((n) => n.kind === 'chain-broken'));
    assert.equal(typedBy(r.ledger, teo), 0);
    const at = text.indexOf(teoLine);
    // External, but for a line break the diff may match with the shared text's last one.
    const unknown = (x: { origin: Origin }): boolean => x.origin.kind === 'external' || x.origin.kind === 'imported';
    assert.ok(r.ledger.runs(at, at + teoLine.length).every(unknown));
    assert.ok(r.ledger.shares(at, at + teoLine.length).external >= teoLine.length - 1);
    r.close();
    // Verification replays the same way: no character of Teo's is anyone's typing.
    const v = verifyJournal(readFileSync(`${s.a.script}.provenance`), text);
    assert.equal(v.status, 'mismatch');
    assert.equal(typedBy(v.ledger!, teo), 0);
    assert.ok(v.ledger!.runs(at, at + teoLine.length).every(unknown));
  });
});

describe('the line diff under the merge', () => {
  test('hunks rebuild the other text, keep order, and are as few changed lines as the diff package finds (random texts)', () => {
    const rnd = random(5);
    const pick = <T>(xs: T[]): T => xs[Math.floor(rnd() * xs.length)];
    const vocab = ['', '', 'INT. DINER', 'MARA', 'TEO', 'Rain.', 'Snow.', '(beat)', 'Cars pass.'];
    for (let trial = 0; trial < 300; trial++) {
      const o = Array.from({ length: Math.floor(rnd() * 40) }, () => pick(vocab));
      const x = [...o];
      for (let e = Math.floor(rnd() * 8); e > 0; e--) {
        const at = Math.floor(rnd() * (x.length + 1));
        if (rnd() < 0.5 && x.length > 0) x.splice(Math.min(at, x.length - 1), 1 + Math.floor(rnd() * 3));
        else x.splice(at, 0, ...Array.from({ length: 1 + Math.floor(rnd() * 3) }, () => pick(vocab)));
      }
      const hunks = hunksOf(o, x, 'a');
      const rebuilt: string[] = [];
      let at = 0;
      for (const h of hunks) {
        assert.ok(h.oStart >= at && h.oEnd >= h.oStart && h.xEnd >= h.xStart);
        rebuilt.push(...o.slice(at, h.oStart), ...x.slice(h.xStart, h.xEnd));
        at = h.oEnd;
      }
      rebuilt.push(...o.slice(at));
      assert.deepEqual(rebuilt, x);
      const size = (hs: Hunk[]): number => hs.reduce((n, h) => n + (h.oEnd - h.oStart) + (h.xEnd - h.xStart), 0);
      assert.equal(size(hunks), size(hunksByPackage(o, x, 'a')));
    }
  });
});
