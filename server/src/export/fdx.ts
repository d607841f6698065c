/**
 * Final Draft XML (.fdx) from the Fountain parse: one paragraph per printed element, typed
 * Scene Heading, Action, Character, Parenthetical, Dialogue, Transition, Shot (a forced scene
 * heading that names no place, such as `.SNIPER SCOPE POV`) or General (lyrics); centered text
 * is Action centred; dual dialogue is a DualDialogue block; `===` makes the next paragraph start
 * a new page. The title page holds the script's title-page entries and the disclosure. With
 * marks, paragraphs holding AI-origin text carry a revision set named for it, marked `*`, the
 * way Final Draft flags revised paragraphs.
 */
import type { Element, Script, TextRange } from '../fountain/types';
import { emphasisSpans } from '../fountain/emphasis';
import { isDualRight, lyricsJoin } from './layout';
import { overlaps } from './marks';
import { BOLD, ITALIC, UNDERLINE, offsetOf, printedLines } from './printed';
import type { TitleDisclosure } from './titlePage';
import { titleFromFileName } from './titlePage';

export interface FdxOptions {
  fileName?: string;
  disclosure: TitleDisclosure;
  /** AI-origin stretches: paragraphs touching them are flagged (no flags when absent). */
  marks?: readonly TextRange[];
}

/** The FDX paragraph type of a printed element, or undefined when it does not print. */
export function fdxType(el: Element): string | undefined {
  switch (el.type) {
    case 'scene_heading':
      return el.forced && !/^(int|ext|est|int\.?\/ext|i\/e)[. ]/i.test(el.text.trim()) ? 'Shot' : 'Scene Heading';
    case 'action':
    case 'centered':
      return 'Action';
    case 'character':
      return 'Character';
    case 'parenthetical':
      return 'Parenthetical';
    case 'dialogue':
      return 'Dialogue';
    case 'transition':
      return 'Transition';
    case 'lyrics':
      return 'General';
    default:
      return undefined;
  }
}

const AI_REVISION = 1;

