import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Ajv from 'ajv';
import { defaultProject, findProjectFile, loadProject, parseProject, PROJECT_FILE_NAME } from '../../server/src/disclosure/project';
import { readJson } from '../../server/src/disclosure/jsonLocate';
import schema from '../../schemas/project.schema.json';

function tempTree(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'fp-project-'));
}

const example = {
  policy: 'wga-mba',
  writers: [{ name: 'Mara Okafor' }, { name: 'Dev Lindqvist', email: 'dev@example.invalid' }],
  thresholds: { deMinimisShare: 0.02 },
  allowedTools: ['vscode-lm'],
  allowedModels: ['gpt-4o', 'claude-*'],
  consents: [{ id: 'C-12', from: '2026-01-01', to: '2026-12-31', tools: ['gpt-4o'], scope: 'drafting help on episode 3' }],
  furnished: [{ title: 'Series bible', file: 'bible.pdf', aiOrigin: 'unknown', date: '2026-01-05' }],
  performers: [{ name: 'Ruth Calder', consents: [{ id: 'L-7', uses: ['de-aging'], description: 'de-aging in flashbacks, episode 3' }] }],
  syntheticPerformers: [{ character: 'NOVA', notice: 'N-3', to: 'SAG-AFTRA' }],
  approvals: [{ scene: 'script', ref: 'A-1', by: 'J. Park' }],
  severity: { 'usco.disclose': 'hint' },
};

describe('the project file schema', () => {
  test('is a valid draft-07 schema that accepts a full example and the defaults', () => {
    const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
    assert.equal(validate(example), true, JSON.stringify(validate.errors));
    assert.equal(validate(defaultProject()), true, JSON.stringify(validate.errors));
    assert.equal(validate({ policy: 'studio' }), false);
  });

  test('compiles under ajv strict mode too', () => {
    assert.doesNotThrow(() => new Ajv({ strict: true, strictRequired: false, allowMatchingProperties: true }).compile(schema));
  });
});

describe('findProjectFile and loadProject', () => {
  test('finds the nearest project file upward from the script folder', () => {
    const root = tempTree();
    const deep = path.join(root, 'season1', 'ep3');
    fs.mkdirSync(deep, { recursive: true });
    fs.writeFileSync(path.join(root, PROJECT_FILE_NAME), JSON.stringify({ policy: 'non-union' }));
    assert.equal(findProjectFile(path.join(deep, 'act1.fountain')), path.join(root, PROJECT_FILE_NAME));
    fs.writeFileSync(path.join(root, 'season1', PROJECT_FILE_NAME), JSON.stringify({ policy: 'custom' }));
    const loaded = loadProject(path.join(deep, 'act1.fountain'));
    assert.equal(loaded.path, path.join(root, 'season1', PROJECT_FILE_NAME));
    assert.equal(loaded.project.policy, 'custom');
    assert.deepEqual(loaded.problems, []);
  });

  test('no project file: the defaults and no problems', () => {
    const root = tempTree();
    const found = findProjectFile(path.join(root, 'x.fountain'));
    // A project file higher up the real tree would be found; the temp dir holds none of its own.
    const loaded = loadProject(path.join(root, 'x.fountain'));
    if (found === undefined) {
      assert.equal(loaded.path, undefined);
      assert.deepEqual(loaded.project, defaultProject());
    }
    assert.deepEqual(loaded.problems, []);
  });

  test('fills in defaults for fields the file leaves out', () => {
    const { project, problems } = parseProject(JSON.stringify(example));
    assert.deepEqual(problems, []);
    assert.equal(project.thresholds.deMinimisShare, 0.02);
    assert.equal(project.thresholds.aiGeneratedSceneShare, 0.5);
    assert.equal(project.thresholds.typingThreshold, 40);
    assert.deepEqual(project.counting, { titlePage: false, boneyard: false });
    assert.equal(project.consents[0].id, 'C-12');
  });

  test('bad JSON: line and column of the fault, defaults used, file untouched', () => {
    const root = tempTree();
    const file = path.join(root, PROJECT_FILE_NAME);
    const text = '{\n  "policy": "wga-mba",\n  "thresholds": { "deMinimisShare": 0.02, }\n}\n';
    fs.writeFileSync(file, text);
    const loaded = loadProject(path.join(root, 'a.fountain'));
    assert.equal(loaded.problems.length, 1);
    assert.equal(loaded.problems[0].line, 2);
    assert.equal(loaded.problems[0].column, 42);
    assert.match(loaded.problems[0].message, /line 3, column 43/);
    assert.deepEqual(loaded.project, defaultProject());
    assert.equal(fs.readFileSync(file, 'utf8'), text);
  });

  test('wrong field types: the JSON pointer and the position of the bad field', () => {
    const text = '{\n  "policy": "studio",\n  "consents": [\n    { "id": "C-1", "from": 20260101 }\n  ],\n  "severity": { "usco.disclose": "loud", "no.such-rule": "off" }\n}';
    const { project, problems } = parseProject(text);
    assert.deepEqual(project, defaultProject());
    const byPointer = new Map(problems.map((p) => [p.pointer, p]));
    assert.ok(byPointer.has('/policy'), JSON.stringify(problems));
    assert.equal(byPointer.get('/policy')!.line, 1);
    assert.equal(byPointer.get('/policy')!.column, 2);
    assert.equal(byPointer.get('/consents/0/from')!.line, 3);
    assert.equal(byPointer.get('/consents/0/from')!.column, 19, 'points at the property name');
    assert.ok(byPointer.has('/severity/usco.disclose'));
    assert.match(byPointer.get('/severity/no.such-rule')!.message, /unknown property "no.such-rule"/);
  });

  test('a missing required field names the object', () => {
    const { problems } = parseProject('{ "furnished": [ { "title": "Bible" } ] }');
    assert.ok(problems.some((p) => p.pointer === '/furnished/0' && /aiOrigin/.test(p.message)), JSON.stringify(problems));
    assert.ok(problems.some((p) => /"file" or a "description"/.test(p.message)), JSON.stringify(problems));
  });

  test('never throws on any text', () => {
    for (const text of ['', '{', '[]', 'null', '"x"', '{"a":', '{"policy":"wga-mba"} x', '\u0000', '['.repeat(20000), '{"writers":[{"name":1}]}']) {
      const { project, problems } = parseProject(text);
      assert.ok(problems.length > 0, text.slice(0, 20));
      assert.deepEqual(project, defaultProject());
    }
  });
});

describe('readJson', () => {
  test('agrees with JSON.parse on valid JSON and records spans', () => {
    const text = JSON.stringify(example, null, 2);
    const read = readJson(text);
    assert.ok(read.ok);
    assert.deepEqual(read.value, JSON.parse(text));
    const span = read.spans.get('/consents/0/id')!;
    assert.equal(text.slice(span.start, span.end), '"C-12"');
  });

  test('handles escapes and a byte order mark', () => {
    const read = readJson('\ufeff{"a\\/b": "x\\u00e9\\n", "n": -1.5e3}');
    assert.ok(read.ok);
    assert.deepEqual(read.value, { 'a/b': 'x\u00e9\n', n: -1500 });
    assert.ok(read.spans.has('/a~1b'));
  });
});
