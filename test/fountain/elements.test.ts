import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from '../../server/src/fountain/parser';
import type { Element } from '../../server/src/fountain/types';

function types(text: string): string[] {
  return parse(text).elements.map((e) => e.type);
}

function only(text: string, type: string): Element {
  const found = parse(text).elements.filter((e) => e.type === type);
  assert.equal(found.length, 1, `one ${type} in ${JSON.stringify(text)}: ${found.length}`);
  return found[0];
}

/** The element's source, and its content without markup. */
function slices(text: string, e: Element): [string, string] {
  return [text.slice(e.start, e.end), text.slice(e.contentStart, e.contentEnd)];
}

describe('title page', () => {
  test('keys in any case, inline and indented multi-line values, only at the top', () => {
    const text = 'title: The Night Shift\nCREDIT: Written by\nAuthor:\n\tMara Okafor\n   Dev Lindqvist\nDraft Date: 1 May\n\nINT. HOUSE - DAY\n';
    const script = parse(text);
    assert.deepEqual(script.titlePage.map((e) => [e.key, e.value]), [
      ['title', 'The Night Shift'],
      ['CREDIT', 'Written by'],
      ['Author', 'Mara Okafor\nDev Lindqvist'],
      ['Draft Date', '1 May'],
    ]);
    const author = script.titlePage[2];
    assert.equal(text.slice(author.valueStart, author.valueEnd), 'Mara Okafor\n   Dev Lindqvist');
    assert.equal(text.slice(script.titlePageRange!.start, script.titlePageRange!.end), text.slice(0, text.indexOf('\n\n')));
    assert.deepEqual(types(text), ['title_page', 'scene_heading']);
  });

  test('not a title page below the top, nor a key without value or indented lines', () => {
    assert.deepEqual(types('Some action.\n\nTitle: Late\n'), ['action', 'action']);
    assert.deepEqual(parse('FADE IN:\nA dark room.\n').titlePage, []);
  });

  test('lines that are not keys end the title page and start the script', () => {
    const script = parse('Title: X\nContact:\nmail@example.invalid\n');
    assert.deepEqual(script.titlePage.map((e) => e.key), ['Title']);
    assert.deepEqual(script.elements.map((e) => e.type), ['title_page', 'action']);
  });
});

describe('scene headings', () => {
  for (const h of ['INT. HOUSE - DAY', 'EXT. HOUSE - DAY', 'INT HOUSE DAY', 'EST. CITY', 'INT./EXT. CAR', 'INT/EXT CAR', 'I/E. CAR', 'int. house - day', 'EXT - BEACH']) {
    test(`"${h}" is a heading`, () => {
      const e = only(`Text.\n\n${h}\n\nMore.\n`, 'scene_heading');
      assert.equal(e.text, h);
      assert.equal(e.forced, undefined);
    });
  }
  for (const t of ['ESTABLISHING', 'INTERIOR SHOT', '... not a heading.', '..KITCHEN', 'INT.']) {
    test(`"${t}" is not a heading`, () => {
      assert.ok(!types(`${t}\n`).includes('scene_heading'));
    });
  }
  test('forced with one period, and a scene number', () => {
    const text = 'Text.\n\n.SNIPER SCOPE POV #12A#\n';
    const e = only(text, 'scene_heading');
    assert.equal(e.forced, true);
    assert.equal(e.sceneNumber, '12A');
    assert.deepEqual(slices(text, e), ['.SNIPER SCOPE POV #12A#', 'SNIPER SCOPE POV']);
    assert.equal(parse(text).scenes[0].title, 'SNIPER SCOPE POV');
    assert.equal(only('INT. HOUSE - DAY #I-1-A.#\n', 'scene_heading').sceneNumber, 'I-1-A.');
  });
  test('scenes run from heading to heading', () => {
    const text = 'INT. A - DAY\n\nOne.\n\nEXT. B - NIGHT\n\nTwo.\n';
    const scenes = parse(text).scenes;
    assert.deepEqual(scenes.map((s) => [s.index, s.title, s.start, s.end]), [
      [0, 'INT. A - DAY', 0, text.indexOf('EXT.')],
      [1, 'EXT. B - NIGHT', text.indexOf('EXT.'), text.length],
    ]);
  });
});

describe('action', () => {
  test('multi-line paragraphs keep their leading white space', () => {
    const text = 'He waits.\n    Then waits more.\n\tAnd more.\n';
    const e = only(text, 'action');
    assert.equal(e.text, 'He waits.\n    Then waits more.\n\tAnd more.');
    assert.equal(text.slice(e.start, e.end), text.trimEnd());
  });
  test('an upper-case line alone is action, not a cue', () => {
    assert.deepEqual(types('Text.\n\nTHE BEAST.\n\nMore.\n'), ['action', 'action', 'action']);
  });
  test('forced with !', () => {
    const text = '!BANG\nBANG\n';
    const e = only(text, 'action');
    assert.equal(e.forced, true);
    assert.equal(e.text, 'BANG\nBANG');
    assert.deepEqual(slices(text, e), ['!BANG\nBANG', 'BANG\nBANG']);
  });
});

