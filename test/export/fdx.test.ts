import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { corpusFiles, corpusSuiteOptions } from '../corpus';
import { parse } from '../../server/src/fountain/parser';
import type { Script } from '../../server/src/fountain/types';
import { fdxType, renderFdx } from '../../server/src/export/fdx';
import { printedLines } from '../../server/src/export/printed';

const disclosure = { statement: 'A statement & <words>.', verification: ['Record: verified'] };

/** Paragraph types of the body, in order, with dual dialogue blocks flattened and marked. */
function bodyTypes(xml: string): string[] {
  const content = xml.slice(xml.indexOf('<Content>'), xml.indexOf('</Content>'));
  const out: string[] = [];
  for (const m of content.matchAll(/<DualDialogue>|<Paragraph [^>]*Type="([^"]+)"/g)) out.push(m[0] === '<DualDialogue>' ? 'dual' : m[1]);
  return out;
}

/** The same sequence computed from the parse: printed elements, dual cues announced. */
function expectedTypes(script: Script): string[] {
  const out: string[] = [];
  for (const el of script.elements) {
    const type = fdxType(el);
    if (!type || printedLines(script, el).length === 0) continue;
    // The cue written with `^` is the right column; the block forms after a dialogue block.
    if (el.type === 'character' && /\^\s*$/.test(script.text.slice(el.start, el.end)) && ['Dialogue', 'Parenthetical', 'General'].includes(out[out.length - 1])) {
      // The left column's paragraphs move inside the block: insert the marker before its cue.
      const leftCue = out.lastIndexOf('Character');
      out.splice(leftCue, 0, 'dual');
    }
    out.push(type);
  }
  return out;
}

/** Every start tag is closed in order (a small well-formedness check). */
function balanced(xml: string): boolean {
  const stack: string[] = [];
  for (const m of xml.replace(/<\?[^>]*\?>/g, '').matchAll(/<(\/?)([A-Za-z]+)[^>]*?(\/?)>/g)) {
    if (m[3] === '/') continue;
    if (m[1] === '/') {
      if (stack.pop() !== m[2]) return false;
    } else stack.push(m[2]);
  }
  return stack.length === 0 && !/&(?!(amp|lt|gt|quot|apos);)/.test(xml);
}

describe('Final Draft XML', () => {
  test('paragraph types, scene numbers, shots, centered text, page breaks and dual dialogue', () => {
    const text = [
      'Title: The Test',
      'Author: Ana',
      '',
      'INT. HOUSE - DAY #4#',
      '',
      'She waits.',
      '',
      '.SNIPER SCOPE POV',
      '',
      'BOB',
      '(quietly)',
      'Hello.',
      '',
      'ANA ^',
      'Hi.',
      '',
      '> THE END <',
      '',
      '===',
      '',
      'CUT TO:',
      '',
      '~La la',
      '',
    ].join('\n');
    const xml = renderFdx(parse(text), { disclosure });
    assert.ok(balanced(xml));
    assert.deepEqual(bodyTypes(xml), ['Scene Heading', 'Action', 'Shot', 'dual', 'Character', 'Parenthetical', 'Dialogue', 'Character', 'Dialogue', 'Action', 'Transition', 'General']);
    assert.match(xml, /<Paragraph Type="Scene Heading" Number="4"><Text>INT\. HOUSE - DAY<\/Text>/);
    assert.match(xml, /<Paragraph Type="Action" Alignment="Center"><Text>THE END<\/Text>/);
    assert.match(xml, /<Paragraph Type="Transition" StartsNewPage="Yes"><Text>CUT TO:<\/Text>/);
    const title = xml.slice(xml.indexOf('<TitlePage>'));
    assert.match(title, /<Paragraph Alignment="Center" Type="Text"><Text>The Test<\/Text>/);
    assert.match(title, /A statement &amp; &lt;words&gt;\./);
    assert.match(title, /Record: verified/);
  });

  test('emphasis becomes Text styles; with marks, AI paragraphs carry the AI revision set', () => {
    const text = 'INT. HOUSE - DAY\n\nHe is **very** sure.\n\nThe model wrote this.\n';
    const start = text.indexOf('The model');
    const xml = renderFdx(parse(text), { disclosure: { ...disclosure, legend: 'Lines marked *' }, marks: [{ start, end: start + 5 }] });
    assert.match(xml, /<Text>He is <\/Text><Text Style="Bold">very<\/Text><Text> sure\.<\/Text>/);
    assert.match(xml, /<Paragraph Type="Action"><Text RevisionID="1">The model wrote this\.<\/Text>/);
    assert.match(xml, /<Revision [^>]*ID="1" Mark="\*" Name="AI-generated text"/);
    assert.doesNotMatch(renderFdx(parse(text), { disclosure }), /RevisionID|<Revisions/);
  });

  test('a script without a title page gets its title from the file name', () => {
    const xml = renderFdx(parse('She waits.\n'), { disclosure, fileName: 'big-fish.fountain' });
    assert.match(xml.slice(xml.indexOf('<TitlePage>')), /<Text>BIG FISH<\/Text>/);
  });
});

describe('Final Draft XML of every corpus script', corpusSuiteOptions(), () => {
  for (const file of corpusFiles()) {
    test(`${file.name}: well formed, paragraphs in the parse's order`, () => {
      const script = parse(file.text);
      const xml = renderFdx(script, { disclosure, fileName: file.name });
      assert.ok(balanced(xml), 'unbalanced tags');
      assert.deepEqual(bodyTypes(xml), expectedTypes(script));
    });
  }
});
