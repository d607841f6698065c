/**
 * sag.replica-hint keeps the replica phrases it found on each element (fountain/memo.ts); an
 * incremental re-parse carries them to the shifted copies of elements it did not rescan. The
 * hints must follow every edit exactly as a fresh parse would give them: a phrase typed into
 * an element appears, a phrase edited away disappears, and shifted phrases move.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse, reparse, reparseCounts, reparseInPlace } from '../../server/src/fountain/parser';
import { random } from '../random';
import { sourceMemo } from '../../server/src/fountain/memo';
import type { Script, TextEdit } from '../../server/src/fountain/types';
import { ruleFor } from '../../server/src/disclosure/index';
import { context, human, record } from './helpers';

const hint = ruleFor('sag.replica-hint')!;

function scenes(n: number): string {
  const out: string[] = [];
  for (let i = 1; i <= n; i++) out.push(`INT. KITCHEN ${i} - DAY\n\nRuth sets out ${i} plates and waits.\n\nRUTH\nNobody comes at ${i}.\n\n`);
  return out.join('');
}

function hints(script: Script): Array<[number, number, string]> {
  const { ledger } = record([[script.text, human()]]);
  return hint.check(context(script.text, ledger, undefined, { script })).map((f) => [f.start, f.end, f.message]);
}

function fresh(text: string): Array<[number, number, string]> {
  return hints(parse(text));
}

test('replica hints follow edits through chained re-parses as a fresh parse gives them', () => {
  const text = scenes(40) + 'INT. STUDIO - DAY\n\nTOM STAR (digitally de-aged to 25) walks on set.\n\n' + scenes(40);
  let script = parse(text);
  assert.equal(hints(script).length, 1);

  const edit = (e: TextEdit): void => {
    const before = reparseCounts.incremental;
    script = reparse(script, e);
    assert.equal(reparseCounts.incremental, before + 1, 'the edit takes the incremental path');
    assert.deepEqual(hints(script), fresh(script.text));
  };

  // Typing near the start shifts the de-aged element: its phrase comes from the carried memo.
  const early = script.text.indexOf('5 plates');
  edit({ offset: early, deleteLength: 0, insertText: 'big ' });
  const studio = script.elements.find((e) => e.type === 'action' && script.text.slice(e.start, e.end).includes('de-aged'))!;
  assert.ok(sourceMemo(studio, 'sag.replica-hint'), 'the shifted element carries its phrases');
  const [[start, end]] = hints(script);
  assert.equal(script.text.slice(start, end), 'digitally de-aged');

  // Editing the phrase away ends the hint.
  const aged = script.text.indexOf('de-aged');
  edit({ offset: aged + 3, deleteLength: 0, insertText: 'x' });
  assert.deepEqual(hints(script), []);

  // Typing a phrase into another element raises one there.
  const later = script.text.lastIndexOf('Nobody comes');
  edit({ offset: later, deleteLength: 0, insertText: 'A voice clone says: ' });
  const found = hints(script);
  assert.equal(found.length, 1);
  assert.equal(script.text.slice(found[0][0], found[0][1]), 'voice clone');

  // Restoring the first phrase brings its hint back beside the new one.
  const broken = script.text.indexOf('de-xaged');
  edit({ offset: broken + 3, deleteLength: 1, insertText: '' });
  assert.equal(hints(script).length, 2);
});

test('in-place re-parses (the language server\'s): the hints follow random edits as a fresh parse gives them', () => {
  let script = parse(scenes(60) + 'INT. STUDIO - DAY\n\nTOM STAR (digitally de-aged to 25) walks on set.\n\n' + scenes(60));
  const next = random(5);
  const inserts = ['voice clone ', 'x', '', 'digital double', '\n\n', 'deepfake ', 'INT. LAB - NIGHT\n\n'];
  assert.equal(hints(script).length, 1);
  let seen = 0;
  for (let k = 0; k < 150; k++) {
    const text = script.text;
    const at = 200 + Math.floor(next() * (text.length - 200));
    const insert = inserts[Math.floor(next() * inserts.length)];
    const del = insert === '' ? Math.min(12, text.length - at) : 0;
    script = reparseInPlace(script, { offset: at, deleteLength: del, insertText: insert });
    const got = hints(script);
    assert.deepEqual(got, fresh(script.text), `after edit ${k}`);
    seen = Math.max(seen, got.length);
  }
  assert.ok(seen > 3, 'phrases came and went');
});
