import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { parseProject } from '../../server/src/disclosure/project';

const ROOT = resolve(__dirname, '..', '..');

describe('the project schema, compiled at build time (ajv standalone)', () => {
  test('the generated validator is up to date with schemas/project.schema.json', () => {
    const r = spawnSync(process.execPath, [join(ROOT, 'scripts', 'compileSchemas.mjs'), '--check'], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
  });

  test('the engine bundles no schema compiler, only the generated code and its runtime helpers', async () => {
    const result = await build({
      entryPoints: [join(ROOT, 'server', 'src', 'disclosure', 'project.ts')],
      bundle: true,
      platform: 'node',
      format: 'cjs',
      write: false,
      metafile: true,
      logLevel: 'silent',
    });
    const inputs = Object.keys(result.metafile.inputs);
    assert.ok(inputs.some((i) => i.endsWith('projectValidator.generated.js')));
    assert.deepEqual(inputs.filter((i) => /ajv\/dist\/(compile|core|ajv)\b/.test(i)), []);
  });

  test('still finds what is wrong and where', () => {
    const { problems } = parseProject('{\n  "policy": "studio"\n}');
    assert.equal(problems.length, 1);
    assert.equal(problems[0].pointer, '/policy');
    assert.match(problems[0].message, /must be one of/);
    assert.equal(problems[0].line, 1);
  });
});
