/**
 * The report as one self-contained HTML file: inline CSS, inline SVG charts, no scripts and no
 * remote resources (a strict Content-Security-Policy says so to the browser). Every string that
 * comes from the script or the record goes through `escapeHtml`.
 */
import type { OriginKind } from '../provenance/types';
import type { Report, RunReport, SceneReport, SessionReport, ShareTable } from './types';
import { ORIGIN_KINDS } from './tally';
import { CLASS_LABEL, count, KIND_LABEL, lineList, lines, percent, signerKeys, STATUS_LABEL, time, trustLines } from './format';
import { disclosureSections } from './sections';

/** Escapes text for HTML element content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '"' ? '&quot;' : '&#39;'));
}

const h = escapeHtml;

export const CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

const COLOR: Record<OriginKind, string> = {
  human: '#2e7d5b',
  ai: '#e0702b',
  pasted: '#7b5cc4',
  quoted: '#3b82b8',
  furnished: '#5aa5c9',
  prior: '#4f8f7a',
  imported: '#a7adb5',
  external: '#c2413b',
  unattributed: '#d9a21b',
};

const SHORT: Record<OriginKind, string> = {
  human: 'Writers',
  ai: 'AI',
  pasted: 'Pasted',
  quoted: 'Quoted',
  furnished: 'Furnished',
  prior: 'Prior writer',
  imported: 'Imported',
  external: 'Outside edits',
  unattributed: 'Unattributed',
};

const STYLE = `
:root{--ink:#1d2329;--muted:#5d6873;--line:#dfe3e8;--paper:#ffffff;--wash:#f5f6f8;--accent:#243b53}
*{box-sizing:border-box}
body{margin:0;background:var(--wash);color:var(--ink);font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
header{background:var(--accent);color:#fff;padding:28px 0 24px}
.wrap{max-width:1120px;margin:0 auto;padding:0 28px}
header .kicker{text-transform:uppercase;letter-spacing:.12em;font-size:12px;opacity:.75;margin:0}
header h1{margin:4px 0 6px;font-size:30px;font-weight:650;letter-spacing:-.01em}
header .meta{margin:0;font-size:13px;opacity:.85}
main.wrap{padding-top:24px;padding-bottom:48px}
section{background:var(--paper);border:1px solid var(--line);border-radius:10px;padding:20px 24px;margin:0 0 18px}
h2{font-size:18px;margin:0 0 12px;font-weight:650}
h3{font-size:15px;margin:18px 0 8px;font-weight:600}
p{margin:0 0 10px}
.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(170px,1fr));gap:12px;margin:0 0 18px}
.card{background:var(--paper);border:1px solid var(--line);border-radius:10px;padding:14px 16px}
.card .label{font-size:12px;color:var(--muted);text-transform:uppercase;letter-spacing:.06em}
.card .value{font-size:26px;font-weight:650;margin-top:2px}
.card .note{font-size:12px;color:var(--muted)}
.statement{font-size:16px;border-left:4px solid var(--accent);padding:6px 0 6px 14px;margin:0}
table{width:100%;border-collapse:collapse;font-size:13.5px}
th,td{text-align:left;padding:7px 10px;border-bottom:1px solid var(--line);vertical-align:top}
th{font-size:12px;color:var(--muted);font-weight:600;text-transform:uppercase;letter-spacing:.04em;background:var(--wash)}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
.tag{display:inline-block;font-size:11.5px;padding:1px 7px;border-radius:999px;border:1px solid var(--line);background:var(--wash);white-space:nowrap}
.tag.observed{border-color:#b9dcc9;background:#eaf6ef;color:#1e5e41}
.tag.declared{border-color:#bcd4ea;background:#ebf3fb;color:#1f4f7a}
.tag.unknown{border-color:#ecd3a6;background:#fcf3e3;color:#7a5310}
.sev{font-weight:600;text-transform:uppercase;font-size:11.5px;letter-spacing:.04em}
.sev.error{color:#b42318}.sev.warning{color:#a15c07}.sev.info,.sev.hint{color:#2563a8}
.status{display:inline-block;padding:3px 10px;border-radius:6px;font-weight:650;font-size:13px}
.status.verified{background:#dff3e7;color:#1e5e41}
.status.verified-with-gaps{background:#fdf0d5;color:#7a5310}
.status.mismatch,.status.no-record{background:#fde2e0;color:#9b1c15}
header .status{margin-left:8px}
.legend{display:flex;flex-wrap:wrap;gap:14px;font-size:12.5px;color:var(--muted);margin:6px 0 10px}
.legend i{display:inline-block;width:11px;height:11px;border-radius:2px;margin-right:5px;vertical-align:-1px}
svg{display:block;width:100%;height:auto}
svg text{font:11px system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;fill:#5d6873}
.script{font:13px/1.55 "Courier Prime","Courier New",Courier,monospace;white-space:pre-wrap;word-wrap:break-word;background:#fffef9;border:1px solid var(--line);border-radius:8px;padding:18px 22px;max-height:720px;overflow:auto}
.script .k-ai{background:#fde3cf;border-bottom:2px solid #e0702b}
.script .k-pasted{background:#ece5fa;border-bottom:2px solid #7b5cc4}
.script .k-external{background:#fbe0de;border-bottom:2px dashed #c2413b}
.script .k-unattributed{background:#fcefc7;border-bottom:2px dashed #d9a21b}
.script .k-quoted,.script .k-furnished{background:#e3eff8;border-bottom:2px solid #3b82b8}
td code{font-size:12.5px;white-space:nowrap}
.muted{color:var(--muted)}
.limits{font-size:14px;color:#3b4650}
footer{font-size:12px;color:var(--muted);text-align:center;padding:0 0 30px}
@media print{body{background:#fff}section,.card{break-inside:avoid}.script{max-height:none;overflow:visible}}
`;

function tag(evidence: string): string {
  return `<span class="tag ${h(evidence)}">${h(evidence)}</span>`;
}

function tableHtml(head: { label: string; num?: boolean }[], rows: string[][], empty = 'None.'): string {
  if (rows.length === 0) return `<p class="muted">${h(empty)}</p>`;
  const th = head.map((c) => `<th${c.num ? ' class="num"' : ''}>${h(c.label)}</th>`).join('');
  const body = rows.map((r) => '<tr>' + r.map((cell, i) => `<td${head[i]?.num ? ' class="num"' : ''}>${cell}</td>`).join('') + '</tr>').join('\n');
  return `<table><thead><tr>${th}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

function legend(kinds: OriginKind[]): string {
  return `<div class="legend">${kinds.map((k) => `<span><i style="background:${COLOR[k]}"></i>${h(SHORT[k])}</span>`).join('')}</div>`;
}

function kindsPresent(tables: ShareTable[]): OriginKind[] {
  return ORIGIN_KINDS.filter((k) => tables.some((t) => t.byKind[k] > 0));
}

/** Stacked bars: one column per scene, its width proportional to the scene's length. */
function sceneChart(scenes: SceneReport[]): string {
  const withText = scenes.filter((s) => s.shares.total > 0);
  if (withText.length === 0) return '<p class="muted">No scenes with counted text.</p>';
  const W = 1060;
  const H = 230;
  const left = 40;
  const top = 10;
  const plotH = 170;
  const plotW = W - left - 10;
  const total = withText.reduce((n, s) => n + s.shares.total, 0);
  const gap = withText.length > 60 ? 0.5 : 2;
  const parts: string[] = [];
  for (const pct of [0, 0.25, 0.5, 0.75, 1]) {
    const y = top + plotH - pct * plotH;
    parts.push(`<line x1="${left}" x2="${W - 10}" y1="${y.toFixed(1)}" y2="${y.toFixed(1)}" stroke="#e6e9ed" stroke-width="1"/>`);
    parts.push(`<text x="${left - 6}" y="${(y + 4).toFixed(1)}" text-anchor="end">${Math.round(pct * 100)}%</text>`);
  }
  let x = left;
  const labelEvery = Math.max(1, Math.ceil(withText.length / 30));
  withText.forEach((s, i) => {
    const w = Math.max(1, (s.shares.total / total) * plotW - gap);
    let y = top + plotH;
    const tip = `${s.sceneNumber ? s.sceneNumber + '. ' : ''}${s.title}: ${percent(s.shares.aiShare)} AI, ${percent(s.shares.humanShare)} writers, ${CLASS_LABEL[s.classification]}`;
    parts.push(`<g><title>${h(tip)}</title>`);
    for (const kind of ORIGIN_KINDS) {
      const share = s.shares.total === 0 ? 0 : s.shares.byKind[kind] / s.shares.total;
      if (share <= 0) continue;
      const bh = share * plotH;
      y -= bh;
      parts.push(`<rect x="${x.toFixed(2)}" y="${y.toFixed(2)}" width="${w.toFixed(2)}" height="${bh.toFixed(2)}" fill="${COLOR[kind]}"/>`);
    }
    parts.push('</g>');
    if (i % labelEvery === 0) {
      parts.push(`<text x="${(x + w / 2).toFixed(1)}" y="${top + plotH + 16}" text-anchor="middle">${h(s.sceneNumber ?? String(s.index + 1))}</text>`);
    }
    x += w + gap;
  });
  parts.push(`<text x="${left}" y="${H - 6}">Scenes in script order; each column's width is the scene's length.</text>`);
  return `<svg viewBox="0 0 ${W} ${H}" role="img" aria-label="Shares of each scene by origin">${parts.join('')}</svg>`;
}

