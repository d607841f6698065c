// Issue 16, "Guild fidelity": each bullet of the review as a fixture that failed before.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ruleFor, runRules } from '../../server/src/disclosure/index';
import { withPolicy } from '../../server/src/disclosure/project';
import { aiPassages, countWords } from '../../server/src/disclosure/passages';
import { SCENE1, SCENE2, ai, context, human, project, record } from './helpers';

const LONG_AI = 'The cook slides a plate across the counter without a word, and the plate stops an inch from the edge.\n\n';

/** An AI insertion of many sentences, then revised by the writer into 15 surviving fragments. */
function fragmented(): ReturnType<typeof record> {
  const words = Array.from({ length: 30 }, (_, i) => `word${i}`).join(' ');
  const r = record([[SCENE1, human()], [`${words}.\n\n`, ai()], [SCENE2, human()]]);
  // The writer replaces every other word: 15 AI fragments survive, split by the writer's words.
  for (let i = 29; i >= 0; i -= 2) {
    const text = r.ledger.text;
    const at = text.indexOf(`word${i}`);
    r.ledger.applyEdit({ offset: at, deleteLength: `word${i}`.length, insertText: 'mine', origin: human() });
  }
  return { text: r.ledger.text, ledger: r.ledger };
}

describe('everyone is treated as WGA-employed (fixed)', () => {
  test('a spec writer (no project file) with one AI insertion: no error, one hint for the insertion', () => {
    const r = fragmented();
    const run = runRules(context(r.text, r.ledger, project()));
    const consent = run.findings.filter((f) => f.code === 'wga.consent-missing');
    assert.equal(consent.length, 1, 'one finding per insertion, not one per fragment');
    assert.equal(consent[0].severity, 'hint');
    assert.ok(!run.findings.some((f) => f.severity === 'error'));
  });

  test('under WGA coverage: ONE error per insertion, its other fragments as related locations', () => {
    const r = fragmented();
    const run = runRules(context(r.text, r.ledger, withPolicy(project(), 'wga-mba')));
    const consent = run.findings.filter((f) => f.code === 'wga.consent-missing');
    assert.equal(consent.length, 1);
    assert.equal(consent[0].severity, 'error');
    assert.equal(consent[0].related?.length, 14);
    assert.match(consent[0].message, /15 surviving fragments/);
    for (const rel of consent[0].related ?? []) assert.match(r.text.slice(rel.start, rel.end), /word\d+/);
    assert.equal(consent[0].data?.fragments, 15);
  });

  test('two insertions give two findings', () => {
    const r = record([[SCENE1, human()], [LONG_AI, ai()], [SCENE2, human()], [LONG_AI, ai('gpt-4o', 'vscode-lm', '2026-03-02T11:00:00Z')]]);
    const found = ruleFor('wga.consent-missing')!.check(context(r.text, r.ledger, withPolicy(project(), 'wga-mba')));
    assert.equal(found.length, 2);
  });
});

describe('the Copyright Office rule is judged per passage (fixed)', () => {
  const PAGE = Array.from({ length: 12 }, (_, i) => `The night cook number ${i} walks the floor and counts the loaves twice before dawn.`).join(' ') + '\n\n';
  const HUMAN_PAGE = 'Mara wipes the counter and hums, slow and steady, a song her father sang.\n\n';

  test('a whole unrevised AI page in a 120-page script fires (its share is under 1%)', () => {
    const r = record([[SCENE1 + HUMAN_PAGE.repeat(1400), human()], [PAGE, ai()], [SCENE2, human()]]);
    const share = PAGE.length / r.text.length;
    assert.ok(share < 0.01, `the page is ${share} of the script`);
    const found = ruleFor('usco.disclose')!.check(context(r.text, r.ledger));
    assert.equal(found.length, 1);
    assert.equal(r.text.slice(found[0].start, found[0].end).trim(), PAGE.trim());
    assert.match(found[0].message, /claimant is usually the company/);
    assert.match(found[0].message, /report --for usco/);
  });

  test('one passage per stretch of AI text; a stray word is de minimis', () => {
    const r = record([[SCENE1, human()], [LONG_AI, ai()], ['Mara nods.\n\n', human()], ['Yes.', ai()], ['\n\n' + SCENE2, human()]]);
    const passages = aiPassages(
      context(r.text, r.ledger).script,
      r.ledger,
      project(),
    );
    assert.equal(passages.length, 2);
    assert.deepEqual(passages.map((p) => p.moreThanDeMinimis), [true, false]);
    assert.equal(ruleFor('usco.disclose')!.check(context(r.text, r.ledger)).length, 1);
  });

  test('a short whole sentence of AI words is more than de minimis; the words of a revised passage are counted, not its characters', () => {
    const r = record([[SCENE1, human()], ['Get out of my diner.', ai()], ['\n\n' + SCENE2, human()]]);
    assert.equal(ruleFor('usco.disclose')!.check(context(r.text, r.ledger)).length, 1);
    assert.equal(countWords("Don't stop — it's well-known, 3 o'clock."), 6);
  });

  test('the unrevised-AI rule is labelled a house heuristic, not the Office test, and does not invite cosmetic edits', () => {
    const r = record([[SCENE1, human()], [LONG_AI, ai()], [SCENE2, human()]]);
    const rule = ruleFor('usco.unrevised-ai')!;
    assert.equal(rule.basis, 'H');
    const [f] = rule.check(context(r.text, r.ledger));
    assert.match(f.message, /house heuristic, not the Copyright Office's test/);
    assert.doesNotMatch(f.message, /revise it/);
  });
});

describe('Source: naming an AI tool (fixed)', () => {
  test('"Source: Based on a story generated by ChatGPT" raises wga.ai-source-material with no project file entry', () => {
    const r = record([[`Title: X\nSource: Based on a story generated by ChatGPT\n\n${SCENE1}`, human()]]);
    const found = ruleFor('wga.ai-source-material')!.check(context(r.text, r.ledger));
    assert.equal(found.length, 1);
    assert.match(found[0].message, /"ChatGPT"/);
    assert.equal(r.text.slice(found[0].start, found[0].end), 'Based on a story generated by ChatGPT');
  });

  test('a human source does not fire', () => {
    const r = record([[`Title: X\nSource: Based on the novel by Ruth Calder\n\n${SCENE1}`, human()]]);
    assert.deepEqual(ruleFor('wga.ai-source-material')!.check(context(r.text, r.ledger)), []);
  });
});
