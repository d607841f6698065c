// The integrity rules read real records: a journal written by ScriptRecord, tampered with or
// out of step with the file, as verifyJournal and ScriptRecord.open report it.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ruleFor, runRules } from '../../server/src/disclosure/index';
import { parse } from '../../server/src/fountain/parser';
import { ScriptRecord } from '../../server/src/provenance/record';
import { verifyJournal } from '../../server/src/provenance/verify';
import { MARA, NOW, SCENE1, SCENE2, project } from './helpers';

function setup(): { dir: string; scriptPath: string; options: { writer: typeof MARA; keyDir: string; now: () => Date } } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fp-disclosure-record-'));
  const keyDir = path.join(dir, 'keys');
  process.env.FOUNTAIN_PROVENANCE_KEYS = keyDir;
  let t = NOW.getTime();
  return { dir, scriptPath: path.join(dir, 'act1.fountain'), options: { writer: MARA, keyDir, now: () => new Date((t += 1000)) } };
}

function written(): { scriptPath: string; journalPath: string; options: ReturnType<typeof setup>['options']; text: string } {
  const { scriptPath, options } = setup();
  fs.writeFileSync(scriptPath, SCENE1);
  const rec = ScriptRecord.open(scriptPath, SCENE1, options);
  rec.applyEdit({ offset: SCENE1.length, deleteLength: 0, insertText: SCENE2, origin: { kind: 'human', channel: 'paste', writer: MARA, at: NOW.toISOString() } });
  rec.close();
  const text = rec.text;
  fs.writeFileSync(scriptPath, text);
  assert.ok(rec.journalPath, 'an opened record has a journal');
  return { scriptPath, journalPath: rec.journalPath, options, text };
}

describe('integrity rules on real records', () => {
  test('an intact journal: neither integrity rule fires', () => {
    const { journalPath, text } = written();
    const v = verifyJournal(fs.readFileSync(journalPath, 'utf8'), text);
    const ctx = { script: parse(text), ledger: v.ledger!, project: project(), verification: v, now: NOW };
    assert.deepEqual(ruleFor('provenance.chain-broken')!.check(ctx), []);
    assert.deepEqual(ruleFor('provenance.external-edit')!.check(ctx), []);
  });

  test('a tampered journal fires provenance.chain-broken', () => {
    const { journalPath, text } = written();
    const lines = fs.readFileSync(journalPath, 'utf8').split('\n');
    const i = lines.findIndex((l) => l.includes('EXT. PARKING LOT'));
    assert.ok(i > 0, 'the pasted scene is in the journal');
    lines[i] = lines[i].replace('EXT. PARKING LOT', 'EXT. PARKING LOT'.toLowerCase());
    const v = verifyJournal(lines.join('\n'), text);
    const ctx = { script: parse(text), ledger: v.ledger!, project: project(), verification: v, now: NOW };
    const found = runRules(ctx).findings.filter((f) => f.code === 'provenance.chain-broken');
    assert.ok(found.length >= 1, JSON.stringify(v.problems));
    assert.equal(found[0].severity, 'error');
  });

  test('a file changed outside the tracker fires provenance.external-edit, in validation and on reopening', () => {
    const { scriptPath, journalPath, options, text } = written();
    const changed = text + '\nThe jukebox starts by itself, playing something very old.\n';
    fs.writeFileSync(scriptPath, changed);
    const v = verifyJournal(fs.readFileSync(journalPath, 'utf8'), changed);
    const vctx = { script: parse(changed), ledger: v.ledger!, project: project(), verification: v, now: NOW };
    assert.ok(ruleFor('provenance.external-edit')!.check(vctx).length >= 1, JSON.stringify(v.problems));
    assert.deepEqual(ruleFor('provenance.chain-broken')!.check(vctx), []);

    const rec = ScriptRecord.open(scriptPath, changed, options);
    const ctx = { script: parse(changed), ledger: rec.ledger, project: project(), notices: rec.notices, now: NOW, writer: MARA };
    const found = ruleFor('provenance.external-edit')!.check(ctx);
    assert.equal(found.length, 1);
    assert.match(changed.slice(found[0].start, found[0].end), /jukebox/);
    const attest = found[0].fixes!.find((f) => f.kind === 'relabel' && f.origin.kind === 'human')!;
    assert.ok(attest.kind === 'relabel');
    rec.relabel(attest.start, attest.end, attest.origin, 'attest');
    assert.deepEqual(ruleFor('provenance.external-edit')!.check({ ...ctx, ledger: rec.ledger }), []);
    rec.close();
  });
});