/**
 * Sessions on a timeline: one lane per writer or model. Idle stretches longer than an hour are
 * collapsed into a narrow break, so days of writing with nights between stay readable.
 */
function sessionChart(sessions: SessionReport[]): string {
  const timed = sessions.filter((s) => !Number.isNaN(Date.parse(s.from)) && !Number.isNaN(Date.parse(s.to)));
  if (timed.length === 0) return '<p class="muted">No recorded sessions.</p>';
  const lanes: { who: string; kind: OriginKind }[] = [];
  for (const s of timed) if (!lanes.some((l) => l.who === s.who)) lanes.push({ who: s.who, kind: s.kind });
  const rank = (k: OriginKind): number => (k === 'human' ? 0 : k === 'ai' ? 1 : 2);
  lanes.sort((a, b) => rank(a.kind) - rank(b.kind));

  // Active stretches: session intervals merged when less than an hour apart.
  const IDLE = 3_600_000;
  const spans = timed.map((s) => [Date.parse(s.from), Math.max(Date.parse(s.from), Date.parse(s.to))] as [number, number]).sort((a, b) => a[0] - b[0]);
  const stretches: [number, number][] = [];
  for (const [a, b] of spans) {
    const last = stretches[stretches.length - 1];
    if (last && a - last[1] <= IDLE) last[1] = Math.max(last[1], b);
    else stretches.push([a, b]);
  }
  for (const st of stretches) {
    // Pad each stretch a little so short sessions are visible.
    const pad = Math.max(60_000, (st[1] - st[0]) * 0.04);
    st[0] -= pad;
    st[1] += pad;
  }
  const W = 1060;
  const left = 170;
  const right = 20;
  const laneH = 30;
  const top = 8;
  const BREAK = 26;
  const plotW = W - left - right - BREAK * (stretches.length - 1);
  const totalMs = stretches.reduce((n, st) => n + (st[1] - st[0]), 0);
  const minW = Math.min(90, plotW / stretches.length);
  const rawW = stretches.map((st) => ((st[1] - st[0]) / totalMs) * plotW);
  const deficit = rawW.reduce((n, w) => n + Math.max(0, minW - w), 0);
  const surplus = rawW.reduce((n, w) => n + Math.max(0, w - minW), 0);
  const widths = rawW.map((w) => (w < minW ? minW : surplus > 0 ? w - ((w - minW) / surplus) * deficit : w));
  const starts: number[] = [];
  let x = left;
  for (const w of widths) {
    starts.push(x);
    x += w + BREAK;
  }
  const xOf = (ms: number): number => {
    for (let i = 0; i < stretches.length; i++) {
      const [a, b] = stretches[i];
      if (ms <= b || i === stretches.length - 1) return starts[i] + (Math.min(Math.max(ms, a), b) - a) / Math.max(1, b - a) * widths[i];
    }
    return left;
  };
  const H = top + lanes.length * laneH + 40;
  const bottom = top + lanes.length * laneH;
  const parts: string[] = [];
  lanes.forEach((lane, i) => {
    const y = top + i * laneH;
    stretches.forEach((_st, j) => {
      parts.push(`<rect x="${starts[j].toFixed(1)}" y="${y + 4}" width="${widths[j].toFixed(1)}" height="${laneH - 8}" fill="${i % 2 ? '#fafbfc' : '#f3f5f7'}"/>`);
    });
    const name = lane.who.length > 24 ? lane.who.slice(0, 23) + '…' : lane.who;
    parts.push(`<text x="${left - 10}" y="${y + laneH / 2 + 4}" text-anchor="end" style="fill:#1d2329">${h(name)}</text>`);
  });
  stretches.forEach(([a, b], j) => {
    const x0 = starts[j];
    const x1 = starts[j] + widths[j];
    const day = new Date(a).toISOString().slice(0, 10);
    const from = new Date(a).toISOString().slice(11, 16);
    const to = new Date(b).toISOString().slice(11, 16);
    parts.push(`<text x="${((x0 + x1) / 2).toFixed(1)}" y="${bottom + 15}" text-anchor="middle" style="fill:#1d2329">${h(day)}</text>`);
    parts.push(`<text x="${((x0 + x1) / 2).toFixed(1)}" y="${bottom + 28}" text-anchor="middle">${h(from)}–${h(to)}</text>`);
    if (j > 0) {
      const bx = x0 - BREAK / 2;
      parts.push(`<path d="M${(bx - 4).toFixed(1)} ${bottom - 4} l4 -8 l4 8" fill="none" stroke="#9aa4ae"/><line x1="${bx.toFixed(1)}" x2="${bx.toFixed(1)}" y1="${top + 4}" y2="${bottom - 14}" stroke="#c9d0d7" stroke-dasharray="2 3"/>`);
    }
  });
  for (const s of timed) {
    const lane = lanes.findIndex((l) => l.who === s.who);
    const y = top + lane * laneH;
    const x0 = xOf(Date.parse(s.from));
    const tip = `${s.who}: ${time(s.from)}${s.to !== s.from ? ' to ' + time(s.to) : ''}, ${count(s.chars)} characters still in the script (${s.evidence})`;
    if (s.kind === 'ai') {
      const cy = y + laneH / 2;
      parts.push(`<path d="M${x0.toFixed(1)} ${cy - 8} L${(x0 + 7).toFixed(1)} ${cy} L${x0.toFixed(1)} ${cy + 8} L${(x0 - 7).toFixed(1)} ${cy} Z" fill="${COLOR.ai}" stroke="#fff" stroke-width="1"><title>${h(tip)}</title></path>`);
    } else {
      const x1 = Math.max(x0 + 4, xOf(Date.parse(s.to)));
      parts.push(`<rect x="${x0.toFixed(1)}" y="${y + 8}" width="${(x1 - x0).toFixed(1)}" height="${laneH - 16}" rx="3" fill="${COLOR[s.kind]}"><title>${h(tip)}</title></rect>`);
    }
  }
  return `<svg viewBox="0 0 ${W} ${H}" role="img" aria-label="Writing sessions on a timeline">${parts.join('')}</svg><p class="muted" style="margin-top:6px;font-size:12.5px">Bars are writing sessions, diamonds AI insertions (times UTC). Idle stretches over an hour are collapsed.</p>`;
}

