// Who is bound (RULES.md): coverage per union and contract version, presets, and the
// default of no coverage. Every cell of the matrix runs the same script and record.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { rules, runRules } from '../../server/src/disclosure/index';
import { defaultProject, parseProject, presetCoverage, withPolicy, type Coverage } from '../../server/src/disclosure/project';
import { SCENE1, SCENE2, ai, context, human, project, record } from './helpers';

// A credit naming Claude (WGA), AI text with no company consent (WGA), a replica with no
// consent and a synthetic performer with no notice (SAG).
const { text, ledger } = record([
  ['Title: The Night Shift\nAuthor: Mara Okafor and Claude\n\n' + SCENE1, human()],
  ['The cook slides a plate across the counter without a word, and the plate stops an inch from the edge.\n\n', ai()],
  ['[[replica: Ruth Calder; use: de-aging]]\n\n[[synthetic performer: NOVA]]\n\n', human()],
  [SCENE2, human()],
]);

const WGA = ['wga.ai-credited', 'wga.consent-missing'];
const SAG = ['sag.replica-consent', 'sag.synthetic-performer'];

function severities(coverage: Coverage | undefined, fileText?: string): Record<string, string[]> {
  const p = fileText !== undefined ? parseProject(fileText).project : coverage ? { ...project(), coverage } : defaultProject();
  const out: Record<string, string[]> = {};
  for (const f of runRules(context(text, ledger, p)).findings) (out[f.code] ??= []).includes(f.severity) || out[f.code].push(f.severity);
  return out;
}

function assertBound(sev: Record<string, string[]>, codes: string[], bound: boolean): void {
  for (const code of codes) {
    assert.ok(sev[code], `${code} is reported`);
    if (bound) assert.ok(!sev[code].includes('hint'), `${code} binds: ${sev[code].join(',')}`);
    else assert.deepEqual(sev[code], ['hint'], `${code} is only a hint`);
  }
}

