import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { count, excerptBefore, lessChoices, linesOf, planSend, sceneBefore, scenesOf, shareWords, type SceneSpan } from '../../client/src/sendPlan';

const sha = (s: string): string => createHash('sha256').update(s, 'utf8').digest('hex');

const script = [
  'Title: The Night Shift',
  'Author: Mara Okafor',
  '',
  'INT. LIGHTHOUSE - NIGHT',
  '',
  'The lamp turns. Rain against the glass.',
  '',
  'EXT. CLIFF PATH - CONTINUOUS',
  '',
  'Wind. A torch beam bobs up the path.',
  '',
  'INT. LAMP ROOM - LATER',
  '',
  'The keeper winds the clockwork by hand.',
  '',
].join('\n');

/** Scenes as the server's summary gives them: from each heading to the next. */
function scenesOfScript(text: string): SceneSpan[] {
  const starts = ['INT. LIGHTHOUSE', 'EXT. CLIFF PATH', 'INT. LAMP ROOM'].map((h) => text.indexOf(h));
  return starts.map((start, i) => ({ label: String(i + 1), start, end: starts[i + 1] ?? text.length }));
}

const scenes = scenesOfScript(script);
const model = { id: 'gpt-4o', vendor: 'copilot' };

describe('what an AI command is about to send', () => {
  test('a draft sends the text before the cursor; the question names characters, share, scenes, lines, model and vendor', () => {
    const cursor = script.length;
    const range = excerptBefore(script, cursor, 70);
    const plan = planSend(script, [range], scenes, model);
    const sentText = script.slice(range.start, range.end);
    assert.equal(sentText, 'ath.\n\nINT. LAMP ROOM - LATER\n\nThe keeper winds the clockwork by hand.\n');
    assert.equal(plan.characters, 70);
    assert.deepEqual(plan.excerpts, [{ start: cursor - 70, end: cursor, text: sentText }]);
    // The last 70 characters run from the end of the CLIFF PATH scene (2) into the LAMP ROOM (3).
    assert.equal(plan.scenes, 'scenes 2\u20133');
    assert.equal(plan.lines, 'lines 10\u201314');
    const pct = Math.round((70 / script.length) * 100);
    assert.equal(plan.message, `Send 70 characters (${pct}% of the script: scenes 2\u20133, lines 10\u201314) to gpt-4o (copilot)?`);
  });

  test('the sent argument is computed from the same excerpt: range, length and SHA-256 of its UTF-8 bytes', () => {
    const range = { start: script.indexOf('Wind.'), end: script.indexOf('Wind.') + 'Wind. A torch beam bobs up the path.'.length };
    const plan = planSend(script, [range], scenes, model);
    assert.deepEqual(plan.sent, {
      excerpts: [{ start: range.start, end: range.end, length: range.end - range.start, sha256: sha('Wind. A torch beam bobs up the path.') }],
      vendor: 'copilot',
      model: 'gpt-4o',
    });
    assert.equal(plan.excerpts[0].text, 'Wind. A torch beam bobs up the path.');
    assert.equal(plan.scenes, 'scene 2');
    assert.equal(plan.lines, 'line 10');
    assert.match(plan.message, /^Send 36 characters \(\d+% of the script: scene 2, line 10\) to gpt-4o \(copilot\)\?$/);
  });

  test('non-ASCII text: lengths in UTF-16 code units, the hash over UTF-8, no surrogate pair split', () => {
    const text = 'INT. CAF\u00c9 - DAY\n\nShe writes \u{1F58B} and smiles.\n';
    const cursor = text.indexOf(' and');
    // A limit that would start between the two halves of the pen emoji starts after it instead.
    const split = excerptBefore(text, cursor, 1);
    assert.equal(split.start, cursor);
    const whole = excerptBefore(text, cursor, 2);
    assert.equal(text.slice(whole.start, whole.end), '\u{1F58B}');
    const plan = planSend(text, [whole], [{ label: '1', start: 0, end: text.length }], model);
    assert.equal(plan.characters, 2);
    assert.equal(plan.sent.excerpts[0].length, 2);
    assert.equal(plan.sent.excerpts[0].sha256, sha('\u{1F58B}'));
    assert.equal(plan.sent.excerpts[0].sha256, createHash('sha256').update(Buffer.from([0xf0, 0x9f, 0x96, 0x8b])).digest('hex'));
  });

  test('nothing of the script: the question says only the instruction goes, and no excerpt is journaled', () => {
    const plan = planSend(script, [{ start: 40, end: 40 }], scenes, model);
    assert.equal(plan.characters, 0);
    assert.deepEqual(plan.excerpts, []);
    assert.deepEqual(plan.sent.excerpts, []);
    assert.equal(plan.message, 'Send only your instruction, no text of the script, to gpt-4o (copilot)?');
  });

  test('the title page is named as such, ranges are clamped to the text, an unknown vendor is said', () => {
    const plan = planSend(script, [{ start: -5, end: script.indexOf('The lamp') + 3 }], scenes, { id: 'm', vendor: '' });
    assert.equal(plan.excerpts[0].start, 0);
    assert.equal(plan.scenes, 'the title page and scene 1');
    assert.equal(plan.sent.vendor, 'unknown');
    assert.match(plan.message, /to m \(unknown vendor\)\?$/);
    const whole = planSend(script, [{ start: 0, end: script.length + 100 }], scenes, model);
    assert.equal(whole.characters, script.length);
    assert.match(whole.message, /^Send \d+ characters \(100% of the script: the title page and scenes 1\u20133, lines 1\u201314\)/);
    // Without scenes from the server the lines still say where.
    assert.equal(planSend('FADE IN:\n\nA room.', [{ start: 10, end: 17 }], [], model).scenes, 'the opening');
  });

  test('shares are never rounded to 0% or 100% when they are neither; counts have separators', () => {
    assert.equal(shareWords(1, 1000), 'under 1%');
    assert.equal(shareWords(999, 1000), '99%');
    assert.equal(shareWords(1000, 1000), '100%');
    assert.equal(shareWords(0, 1000), '0%');
    assert.equal(shareWords(120, 1000), '12%');
    assert.equal(count(2914), '2,914');
    assert.equal(count(1234567), '1,234,567');
    assert.equal(count(12), '12');
  });

  test('scenes and lines in words', () => {
    assert.equal(scenesOf(script, [], scenes), '');
    assert.equal(linesOf(script, []), '');
    assert.equal(linesOf(script, [{ start: 0, end: 1 }]), 'line 1');
    assert.equal(scenesOf(script, [{ start: scenes[2].start, end: scenes[2].start + 3 }], [{ ...scenes[2], label: '12A' }]), 'scene 12A');
  });

  test('"Send less" offers only smaller excerpts: this scene, the last 1,000 and 300 characters, nothing', () => {
    const long = `${script}${'The keeper climbs the stairs again and again. '.repeat(80)}`;
    const longScenes = scenesOfScript(long);
    const cursor = long.length;
    const current = excerptBefore(long, cursor, 3000);
    const choices = lessChoices(long, cursor, current, longScenes);
    assert.deepEqual(
      choices.map((c) => c.label),
      ['The last 1,000 characters', 'The last 300 characters', 'None of the script: only my instruction'],
      'the LAMP ROOM scene up to the cursor is longer than 3,000 characters, so it is not less',
    );
    assert.deepEqual(choices.map((c) => c.characters), [1000, 300, 0]);
    const short = lessChoices(script, script.length, excerptBefore(script, script.length, 3000), scenes);
    assert.equal(short[0].label, 'This scene up to the cursor');
    assert.deepEqual(short[0].range, { start: scenes[2].start, end: script.length });
    assert.equal(short[0].where, 'lines 12\u201314');
    assert.equal(short.at(-1)?.where, '');
    assert.equal(short.at(-1)?.characters, 0);
    assert.deepEqual(sceneBefore(scenes, 0), undefined);
    // Nothing smaller than nothing.
    assert.deepEqual(lessChoices(script, 10, { start: 10, end: 10 }, scenes), []);
  });
});
