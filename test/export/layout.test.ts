import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from '../../server/src/fountain/parser';
import { estimatePages } from '../../server/src/fountain/pages';
import { layoutBody, layoutScript, type LayoutLine, type LayoutPage } from '../../server/src/export/index';
import { CELL, PAPERS } from '../../server/src/export/paper';
import { BOLD, ITALIC, UNDERLINE } from '../../server/src/export/printed';
import { cellsOf, wrapText } from '../../server/src/export/wrap';
import { NO_RECORD_STATEMENT } from '../../server/src/export/disclosure';

const letter = PAPERS.letter;
const INCH = 72;
const disclosure = { statement: 'Statement words.', verification: ['Script SHA-256: abc', 'Record: verified'] };

function body(text: string, paper: 'letter' | 'a4' = 'letter'): LayoutPage[] {
  return layoutBody(parse(text), { paper });
}

function only(pages: LayoutPage[], type: LayoutLine['type']): LayoutLine[] {
  return pages.flatMap((p) => p.lines.filter((l) => l.type === type));
}

function find(pages: LayoutPage[], text: string): LayoutLine {
  const hit = pages.flatMap((p) => p.lines).find((l) => l.text === text);
  assert.ok(hit, `no line ${JSON.stringify(text)}`);
  return hit;
}