describe('coverage matrix', () => {
  test('no project file: no contract assumed, no contract rule raises more than a hint', () => {
    const sev = severities(undefined);
    assert.deepEqual(defaultProject().coverage, { wga: null, sag: null });
    assert.equal(defaultProject().policy, 'none');
    assertBound(sev, WGA, false);
    assertBound(sev, SAG, false);
    assert.ok(!Object.values(sev).flat().includes('error'), 'a spec writer gets no error');
  });

  for (const wga of ['mba-2023', 'mba-2026'] as const) {
    test(`WGA only (${wga}): WGA rules bind and cite the version, SAG rules are hints`, () => {
      const sev = severities(undefined, JSON.stringify({ coverage: { wga } }));
      assertBound(sev, WGA, true);
      assertBound(sev, SAG, false);
      const f = runRules(context(text, ledger, { ...project(), coverage: { wga, sag: null } })).findings.find((x) => x.code === 'wga.consent-missing');
      assert.match(f!.message, new RegExp(`WGA ${wga.slice(4)} MBA`));
      assert.equal(f!.data?.contract, wga);
      assert.equal(f!.data?.covered, true);
    });
  }

  for (const sag of ['tv-theatrical-2023', 'tv-theatrical-2026'] as const) {
    test(`SAG only (${sag}): SAG rules bind and cite the version, WGA rules are hints`, () => {
      const sev = severities(undefined, JSON.stringify({ coverage: { sag } }));
      assertBound(sev, SAG, true);
      assertBound(sev, WGA, false);
      const f = runRules(context(text, ledger, { ...project(), coverage: { wga: null, sag } })).findings.find((x) => x.code === 'sag.replica-consent');
      assert.match(f!.message, new RegExp(`SAG-AFTRA ${sag.slice(-4)} TV/Theatrical`));
      const hint = runRules(context(text, ledger, { ...project(), coverage: { wga: null, sag } })).findings.find((x) => x.code === 'wga.consent-missing');
      assert.match(hint!.message, /applies only if a WGA contract covers the project/);
      assert.equal(hint!.data?.covered, false);
    });
  }

  for (const [wga, sag] of [['mba-2023', 'tv-theatrical-2023'], ['mba-2026', 'tv-theatrical-2026'], ['mba-2023', 'tv-theatrical-2026']] as const) {
    test(`both (${wga}, ${sag}): every contract rule binds`, () => {
      const sev = severities({ wga, sag });
      assertBound(sev, WGA, true);
      assertBound(sev, SAG, true);
    });
  }

  test('presets: wga-mba is WGA 2026 only, wga-sag both 2026, non-union and none no coverage', () => {
    assert.deepEqual(presetCoverage('wga-mba'), { wga: 'mba-2026', sag: null });
    assert.deepEqual(presetCoverage('wga-sag'), { wga: 'mba-2026', sag: 'tv-theatrical-2026' });
    assert.deepEqual(presetCoverage('non-union'), { wga: null, sag: null });
    assert.deepEqual(presetCoverage('none'), { wga: null, sag: null });
    assert.deepEqual(parseProject('{"policy":"wga-mba"}').project.coverage, { wga: 'mba-2026', sag: null });
    const sev = severities(undefined, '{"policy":"wga-mba"}');
    assertBound(sev, WGA, true);
    assertBound(sev, SAG, false);
    assertBound(severities(undefined, '{"policy":"non-union"}'), [...WGA, ...SAG], false);
    assert.deepEqual(withPolicy(defaultProject(), 'wga-sag').coverage, { wga: 'mba-2026', sag: 'tv-theatrical-2026' });
  });

  test('a file with both policy and coverage: coverage wins', () => {
    const { project: p, problems } = parseProject(JSON.stringify({ policy: 'wga-sag', coverage: { wga: 'mba-2023', sag: null } }));
    assert.deepEqual(problems, []);
    assert.deepEqual(p.coverage, { wga: 'mba-2023', sag: null });
    assertBound(severities(undefined, JSON.stringify({ policy: 'wga-sag', coverage: { wga: 'mba-2023', sag: null } })), SAG, false);
  });

  test('a project file that cannot be parsed gives no coverage', () => {
    const { project: p, problems } = parseProject('{ "policy": "wga-sag", }');
    assert.ok(problems.length > 0);
    assert.deepEqual(p.coverage, { wga: null, sag: null });
    const bad = parseProject(JSON.stringify({ coverage: { wga: 'mba-2019' } }));
    assert.match(bad.problems[0].message, /mba-2023/);
    assert.deepEqual(bad.project.coverage, { wga: null, sag: null });
  });

  test('an explicit off still silences an uncovered rule; an uncovered rule never exceeds a hint, whatever the overrides', () => {
    const p = { ...project(), severity: { 'wga.consent-missing': 'error' as const, 'wga.ai-credited': 'off' as const } };
    const run = runRules(context(text, ledger, p), { 'sag.replica-consent': 'error' });
    assert.ok(!run.findings.some((f) => f.code === 'wga.ai-credited'));
    for (const f of run.findings) if (['wga.consent-missing', 'sag.replica-consent'].includes(f.code)) assert.equal(f.severity, 'hint');
  });

  test('every contract rule names its union and cites each version of its contract', () => {
    for (const r of rules.filter((x) => x.basis === 'C')) {
      assert.ok(r.union === 'wga' || r.union === 'sag', r.code);
      const versions = r.union === 'wga' ? ['mba-2023', 'mba-2026'] : ['tv-theatrical-2023', 'tv-theatrical-2026'];
      assert.deepEqual(Object.keys(r.provisions ?? {}).sort(), versions, r.code);
    }
    assert.equal(rules.find((r) => r.code === 'wga.policy-tool')?.basis, 'H');
  });
});

describe('contract rule pages', () => {
  test('each contract rule page cites every version of its contract', async () => {
    const fs = await import('node:fs');
    const path = await import('node:path');
    for (const r of rules.filter((x) => x.basis === 'C')) {
      const page = fs.readFileSync(path.resolve(__dirname, '..', '..', r.docPath), 'utf8');
      assert.ok(page.includes('## Contract versions'), r.code);
      for (const [version, provision] of Object.entries(r.provisions ?? {})) {
        assert.ok(page.includes(`\`${version}\``), `${r.docPath} names ${version}`);
        assert.ok(page.includes(provision), `${r.docPath} cites the ${version} provision`);
      }
    }
  });
});
