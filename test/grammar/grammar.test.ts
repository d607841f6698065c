import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GRAMMAR_PATH, ROOT, grammarScopes, tokenize } from './tokenize';

const CASES = join(ROOT, 'test', 'grammar', 'cases');
const HARNESS = require.resolve('vscode-tmgrammar-test/dist/unit.js');

/** Runs vscode-tmgrammar-test on a glob of case files, as `npm run test:grammar` does. */
function runHarness(glob: string): { status: number | null; output: string } {
  const result = spawnSync(process.execPath, [HARNESS, '--compact', '--grammar', GRAMMAR_PATH, glob], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

const caseFiles = readdirSync(CASES).filter((n) => n.endsWith('.fountain')).sort();

describe('TextMate grammar', () => {
  test('every case under test/grammar/cases passes vscode-tmgrammar-test', () => {
    assert.ok(caseFiles.length >= 10, `expected the grammar cases, found ${caseFiles.length}`);
    const { status, output } = runHarness('test/grammar/cases/*.fountain');
    assert.equal(status, 0, output);
    for (const name of caseFiles) assert.match(output, new RegExp(`✓ .*${name.replace(/\./g, '\\.')} run successfuly`), output);
  });

  test('the harness fails on a wrong assertion and on a wrong exclusion', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fountain-grammar-'));
    try {
      writeFileSync(
        join(dir, 'wrong-required.fountain'),
        ['// SYNTAX TEST "text.fountain" "a heading asserted to be a cue"', 'INT. HOUSE - DAY',
          '// <---- entity.name.function.character.fountain', ''].join('\n'),
      );
      writeFileSync(
        join(dir, 'wrong-excluded.fountain'),
        ['// SYNTAX TEST "text.fountain" "a note asserted not to be a note"', 'Before [[a note]] after.',
          '//       ^^^^^^ - comment.block.note.fountain', ''].join('\n'),
      );
      for (const name of ['wrong-required.fountain', 'wrong-excluded.fountain']) {
        const { status, output } = runHarness(join(dir, name));
        assert.notEqual(status, 0, `${name} should fail:\n${output}`);
        assert.match(output, /(Missing required|Prohibited) scopes/, output);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('the grammar file names text.fountain and every include resolves', () => {
    const grammar = JSON.parse(readFileSync(GRAMMAR_PATH, 'utf8')) as { scopeName: string; repository: Record<string, unknown> };
    assert.equal(grammar.scopeName, 'text.fountain');
    const includes = [...JSON.stringify(grammar).matchAll(/"include":"#([^"]+)"/g)].map((m) => m[1]);
    assert.ok(includes.length > 0);
    for (const name of includes) assert.ok(name in grammar.repository, `#${name} is not in the repository`);
  });

  test('every scope the grammar gives is documented in syntaxes/README.md and asserted by a case', () => {
    const readme = readFileSync(join(ROOT, 'syntaxes', 'README.md'), 'utf8');
    const asserted = caseFiles.map((n) => readFileSync(join(CASES, n), 'utf8')).join('\n');
    const scopes = grammarScopes();
    assert.ok(scopes.size >= 20, `only ${scopes.size} scopes found`);
    for (const scope of scopes) {
      assert.ok(readme.includes(`\`${scope}\``), `${scope} is not documented in syntaxes/README.md`);
      assert.ok(new RegExp(`^//.*[\\^-].*\\b${scope.replace(/\./g, '\\.')}\\b`, 'm').test(asserted), `no case asserts ${scope}`);
    }
  });

  test('a boneyard left open colours the rest of the script, and closing it restores the scene heading', async () => {
    const open = await tokenize('/* cut\n\nINT. HOUSE - DAY\n');
    assert.ok(open.tokens[2].every((t) => t.scopes.includes('comment.block.boneyard.fountain')));
    const closed = await tokenize('/* cut */\n\nINT. HOUSE - DAY\n');
    assert.ok(closed.tokens[2][0].scopes.includes('markup.heading.scene-heading.fountain'), JSON.stringify(closed.tokens[2]));
  });

  test('CRLF, CR and a long line of markup tokenize without stopping early', async () => {
    const text = 'INT. HOUSE - DAY\r\n\r\nBOB\r(beat)\rHi.\n\n' + '*a* _b_ **c** [[d]] /*e*/ \\* '.repeat(2000);
    const { tokens, stoppedEarly } = await tokenize(text);
    assert.deepEqual(stoppedEarly, []);
    assert.ok(tokens[0][0].scopes.includes('markup.heading.scene-heading.fountain'));
    assert.ok(tokens[2][0].scopes.includes('entity.name.function.character.fountain'));
    assert.ok(tokens[3][0].scopes.includes('variable.parameter.parenthetical.fountain'));
    assert.ok(tokens[6].some((t) => t.scopes.includes('markup.underline.fountain')));
  });
});