describe('characters and dialogue', () => {
  test('cue, parenthetical, dialogue', () => {
    const text = 'Text.\n\nTOMAS\n(looking at the clock)\nIt is three.\nOr four.\n';
    assert.deepEqual(types(text), ['action', 'character', 'parenthetical', 'dialogue']);
    const d = only(text, 'dialogue');
    assert.equal(d.text, 'It is three.\nOr four.');
    assert.equal(only(text, 'parenthetical').text, '(looking at the clock)');
    assert.deepEqual(parse(text).characters, [{ name: 'TOMAS', cues: 1, lines: 2, firstOffset: 7, lastOffset: 7 }]);
  });
  test('extensions, lower case inside them', () => {
    const e = only("HANS (on the radio) (CONT'D)\nWhat?\n", 'character');
    assert.equal(e.name, 'HANS');
    assert.equal(e.extension, "on the radio CONT'D");
    assert.equal(e.text, "HANS (on the radio) (CONT'D)");
  });
  test('a name needs a letter; digits are fine', () => {
    assert.deepEqual(types('R2D2\nBleep.\n'), ['character', 'dialogue']);
    assert.deepEqual(types('23 (O.S.)\nNo letter.\n'), ['action']);
  });
  test('forced with @ keeps lower case', () => {
    const text = '@McCLANE\nYippee.\n';
    const e = only(text, 'character');
    assert.equal(e.forced, true);
    assert.equal(e.name, 'McCLANE');
    assert.deepEqual(slices(text, e), ['@McCLANE', 'McCLANE']);
  });
  test('indented cues and dialogue', () => {
    assert.deepEqual(types('\t\tEVE\n\t  (feeling cocky)\n\tWell, then.\n'), ['character', 'parenthetical', 'dialogue']);
  });
  test('two spaces make a blank line inside dialogue', () => {
    const text = 'ADAM\nFirst.\n  \nSecond.\n';
    const d = only(text, 'dialogue');
    assert.equal(d.text, 'First.\n\nSecond.');
    assert.equal(parse(text).characters[0].lines, 2);
  });
  test('dual dialogue: ^ marks both cues', () => {
    const text = 'BRICK\nScrew retirement.\n\nSTEEL ^\nScrew retirement.\n';
    const script = parse(text);
    assert.ok(script.elements.every((e) => e.dual === true));
    const steel = script.elements[2];
    assert.equal(steel.name, 'STEEL');
    assert.equal(text.slice(steel.contentStart, steel.contentEnd), 'STEEL');
  });
  test('Cyrillic upper case is a cue, mixed case is not', () => {
    assert.deepEqual(types('МАША\nПривет.\n'), ['character', 'dialogue']);
    assert.deepEqual(types('Маша входит.\nОна садится.\n'), ['action']);
  });
  test('Japanese: a short name line is a cue, a sentence is not', () => {
    assert.deepEqual(types('ジョン\n（小声で）\nこんにちは。\n'), ['character', 'parenthetical', 'dialogue']);
    assert.deepEqual(types('ジョンが入院する。\n次の日。\n'), ['action']);
  });
  test('lyrics under a cue, and alone', () => {
    assert.deepEqual(types('SINGER\n~These are the songs\n~That I sing.\nSpoken.\n'), ['character', 'lyrics', 'dialogue']);
    const e = only('~Willy Wonka!\n~The amazing chocolatier!\n', 'lyrics');
    assert.equal(e.text, 'Willy Wonka!\nThe amazing chocolatier!');
  });
});

describe('transitions, centered, page breaks', () => {
  test('upper case ending in TO:, alone', () => {
    const e = only('Text.\n\nCUT TO:\n\nMore.\n', 'transition');
    assert.equal(e.text, 'CUT TO:');
    assert.deepEqual(types('CUT TO:\nMore.\n'), ['action']);
  });
  test('forced with >', () => {
    const text = 'Text.\n\n> Burn to White.\n';
    const e = only(text, 'transition');
    assert.equal(e.forced, true);
    assert.deepEqual(slices(text, e), ['> Burn to White.', 'Burn to White.']);
  });
  test('centered > <', () => {
    const text = '>THE END<\n> Really. <\n';
    const e = only(text, 'centered');
    assert.equal(e.text, 'THE END\nReally.');
    assert.deepEqual(slices(text, e), [text.trimEnd(), 'THE END<\n> Really.']);
  });
  test('page break ===', () => {
    assert.deepEqual(types('One.\n\n===\n\nTwo.\n'), ['action', 'page_break', 'action']);
    assert.deepEqual(types('One.\n\n==\n'), ['action', 'action']);
  });
});

