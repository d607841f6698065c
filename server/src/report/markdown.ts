/**
 * The report as Markdown, for pasting into a ticket, an email or a pull request. Everything
 * that comes from the script or the record is escaped: no HTML and no Markdown markup from
 * the script can reach the reader's renderer.
 */
import type { Report, ShareTable } from './types';
import { CLASS_LABEL, count, KIND_LABEL, lineList, lines, percent, signerKeys, STATUS_LABEL, time, trustLines } from './format';
import { disclosureSections } from './sections';

/**
 * Escapes inline text for Markdown: `&`, `<` and `>` become entities (so no HTML passes
 * through), emphasis, code, link and table markup is backslashed, line breaks become spaces.
 * Never used at the start of a line, where `#`, `-` or `1.` would matter.
 */
export function escapeMarkdown(text: string): string {
  return String(text)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([\\`*_[\]|~#!])/g, '\\$1')
    .replace(/\r\n|[\r\n\u2028\u2029\u0085]/g, ' ')
    .replace(CONTROL, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Control characters other than line breaks (tabs included: they can turn a line into code). */
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;

/** Inline code for a name or path: line breaks and control characters escaped, fenced so no backtick closes it early. */
export function codeSpan(text: string, inTable = true): string {
  let body = escapeMarkdownCode(String(text));
  // A pipe ends a table cell even inside code unless it is backslashed.
  if (inTable) body = body.replace(/\|/g, '\\|');
  const runs = body.match(/`+/g) ?? [];
  const fence = '`'.repeat(Math.max(0, ...runs.map((r) => r.length)) + 1);
  const pad = body.startsWith('`') || body.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${body}${pad}${fence}`;
}

function escapeMarkdownCode(text: string): string {
  return text.replace(/\r\n|[\r\n\u2028\u2029\u0085]/g, ' ').replace(CONTROL, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

const e = escapeMarkdown;

function table(head: string[], rows: string[][]): string[] {
  if (rows.length === 0) return ['_None._', ''];
  return [`| ${head.join(' | ')} |`, `| ${head.map(() => '---').join(' | ')} |`, ...rows.map((r) => `| ${r.join(' | ')} |`), ''];
}

function shareRows(t: ShareTable): string[][] {
  return t.rows.map((r) => [KIND_LABEL[r.kind], count(r.chars), percent(r.share), e(r.evidence)]);
}

/** Renders the report as Markdown. */
export function renderMarkdown(report: Report): string {
  const out: string[] = [];
  const v = report.verification;
  out.push(`# Credit disclosure report: ${e(report.script.title)}`, '');
  out.push(`- Script: ${report.script.file ? e(report.script.file) : '(unsaved)'}`);
  out.push(`- Record: **${e(STATUS_LABEL[v.status] ?? v.status)}**${v.status === 'no-record' ? '' : `, chain ${v.chainIntact ? 'intact' : 'BROKEN'}, ${v.events} events`}`);
  out.push(`- Text: ${count(report.script.countedCharacters)} counted characters in ${report.script.scenes} scenes (title page and boneyard not counted)`);
  out.push(`- AI share: **${percent(report.shares.aiShare)}** · by the writers: ${percent(report.shares.humanShare)} · unknown origin: ${percent(report.shares.unknownShare)}`);
  out.push(`- Generated ${e(time(report.generatedAt))} by ${e(report.generator.name)} ${e(report.generator.version)}`, '');
  out.push('Every figure is labelled **observed** (recorded as it happened), **declared** (stated by a writer or a company afterwards) or **unknown** (nobody saw where it came from).', '');

  out.push('## Disclosure statement', '', `> ${e(report.statement)}`, '');

  out.push('## Shares of the script', '');
  out.push(...table(['origin', 'characters', 'share', 'how known'], shareRows(report.shares)));
  const da = report.dialogueAndAction;
  out.push('### Dialogue and action', '');
  out.push(
    ...table(
      ['part', 'characters', 'writers', 'AI', 'unknown'],
      (['dialogue', 'action', 'other'] as const)
        .filter((k) => da[k].total > 0)
        .map((k) => [k, count(da[k].total), percent(da[k].humanShare), percent(da[k].aiShare), percent(da[k].unknownShare)]),
    ),
  );

  out.push('## Writers', '', `_${e(report.creditNote)}_`, '');
  out.push(
    ...table(
      ['writer', 'typed (observed)', 'attested (declared)', 'AI text requested (observed)', 'share of characters (not credit)', 'sessions', 'signed'],
      report.writers.map((w) => [e(w.name), count(w.typed), count(w.attested), count(w.aiRequested), percent(w.share), String(w.sessions), w.signed ? 'yes' : 'no']),
    ),
  );

  out.push('## AI models', '');
  out.push(
    ...table(
      ['model', 'tools', 'insertions', 'inserted', 'surviving', 'survival', 'share of script', 'how known'],
      report.models.map((m) => [e(m.model), e(m.tools.join(', ') || 'unknown'), String(m.insertions), count(m.inserted), count(m.surviving), percent(m.survivalRatio), percent(m.share), e(m.evidence)]),
    ),
  );

  out.push('## Scenes', '');
  out.push(
    ...table(
      ['#', 'scene', 'where', 'writers', 'AI', 'unknown', 'class', 'models'],
      report.scenes.map((s) => [
        e(s.sceneNumber ?? String(s.index + 1)),
        e(s.title),
        e(lines(s.place)),
        percent(s.shares.humanShare),
        percent(s.shares.aiShare),
        percent(s.shares.unknownShare),
        CLASS_LABEL[s.classification],
        e(s.models.join(', ') || '-'),
      ]),
    ),
  );

  out.push('## AI insertions', '');
  out.push(
    ...table(
      ['time', 'model', 'tool', 'asked by', 'inserted', 'surviving', 'survival (characters)', 'words surviving', 'where now'],
      report.aiInsertions.map((a) => [
        e(time(a.at)),
        e(a.model ?? 'unknown'),
        e(a.tool ?? 'unknown'),
        e(a.requestedBy ?? '-'),
        count(a.inserted),
        count(a.surviving),
        a.assistedBy ? e(`marked AI-assisted by ${a.assistedBy} (declared)`) : percent(a.survivalRatio),
        `${count(a.survivingWords)} of ${a.insertedWordsFrom === 'estimate' ? 'about ' : ''}${count(a.insertedWords)} (${percent(a.wordSurvivalRatio)})`,
        a.places.length === 0 ? 'nothing left' : e(lineList(a.places)),
      ]),
    ),
  );

  for (const section of disclosureSections(report)) {
    out.push(`## ${section.title}`, '');
    for (const line of section.intro) out.push(e(line), '');
    if (section.rows.length === 0) out.push(`_${e(section.empty)}_`, '');
    else out.push(...table(section.head.map(e), section.rows.map((r) => r.map(e))));
  }

  out.push('## Gaps', '');
  if (report.gaps.length === 0) out.push('No gaps: every character has a known origin and the journal has no breaks.', '');
  else {
    for (const g of report.gaps) out.push(`- **${e(g.kind)}** (${e(g.evidence)}): ${e(g.message)}`);
    out.push('');
  }

  out.push('## Rule results', '');
  out.push(
    ...table(
      ['severity', 'code', 'where', 'finding', 'basis', 'source'],
      report.findings.map((f) => [e(f.severity), codeSpan(f.code), e(lines(f.place)), e(f.message), e(f.basis ?? ''), e(f.source ?? '')]),
    ),
  );
  if (report.rules.length > 0) {
    out.push('<details><summary>Rules checked</summary>', '');
    out.push(...table(['code', 'checks', 'basis', 'source', 'severity', 'findings'], report.rules.map((r) => [codeSpan(r.code), e(r.description), e(r.basis), e(r.source), e(r.severity), String(r.findings)])));
    out.push('</details>', '');
  }

  out.push('## Verification', '');
  out.push(`- Status: **${e(STATUS_LABEL[v.status] ?? v.status)}**`);
  if (v.status !== 'no-record') {
    out.push(`- Hash chain: ${v.chainIntact ? 'intact' : 'broken'} over ${v.events} events`);
    if (v.timeSpan) out.push(`- Time span: ${e(time(v.timeSpan.from))} to ${e(time(v.timeSpan.to))}`);
    const valid = v.signatures.filter((s) => s.valid).length;
    out.push(`- Signatures: ${valid} of ${v.signatures.length} valid${v.signedBy.length ? `, signed by ${signerKeys(v).map(e).join(', ')}` : ''}`);
    for (const line of trustLines(v)) out.push(`- ${e(line)}`);
    if (v.firstDivergence) out.push(`- First divergence: event ${v.firstDivergence.event}${v.firstDivergence.journalLine ? `, journal line ${v.firstDivergence.journalLine}` : ''}${v.firstDivergence.scriptLine ? `, script line ${v.firstDivergence.scriptLine}` : ''}: ${e(v.firstDivergence.message)}`);
    for (const u of v.untracked) out.push(`- Untracked period${u.from ? ` ${e(time(u.from))} to ${e(time(u.to))}` : ''}: ${e(u.message)}`);
    for (const b of v.breaks) out.push(`- Break${b.event !== undefined ? ` at event ${b.event}` : ''}: ${e(b.message)}`);
    for (const p of v.problems) out.push(`- Problem (${e(p.kind)})${p.event !== undefined ? ` at event ${p.event}` : ''}${p.line !== undefined ? `, journal line ${p.line}` : ''}: ${e(p.message)}`);
  } else out.push('- The script has no journal beside it, so nothing about its origin was observed.');
  out.push('');

  out.push('## Provenance standards', '');
  const byType = new Map<string, { uri: string; chars: number }>();
  for (const r of report.runs) {
    const key = r.digitalSourceType ?? '(none: unknown origin)';
    const t = byType.get(key) ?? { uri: r.digitalSourceTypeUri ?? 'no term claimed', chars: 0 };
    t.chars += r.end - r.start;
    byType.set(key, t);
  }
  out.push(...table(['digital source type', 'characters', 'vocabulary'], [...byType].map(([k, t]) => [codeSpan(k), count(t.chars), e(t.uri)])));
  out.push('The JSON report lists the type of every run and an Agent-Trace-style attribution export with a SHA-256 hash of each range.', '');

  out.push('## What this record can and cannot prove', '', e(report.limits), '');
  return out.join('\n');
}
