// Issue 16, "Guild fidelity": each bullet of the review as a fixture that failed before.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ruleFor, runRules } from '../../server/src/disclosure/index';
import { withPolicy } from '../../server/src/disclosure/project';
import { aiPassages, countWords } from '../../server/src/disclosure/passages';
import { buildReport } from '../../server/src/report/model';
import { DEV, MARA, SCENE1, SCENE2, ai, context, human, project, record } from './helpers';

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

describe('likeness is a record, not a reminder (fixed)', () => {
  const consentRule = ruleFor('sag.replica-consent')!;
  const rewritten = ruleFor('sag.replica-rewritten')!;
  const hintRule = ruleFor('sag.replica-hint')!;
  const scene = (note: string, prose = 'Ruth stands at the counter.'): string => `INT. BAKERY - NIGHT\n\n${prose}\n\n[[${note}]]\n\n`;

  test('a deceased performer consents through the estate; the message never asks the performer', () => {
    const r = record([[scene('replica: Marilyn Monroe; deceased; type: independent; use: cameo'), human()]]);
    const [f] = consentRule.check(context(r.text, r.ledger));
    assert.match(f.message, /Marilyn Monroe's estate or an authorized representative/);
    assert.doesNotMatch(f.message, /performer's informed consent/);
    const performers = [{ name: 'Marilyn Monroe', deceased: true, consents: [{ id: 'E-1', grantedBy: 'performer' as const, uses: ['cameo'] }] }];
    const wrong = record([[scene('replica: Marilyn Monroe; use: cameo; consent: E-1'), human()]]);
    assert.match(consentRule.check(context(wrong.text, wrong.ledger, project({ performers })))[0].message, /must come from the estate/);
    const estate = [{ ...performers[0], consents: [{ ...performers[0].consents[0], grantedBy: 'estate' as const }] }];
    assert.deepEqual(consentRule.check(context(wrong.text, wrong.ledger, project({ performers: estate }))), []);
  });

  test('a minor consents through a parent or guardian; types must match; no representation is a problem', () => {
    const performers = [{ name: 'Ada Quinn', consents: [{ id: 'M-4', grantedBy: 'performer' as const, type: 'employment' as const }] }];
    const minor = record([[scene('replica: Ada Quinn; minor; type: employment; consent: M-4'), human()]]);
    assert.match(consentRule.check(context(minor.text, minor.ledger, project({ performers })))[0].message, /parent or guardian/);
    const typed = record([[scene('replica: Ada Quinn; type: background; consent: M-4'), human()]]);
    assert.match(consentRule.check(context(typed.text, typed.ledger, project({ performers })))[0].message, /background replica/);
    const unrepresented = [{ name: 'Ada Quinn', consents: [{ id: 'M-4', representation: 'none' as const }] }];
    const plain = record([[scene('replica: Ada Quinn; consent: M-4'), human()]]);
    assert.match(consentRule.check(context(plain.text, plain.ledger, project({ performers: unrepresented })))[0].message, /AB 2602/);
  });

  test('a consent is bound to its scene text: a rewrite after consent fires sag.replica-rewritten', async () => {
    const { createHash } = await import('node:crypto');
    const text = scene('replica: Ruth Calder; use: de-aging; consent: L-7');
    const sceneHash = createHash('sha256').update(text, 'utf8').digest('hex');
    const performers = [{ name: 'Ruth Calder', consents: [{ id: 'L-7', uses: ['de-aging'], grantedBy: 'performer' as const, sceneHash }] }];
    const r = record([[text, human()]]);
    const ctx = context(r.text, r.ledger, project({ performers }));
    assert.deepEqual(rewritten.check(ctx), []);
    assert.deepEqual(consentRule.check(ctx), []);
    r.ledger.applyEdit({ offset: text.indexOf('stands'), deleteLength: 6, insertText: 'kneels', origin: human() });
    const after = context(r.ledger.text, r.ledger, project({ performers }));
    const found = rewritten.check(after);
    assert.equal(found.length, 1);
    assert.match(found[0].message, /changed since consent "L-7"/);
  });

  test('"TOM STAR (digitally de-aged to 25)" raises sag.replica-hint, and a note silences it', () => {
    const r = record([['INT. STUDIO - DAY\n\nTOM STAR (digitally de-aged to 25) walks on set.\n\n', human()]]);
    const found = hintRule.check(context(r.text, r.ledger, project({ performers: [{ name: 'Tom Star' }] })));
    assert.equal(found.length, 1);
    assert.equal(r.text.slice(found[0].start, found[0].end), 'digitally de-aged');
    assert.match(found[0].message, /of Tom Star/);
    const noted = record([['INT. STUDIO - DAY\n\nTOM STAR (digitally de-aged to 25) walks on set.\n\n[[replica: Tom Star; use: de-aging; consent: T-1]]\n', human()]]);
    assert.deepEqual(hintRule.check(context(noted.text, noted.ledger)), []);
    // A note for another performer in the same scene does not silence it.
    const other = record([['INT. STUDIO - DAY\n\nTOM STAR (digitally de-aged to 25) walks on set.\n\n[[replica: Marilyn Monroe; deceased; use: cameo]]\n', human()]]);
    assert.equal(hintRule.check(context(other.text, other.ledger)).length, 1);
    const run = runRules(context(r.text, r.ledger, withPolicy(project(), 'wga-sag')));
    assert.ok(run.findings.some((f) => f.code === 'sag.replica-hint' && f.severity === 'hint'), 'a hint even under SAG coverage');
  });

  test('a synthetic performer built from a named performer needs that performer\'s consent', () => {
    const notices = [{ character: 'ECHO', notice: 'N-4' }];
    const r = record([[scene('synthetic performer: ECHO; based on: Ruth Calder; notice: N-4'), human()]]);
    const [f] = ruleFor('sag.synthetic-performer')!.check(context(r.text, r.ledger, project({ syntheticPerformers: notices })));
    assert.match(f.message, /Ruth Calder's features/);
  });
});

describe('furnished and prior-writer material can be marked (fixed)', () => {
  test('beside "attest as my own writing": a co-writer, each furnished material, each prior draft; the report keeps them apart', () => {
    const r = record([[SCENE1, human()], ['The cook slides a plate across the counter without a word.\n\n', { kind: 'unattributed', channel: 'typing', at: '2026-03-03T11:00:00Z' }], [SCENE2, human()]]);
    const p = project({
      writers: [MARA, DEV],
      furnished: [{ title: 'Series bible', file: 'bible.pdf', aiOrigin: 'unknown', disclosedBy: 'J. Park' }],
      prior: [{ writer: 'Ann Prior', title: 'Draft of 3 March' }],
    });
    const ctx = context(r.text, r.ledger, p);
    const [finding] = ruleFor('provenance.unattributed')!.check(ctx);
    const titles = finding.fixes!.map((f) => f.title);
    assert.ok(titles.includes('Attest as my own writing (Mara Okafor)'));
    assert.ok(titles.includes('Attest as written by co-writer Dev Lindqvist'));
    assert.ok(titles.includes('Mark as furnished material: Series bible (AI origin: unknown)'));
    assert.ok(titles.includes("Mark as a prior writer's draft: Ann Prior (Draft of 3 March)"));
    const co = finding.fixes!.find((f) => f.title.startsWith('Attest as written by co-writer'))!;
    assert.equal(co.kind === 'relabel' && co.origin.kind === 'human' && co.origin.declaredBy?.name, 'Mara Okafor', 'declared, by the writer at the keyboard');
    const prior = finding.fixes!.find((f) => f.title.startsWith("Mark as a prior writer's draft"))!;
    assert.ok(prior.kind === 'relabel');
    const ledger = r.ledger.clone();
    ledger.relabel(prior.start, prior.end, prior.origin);
    const report = buildReport({ script: ctx.script, ledger, project: p, findings: [], now: new Date('2026-03-10T12:00:00Z') });
    const material = report.material.find((m) => m.kind === 'prior')!;
    assert.equal(material.writer, 'Ann Prior');
    assert.equal(material.evidence, 'declared');
    assert.ok(material.chars > 0);
    const furnishedListed = report.material.find((m) => m.kind === 'furnished')!;
    assert.equal(furnishedListed.name, 'Series bible');
    assert.equal(furnishedListed.chars, 0, 'listed, not in the text: kept apart from the prior draft');
    assert.equal(report.shares.byKind.prior, material.chars);
    assert.equal(report.shares.byKind.human, SCENE1.length + SCENE2.length, 'prior material never counts as the writers\' own');
  });
});