describe('layout: elements on the page', () => {
  test('scene heading at the 1.5-inch margin on the first row, scene numbers in both margins', () => {
    const pages = body('INT. HOUSE - DAY #12A#\n\nShe waits.\n');
    const heading = find(pages, 'INT. HOUSE - DAY');
    assert.equal(heading.type, 'scene_heading');
    assert.equal(heading.x, 1.5 * INCH);
    assert.equal(heading.row, 0);
    assert.equal(heading.y, letter.top);
    const numbers = only(pages, 'scene_number');
    assert.deepEqual(numbers.map((n) => n.text), ['12A', '12A']);
    assert.ok(numbers[0].x + cellsOf('12A') * CELL <= heading.x, 'left number ends before the heading');
    assert.ok(numbers[1].x >= letter.right, 'right number starts past the text block');
    assert.equal(numbers[0].row, 0);
  });

  test('action after one blank line, wrapped at 61 cells at the same margin, source offsets kept', () => {
    const words = Array.from({ length: 30 }, (_, i) => `word${i}`).join(' ');
    const text = `INT. HOUSE - DAY\n\n${words}\n`;
    const pages = body(text);
    const action = only(pages, 'action');
    assert.ok(action.length >= 3);
    assert.equal(action[0].row, 2);
    assert.deepEqual(action.map((l) => l.row), action.map((_, i) => 2 + i));
    for (const l of action) {
      assert.equal(l.x, 1.5 * INCH);
      assert.ok(cellsOf(l.text) <= 61, `${l.text.length} cells`);
      assert.equal(text.slice(l.start, l.end), l.text);
    }
    assert.equal(action.map((l) => l.text).join(' '), words);
  });

  test('character cue at 3.7 in, parenthetical at 3.1 in, dialogue at 2.5 in wrapping at 35 cells, no blank lines inside', () => {
    const pages = body('INT. HOUSE - DAY\n\nBOB (V.O.)\n(quietly)\nThis line of dialogue is long enough to wrap onto a second line for sure.\n');
    const cue = find(pages, 'BOB (V.O.)');
    assert.equal(cue.type, 'character');
    assert.equal(cue.x, 3.7 * INCH);
    const paren = find(pages, '(quietly)');
    assert.equal(paren.type, 'parenthetical');
    assert.equal(paren.x, 3.1 * INCH);
    assert.equal(paren.row, cue.row + 1);
    const dialogue = only(pages, 'dialogue');
    assert.ok(dialogue.length >= 2);
    assert.equal(dialogue[0].row, paren.row + 1);
    for (const d of dialogue) {
      assert.equal(d.x, 2.5 * INCH);
      assert.ok(cellsOf(d.text) <= 35);
    }
  });

  test('transition ends at the right edge of the text block; centered text is centred', () => {
    const pages = body('He leaves.\n\nCUT TO:\n\n> THE END <\n');
    const cut = find(pages, 'CUT TO:');
    assert.equal(cut.type, 'transition');
    assert.equal(cut.x + cellsOf(cut.text) * CELL, letter.right);
    const end = find(pages, 'THE END');
    assert.equal(end.type, 'centered');
    const left = end.x - letter.left;
    const right = letter.left + letter.action.width * CELL - (end.x + cellsOf(end.text) * CELL);
    assert.ok(Math.abs(left - right) < 0.01, `${left} vs ${right}`);
  });

  test('dual dialogue: both cues on one row, side by side, the right column past the middle', () => {
    const pages = body('INT. HOUSE - DAY\n\nBRICK\nScrew retirement.\n\nSTEEL ^\nScrew retirement.\n');
    const cues = only(pages, 'character');
    assert.equal(cues.length, 2);
    assert.equal(cues[0].row, cues[1].row);
    assert.equal(cues[0].column, 'left');
    assert.equal(cues[1].column, 'right');
    assert.ok(cues[1].x > cues[0].x);
    const lines = only(pages, 'dialogue');
    assert.equal(lines[0].row, lines[1].row);
    assert.ok(lines[0].x + cellsOf(lines[0].text) * CELL < lines[1].x, 'columns overlap');
    assert.ok(lines[1].x >= letter.left + 3 * INCH);
  });

  test('lyrics are italic; emphasis markers are not printed but kept as styles', () => {
    const pages = body('She hums.\n\n~La la la\n\nHe is **very** _sure_ and *calm*.\n');
    const lyric = find(pages, 'La la la');
    assert.ok(lyric.styles?.every((s) => (s & ITALIC) !== 0));
    const line = find(pages, 'He is very sure and calm.');
    const at = (word: string): number => line.styles![line.text.indexOf(word)];
    assert.equal(at('very') & BOLD, BOLD);
    assert.equal(at('sure') & UNDERLINE, UNDERLINE);
    assert.equal(at('calm') & ITALIC, ITALIC);
    assert.equal(at('He'), 0);
  });

  test('notes, boneyard, sections and synopses are left out', () => {
    const pages = body('# Act One\n\n= The setup\n\nShe [[a note]] waits.\n\n[[standalone note]]\n\n/* cut scene\n\nINT. GONE - DAY\n*/\n\nEnd.\n');
    const texts = pages.flatMap((p) => p.lines.map((l) => l.text));
    assert.deepEqual(texts, ['She waits.', 'End.']);
  });

  test('a forced page break starts a new page; page numbers from page 2, top right', () => {
    const pages = body('One.\n\n===\n\nTwo.\n\n===\n\nThree.\n');
    assert.equal(pages.length, 3);
    assert.deepEqual(pages.map((p) => p.number), [1, 2, 3]);
    assert.deepEqual(only([pages[0]], 'page_number'), []);
    const n = only([pages[1]], 'page_number')[0];
    assert.equal(n.text, '2.');
    assert.equal(n.x + cellsOf('2.') * CELL, letter.right);
    assert.equal(n.y, letter.pageNumberTop);
    assert.equal(find([pages[2]], 'Three.').row, 0);
  });

  test("dialogue across a page break: (MORE) at the foot, the cue again with (CONT'D) at the top", () => {
    const filler = Array.from({ length: 25 }, (_, i) => `Beat ${i}.`).join('\n\n');
    const speech = Array.from({ length: 12 }, (_, i) => `Line number ${i} of a long speech.`).join('\n');
    const pages = body(`INT. HOUSE - DAY\n\n${filler}\n\nMARA\n${speech}\n`);
    assert.equal(pages.length, 2);
    const more = only([pages[0]], 'more');
    assert.equal(more.length, 1);
    assert.equal(more[0].text, '(MORE)');
    assert.ok(more[0].row < letter.rows);
    const top = pages[1].lines.filter((l) => l.row === 0);
    assert.equal(top[0].text, "MARA (CONT'D)");
    assert.equal(top[0].type, 'character');
    const firstPageSpeech = only([pages[0]], 'dialogue').length;
    assert.ok(firstPageSpeech >= 1);
    assert.equal(firstPageSpeech + only([pages[1]], 'dialogue').length, 12);
  });

  test('a scene heading is not left alone at the foot of a page', () => {
    const filler = Array.from({ length: 26 }, (_, i) => `Beat ${i}.`).join('\n\n');
    // 26 one-line paragraphs fill rows 0..50; the heading would land on row 52, its action on 54.
    const pages = body(`${filler}\n\nINT. NEXT - DAY\n\nShe arrives, and this paragraph is long enough to take two lines on the page.\n`);
    const heading = find(pages, 'INT. NEXT - DAY');
    const action = only(pages, 'action').find((l) => l.text.startsWith('She arrives'))!;
    const pageOf = (l: LayoutLine): number => pages.findIndex((p) => p.lines.includes(l));
    assert.equal(pageOf(heading), pageOf(action));
  });

  test('an action paragraph of three lines is not split; a long one keeps two lines on each side', () => {
    const filler = Array.from({ length: 26 }, (_, i) => `Beat ${i}.`).join('\n\n');
    const long = Array.from({ length: 8 }, (_, i) => `Sentence ${i} of the long paragraph goes on and on until the line is full.`).join(' ');
    const pages = body(`${filler}\n\n${long}\n`);
    assert.equal(pages.length, 2);
    const tail = only([pages[0]], 'action').filter((l) => l.text.startsWith('Sentence') || l.text.includes('Sentence'));
    const head = only([pages[1]], 'action');
    assert.ok(tail.length >= 2 && head.length >= 2, `${tail.length} + ${head.length}`);
  });

  test('A4 has 57 rows and a narrower text block', () => {
    assert.equal(PAPERS.a4.rows, 57);
    assert.ok(PAPERS.a4.action.width < letter.action.width);
    const many = Array.from({ length: 29 }, (_, i) => `Beat ${i}.`).join('\n\n');
    assert.equal(body(many, 'letter').length, 2);
    assert.equal(body(many, 'a4').length, 1);
  });

  test('wide characters take two cells and break anywhere; Cyrillic one cell', () => {
    assert.equal(cellsOf('日本語'), 6);
    assert.equal(cellsOf('Привет'), 6);
    const spans = wrapText('あいうえおかきくけこ', 8);
    assert.deepEqual(spans.map((s) => s.to - s.from), [4, 4, 2]);
    assert.deepEqual(wrapText('', 10), [{ from: 0, to: 0 }]);
  });

  test('the page estimate is the layout: one definition of a page', () => {
    const text = `Title: X\n\n${Array.from({ length: 80 }, (_, i) => `INT. ROOM ${i} - DAY\n\nSomething happens here.\n\nBOB\nA line.`).join('\n\n')}\n`;
    const script = parse(text);
    assert.equal(estimatePages(script), 1 + layoutBody(script).length);
  });
});

