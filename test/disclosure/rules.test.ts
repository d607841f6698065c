import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ruleFor } from '../../server/src/disclosure/index';
import type { Finding, Fix, Rule, RuleContext } from '../../server/src/disclosure/types';
import type { Verification } from '../../server/src/provenance/verify';
import { MARA, SCENE1, SCENE2, TITLE, ai, applyFix, context, external, human, pasted, project, record, unattributed } from './helpers';

function rule(code: string): Rule {
  const r = ruleFor(code);
  assert.ok(r, `rule ${code} exists`);
  return r;
}

function fire(code: string, ctx: RuleContext): Finding[] {
  return rule(code).check(ctx);
}

function fix(findings: Finding[], title: RegExp): Fix {
  const f = findings.flatMap((x) => x.fixes ?? []).find((x) => title.test(x.title));
  assert.ok(f, `a fix titled ${title}; have ${findings.flatMap((x) => x.fixes ?? []).map((x) => x.title).join(' | ')}`);
  return f;
}

const consent = { id: 'C-12', from: '2026-01-01', to: '2026-12-31', tools: ['gpt-4o'] };
const LONG_AI = 'The cook slides a plate across the counter without a word, and the plate stops an inch from the edge.\n\n';

describe('provenance.unattributed', () => {
  const code = 'provenance.unattributed';
  const { text, ledger } = record([[TITLE + SCENE1, human()], ['A stranger walks in out of the rain, shaking water from a black umbrella.\n\n', unattributed()], [SCENE2, human()]]);

  test('fires on an unlabelled run, with its range', () => {
    const found = fire(code, context(text, ledger));
    assert.equal(found.length, 1);
    assert.equal(text.slice(found[0].start, found[0].end), 'A stranger walks in out of the rain, shaking water from a black umbrella.\n\n');
  });

  test('fires on a long paste, not on a short one', () => {
    const long = record([[SCENE1, human()], ['x'.repeat(60), pasted()]]);
    assert.equal(fire(code, context(long.text, long.ledger)).length, 1);
    const short = record([[SCENE1, human()], ['Okay.', pasted()]]);
    assert.equal(fire(code, context(short.text, short.ledger)).length, 0);
  });

  test('does not fire on typed, AI or imported text', () => {
    const r = record([[SCENE1, human()], [LONG_AI, ai()]]);
    assert.deepEqual(fire(code, context(r.text, r.ledger)), []);
  });

  for (const [title, kind] of [[/^Attest as my own/, 'human'], [/^Mark as AI: gpt-4o via vscode-lm/, 'ai'], [/^Mark as quoted/, 'quoted']] as const) {
    test(`fix "${title.source}" relabels the run and the rule stops firing`, () => {
      const withModel = record([[TITLE + SCENE1, human()], ['A stranger walks in out of the rain, shaking water from a black umbrella.\n\n', unattributed()], [LONG_AI, ai()]]);
      const ctx = context(withModel.text, withModel.ledger);
      const f = fix(fire(code, ctx), title);
      const after = applyFix(ctx, f);
      assert.deepEqual(fire(code, after), []);
      assert.equal(f.kind === 'relabel' && f.origin.kind, kind);
      assert.equal(f.kind === 'relabel' && f.origin.channel, 'attestation');
    });
  }

  test('the human attestation names the writer at the keyboard', () => {
    const f = fix(fire(code, context(text, ledger)), /^Attest/);
    assert.ok(f.kind === 'relabel' && f.origin.kind === 'human');
    assert.deepEqual(f.origin.kind === 'human' && f.origin.writer, MARA);
  });
});

