import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { estimatePages, wrappedLines } from '../../server/src/fountain/pages';
import { parse } from '../../server/src/fountain/parser';
import { corpusFiles, corpusSuiteOptions } from '../corpus';

describe('page estimate', () => {
  test('word wrap at a width', () => {
    assert.equal(wrappedLines('one two three', 7), 2);
    assert.equal(wrappedLines('a'.repeat(25), 10), 3);
    assert.equal(wrappedLines('x\ny', 10), 2);
  });

  test('empty script has no pages; one line of action is one page; title page adds one', () => {
    assert.equal(estimatePages(parse('')), 0);
    assert.equal(estimatePages(parse('He waits.\n')), 1);
    assert.equal(estimatePages(parse('Title: X\n\nHe waits.\n')), 2);
    assert.equal(estimatePages(parse('One.\n\n===\n\nTwo.\n')), 2);
  });

  test('grows with the script', () => {
    const scene = 'INT. HOUSE - DAY\n\nHe waits by the window for a long time.\n\nBOB\nWhere is she?\n\n';
    assert.ok(estimatePages(parse(scene.repeat(60))) > estimatePages(parse(scene.repeat(20))));
  });
});

describe('page estimate on the corpus', corpusSuiteOptions(), () => {
  // Page counts of afterwriting 1.17.3's PDFs on US letter (--setting print_profile=usletter;
  // its default profile is A4, where big-fish is 119). bench/pdf.bench.ts measures them live.
  const rendered: Record<string, number> = { 'big-fish.fountain': 122, 'the-last-birthday-card.fountain': 20, 'my-living-memory.fountain': 16 };
  for (const [name, pages] of Object.entries(rendered)) {
    test(`${name}: within 2% (or one page) of ${pages}`, () => {
      const file = corpusFiles().find((f) => f.name === name)!;
      const estimate = estimatePages(parse(file.text));
      assert.ok(Math.abs(estimate - pages) <= Math.max(1, pages * 0.02), `estimate ${estimate}`);
    });
  }
});
