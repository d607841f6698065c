/**
 * The engine's one entry, run on an in-memory workspace: no disk is touched, and the answers
 * are the command line's (which reads the same files from disk).
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { analyse, applyPolicy, InputError, loadProject, memoryWorkspace, readPolicy, readScriptFiles, sceneLabel, scriptLabel, shareWords } from '../../server/src/engine/index';
import { analyseScript } from '../../server/src/cli/validateLoad';
import { defaultProject } from '../../server/src/disclosure/project';

const ROOT = resolve(__dirname, '..', '..');
const EXAMPLE = join(ROOT, 'examples', 'the-night-shift.fountain');
const NOW = new Date('2026-11-25T12:00:00Z');

/** The bundled example as an in-memory workspace under a folder that does not exist on disk. */
function exampleWorkspace(extra: Record<string, string | null> = {}) {
  const dir = '/nowhere/night-shift';
  const files: Record<string, string | Uint8Array | null> = {
    [`${dir}/the-night-shift.fountain`]: readFileSync(EXAMPLE, 'utf8'),
    [`${dir}/the-night-shift.fountain.provenance`]: readFileSync(`${EXAMPLE}.provenance`),
    [`${dir}/.fountain-provenance.json`]: readFileSync(join(ROOT, 'examples', '.fountain-provenance.json'), 'utf8'),
    ...extra,
  };
  return { dir, script: `${dir}/the-night-shift.fountain`, workspace: memoryWorkspace(files), files };
}

describe('analyse()', () => {
  test('on an in-memory workspace gives what the command line gives from disk', () => {
    const { script, workspace } = exampleWorkspace();
    const files = readScriptFiles(workspace, script);
    assert.ok(files.journal && files.project.path, 'journal and project file found in memory');
    const a = analyse({ text: files.text, record: { kind: 'journal', bytes: files.journal }, project: files.project, options: { now: NOW } });
    const cli = analyseScript(EXAMPLE, { now: NOW });
    assert.equal(a.verification?.status, cli.verification?.status);
    assert.ok(a.verification?.status === 'verified' || a.verification?.status === 'verified-with-gaps', `the example verifies: ${a.verification?.status}`);
    const key = (f: { code: string; start: number; end: number; severity: string }) => `${f.code}@${f.start}-${f.end}:${f.severity}`;
    assert.deepEqual(a.findings.map(key).sort(), cli.findings.map(key).sort());
    assert.deepEqual(a.figures.shares, cli.engine.figures.shares);
    assert.deepEqual(a.figures.scenes.map((s) => s.shares), cli.engine.figures.scenes.map((s) => s.shares));
    assert.equal(a.statement, cli.engine.report.statement);
    assert.ok(a.figures.models.some((m) => m.model.startsWith('gpt-4o')));
  });

  test('a live record is passed through: its verification as given, its ledger as the figures', () => {
    const { script, workspace } = exampleWorkspace();
    const files = readScriptFiles(workspace, script);
    const fromJournal = analyse({ text: files.text, record: { kind: 'journal', bytes: files.journal! }, project: files.project, options: { now: NOW } });
    const live = analyse({
      text: files.text,
      record: { kind: 'live', ledger: fromJournal.ledger, verification: fromJournal.verification },
      project: files.project,
      options: { now: NOW },
    });
    assert.equal(live.verification, fromJournal.verification, 'the same object, untouched');
    assert.deepEqual(live.figures.shares, fromJournal.figures.shares);
    assert.deepEqual(live.findings.map((f) => f.code), fromJournal.findings.map((f) => f.code));
  });

  test('without a record every character is imported and nothing is verified', () => {
    const text = 'INT. HALL - DAY\n\nRain on the windows.\n';
    const a = analyse({ text, record: { kind: 'none' }, project: { project: defaultProject(), problems: [] }, options: { now: NOW } });
    assert.equal(a.hasRecord, false);
    assert.equal(a.verification, undefined);
    assert.equal(a.figures.verification.status, 'no-record');
    assert.equal(a.figures.shares.byKind.imported, a.figures.shares.total);
    assert.equal(shareWords(a.figures.shares), 'predates the record 100%');
  });

  test('never throws: a journal of garbage is a mismatch, not a crash', () => {
    const a = analyse({ text: 'Hello.\n', record: { kind: 'journal', bytes: 'not a journal\n{"type":' }, project: { project: defaultProject(), problems: [] } });
    assert.equal(a.verification?.status, 'mismatch');
    assert.ok(a.report.verification.problems.length > 0);
  });

  test('a consent added to the project file clears wga.consent-missing', () => {
    const { script, files } = exampleWorkspace();
    const project = JSON.parse(files[`/nowhere/night-shift/.fountain-provenance.json`] as string) as { consents: unknown[] };
    const without = { ...project, consents: [] };
    files[`/nowhere/night-shift/.fountain-provenance.json`] = JSON.stringify(without);
    const map = new Map(Object.entries(files));
    const workspace = memoryWorkspace(map);
    const run = () => {
      const f = readScriptFiles(workspace, script);
      return analyse({ text: f.text, record: { kind: 'journal', bytes: f.journal! }, project: f.project, options: { now: NOW } });
    };
    assert.ok(run().findings.some((f) => f.code === 'wga.consent-missing'), 'no consent: the rule fires');
    map.set('/nowhere/night-shift/.fountain-provenance.json', JSON.stringify(project));
    assert.ok(!run().findings.some((f) => f.code === 'wga.consent-missing'), 'with the consent: it does not');
  });
});

