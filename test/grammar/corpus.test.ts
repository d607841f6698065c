import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { corpusFiles, corpusSuiteOptions } from '../corpus';
import { parse } from '../../server/src/fountain/parser';
import type { ElementType } from '../../server/src/fountain/types';
import { tokenize, type LineToken } from './tokenize';

/** The scope the grammar must give at the start of each kind of element the parser finds. */
const SCOPE_OF: Record<ElementType, string> = {
  title_page: 'meta.title-page.fountain',
  scene_heading: 'markup.heading.scene-heading.fountain',
  action: 'meta.action.fountain',
  character: 'entity.name.function.character.fountain',
  dialogue: 'string.unquoted.dialogue.fountain',
  parenthetical: 'variable.parameter.parenthetical.fountain',
  transition: 'keyword.operator.transition.fountain',
  centered: 'markup.other.centered.fountain',
  lyrics: 'markup.quote.lyrics.fountain',
  section: 'markup.heading.section.fountain',
  synopsis: 'comment.line.synopsis.fountain',
  note: 'comment.block.note.fountain',
  page_break: 'meta.separator.page-break.fountain',
  boneyard: 'comment.block.boneyard.fountain',
};

/**
 * The differences syntaxes/README.md lists under "Limits of a line-by-line grammar": places
 * where the parser needs the next line to decide and the grammar cannot see it.
 */
function knownLimit(text: string, lines: string[], line: number, start: number, scopes: string[]): boolean {
  const next = lines[line + 1];
  if (scopes.includes(SCOPE_OF.character)) return next === undefined || next.trim() === '';
  if (scopes.includes('support.type.property-name.title-page.fountain')) return /^[^:：]+[:：]\s*$/.test(lines[line]);
  if (scopes.includes(SCOPE_OF.note)) {
    const close = text.indexOf(']]', start);
    const body = text.slice(start, close < 0 ? text.length : close);
    return /(\r\n|\r|\n)[ \t]?(\r\n|\r|\n)/.test(body);
  }
  return false;
}

function scopesAt(tokens: LineToken[][], lineStarts: number[], bom: number, offset: number): { line: number; scopes: string[] } {
  let line = 0;
  while (line + 1 < lineStarts.length && lineStarts[line + 1] <= offset) line++;
  const column = offset - lineStarts[line] - (line === 0 ? bom : 0);
  const token = tokens[line]?.find((t) => t.startIndex <= column && column < t.endIndex);
  return { line, scopes: token?.scopes ?? [] };
}

describe('grammar against the parser on the corpus', corpusSuiteOptions(), () => {
  for (const file of corpusFiles()) {
    test(`${file.name}: every element starts in the grammar's scope for its type`, async () => {
      const script = parse(file.text);
      const bom = file.text.startsWith('\uFEFF') ? 1 : 0;
      const { lines, tokens, stoppedEarly } = await tokenize(file.text.slice(bom));
      assert.deepEqual(stoppedEarly, []);
      const starts = [
        ...script.elements.map((e) => ({ type: e.type, at: e.type === 'note' || e.type === 'boneyard' || e.contentStart >= e.contentEnd ? e.start : e.contentStart })),
        ...script.notes.map((n) => ({ type: 'note' as const, at: n.start })),
        ...script.boneyards.map((b) => ({ type: 'boneyard' as const, at: b.start })),
      ];
      const differences: string[] = [];
      for (const { type, at } of starts) {
        let offset = at;
        while (offset < file.text.length && (file.text[offset] === ' ' || file.text[offset] === '\t')) offset++;
        const { line, scopes } = scopesAt(tokens, script.lineStarts, bom, offset);
        if (scopes.includes(SCOPE_OF[type])) continue;
        // Elements inside a boneyard or a note are coloured as the comment they sit in.
        const inComment = (scopes.includes(SCOPE_OF.boneyard) && script.boneyards.some((b) => b.start < offset && offset < b.end)) ||
          (scopes.includes(SCOPE_OF.note) && script.notes.some((n) => n.start < offset && offset < n.end));
        if (inComment) continue;
        if (type === 'action' && knownLimit(file.text, lines, line, offset, scopes)) continue;
        differences.push(`line ${line + 1} ${type}: ${JSON.stringify(lines[line].slice(0, 50))} has ${scopes.slice(1).join(' ')}`);
      }
      assert.ok(starts.length > 0);
      assert.deepEqual(differences, []);
    });
  }
});