const MARKED: ReadonlySet<OriginKind> = new Set(['ai', 'pasted', 'external', 'unattributed', 'quoted', 'furnished']);

function scriptText(text: string, runs: RunReport[]): string {
  const out: string[] = [];
  let plainFrom = 0;
  for (const r of runs) {
    if (!MARKED.has(r.kind)) continue;
    if (r.start > plainFrom) out.push(h(text.slice(plainFrom, r.start)));
    const tip = `${KIND_LABEL[r.kind]}: ${r.who} (${r.evidence}; ${r.digitalSourceType})`;
    out.push(`<span class="k-${r.kind}" title="${h(tip)}">${h(text.slice(r.start, r.end))}</span>`);
    plainFrom = r.end;
  }
  if (plainFrom < text.length) out.push(h(text.slice(plainFrom)));
  return out.join('');
}

/**
 * How the AI share is known: the surviving characters of insertions the server saw (observed)
 * and of text a writer marked as AI afterwards (declared); never one label for both.
 */
function aiEvidence(report: Report): string {
  const ai = report.shares.byKind.ai;
  if (ai === 0) return '';
  const observed = Math.min(ai, report.aiInsertions.filter((x) => x.evidence === 'observed').reduce((n, x) => n + x.surviving, 0));
  const declared = ai - observed;
  if (declared === 0) return ' · observed';
  if (observed === 0) return ' · declared';
  return ` · ${count(observed)} observed · ${count(declared)} declared`;
}