describe('provenance.external-edit', () => {
  const code = 'provenance.external-edit';
  const { text, ledger } = record([[TITLE + SCENE1, human()], ['The jukebox plays something old.\n\n', external()], [SCENE2, human()]]);

  test('fires on text changed outside the tracker', () => {
    const found = fire(code, context(text, ledger));
    assert.equal(found.length, 1);
    assert.equal(text.slice(found[0].start, found[0].end), 'The jukebox plays something old.\n\n');
  });

  test('does not fire when nothing changed outside', () => {
    const r = record([[TITLE + SCENE1, human()]]);
    assert.deepEqual(fire(code, context(r.text, r.ledger)), []);
  });

  test('fires on a verification text mismatch with an intact chain', () => {
    const r = record([[SCENE1, human()]]);
    const v: Verification = { status: 'mismatch', chainIntact: true, events: 3, problems: [{ kind: 'text-mismatch', message: 'the file differs at offset 4', offset: 4 }], signatures: [], gaps: [] };
    const found = fire(code, context(r.text, r.ledger, project(), { verification: v }));
    assert.equal(found.length, 1);
    assert.equal(found[0].start, 4);
  });

  for (const title of [/^Attest as my own/, /^Accept as an outside change/]) {
    test(`fix "${title.source}" makes the rule stop firing`, () => {
      const ctx = context(text, ledger);
      const after = applyFix(ctx, fix(fire(code, ctx), title));
      assert.deepEqual(fire(code, after), []);
    });
  }
});

describe('provenance.chain-broken', () => {
  const code = 'provenance.chain-broken';
  const r = record([[TITLE + SCENE1, human()]]);

  test('fires on a broken hash chain', () => {
    const v: Verification = { status: 'mismatch', chainIntact: false, events: 9, problems: [{ kind: 'chain-broken', event: 5, message: "event 5's hash does not match" }], signatures: [], gaps: [] };
    const found = fire(code, context(r.text, r.ledger, project(), { verification: v }));
    assert.equal(found.length, 1);
    assert.match(found[0].message, /event 5/);
    assert.equal(found[0].fixes, undefined, 'no fix hides a break');
  });

  test('fires on a journal moved aside', () => {
    const found = fire(code, context(r.text, r.ledger, project(), { notices: [{ kind: 'moved-aside', message: 'unreadable journal moved to act1.fountain.provenance.broken' }] }));
    assert.equal(found.length, 1);
  });

  test('does not fire on an intact journal, a cut last line, or a text mismatch alone', () => {
    const v: Verification = { status: 'mismatch', chainIntact: true, events: 9, problems: [{ kind: 'truncated', message: 'last line cut' }, { kind: 'text-mismatch', message: 'differs' }], signatures: [], gaps: [] };
    assert.deepEqual(fire(code, context(r.text, r.ledger, project(), { verification: v, notices: [{ kind: 'loaded', message: 'ok' }] })), []);
    assert.deepEqual(fire(code, context(r.text, r.ledger)), []);
  });
});

describe('provenance.model-unknown', () => {
  const code = 'provenance.model-unknown';

  test('fires on an AI run with no model, offering the models the record knows', () => {
    const r = record([[SCENE1, human()], [LONG_AI, ai(null, 'vscode-lm')], ['More.\n', ai('claude-sonnet-4', 'vscode-lm')]]);
    const ctx = context(r.text, r.ledger);
    const found = fire(code, ctx);
    assert.equal(found.length, 1);
    const f = fix(found, /claude-sonnet-4 via vscode-lm/);
    assert.deepEqual(fire(code, applyFix(ctx, f)), []);
  });

  test('offers the allowed models of the project when the record knows none', () => {
    const r = record([[SCENE1, human()], [LONG_AI, ai(null, null)]]);
    const ctx = context(r.text, r.ledger, project({ allowedModels: ['gpt-4o', 'claude-*'], allowedTools: ['vscode-lm'] }));
    const found = fire(code, ctx);
    assert.deepEqual(found.flatMap((x) => x.fixes ?? []).map((x) => x.title), ['Record the model: gpt-4o via vscode-lm']);
    assert.deepEqual(fire(code, applyFix(ctx, found[0].fixes![0])), []);
  });

  test('does not fire when tool and model are recorded', () => {
    const r = record([[SCENE1, human()], [LONG_AI, ai()]]);
    assert.deepEqual(fire(code, context(r.text, r.ledger)), []);
  });
});

