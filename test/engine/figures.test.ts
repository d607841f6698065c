/**
 * The figures the summary and the code lens show are computed from the report's parts without
 * building the report (engine/analyse.ts, figuresFromParts): they must equal the report's own,
 * for the example (AI insertions, a journal, a project) and for every script in the corpus, and
 * asking for the figures first must not read the journal.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { analyse, loadProject, memoryWorkspace, readScriptFiles } from '../../server/src/engine/index';
import type { Analysis, Figures } from '../../server/src/engine/analyse';
import { defaultProject } from '../../server/src/disclosure/project';
import { Ledger } from '../../server/src/provenance/ledger';
import type { AiOrigin, HumanOrigin } from '../../server/src/provenance/types';

const ROOT = resolve(__dirname, '..', '..');
const EXAMPLE = join(ROOT, 'examples', 'the-night-shift.fountain');
const NOW = new Date('2026-11-25T12:00:00Z');
const corpus = process.env.FOUNTAIN_CORPUS ?? resolve(ROOT, '..', 'shared', 'corpus');

function reportFigures(a: Analysis): Figures {
  const r = a.report;
  return { shares: r.shares, dialogueAndAction: r.dialogueAndAction, scenes: r.scenes, writers: r.writers, models: r.models, gaps: r.gaps, verification: r.verification, statement: r.statement };
}

/** The figures asked for first (from the parts), then the report built in the same analysis. */
function both(make: () => Analysis): { figures: Figures; report: Figures } {
  const first = make();
  const figures = first.figures;
  return { figures, report: reportFigures(make()) };
}

describe('figures from the report parts', () => {
  test('equal the report on the example (journal, AI insertions, project)', () => {
    const dir = '/nowhere/night-shift';
    const workspace = memoryWorkspace({
      [`${dir}/the-night-shift.fountain`]: readFileSync(EXAMPLE, 'utf8'),
      [`${dir}/the-night-shift.fountain.provenance`]: readFileSync(`${EXAMPLE}.provenance`),
      [`${dir}/.fountain-provenance.json`]: readFileSync(join(ROOT, 'examples', '.fountain-provenance.json'), 'utf8'),
    });
    const files = readScriptFiles(workspace, `${dir}/the-night-shift.fountain`);
    assert.ok(files.journal);
    const { figures, report } = both(() => analyse({ text: files.text, record: { kind: 'journal', bytes: files.journal! }, project: files.project, options: { now: NOW } }));
    assert.ok(figures.models.length > 0, 'the example has AI insertions');
    assert.deepEqual(figures, report);
  });

  test('equal the report on a live ledger with typing and AI edits, and do not read the journal', () => {
    const text = readFileSync(EXAMPLE, 'utf8');
    const ledger = Ledger.create(text, { kind: 'imported', channel: 'import', at: '2026-11-20T09:00:00Z' });
    const human: HumanOrigin = { kind: 'human', channel: 'typing', at: '2026-11-21T09:00:00Z', writer: { name: 'Mara Okafor' } };
    const ai: AiOrigin = { kind: 'ai', channel: 'ai-command', tool: 'vscode-lm', model: 'gpt-4o', at: '2026-11-21T10:00:00Z' };
    for (let i = 0; i < 40; i++) ledger.applyEdit({ offset: (i * 997) % ledger.length, deleteLength: i % 3, insertText: i % 5 === 0 ? 'A new line the model wrote.\n' : 'e', origin: i % 5 === 0 ? ai : human });
    let reads = 0;
    const make = () =>
      analyse({ text: ledger.text, record: { kind: 'live', ledger, journal: () => (reads++, '') }, project: { project: defaultProject(), problems: [] }, options: { now: NOW } });
    const a = make();
    void a.figures;
    void a.statement;
    assert.equal(reads, 0, 'the figures read no journal');
    const { figures, report } = both(make);
    assert.ok(reads > 0, 'the report reads the journal');
    assert.ok(figures.models.some((m) => m.model === 'gpt-4o' && m.chars > 0));
    assert.deepEqual(figures, report);
  });

  test('equal the report on every corpus script', (t) => {
    if (!existsSync(corpus)) {
      t.skip(`no corpus at ${corpus}`);
      return;
    }
    const names = readdirSync(corpus).filter((n) => n.endsWith('.fountain'));
    assert.ok(names.length > 0);
    for (const name of names) {
      const text = readFileSync(join(corpus, name), 'utf8');
      const journal = existsSync(join(corpus, `${name}.provenance`)) ? readFileSync(join(corpus, `${name}.provenance`)) : undefined;
      const project = loadProject(memoryWorkspace({}), join('/nowhere', name));
      const { figures, report } = both(() => analyse({ text, record: journal ? { kind: 'journal', bytes: journal } : { kind: 'none' }, project, options: { now: NOW, scriptPath: name } }));
      assert.deepEqual(figures, report, name);
    }
  });
});
