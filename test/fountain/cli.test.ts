import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runCli } from '../../server/src/cli/main';

const EXAMPLE = resolve(__dirname, '..', '..', 'examples', 'the-night-shift.fountain');

async function run(args: string[], cwd = process.cwd()): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(args, { stdout: (t) => (out += t), stderr: (t) => (err += t), isTTY: false, cwd });
  return { code, out, err };
}

describe('fountain-provenance outline', () => {
  test('the bundled example: scenes with line numbers, characters with lines, pages', async () => {
    const { code, out } = await run(['outline', EXAMPLE]);
    assert.equal(code, 0);
    assert.match(out, /^THE NIGHT SHIFT\n~\d+ pages?, 4 scenes, 3 characters\n/);
    assert.match(out, /line 13 {2}INT\. CORNER BAKERY - NIGHT {2}#1\n/);
    assert.match(out, /line 74 {2}THE OVEN ROOM\n/);
    assert.match(out, /RUTH +6 lines, 5 cues/);
    assert.match(out, /McKENNA +1 line, 1 cue/);
  });

  test('--help, missing file, directory, no argument', async () => {
    assert.match((await run(['outline', '--help'])).out, /Usage: fountain-provenance outline/);
    const missing = await run(['outline', 'no-such.fountain']);
    assert.equal(missing.code, 2);
    assert.match(missing.err, /no-such\.fountain: no such file/);
    const dir = await run(['outline', '.']);
    assert.equal(dir.code, 2);
    assert.match(dir.err, /is a directory/);
    assert.equal((await run(['outline'])).code, 2);
  });

  test('a path that cannot be read is a clear error', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fp-outline-'));
    const file = join(dir, 'script.fountain');
    writeFileSync(file, 'INT. HOUSE - DAY\n');
    const r = await run(['outline', join(file, 'inside.fountain')]);
    assert.equal(r.code, 2);
    assert.match(r.err, /inside\.fountain: cannot read \(ENOTDIR\)/);
  });
});

describe('fountain-provenance parse', () => {
  test('--json prints a flat element list with ranges into the text', async () => {
    const { code, out } = await run(['parse', '--json', EXAMPLE]);
    assert.equal(code, 0);
    const json = JSON.parse(out) as { elements: { type: string; start: number; end: number; text: string }[]; scenes: unknown[]; titlePage: unknown[]; characters: unknown[] };
    const types = new Set(json.elements.map((e) => e.type));
    for (const t of ['title_page', 'section', 'synopsis', 'scene_heading', 'action', 'character', 'dialogue', 'parenthetical', 'lyrics', 'transition', 'centered', 'page_break', 'note', 'boneyard']) {
      assert.ok(types.has(t), t);
    }
    assert.equal(json.scenes.length, 4);
    assert.equal(json.titlePage.length, 5);
    assert.equal(json.characters.length, 3);
    const { readFileSync } = await import('node:fs');
    const text = readFileSync(EXAMPLE, 'utf8');
    const heading = json.elements.find((e) => e.type === 'scene_heading')!;
    assert.equal(text.slice(heading.start, heading.end), 'INT. CORNER BAKERY - NIGHT #1#');
  });

  test('a table without --json; errors exit 2', async () => {
    const table = await run(['parse', EXAMPLE]);
    assert.equal(table.code, 0);
    assert.match(table.out, /^line +type +range +text\n/);
    assert.match(table.out, /13 {2}scene_heading/);
    assert.match((await run(['parse', '--help'])).out, /--json/);
    const missing = await run(['parse', '--json', 'nope.fountain']);
    assert.equal(missing.code, 2);
    assert.match(missing.err, /nope\.fountain: no such file/);
    assert.equal((await run(['parse', '--bogus', EXAMPLE])).code, 2);
  });
});