describe('wga.ai-credited', () => {
  const code = 'wga.ai-credited';
  for (const credit of ['Author: Mara Okafor and ChatGPT', 'Authors: Mara Okafor, Claude', 'Written by: GPT-4o', 'Credit: Written by AI', 'Author: gpt-4o']) {
    test(`fires on "${credit}"`, () => {
      const r = record([[`Title: X\n${credit}\n\n${SCENE1}`, human()]]);
      const found = fire(code, context(r.text, r.ledger));
      assert.equal(found.length, 1);
      assert.equal(r.text.slice(found[0].start, found[0].end), credit.slice(credit.indexOf(':') + 2));
    });
  }
  for (const credit of ['Author: Mara Okafor', 'Author: Kai Ai', 'Credit: Written by', 'Authors: Egypt Jones', 'Source: a conversation with ChatGPT']) {
    test(`does not fire on "${credit}"`, () => {
      const r = record([[`Title: X\n${credit}\n\n${SCENE1}`, human()]]);
      assert.deepEqual(fire(code, context(r.text, r.ledger)), []);
    });
  }
  test('names the models of the record too, and writers in the project file', () => {
    const r = record([['Title: X\nAuthor: Mara and Muse-7\n\n' + SCENE1, human()], [LONG_AI, ai('muse-7', 'house-tool')]]);
    assert.equal(fire(code, context(r.text, r.ledger)).length, 1);
    const p = record([[SCENE1, human()]]);
    assert.equal(fire(code, context(p.text, p.ledger, project({ writers: [{ name: 'Claude' }] }))).length, 1);
  });
});

describe('wga.ai-source-material', () => {
  const code = 'wga.ai-source-material';
  const aiTreatment = { title: 'Night Shift Treatment', file: 'treatments/night-shift.docx', aiOrigin: 'yes' as const, disclosedBy: 'Studio Legal' };

  test('fires when AI-made furnished material is the Source', () => {
    const r = record([[`Title: X\nSource: Based on the Night Shift Treatment\n\n${SCENE1}`, human()]]);
    const found = fire(code, context(r.text, r.ledger, project({ furnished: [aiTreatment] })));
    assert.equal(found.length, 1);
  });

  test('fires when cited by file name in a "based on" line', () => {
    const r = record([[`Title: X\nCredit: Written by Mara, based on night-shift\n\n${SCENE1}`, human()]]);
    assert.equal(fire(code, context(r.text, r.ledger, project({ furnished: [aiTreatment] }))).length, 1);
  });

  test('does not fire for material of human origin, or material not cited', () => {
    const r = record([[`Title: X\nSource: Based on the Night Shift Treatment\n\n${SCENE1}`, human()]]);
    assert.deepEqual(fire(code, context(r.text, r.ledger, project({ furnished: [{ ...aiTreatment, aiOrigin: 'no' }] }))), []);
    const other = record([[`Title: X\nSource: Based on a true story\n\n${SCENE1}`, human()]]);
    assert.deepEqual(fire(code, context(other.text, other.ledger, project({ furnished: [aiTreatment] }))), []);
  });
});

describe('wga.furnished-undisclosed', () => {
  const code = 'wga.furnished-undisclosed';
  const r = record([[SCENE1, human()]]);

  test('fires for material of AI origin yes or unknown with no disclosure', () => {
    const p = project({ furnished: [{ title: 'Bible', file: 'bible.pdf', aiOrigin: 'unknown' }, { description: 'Pitch deck', aiOrigin: 'yes' }] });
    assert.equal(fire(code, context(r.text, r.ledger, p)).length, 2);
  });

  test('fires on furnished text in the record with no disclosure, at its range', () => {
    const f = record([[SCENE1, human()], ['Furnished scene text goes here.\n', { kind: 'furnished', channel: 'paste', at: '2026-03-01T00:00:00Z', material: 'Outline v2', aiOrigin: 'unknown' }]]);
    const found = fire(code, context(f.text, f.ledger));
    assert.equal(found.length, 1);
    assert.equal(f.text.slice(found[0].start, found[0].end), 'Furnished scene text goes here.\n');
  });

  test('does not fire once disclosed, or for human-made material', () => {
    const p = project({ furnished: [{ title: 'Bible', aiOrigin: 'unknown', disclosedBy: 'J. Park, Studio' }, { description: 'Pitch deck', aiOrigin: 'no' }] });
    assert.deepEqual(fire(code, context(r.text, r.ledger, p)), []);
  });
});