describe('layout: title page', () => {
  test('the title-page keys laid out, the disclosure block under them', () => {
    const script = parse('Title: _**BRICK & STEEL**_\nCredit: Written by\nAuthor: Stu Maschwitz\nDraft date: 1/27/2012\nContact:\n\tNext Level Productions\n\tSolvang, CA\n\nINT. HOUSE - DAY\n');
    const layout = layoutScript(script, { disclosure });
    const title = layout.pages[0];
    assert.equal(title.kind, 'title');
    const t = find([title], 'BRICK & STEEL');
    assert.ok(t.styles?.every((s) => (s & BOLD) !== 0 && (s & UNDERLINE) !== 0));
    const centre = letter.left + (letter.action.width * CELL) / 2;
    assert.ok(Math.abs(t.x + (cellsOf(t.text) * CELL) / 2 - centre) < 0.01);
    const author = find([title], 'Stu Maschwitz');
    assert.ok(author.row > t.row);
    const heading = find([title], 'AI DISCLOSURE');
    assert.ok(heading.row > author.row);
    assert.ok(find([title], 'Statement words.').row > heading.row);
    assert.ok(find([title], 'Record: verified').row > heading.row);
    const contact = find([title], 'Next Level Productions');
    assert.equal(contact.x, letter.left);
    const date = find([title], '1/27/2012');
    assert.equal(date.x + cellsOf(date.text) * CELL, letter.right);
    assert.ok(contact.row > find([title], 'Record: verified').row);
    assert.equal(layout.pages[1].kind, 'body');
  });

  test('a script without a title page gets one titled from its file name', () => {
    const layout = layoutScript(parse('INT. HOUSE - DAY\n\nShe waits.\n'), { fileName: 'big-fish.fountain', disclosure: { statement: NO_RECORD_STATEMENT, verification: [] } });
    assert.equal(layout.pages[0].kind, 'title');
    assert.ok(find([layout.pages[0]], 'BIG FISH'));
    const words = layout.pages[0].lines.map((l) => l.text).join(' ');
    assert.ok(words.includes('No provenance record: origin unknown.'));
  });

  test('marks: a star beside every row with AI-origin text, none elsewhere, and the legend', () => {
    const text = 'INT. HOUSE - DAY\n\nWritten by hand.\n\nGenerated by a model.\n';
    const script = parse(text);
    const start = text.indexOf('Generated');
    const layout = layoutScript(script, { disclosure: { ...disclosure, legend: 'Lines marked * ...' }, marks: [{ start, end: start + 9 }] });
    const bodyPage = layout.pages[1];
    const marks = bodyPage.lines.filter((l) => l.type === 'mark');
    assert.equal(marks.length, 1);
    assert.equal(marks[0].text, '*');
    assert.equal(marks[0].row, find([bodyPage], 'Generated by a model.').row);
    assert.ok(marks[0].x > letter.right);
    assert.equal(find([bodyPage], 'Generated by a model.').ai, true);
    assert.equal(find([bodyPage], 'Written by hand.').ai, undefined);
    assert.ok(find([layout.pages[0]], 'Lines marked * ...'));
  });
});

describe('layout: dual dialogue pairs', () => {
  test('regression (spec-dialogue): only the cue written with ^ and the block just before it share a row', () => {
    const pages = layoutBody(parse('EVE\nOh, Adam.\n(kissing him)\n\nADAM\nI love you.\n\nEVE ^\nYou are so stupid.\n'));
    const cues = pages[0].lines.filter((l) => l.type === 'character');
    assert.deepEqual(cues.map((c) => [c.text, c.column]), [['EVE', undefined], ['ADAM', 'left'], ['EVE', 'right']]);
    assert.ok(cues[0].row < cues[1].row);
    assert.equal(cues[1].row, cues[2].row);
  });
});
