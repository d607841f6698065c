import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readJson } from '../../server/src/disclosure/jsonLocate';

describe('readJson (jsonc-parser, strict JSON)', () => {
  test('a comment is refused where it starts', () => {
    const r = readJson('{\n  // the policy\n  "policy": "wga-mba"\n}');
    assert.equal(r.ok, false);
    if (r.ok) return;
    assert.deepEqual([r.line, r.column], [1, 2]);
    assert.match(r.message, /comments are not allowed/);
  });

  test('a trailing comma is refused at the closing brace', () => {
    const r = readJson('{ "a": 1, }');
    assert.equal(r.ok, false);
    if (!r.ok) assert.equal(r.offset, 10);
  });

  test('values are plain objects as JSON.parse gives them: duplicate keys keep the last, __proto__ is an own key', () => {
    const text = '{ "a": 1, "a": 2, "__proto__": { "x": 1 }, "list": [true, null, "s", 1e2] }';
    const r = readJson(text);
    assert.ok(r.ok);
    assert.deepEqual(r.value, JSON.parse(text));
    assert.equal(Object.getPrototypeOf(r.value), Object.prototype);
    assert.ok(Object.prototype.hasOwnProperty.call(r.value, '__proto__'));
    assert.equal(r.spans.get('/list/3')!.start, text.indexOf('1e2'));
    assert.equal(r.spans.get('/list')!.keyStart, text.indexOf('"list"'));
  });

  test('never throws: deep nesting, empty text, a lone surrogate', () => {
    for (const text of ['['.repeat(100_000), '', '"\ud800"', '{"a":']) {
      const r = readJson(text);
      assert.equal(typeof r.ok, 'boolean');
    }
  });
});