describe('reading through the workspace', () => {
  test('the project file is found in a parent folder; an unreadable one is a problem, not a throw', () => {
    const workspace = memoryWorkspace({ '/a/.fountain-provenance.json': '{"policy":"non-union"}', '/a/b/c/s.fountain': 'x' });
    const found = loadProject(workspace, '/a/b/c/s.fountain');
    assert.equal(found.path, '/a/.fountain-provenance.json');
    assert.equal(found.project.policy, 'non-union');
    const broken = loadProject(memoryWorkspace({ '/a/.fountain-provenance.json': '{ nope' }), '/a/s.fountain');
    assert.equal(broken.problems.length, 1);
    assert.equal(broken.project.policy, defaultProject().policy);
    assert.equal(loadProject(memoryWorkspace({}), '/a/s.fountain').path, undefined);
  });

  test('a missing script or a journal that is a folder is an InputError naming it', () => {
    const workspace = memoryWorkspace({ '/a/s.fountain': 'x', '/a/s.fountain.provenance': null });
    assert.throws(() => readScriptFiles(workspace, '/a/missing.fountain'), (e: unknown) => e instanceof InputError && /missing\.fountain/.test(e.message));
    assert.throws(() => readScriptFiles(workspace, '/a/s.fountain'), (e: unknown) => e instanceof InputError && /s\.fountain\.provenance/.test(e.message));
  });

  test('a policy file overrides only its own keys', () => {
    const workspace = memoryWorkspace({ '/p.json': '{"policy":"non-union","severity":{"usco.disclose":"off"}}', '/bad.json': '{"policy":1}' });
    const policy = readPolicy(workspace, '/p.json');
    const base = { project: { ...defaultProject(), writers: [{ name: 'Mara' }] }, problems: [] };
    const out = applyPolicy(base, policy);
    assert.equal(out.project.policy, 'non-union');
    assert.deepEqual(out.project.writers, [{ name: 'Mara' }]);
    assert.throws(() => readPolicy(workspace, '/bad.json'), InputError);
    assert.throws(() => readPolicy(workspace, '/none.json'), InputError);
  });
});

describe('labels', () => {
  test('scene and script labels use one wording', () => {
    const cli = analyseScript(EXAMPLE, { now: NOW });
    const f = cli.engine.figures;
    const later = f.scenes.find((s) => s.models.length > 0);
    assert.ok(later, 'a scene with AI text');
    // The statement's rounding (one decimal), and RULES.md's words: "writers", never a credit.
    assert.equal(sceneLabel(later, f.gaps), 'writers 34.1% · AI 65.9% (gpt-4o)');
    assert.equal(sceneLabel(f.scenes[0], f.gaps), 'writers 100%');
    const label = scriptLabel(f.shares);
    assert.equal(label.short, 'writers 85.4% · AI 14.6%');
    assert.ok(f.statement.startsWith('14.6% of the text'), 'the view and the statement show the same figure');
    assert.ok(label.long.endsWith(`of ${f.shares.total} counted characters`));
  });
});
