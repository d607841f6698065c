import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { PROJECT_DEFAULTS_CODE, rules, runRules } from '../../server/src/disclosure/index';
import { parseProject, withPolicy } from '../../server/src/disclosure/project';
import type { Rule } from '../../server/src/disclosure/types';
import { SCENE1, SCENE2, ai, context, project, record, unattributed, human } from './helpers';

// One script and record for every profile: a Claude credit, AI text with no consent from a
// model off the allowed list, a replica with no consent, a synthetic performer with no
// notice, an unlabelled insertion.
const LONG_AI = 'The cook slides a plate across the counter without a word, and the plate stops an inch from the edge.\n\n';
const { text, ledger } = record([
  ['Title: The Night Shift\nAuthor: Mara Okafor and Claude\n\n' + SCENE1, human()],
  [LONG_AI, ai()],
  ['[[replica: Ruth Calder; use: de-aging]]\n\n[[synthetic performer: NOVA]]\n\n', human()],
  ['A stranger walks in out of the rain, shaking water from a black umbrella.\n\n', unattributed()],
  [SCENE2, human()],
]);

function summary(run: ReturnType<typeof runRules>): string[] {
  return [...new Set(run.findings.map((f) => `${f.code}:${f.severity}`))].sort();
}

describe('policy profiles', () => {
  test('wga-sag: both unions cover the project, every rule at its default', () => {
    const run = runRules(context(text, ledger, withPolicy(project({ allowedModels: ['claude-*'] }), 'wga-sag')));
    assert.deepEqual(run.internal, []);
    assert.deepEqual(summary(run), [
      'disclosure.threshold:warning',
      'disclosure.title-page-missing:info',
      'provenance.unattributed:warning',
      'sag.replica-consent:warning',
      'sag.synthetic-performer:warning',
      'usco.disclose:info',
      'usco.unrevised-ai:info',
      'wga.ai-credited:error',
      'wga.consent-missing:error',
      'wga.policy-tool:warning',
    ]);
  });

  test('non-union: contract rules are hints; guidance and house rules (the tool list) kept', () => {
    const run = runRules(context(text, ledger, withPolicy(project({ allowedModels: ['claude-*'] }), 'non-union')));
    assert.deepEqual(summary(run), [
      'disclosure.threshold:warning',
      'disclosure.title-page-missing:info',
      'provenance.unattributed:warning',
      'sag.replica-consent:hint',
      'sag.synthetic-performer:hint',
      'usco.disclose:info',
      'usco.unrevised-ai:info',
      'wga.ai-credited:hint',
      'wga.consent-missing:hint',
      'wga.policy-tool:warning',
    ]);
  });

  test('custom: only the named rules, plus the record integrity checks', () => {
    const custom = project({ policy: 'custom', severity: { 'wga.policy-tool': 'error', 'usco.disclose': 'warning' }, allowedModels: ['claude-*'] });
    assert.deepEqual(summary(runRules(context(text, ledger, custom))), ['provenance.unattributed:warning', 'usco.disclose:warning', 'wga.policy-tool:error']);
  });

  test('a custom policy from a project file', () => {
    const { project: p, problems } = parseProject(JSON.stringify({ policy: 'custom', coverage: { sag: 'tv-theatrical-2023' }, severity: { 'sag.replica-consent': 'error', 'wga.ai-credited': 'error', 'provenance.unattributed': 'off' } }));
    assert.deepEqual(problems, []);
    // The named SAG rule binds (SAG coverage); the named WGA rule does not (no WGA coverage): a hint.
    assert.deepEqual(summary(runRules(context(text, ledger, p))), ['sag.replica-consent:error', 'wga.ai-credited:hint']);
  });
});

describe('severity overrides', () => {
  test('the project file overrides the profile; settings override both', () => {
    const p = project({ severity: { 'usco.disclose': 'hint', 'wga.consent-missing': 'off' } });
    const run = runRules(context(text, ledger, p), { 'usco.disclose': 'warning', 'sag.synthetic-performer': 'off' });
    const s = summary(run);
    assert.ok(s.includes('usco.disclose:warning'));
    assert.ok(!s.some((x) => x.startsWith('wga.consent-missing')));
    assert.ok(!s.some((x) => x.startsWith('sag.synthetic-performer')));
  });

  test('a setting equal to the default does not undo the profile', () => {
    const defaults = Object.fromEntries(rules.map((r) => [r.code, r.defaultSeverity]));
    const run = runRules(context(text, ledger, withPolicy(project(), 'non-union')), defaults);
    assert.ok(run.findings.filter((f) => f.code === 'wga.consent-missing').every((f) => f.severity === 'hint'));
    const covered = runRules(context(text, ledger, withPolicy(project({ severity: { 'wga.ai-credited': 'warning' } }), 'wga-mba')), defaults);
    assert.ok(covered.findings.some((f) => f.code === 'wga.ai-credited' && f.severity === 'warning'));
  });

  test('unknown severity values fall back', () => {
    const run = runRules(context(text, ledger), { 'usco.disclose': 'loud' as never });
    assert.ok(run.findings.some((f) => f.code === 'usco.disclose' && f.severity === 'info'));
  });
});

describe('runRules never crashes', () => {
  test('a throwing rule becomes one internal finding for that rule; the others still run', () => {
    const broken: Rule = { ...rules[0], code: 'test.broken', check: () => { throw new Error('boom'); } };
    const run = runRules(context(text, ledger), undefined, [broken, ...rules]);
    assert.deepEqual(run.internal, [{ code: 'test.broken', message: 'The rule test.broken failed and was skipped: boom' }]);
    assert.ok(run.findings.length > 5);
    assert.ok(!run.findings.some((f) => f.code === 'test.broken'));
  });

  test('findings with ranges outside the text are clamped', () => {
    const wild: Rule = { ...rules[0], code: 'test.wild', check: () => [{ code: 'x', severity: 'error', message: 'm', start: -5, end: 1e9 }] };
    const run = runRules(context(text, ledger), undefined, [wild]);
    assert.deepEqual([run.findings[0].code, run.findings[0].start, run.findings[0].end], ['test.wild', 0, text.length]);
  });

  test('a malformed project file: rules run with the defaults and say so', () => {
    const { project: p, problems } = parseProject('{ "policy": "custom", }');
    const run = runRules(context(text, ledger, p, { projectProblems: problems, projectPath: '/x/.fountain-provenance.json' }));
    assert.equal(run.internal[0].code, PROJECT_DEFAULTS_CODE);
    assert.match(run.internal[0].message, /line 1, column 2\d.*default policy/);
    assert.ok(run.findings.some((f) => f.code === 'wga.consent-missing' && f.severity === 'hint'), 'the default (no coverage) applies');
    assert.ok(!run.findings.some((f) => f.severity === 'error' && f.code !== 'policy.invalid'), 'no contract rule errs: the broken file gives no coverage');
  });

  test('empty and odd scripts', () => {
    for (const t of ['', '\n\n', 'Title:\n\n', '[[replica:]]', '/* unclosed boneyard', 'INT. X\n\n[[synthetic performer: ]]']) {
      const r = record([[t, human()]]);
      assert.doesNotThrow(() => runRules(context(r.text, r.ledger)));
      assert.deepEqual(runRules(context(r.text, r.ledger)).internal, []);
    }
  });
});