describe('sections, synopses, notes, boneyard', () => {
  test('sections nest as a tree', () => {
    const text = '# Act One\n\n## Morning\n\n### Coffee\n\n## Night\n\n# Act Two\n';
    const script = parse(text);
    assert.deepEqual(script.elements.map((e) => e.depth), [1, 2, 3, 2, 1]);
    const [one, two] = script.sections;
    assert.deepEqual([one.title, one.children.map((c) => c.title), one.children[0].children[0].title, two.title], ['Act One', ['Morning', 'Night'], 'Coffee', 'Act Two']);
    assert.equal(one.end, text.indexOf('# Act Two'));
  });
  test('synopsis =', () => {
    const text = '= Scott wakes up.\n';
    const e = only(text, 'synopsis');
    assert.deepEqual(slices(text, e), ['= Scott wakes up.', 'Scott wakes up.']);
  });
  test('notes inline, across lines, alone; a blank line breaks a note', () => {
    const text = 'Before [[inline]] after.\n\nBefore [[across\n  \nlines]] after.\n\n[[Alone]]\n\nNot [[a note\n\nat all]]\n';
    const script = parse(text);
    assert.deepEqual(script.notes.map((n) => n.text), ['inline', 'across\n  \nlines', 'Alone']);
    for (const n of script.notes) assert.equal(text.slice(n.contentStart, n.contentEnd), n.text);
    assert.deepEqual(types(text), ['action', 'action', 'note', 'action', 'action']);
  });
  test('boneyard inline and across blank lines hides what it holds', () => {
    const text = 'Kept /* hidden */ words.\n\n/*\nINT. CUT - DAY\n\nBOB\nGone.\n*/\n\nEnd.\n';
    const script = parse(text);
    assert.deepEqual(types(text), ['action', 'boneyard', 'boneyard', 'action']);
    assert.equal(script.elements[0].text, 'Kept  words.');
    assert.equal(script.scenes.length, 0);
    assert.equal(script.characters.length, 0);
    assert.deepEqual(script.boneyards.map((b) => text.slice(b.start, b.end)), ['/* hidden */', '/*\nINT. CUT - DAY\n\nBOB\nGone.\n*/']);
  });
  test('an unclosed /* is text', () => {
    assert.deepEqual(types('Text /* never closed.\n'), ['action']);
  });
});

describe('emphasis and escapes stay in the text as written', () => {
  test('*italic* **bold** ***both*** _underline_ \\*', () => {
    const text = 'A *b* **c** ***d*** _e_ \\*f\\*.\n';
    assert.equal(only(text, 'action').text, text.trimEnd());
  });
});

describe('input encodings', () => {
  test('BOM, CRLF, CR and mixed line endings', () => {
    const lf = 'Title: X\n\nINT. HOUSE - DAY\n\nBOB\nHi.\n';
    const want = types(lf);
    for (const text of ['\uFEFF' + lf, lf.replace(/\n/g, '\r\n'), lf.replace(/\n/g, '\r'), 'Title: X\r\n\nINT. HOUSE - DAY\r\r\nBOB\rHi.\n']) {
      const script = parse(text);
      assert.deepEqual(script.elements.map((e) => e.type), want, JSON.stringify(text));
      for (const e of script.elements) assert.ok(!text.slice(e.start, e.end).startsWith('\uFEFF'));
      assert.equal(script.titlePage[0].value, 'X');
    }
  });
  test('line starts for each kind of break', () => {
    assert.deepEqual(parse('a\r\nb\rc\nd').lineStarts, [0, 3, 5, 7]);
    assert.deepEqual(parse('').lineStarts, [0]);
  });
  test('never throws on odd input', () => {
    for (const t of ['', '\n', '\r', '\uFEFF', '@', '^', '~', '>', '<', '[[', ']]', '/*', '*/', '/**/', '#', '=', '===', '.', '!', '(', ')', '\uD800', 'A\n^', '@\nx', 'Title:\n', ':\n  x']) {
      const script = parse(t);
      assert.equal(script.text, t);
    }
    assert.doesNotThrow(() => parse(undefined as unknown as string));
    assert.doesNotThrow(() => parse(42 as unknown as string));
  });
});

describe('title page: empty values', () => {
  test('a later key may be empty at the end of the block or before another key', () => {
    assert.deepEqual(parse('Title: X\nAI Disclosure:\n\nINT. A - DAY\n').titlePage.map((e) => [e.key, e.value]), [['Title', 'X'], ['AI Disclosure', '']]);
    assert.deepEqual(parse('Title: X\nNotes:\nAuthor: Y\n\nHi.\n').titlePage.map((e) => [e.key, e.value]), [['Title', 'X'], ['Notes', ''], ['Author', 'Y']]);
  });
});