/** Renders the report as one self-contained HTML page. */
export function renderHtml(report: Report): string {
  const v = report.verification;
  const s = report.shares;
  const statusClass = h(v.status);
  const validSigs = v.signatures.filter((x) => x.valid).length;
  const typed = report.writers.reduce((n, w) => n + w.typed, 0);
  const attested = report.writers.reduce((n, w) => n + w.attested, 0);

  const cards = [
    ['AI share', percent(s.aiShare), `${count(s.byKind.ai)} of ${count(s.total)} characters${aiEvidence(report)}`],
    ['By the writers (not a credit)', percent(s.humanShare), `${count(typed)} typed (observed) · ${count(attested)} attested (declared)`],
    ['Unknown origin', percent(s.unknownShare), `${count(s.byEvidence.unknown)} characters`],
    ['Record', STATUS_LABEL[v.status] ?? v.status, v.status === 'no-record' ? 'no journal beside the script' : `${v.events} events · chain ${v.chainIntact ? 'intact' : 'broken'}`],
    ['Signatures', `${validSigs}/${v.signatures.length}`, v.signedBy.length ? `signed by ${signerKeys(v).join(', ')}` : 'no valid signature'],
  ];

  const da = report.dialogueAndAction;
  const shareTables = [s, ...report.scenes.map((x) => x.shares)];

  const body = `
<header><div class="wrap">
<p class="kicker">Credit disclosure report</p>
<h1>${h(report.script.title)}</h1>
<p class="meta">${report.script.file ? h(report.script.file) + ' · ' : ''}${count(report.script.countedCharacters)} counted characters · ${report.script.scenes} scenes · generated ${h(time(report.generatedAt))}<span class="status ${statusClass}">${h(STATUS_LABEL[v.status] ?? v.status)}</span></p>
</div></header>
<main class="wrap">
<div class="cards">${cards.map(([l, val, note]) => `<div class="card"><div class="label">${h(l)}</div><div class="value">${h(val)}</div><div class="note">${h(note)}</div></div>`).join('')}</div>

<section><h2>Disclosure statement</h2><p class="statement">${h(report.statement)}</p>
<p class="muted" style="margin-top:10px">Every figure below is labelled <span class="tag observed">observed</span> (recorded as it happened), <span class="tag declared">declared</span> (stated by a writer or a company afterwards) or <span class="tag unknown">unknown</span> (nobody saw where it came from).</p></section>

<section><h2>Shares per scene</h2>${legend(kindsPresent(shareTables))}${sceneChart(report.scenes)}</section>

<section><h2>Writing sessions</h2>${sessionChart(report.sessions)}</section>

<section><h2>Shares of the script</h2>
${tableHtml(
  [{ label: 'Origin' }, { label: 'Characters', num: true }, { label: 'Share', num: true }, { label: 'How known' }],
  s.rows.map((r) => [`<i style="display:inline-block;width:10px;height:10px;border-radius:2px;margin-right:7px;background:${COLOR[r.kind]}"></i>${h(KIND_LABEL[r.kind])}`, count(r.chars), percent(r.share), tag(r.evidence)]),
)}
<h3>Dialogue and action</h3>
${tableHtml(
  [{ label: 'Part' }, { label: 'Characters', num: true }, { label: 'Writers', num: true }, { label: 'AI', num: true }, { label: 'Unknown', num: true }],
  (['dialogue', 'action', 'other'] as const).filter((k) => da[k].total > 0).map((k) => [h(k), count(da[k].total), percent(da[k].humanShare), percent(da[k].aiShare), percent(da[k].unknownShare)]),
)}
</section>

<section><h2>Writers</h2>
<p class="muted">${h(report.creditNote)}</p>
${tableHtml(
  [{ label: 'Writer' }, { label: 'Typed', num: true }, { label: 'Attested', num: true }, { label: 'AI text asked for', num: true }, { label: 'Share of characters (not credit)', num: true }, { label: 'Sessions', num: true }, { label: 'Signed' }],
  report.writers.map((w) => [h(w.name), `${count(w.typed)} ${tag('observed')}`, `${count(w.attested)} ${tag('declared')}`, `${count(w.aiRequested)} ${tag('observed')}`, percent(w.share), String(w.sessions), w.signed ? 'yes' : 'no']),
  'No writer is named in the record.',
)}
</section>

<section><h2>AI models</h2>
${tableHtml(
  [{ label: 'Model' }, { label: 'Tools' }, { label: 'Insertions', num: true }, { label: 'Inserted', num: true }, { label: 'Surviving', num: true }, { label: 'Survival', num: true }, { label: 'Share of script', num: true }, { label: 'How known' }],
  report.models.map((m) => [h(m.model), h(m.tools.join(', ') || 'unknown'), String(m.insertions), count(m.inserted), count(m.surviving), percent(m.survivalRatio), percent(m.share), tag(m.evidence)]),
  'No AI model produced any text in this record.',
)}
<h3>AI insertions</h3>
${tableHtml(
  [{ label: 'Time' }, { label: 'Model' }, { label: 'Asked by' }, { label: 'Inserted', num: true }, { label: 'Surviving', num: true }, { label: 'Survival (characters)', num: true }, { label: 'Words surviving', num: true }, { label: 'Where now' }],
  report.aiInsertions.map((a) => [h(time(a.at)), h(a.model ?? 'unknown') + (a.tool ? ` <span class="muted">via ${h(a.tool)}</span>` : ''), h(a.requestedBy ?? '-'), count(a.inserted), count(a.surviving), a.assistedBy ? h(`marked AI-assisted by ${a.assistedBy} (declared)`) : percent(a.survivalRatio), `${count(a.survivingWords)} of ${a.insertedWordsFrom === 'estimate' ? 'about ' : ''}${count(a.insertedWords)} (${percent(a.wordSurvivalRatio)})`, a.places.length === 0 ? '<span class="muted">nothing left</span>' : h(lineList(a.places))]),
  'None.',
)}
</section>

<section><h2>Scenes</h2>
${tableHtml(
  [{ label: '#' }, { label: 'Scene' }, { label: 'Where' }, { label: 'Writers', num: true }, { label: 'AI', num: true }, { label: 'Unknown', num: true }, { label: 'Class' }, { label: 'Models' }],
  report.scenes.map((x) => [h(x.sceneNumber ?? String(x.index + 1)), h(x.title), h(lines(x.place)), percent(x.shares.humanShare), percent(x.shares.aiShare), percent(x.shares.unknownShare), h(CLASS_LABEL[x.classification]), h(x.models.join(', ') || '-')]),
  'The script has no scene headings.',
)}
</section>

${disclosureSections(report)
  .map(
    (s) => `<section><h2>${h(s.title)}</h2>
${s.intro.map((p) => `<p>${h(p)}</p>`).join('\n')}
${s.rows.length === 0 ? `<p class="muted">${h(s.empty)}</p>` : tableHtml(s.head.map((label) => ({ label })), s.rows.map((r) => r.map((c) => h(c))))}
</section>`,
  )
  .join('\n\n')}

<section><h2>Gaps</h2>
${tableHtml(
  [{ label: 'Kind' }, { label: 'Where' }, { label: 'What' }, { label: 'How known' }],
  report.gaps.map((g) => [h(g.kind), h(g.place ? lines(g.place) : g.event !== undefined ? `event ${g.event}` : g.from ? `${time(g.from)} to ${time(g.to)}` : '-'), h(g.message), tag(g.evidence)]),
  'No gaps: every character has a known origin and the journal has no breaks.',
)}
</section>

<section><h2>Rule results</h2>
${tableHtml(
  [{ label: 'Severity' }, { label: 'Code' }, { label: 'Where' }, { label: 'Finding' }, { label: 'Basis' }, { label: 'Source' }],
  report.findings.map((f) => [`<span class="sev ${h(f.severity)}">${h(f.severity)}</span>`, `<code>${h(f.code)}</code>`, h(lines(f.place)), h(f.message), h(f.basis ?? ''), h(f.source ?? '')]),
  'Every rule passed.',
)}
<p class="muted" style="margin-top:10px">Basis: L law in force · C union contract · G guidance an agency acts on · H house policy. No rule reads an AI-detector score.</p>
</section>

<section><h2>Verification</h2>
${tableHtml(
  [{ label: 'Check' }, { label: 'Result' }],
  [
    ['Status', `<span class="status ${statusClass}">${h(STATUS_LABEL[v.status] ?? v.status)}</span>`],
    ['Hash chain', v.status === 'no-record' ? 'no journal' : v.chainIntact ? `intact over ${v.events} events` : `broken (${v.events} events read)`],
    ['Time span', v.timeSpan ? h(`${time(v.timeSpan.from)} to ${time(v.timeSpan.to)}`) : 'unknown'],
    ['Signatures', h(`${validSigs} of ${v.signatures.length} valid`) + (v.signedBy.length ? h(`; signed by ${signerKeys(v).join(', ')}`) : '')],
    ...trustLines(v).map((line) => ['Trust', h(line)]),
    ...(v.firstDivergence ? [['First divergence', h(`event ${v.firstDivergence.event}${v.firstDivergence.journalLine ? `, journal line ${v.firstDivergence.journalLine}` : ''}${v.firstDivergence.scriptLine ? `, script line ${v.firstDivergence.scriptLine}` : ''}: ${v.firstDivergence.message}`)]] : []),
    ...v.untracked.map((u) => ['Untracked period', h(`${u.from ? `${time(u.from)} to ${time(u.to)}: ` : ''}${u.message}`)]),
    ...v.breaks.map((b) => ['Break', h(`${b.event !== undefined ? `event ${b.event}: ` : ''}${b.message}`)]),
    ...v.problems.map((p) => ['Problem', h(`${p.kind}${p.event !== undefined ? `, event ${p.event}` : ''}${p.line !== undefined ? `, journal line ${p.line}` : ''}: ${p.message}`)]),
  ],
)}
</section>

<section><h2>The script</h2>
${legend(ORIGIN_KINDS.filter((k) => MARKED.has(k) && report.runs.some((r) => r.kind === k)))}
<p class="muted">Marked passages: AI text, pastes, quoted or furnished material, and text of unknown origin. Unmarked text was typed by a writer or was present when tracking began.</p>
<div class="script">${scriptText(report.text, report.runs)}</div>
</section>

<section><h2>What this record can and cannot prove</h2><p class="limits">${h(report.limits)}</p></section>
</main>
<footer>${h(report.generator.name)} ${h(report.generator.version)} · report format ${h(report.formatVersion)} · script SHA-256 ${h(report.script.sha256.slice(0, 16))}…</footer>`;

  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="${h(report.generator.name)} ${h(report.generator.version)}">
<title>Credit disclosure report: ${h(report.script.title)}</title>
<style>${STYLE}</style>
</head>
<body>${body}
</body>
</html>
`;
}
