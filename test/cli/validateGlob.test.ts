import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expandPaths, GlobError, simplifyGlob } from '../../server/src/cli/validateGlob';
import { cli, ensureBuilt } from './cliHelpers';

function tree(files: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'fp-glob-'));
  for (const f of files) {
    mkdirSync(join(dir, f, '..'), { recursive: true });
    writeFileSync(join(dir, f), 'INT. ROOM - DAY\n');
  }
  return dir;
}

/** node:fs with every folder read counted. */
function countingFs(): { fs: typeof fs; read: string[] } {
  const read: string[] = [];
  const readdirSync = ((path: fs.PathLike, options?: unknown) => {
    read.push(String(path));
    return (fs.readdirSync as (p: fs.PathLike, o?: unknown) => unknown)(path, options);
  }) as typeof fs.readdirSync;
  const readdir = ((path: fs.PathLike, options: unknown, cb: unknown) => {
    read.push(String(path));
    return (fs.readdir as (p: fs.PathLike, o: unknown, c: unknown) => void)(path, options, cb);
  }) as typeof fs.readdir;
  return { fs: { ...fs, readdirSync, readdir }, read };
}

describe('validate globs (tinyglobby)', () => {
  test('brace expansion: {a,b}/*.fountain', () => {
    const dir = tree(['a/one.fountain', 'b/two.fountain', 'c/three.fountain']);
    assert.deepEqual(expandPaths(['{a,b}/*.fountain'], dir), { files: ['a/one.fountain', 'b/two.fountain'], missing: [] });
  });

  test('dir/*.fountain reads dir alone, not the folders below it', () => {
    const dir = tree(['dir/x.fountain', 'dir/sub/deep/y.fountain', 'dir/sub/deep/deeper/z.fountain']);
    const counted = countingFs();
    const r = expandPaths(['dir/*.fountain'], dir, { fs: counted.fs });
    assert.deepEqual(r.files, ['dir/x.fountain']);
    assert.ok(counted.read.length > 0, 'the counting file system was used');
    assert.deepEqual(
      counted.read.filter((p) => p.includes('sub')),
      [],
      `read: ${counted.read.join(', ')}`,
    );
  });

  test('** finds scripts at every depth, in a sorted walk order, skipping node_modules and dot folders', () => {
    const dir = tree(['a/x.fountain', 'a/b/y.fountain', 'node_modules/m.fountain', '.hidden/h.fountain', 'top.fountain']);
    assert.deepEqual(expandPaths(['**/*.fountain'], dir).files, ['a/b/y.fountain', 'a/x.fountain', 'top.fountain']);
  });

  test('repeated ** segments are one', () => {
    assert.equal(simplifyGlob('**/**/**/a/**/**/*.fountain'), '**/a/**/*.fountain');
    assert.equal(simplifyGlob('a/*/*/b'), 'a/*/*/b');
  });

  test('a pattern that is not a glob ([z-a]) is a GlobError naming it', () => {
    const dir = tree(['a.fountain']);
    assert.throws(() => expandPaths(['[z-a].fountain'], dir), (err: unknown) => err instanceof GlobError && /\[z-a\]\.fountain/.test(err.message) && /not a valid glob/.test(err.message));
  });

  test('a file that exists is taken as named even with glob characters in its name', () => {
    const dir = tree(['draft [v2].fountain']);
    assert.deepEqual(expandPaths(['draft [v2].fountain'], dir).files, ['draft [v2].fountain']);
  });
});

describe('fountain-provenance validate with globs', () => {
  before(() => ensureBuilt());

  test('[z-a] is a usage error (exit 2) with a clear message, not a regular-expression error', () => {
    const dir = tree(['a.fountain']);
    const keys = mkdtempSync(join(tmpdir(), 'fp-keys-'));
    const r = cli(['validate', '[z-a].fountain'], dir, keys);
    assert.equal(r.code, 2, r.stdout + r.stderr);
    assert.match(r.stderr, /'\[z-a\]\.fountain' is not a valid glob pattern/);
    assert.doesNotMatch(r.stderr, /Invalid regular expression|SyntaxError|\n\s+at /);
  });

  test('eleven **/ segments over a 24-folder-deep tree answer in under 2 s', () => {
    let path = 'deep';
    for (let i = 0; i < 24; i++) path += `/d${i}`;
    const dir = tree([`${path}/notes.txt`, `${path}/scene.fountain`]);
    const keys = mkdtempSync(join(tmpdir(), 'fp-keys-'));
    // The command's own start-up is measured apart: the glob's share must stay under 2 s
    // (the hand-written matcher backtracked for minutes on this tree).
    let started = Date.now();
    const plain = cli(['validate', 'no-such.fountain'], dir, keys);
    const startup = Date.now() - started;
    assert.equal(plain.code, 2);
    started = Date.now();
    const r = cli(['validate', '**/'.repeat(11) + 'nothing-*.fountain'], dir, keys);
    const elapsed = Date.now() - started;
    assert.equal(r.code, 2, r.stdout + r.stderr);
    assert.match(r.stdout, /no files match/);
    assert.ok(elapsed - startup < 2000, `took ${elapsed} ms (start-up ${startup} ms)`);
    const found = cli(['validate', '**/'.repeat(11) + 'scene.fountain', '--format', 'json'], dir, keys);
    assert.equal(JSON.parse(found.stdout).results[0].file, `${path}/scene.fountain`);
  });
});