describe('wga.consent-missing', () => {
  const code = 'wga.consent-missing';
  const r = record([[SCENE1, human()], [LONG_AI, ai()]]);

  test('fires on AI text with no consent', () => {
    const found = fire(code, context(r.text, r.ledger));
    assert.equal(found.length, 1);
    assert.equal(r.text.slice(found[0].start, found[0].end), LONG_AI);
  });

  test('fires when the consent covers another tool or other dates', () => {
    assert.equal(fire(code, context(r.text, r.ledger, project({ consents: [{ ...consent, tools: ['claude-*'] }] }))).length, 1);
    assert.equal(fire(code, context(r.text, r.ledger, project({ consents: [{ ...consent, from: '2026-03-05' }] }))).length, 1);
    assert.equal(fire(code, context(r.text, r.ledger, project({ consents: [{ ...consent, to: '2026-03-01' }] }))).length, 1);
  });

  test('does not fire with a covering consent (the end date is inclusive), or with no AI text', () => {
    assert.deepEqual(fire(code, context(r.text, r.ledger, project({ consents: [consent] }))), []);
    assert.deepEqual(fire(code, context(r.text, r.ledger, project({ consents: [{ id: 'C-1', from: '2026-03-02', to: '2026-03-02' }] }))), []);
    const h = record([[SCENE1, human()]]);
    assert.deepEqual(fire(code, context(h.text, h.ledger)), []);
  });
});

describe('wga.policy-tool', () => {
  const code = 'wga.policy-tool';
  const r = record([[SCENE1, human()], [LONG_AI, ai('gpt-4o', 'vscode-lm')]]);

  test('fires when the model or tool is not allowed', () => {
    assert.equal(fire(code, context(r.text, r.ledger, project({ allowedModels: ['claude-*'] }))).length, 1);
    assert.equal(fire(code, context(r.text, r.ledger, project({ allowedTools: ['fountain-provenance'] }))).length, 1);
  });

  test('does not fire when allowed (globs too), or when the project sets no list', () => {
    assert.deepEqual(fire(code, context(r.text, r.ledger, project({ allowedModels: ['gpt-4*'], allowedTools: ['vscode-lm'] }))), []);
    assert.deepEqual(fire(code, context(r.text, r.ledger)), []);
  });
});

describe('usco.disclose', () => {
  const code = 'usco.disclose';

  test('fires above the de minimis share', () => {
    const r = record([[TITLE + SCENE1, human()], [LONG_AI, ai()], [SCENE2, human()]]);
    const found = fire(code, context(r.text, r.ledger));
    assert.equal(found.length, 1);
    assert.match(found[0].message, /de minimis/);
  });

  test('does not fire at or below the threshold, and ignores the title page and boneyard', () => {
    const body = SCENE1.repeat(40);
    const tiny = record([[body, human()], ['Yes.', ai()]]);
    assert.deepEqual(fire(code, context(tiny.text, tiny.ledger)), []);
    const hidden = record([['Title: ', human()], ['Generated Title', ai()], ['\nAuthor: Mara\n\n' + SCENE1 + '/*\n', human()], [LONG_AI, ai()], ['*/\n' + SCENE2, human()]]);
    assert.deepEqual(fire(code, context(hidden.text, hidden.ledger)), []);
    assert.equal(fire(code, context(hidden.text, hidden.ledger, project({ counting: { titlePage: true, boneyard: true } }))).length, 1);
  });
});

describe('usco.unrevised-ai', () => {
  const code = 'usco.unrevised-ai';

  test('fires on an AI insertion kept as generated', () => {
    const r = record([[SCENE1, human()], [LONG_AI, ai()], [SCENE2, human()]]);
    const found = fire(code, context(r.text, r.ledger));
    assert.equal(found.length, 1);
    assert.equal(r.text.slice(found[0].start, found[0].end), LONG_AI);
  });

  test('does not fire once the writer revised most of it', () => {
    const r = record([[SCENE1, human()], [LONG_AI, ai()], [SCENE2, human()]]);
    const at = SCENE1.length + 4;
    r.ledger.applyEdit({ offset: at, deleteLength: 60, insertText: 'night cook, without looking up, pushes the plate over', origin: human() });
    const text = r.ledger.text;
    assert.deepEqual(fire(code, context(text, r.ledger)), []);
  });
});