function escapeXml(s: string): string {
  // Characters XML 1.0 cannot hold are dropped; the rest escaped.
  return s.replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '').replace(/[<>&"]/g, (c) => (c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '&' ? '&amp;' : '&quot;'));
}

function styleName(flags: number): string {
  return [flags & BOLD ? 'Bold' : '', flags & ITALIC ? 'Italic' : '', flags & UNDERLINE ? 'Underline' : ''].filter((s) => s !== '').join('+');
}

/** `<Text>` runs of one style each. */
function textRuns(lines: { text: string; styles?: ArrayLike<number> }[], revised: boolean): string {
  const runs: { text: string; style: number }[] = [];
  lines.forEach((line, i) => {
    if (i > 0) runs.push({ text: '\n', style: runs[runs.length - 1]?.style ?? 0 });
    for (let k = 0; k < line.text.length; k++) {
      const style = line.styles?.[k] ?? 0;
      const last = runs[runs.length - 1];
      if (last && last.style === style) last.text += line.text[k];
      else runs.push({ text: line.text[k], style });
    }
  });
  if (runs.length === 0) runs.push({ text: '', style: 0 });
  return runs
    .map((r) => {
      const attrs = [r.style ? ` Style="${styleName(r.style)}"` : '', revised ? ` RevisionID="${AI_REVISION}"` : ''].join('');
      return `<Text${attrs}>${escapeXml(r.text)}</Text>`;
    })
    .join('');
}

interface Para {
  type: string;
  xml: string;
}

function paragraph(script: Script, el: Element, type: string, options: FdxOptions, newPage: boolean): Para | undefined {
  const lines = printedLines(script, el);
  if (lines.length === 0) return undefined;
  const revised = options.marks !== undefined && lines.some((l) => l.text.length > 0 && overlaps(options.marks!, offsetOf(l, 0), offsetOf(l, l.text.length - 1) + 1));
  const attrs = [
    `Type="${type}"`,
    el.type === 'centered' ? 'Alignment="Center"' : '',
    el.type === 'scene_heading' && el.sceneNumber ? `Number="${escapeXml(el.sceneNumber)}"` : '',
    newPage ? 'StartsNewPage="Yes"' : '',
  ]
    .filter((a) => a !== '')
    .join(' ');
  return { type, xml: `    <Paragraph ${attrs}>${textRuns(lines, revised)}</Paragraph>` };
}

function titleParagraphs(script: Script, options: FdxOptions): string[] {
  const out: string[] = [];
  const para = (text: string, alignment: 'Center' | 'Left' | 'Right', style = 0): void => {
    out.push(`      <Paragraph Alignment="${alignment}" Type="Text">${textRuns([{ text, styles: Array.from(text, () => style) }], false)}</Paragraph>`);
  };
  const entries = (keys: string[]): { text: string; styles: number[] }[][] =>
    keys.flatMap((key) =>
      script.titlePage
        .filter((e) => e.key.trim().toLowerCase() === key)
        .map((e) =>
          e.value.split('\n').map((raw) => {
            const spans = emphasisSpans(raw);
            let text = '';
            const styles: number[] = [];
            for (let i = 0; i < raw.length; i++) {
              const span = spans.find((s) => i >= s.start && i < s.end);
              if (span && (i < span.contentStart || i >= span.contentEnd)) continue;
              const flag = !span ? 0 : span.style === 'bold' ? BOLD : span.style === 'italic' ? ITALIC : span.style === 'boldItalic' ? BOLD | ITALIC : UNDERLINE;
              text += raw[i];
              styles.push(flag);
            }
            const lead = text.length - text.trimStart().length;
            return { text: text.trim(), styles: styles.slice(lead, lead + text.trim().length) };
          }),
        ),
    );
  const centre = entries(['title', 'credit', 'author', 'authors', 'source']);
  if (!script.titlePage.some((e) => e.key.trim().toLowerCase() === 'title' && e.value.trim() !== '')) centre.unshift([{ text: titleFromFileName(options.fileName), styles: [] }]);
  for (const group of centre) {
    for (const l of group) out.push(`      <Paragraph Alignment="Center" Type="Text">${textRuns([l], false)}</Paragraph>`);
    para('', 'Center');
  }
  const d = options.disclosure;
  para('AI DISCLOSURE', 'Left');
  para(d.statement, 'Left');
  for (const v of d.verification) para(v, 'Left');
  if (d.legend) para(d.legend, 'Left');
  para('', 'Left');
  for (const group of entries(['contact', 'notes', 'copyright'])) for (const l of group) out.push(`      <Paragraph Alignment="Left" Type="Text">${textRuns([l], false)}</Paragraph>`);
  for (const group of entries(['draft date', 'date'])) for (const l of group) out.push(`      <Paragraph Alignment="Right" Type="Text">${textRuns([l], false)}</Paragraph>`);
  return out;
}

/** The script as Final Draft XML. Never throws. */
export function renderFdx(script: Script, options: FdxOptions): string {
  const content: string[] = [];
  let newPage = false;
  let previousBlock: { start: number; paras: Para[] } | undefined;
  const els = script.elements;
  for (let i = 0; i < els.length; i++) {
    const el = els[i];
    if (el.type === 'page_break') {
      newPage = true;
      continue;
    }
    const type = fdxType(el);
    if (!type) continue;
    if (el.type === 'character') {
      const paras: Para[] = [];
      const first = paragraph(script, el, type, options, newPage);
      if (!first) continue;
      paras.push(first);
      while (i + 1 < els.length && (els[i + 1].type === 'dialogue' || els[i + 1].type === 'parenthetical' || (els[i + 1].type === 'lyrics' && lyricsJoin(script, els[i + 1], els[i])))) {
        i++;
        const p = paragraph(script, els[i], fdxType(els[i])!, options, false);
        if (p) paras.push(p);
      }
      newPage = false;
      if (isDualRight(script, el) && previousBlock && previousBlock.start === content.length - previousBlock.paras.length) {
        // The block before is the left column: both go into one DualDialogue paragraph.
        content.splice(previousBlock.start, previousBlock.paras.length);
        const both = [...previousBlock.paras, ...paras];
        content.push(`    <Paragraph><DualDialogue>\n${both.map((p) => '  ' + p.xml).join('\n')}\n    </DualDialogue></Paragraph>`);
        previousBlock = undefined;
        continue;
      }
      previousBlock = { start: content.length, paras };
      content.push(...paras.map((p) => p.xml));
      continue;
    }
    const p = paragraph(script, el, type, options, newPage);
    if (!p) continue;
    newPage = false;
    previousBlock = undefined;
    content.push(p.xml);
  }
  const revisions = options.marks
    ? `  <Revisions ActiveSet="${AI_REVISION}" Location="7.75" RevisionMode="No" RevisionsShown="Active" ShowAllMarks="Yes" ShowAllSets="Yes" ShowPageColor="No">\n    <Revision Color="#000000000000" FullRevision="No" ID="${AI_REVISION}" Mark="*" Name="AI-generated text" PageColor="#FFFFFFFFFFFF" Style=""/>\n  </Revisions>\n`
    : '';
  return [
    '<?xml version="1.0" encoding="UTF-8" standalone="no" ?>',
    '<FinalDraft DocumentType="Script" Template="No" Version="5">',
    '  <Content>',
    ...content,
    '  </Content>',
    '  <TitlePage>',
    '    <Content>',
    ...titleParagraphs(script, options),
    '    </Content>',
    '  </TitlePage>',
    revisions.trimEnd(),
    '</FinalDraft>',
    '',
  ]
    .filter((l, k, all) => l !== '' || k === all.length - 1)
    .join('\n');
}
