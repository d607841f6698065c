import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { join } from 'node:path';
import { prettyJsonBytes } from '../../server/src/export/jsonBytes';
import { analyseScript } from '../../server/src/cli/validateLoad';
import { renderJson, reportToJson } from '../../server/src/report/json';
import { corpusFiles } from '../corpus';

const expected = (value: unknown): string => JSON.stringify(value, null, 2) + '\n';
const written = (value: unknown, size?: number): string => prettyJsonBytes(value, size).toString('utf8');

describe('prettyJsonBytes: the bytes of JSON.stringify(value, null, 2) written in pieces', () => {
  test('any JSON value, nested, with non-ASCII and astral text, from a tiny first buffer', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 5 }), fc.integer({ min: 0, max: 64 }), (value, size) => {
        assert.equal(written(value, size), expected(value));
      }),
      { numRuns: 400 },
    );
  });

  test('what JSON leaves out: undefined, functions and symbols dropped from objects, null in arrays; toJSON used', () => {
    const value = {
      a: undefined,
      b: () => 1,
      c: Symbol('s'),
      d: [undefined, () => 1, Symbol('t'), 1, { e: undefined }],
      when: new Date(Date.UTC(2026, 10, 30)),
      gone: { toJSON: () => undefined },
      nested: { list: [{ x: new Date(0), y: [1, [2, { z: 'é’😀' }]] }], empty: {}, none: [] },
      all: { a: undefined },
      nan: Number.NaN,
      big: 1e21,
      esc: 'line\nbreak\t"quoted" \\ \u2028 \u0001',
    };
    assert.equal(written(value), expected(value));
    assert.equal(written([]), expected([]));
    assert.equal(written({}), expected({}));
    assert.equal(written('text'), expected('text'));
    assert.equal(written(null), expected(null));
    assert.equal(written({ toJSON: () => ({ a: [1, 2] }) }), expected({ toJSON: () => ({ a: [1, 2] }) }));
  });

  test('grows past its first buffer without losing a byte (a megabyte from 1 KB)', () => {
    const value = { runs: Array.from({ length: 10000 }, (_, i) => ({ start: i, text: `élan ${i} ’quoted’`, flags: [i % 2 === 0, null] })) };
    const out = prettyJsonBytes(value, 1);
    assert.ok(out.length > 1_000_000);
    assert.equal(out.toString('utf8'), expected(value));
  });

  test('no JSON form: undefined, a function or a symbol throws a TypeError; a cycle throws as JSON.stringify does', () => {
    assert.throws(() => prettyJsonBytes(undefined), TypeError);
    assert.throws(() => prettyJsonBytes(() => 1), TypeError);
    const cycle: Record<string, unknown> = { a: { b: 1 } };
    (cycle.a as Record<string, unknown>).self = cycle;
    assert.throws(() => prettyJsonBytes(cycle), TypeError);
  });

  test("the report attached to a PDF: the same bytes as `report --format json` writes (examples and every corpus script)", () => {
    const scripts = [join(__dirname, '..', '..', 'examples', 'the-night-shift.fountain'), ...corpusFiles().map((f) => f.path)];
    for (const path of scripts) {
      const report = analyseScript(path, { now: new Date(Date.UTC(2026, 0, 1)) }).engine.report;
      assert.equal(prettyJsonBytes(reportToJson(report)).toString('utf8'), renderJson(report), path);
    }
  });
});