describe('sag.replica-consent', () => {
  const code = 'sag.replica-consent';
  const performers = [{ name: 'Ruth Calder', consents: [{ id: 'L-7', uses: ['de-aging'], to: '2026-12-31' }] }];
  const withNote = (note: string) => record([[`${SCENE1}[[${note}]]\n\n`, human()]]);

  for (const note of [
    'replica: Ruth Calder; use: de-aging',
    'replica: Ruth Calder; use: de-aging; consent: L-9',
    'replica: Jon Hale; use: voice clone; consent: L-7',
    'replica: Ruth Calder; use: voice clone; consent: L-7',
    'replica: ; consent: L-7',
  ]) {
    test(`fires on [[${note}]]`, () => {
      const r = withNote(note);
      const found = fire(code, context(r.text, r.ledger, project({ performers })));
      assert.equal(found.length, 1);
      assert.equal(r.text.slice(found[0].start, found[0].end), `[[${note}]]`);
    });
  }

  test('fires when the consent has ended', () => {
    const r = withNote('replica: Ruth Calder; use: de-aging; consent: L-7');
    assert.equal(fire(code, context(r.text, r.ledger, project({ performers }), { now: new Date('2027-02-01T00:00:00Z') })).length, 1);
  });

  test('does not fire with a matching consent, nor on other notes', () => {
    const r = withNote('Replica:  ruth calder ; Use: De-aging; Consent: L-7');
    assert.deepEqual(fire(code, context(r.text, r.ledger, project({ performers }))), []);
    const other = withNote('check the replica budget');
    assert.deepEqual(fire(code, context(other.text, other.ledger, project({ performers }))), []);
  });
});

describe('sag.synthetic-performer', () => {
  const code = 'sag.synthetic-performer';
  const notices = [{ character: 'NOVA', notice: 'N-3', date: '2026-02-01', to: 'SAG-AFTRA' }];
  const withNote = (note: string) => record([[`${SCENE1}NOVA\nHello. [[${note}]]\n\n`, human()]]);

  for (const note of ['synthetic performer: NOVA', 'synthetic performer: NOVA; notice: N-4', 'synthetic performer: ECHO; notice: N-3']) {
    test(`fires on [[${note}]]`, () => {
      const r = withNote(note);
      assert.equal(fire(code, context(r.text, r.ledger, project({ syntheticPerformers: notices }))).length, 1);
    });
  }

  test('does not fire with a recorded notice', () => {
    const r = withNote('Synthetic Performer: Nova; notice: N-3');
    assert.deepEqual(fire(code, context(r.text, r.ledger, project({ syntheticPerformers: notices }))), []);
  });
});

describe('disclosure.title-page-missing and disclosure.title-page-stale', () => {
  const missing = 'disclosure.title-page-missing';
  const stale = 'disclosure.title-page-stale';

  test('missing fires when AI text exists and the title page has no AI Disclosure', () => {
    const r = record([[TITLE + SCENE1, human()], [LONG_AI, ai()]]);
    assert.equal(fire(missing, context(r.text, r.ledger)).length, 1);
  });

  test('missing does not fire without AI text, or with the key present', () => {
    const h = record([[TITLE + SCENE1, human()]]);
    assert.deepEqual(fire(missing, context(h.text, h.ledger)), []);
    const k = record([['Title: X\nAI Disclosure: something\n\n' + SCENE1, human()], [LONG_AI, ai()]]);
    assert.deepEqual(fire(missing, context(k.text, k.ledger)), []);
  });

  for (const [name, head] of [['into an existing title page', TITLE], ['creating a title page', ''], ['with CRLF line ends', TITLE.replace(/\n/g, '\r\n')]] as const) {
    test(`the insert fix works ${name}; then neither rule fires`, () => {
      const r = record([[head + SCENE1, human()], [LONG_AI, ai()], [SCENE2, human()]]);
      const ctx = context(r.text, r.ledger, project({ consents: [consent] }));
      const after = applyFix(ctx, fix(fire(missing, ctx), /^Add the AI Disclosure/));
      assert.deepEqual(fire(missing, after), []);
      assert.deepEqual(fire(stale, after), []);
      const entry = after.script.titlePage.find((e) => e.key === 'AI Disclosure');
      assert.ok(entry);
      assert.match(entry.value, /generated by AI \(gpt-4o via vscode-lm\).*consent ref C-12\. Writers in the record: Mara Okafor \(not a credit\)\.$/);
      assert.doesNotMatch(entry.value, /Written by/);
      assert.equal(after.script.scenes.length, 2, 'the scenes are still scenes');
      if (head) assert.equal(after.script.titlePage[0].key, 'Title');
    });
  }

  test('stale fires when the statement no longer matches, and its fix clears it', () => {
    const r = record([['Title: X\nAI Disclosure: 2% of the text was generated by AI (claude).\n\n' + SCENE1, human()], [LONG_AI, ai()]]);
    const ctx = context(r.text, r.ledger);
    const found = fire(stale, ctx);
    assert.equal(found.length, 1);
    const after = applyFix(ctx, fix(found, /^Update/));
    assert.deepEqual(fire(stale, after), []);
    assert.deepEqual(fire(missing, after), []);
  });

  test('stale fixes an empty and a multi-line value', () => {
    for (const head of ['Title: X\nAI Disclosure:\n\n', 'Title: X\nAI Disclosure:\n    Old words\n    over two lines.\n\n']) {
      const r = record([[head + SCENE1, human()], [LONG_AI, ai()]]);
      const ctx = context(r.text, r.ledger);
      const after = applyFix(ctx, fix(fire(stale, ctx), /^Update/));
      assert.deepEqual(fire(stale, after), [], after.script.text);
    }
  });

  test('stale does not fire for small drifts of the share from typing', () => {
    const r = record([[TITLE + SCENE1, human()], [LONG_AI, ai()], [SCENE2, human()]]);
    const ctx = context(r.text, r.ledger);
    const after = applyFix(ctx, fix(fire(missing, ctx), /^Add/));
    after.ledger.applyEdit({ offset: after.ledger.length, deleteLength: 0, insertText: 'She looks up.\n', origin: human() });
    const typed = { ...after, script: context(after.ledger.text, after.ledger).script };
    assert.deepEqual(fire(stale, typed), []);
  });

  test('stale fires when a new model appears', () => {
    const r = record([[TITLE + SCENE1, human()], [LONG_AI, ai()]]);
    const ctx = context(r.text, r.ledger);
    const after = applyFix(ctx, fix(fire(missing, ctx), /^Add/));
    after.ledger.applyEdit({ offset: after.ledger.length, deleteLength: 0, insertText: LONG_AI, origin: ai('claude-sonnet-4') });
    assert.equal(fire(stale, { ...after, script: context(after.ledger.text, after.ledger).script }).length, 1);
  });
});

describe('disclosure.threshold', () => {
  const code = 'disclosure.threshold';

  test('fires for a scene above the limit, on its heading', () => {
    const r = record([[TITLE + SCENE1.repeat(3), human()], ['INT. KITCHEN - NIGHT\n\n', human()], [LONG_AI, ai()], [SCENE2.repeat(8), human()]]);
    const found = fire(code, context(r.text, r.ledger));
    assert.equal(found.length, 1);
    assert.equal(r.text.slice(found[0].start, found[0].end), 'INT. KITCHEN - NIGHT');
  });

  test('fires for the script above its limit', () => {
    const r = record([[SCENE1, human()], [LONG_AI, ai()]]);
    const found = fire(code, context(r.text, r.ledger, project({ thresholds: { ...project().thresholds, sceneAiShareLimit: 1 } })));
    assert.deepEqual(found.map((f) => f.data?.scope), ['script']);
  });

  test('does not fire below the limits or with a recorded approval', () => {
    const r = record([[TITLE + SCENE1.repeat(3), human()], ['INT. KITCHEN - NIGHT\n\n', human()], [LONG_AI, ai()], [SCENE2.repeat(8), human()]]);
    assert.deepEqual(fire(code, context(r.text, r.ledger, project({ approvals: [{ scene: 'int. kitchen - night', ref: 'A-1' }] }))), []);
    const low = record([[SCENE1.repeat(5), human()], ['Yes.', ai()]]);
    assert.deepEqual(fire(code, context(low.text, low.ledger)), []);
  });
});
