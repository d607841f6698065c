/**
 * Disclosure packets: what each recipient must be told, drawn from the same analysis as the
 * report, each with the record's verification. `fountain-provenance report --for <recipient>`.
 *
 * - company: the writer's AI use and the consents that cover it, furnished and prior
 *   material, the company's own policy findings, what was sent to AI vendors (WGA 72).
 * - usco: the claimant packet: every AI-origin passage to exclude from a registration and a
 *   draft statement of the human contribution, for the claimant (usually the company) to edit.
 * - sag: every replica and synthetic performer with its consent or notice, the scenes, and
 *   scenes per replica.
 * - distributor: the statement, IPTC source types, chain of title (prior writers, furnished
 *   material), likeness clearances and the record's verification.
 */
import type { Script } from '../fountain/types';
import type { Ledger } from '../provenance/ledger';
import type { Project } from '../disclosure/project';
import { consentsCovering } from '../disclosure/consent';
import { aiPassages } from '../disclosure/passages';
import { modelLabel } from '../disclosure/shares';
import { listWriters } from '../disclosure/statement';
import { escapeHtml } from './html';
import { count, lineList, lines, percent, signerKeys, time } from './format';
import { escapeMarkdown } from './markdown';
import { sceneIndexAt } from './modelShares';
import { placeOf } from './tally';
import { egressSection, likenessSection, materialSection, type TextSection } from './sections';
import type { Place, Report } from './types';

export const RECIPIENTS = ['company', 'usco', 'sag', 'distributor'] as const;
export type Recipient = (typeof RECIPIENTS)[number];

/** One AI-origin passage for the claimant. */
export interface PacketPassage {
  place: Place;
  /** Scene number (or index + 1) and heading; undefined outside every scene. */
  scene?: string;
  text: string;
  words: number;
  /** Models (generated text) or furnished materials (declared AI). */
  from: string[];
  /** Word survival of the AI insertions the passage comes from ("32 of 54 words"), when known. */
  survival?: string;
  /** True when more than de minimis (to exclude); false: listed for completeness. */
  exclude: boolean;
}

export interface Packet {
  format: 'fountain-provenance-packet';
  formatVersion: '1.0';
  recipient: Recipient;
  title: string;
  /** Whom it is for and why, in a sentence or two. */
  purpose: string;
  script: Report['script'];
  statement: string;
  verification: {
    status: string;
    chainIntact: boolean;
    events: number;
    signedBy: string[];
    scriptSha256: string;
    summary: string;
  };
  coverage: Report['coverage'];
  sections: TextSection[];
  /** usco only. */
  passages?: PacketPassage[];
  /** usco only: a draft statement of the human contribution, for the claimant to edit. */
  humanContribution?: string;
  generatedAt: string;
  limits: string;
}

/** The AI-origin passages of the script, with what the claimant needs of each. */
export function claimantPassages(script: Script, ledger: Ledger, project: Project, report: Report): PacketPassage[] {
  const out: PacketPassage[] = [];
  for (const p of aiPassages(script, ledger, project)) {
    const index = sceneIndexAt(script, p.start);
    const scene = index === undefined ? undefined : script.scenes[index];
    const survival: string[] = [];
    for (const key of p.insertions) {
      const id = Number(key.split(':')[0]);
      const a = report.aiInsertions.find((x) => x.insertionId === id);
      if (a?.assistedBy) survival.push(`marked AI-assisted by ${a.assistedBy} (declared)`);
      else if (a) survival.push(`${count(a.survivingWords)} of ${a.insertedWordsFrom === 'estimate' ? 'about ' : ''}${count(a.insertedWords)} words of the insertion survive (${percent(a.wordSurvivalRatio)})`);
    }
    const from = [...new Set(p.origins.map((o) => (o.kind === 'ai' ? modelLabel(o) : `furnished material "${o.material}" (declared AI-generated)`)))];
    const item: PacketPassage = {
      place: placeOf(script.lineStarts, p.start, p.end),
      text: script.text.slice(p.start, p.end),
      words: p.words,
      from,
      exclude: p.moreThanDeMinimis,
    };
    if (scene) item.scene = `${scene.sceneNumber ?? String(scene.index + 1)}. ${scene.title}`;
    if (survival.length > 0) item.survival = [...new Set(survival)].join('; ');
    out.push(item);
  }
  return out;
}

function verificationOf(report: Report): Packet['verification'] {
  const v = report.verification;
  const summary =
    v.status === 'no-record'
      ? 'No provenance journal: nothing about the text was observed; every character is of unknown origin.'
      : `The journal ${v.status === 'verified' ? 'verifies' : v.status === 'verified-with-gaps' ? 'verifies with gaps' : `does not verify (${v.status})`}: hash chain ${v.chainIntact ? 'intact' : 'BROKEN'} over ${v.events} events; ${v.signedBy.length > 0 ? `signed by ${signerKeys(v).join(', ')}${v.trust?.keysChecked ? '' : ' (keys not checked against a roster)'}` : 'no valid signature'}. The script's SHA-256 is ${report.script.sha256}.`;
  return { status: v.status, chainIntact: v.chainIntact, events: v.events, signedBy: v.signedBy, scriptSha256: report.script.sha256, summary };
}

function aiUseSection(report: Report, project: Project): TextSection {
  return {
    title: "The writers' AI use and the company's consent",
    intro: [
      'Under WGA Article 72 a writer may use AI only with the company\'s consent and following its policy. Each AI insertion, with the consent that covers its tool and date.',
    ],
    head: ['time', 'model', 'asked by', 'consent', 'characters surviving', 'words surviving', 'where now'],
    rows: report.aiInsertions.map((a) => {
      const origin = { kind: 'ai' as const, channel: 'ai-command' as const, at: a.at, ...(a.model ? { model: a.model } : {}), ...(a.tool ? { tool: a.tool } : {}) };
      const consents = consentsCovering(project, origin).map((c) => c.id);
      return [
        time(a.at),
        `${a.model ?? 'unknown model'}${a.tool ? ` via ${a.tool}` : ''}`,
        a.requestedBy ?? '-',
        consents.length > 0 ? consents.join(', ') : 'NONE RECORDED',
        a.assistedBy ? `${count(a.surviving)} of ${count(a.inserted)} (marked AI-assisted by ${a.assistedBy}, declared)` : `${count(a.surviving)} of ${count(a.inserted)} (${percent(a.survivalRatio)})`,
        `${count(a.survivingWords)} of ${count(a.insertedWords)} (${percent(a.wordSurvivalRatio)})`,
        a.places.length === 0 ? 'nothing left' : lineList(a.places),
      ];
    }),
    empty: 'The record holds no AI insertion.',
  };
}

function findingsSection(report: Report, title: string, prefixes: string[]): TextSection {
  return {
    title,
    intro: [],
    head: ['severity', 'code', 'where', 'finding'],
    rows: report.findings.filter((f) => prefixes.some((p) => f.code.startsWith(p))).map((f) => [f.severity, f.code, lines(f.place), f.message]),
    empty: 'None.',
  };
}

function writersSection(report: Report): TextSection {
  return {
    title: 'Writers in the record',
    intro: [report.creditNote],
    head: ['writer', 'share of characters (not credit)', 'signed'],
    rows: report.writers.map((w) => [w.name, percent(w.share), w.signed ? 'yes' : 'no']),
    empty: 'No writer is named in the record.',
  };
}

function sourceTypesSection(report: Report): TextSection {
  const byType = new Map<string, number>();
  for (const r of report.runs) byType.set(r.digitalSourceType ?? '(none: unknown origin)', (byType.get(r.digitalSourceType ?? '(none: unknown origin)') ?? 0) + r.end - r.start);
  return {
    title: 'IPTC digital source types',
    intro: ['Each run of the text carries its IPTC digital source type in the JSON report; text of unknown origin carries none.'],
    head: ['digital source type', 'characters'],
    rows: [...byType].map(([k, n]) => [k, count(n)]),
    empty: 'No text.',
  };
}

function sharesSection(report: Report): TextSection {
  const s = report.shares;
  return {
    title: 'Shares of the script',
    intro: [],
    head: ['origin', 'share'],
    rows: [
      ['by the writers (typed or attested)', percent(s.humanShare)],
      ['generated by AI', percent(s.aiShare)],
      ['furnished material', percent(s.total === 0 ? 0 : s.byKind.furnished / s.total)],
      ["a prior writer's material", percent(s.total === 0 ? 0 : (s.byKind.prior ?? 0) / s.total)],
      ['unknown origin', percent(s.unknownShare)],
    ].filter((r) => r[1] !== '0%'),
    empty: 'No counted text.',
  };
}

/** A draft statement of the human contribution, for the claimant to edit (never filed as is). */
function humanContributionDraft(report: Report, passages: PacketPassage[]): string {
  const excluded = passages.filter((p) => p.exclude);
  const writers = report.writers.filter((w) => w.typed + w.attested > 0).map((w) => w.name);
  const words = excluded.reduce((n, p) => n + p.words, 0);
  const models = [...new Set(excluded.flatMap((p) => p.from))];
  const who = writers.length > 0 ? listWriters(writers) : '[the writers]';
  if (excluded.length === 0) {
    return `DRAFT for the claimant to edit. The screenplay "${report.script.title}" has as its human authors ${who}. The provenance record shows no passage of AI-generated material that is more than de minimis, so none is excluded from the claim.`;
  }
  return (
    `DRAFT for the claimant to edit. The screenplay "${report.script.title}" contains ${excluded.length} passage${excluded.length === 1 ? '' : 's'} of AI-generated material (${words} word${words === 1 ? '' : 's'}, from ${models.join('; ')}), listed in this packet and excluded from the claim. ` +
    `The claim covers the human authorship: the text written by ${who} (${percent(report.shares.humanShare)} of the counted text, as the provenance record shows it), ` +
    `and their selection, arrangement and revision of the AI-generated material, which they revised ${report.aiInsertions.length > 0 ? `(of the ${count(report.aiInsertions.reduce((n, a) => n + a.insertedWords, 0))} words AI inserted, ${count(report.aiInsertions.reduce((n, a) => n + a.survivingWords, 0))} remain)` : ''}. ` +
    'Describe here, in the claimant\'s own words, what the writers contributed to the excluded passages. The claimant of a work made for hire is the employer, not the writer.'
  ).replace(/ \(\)/, '');
}

/** Builds the packet for a recipient from the analysis' report (and, for usco, its passages). */
export function buildPacket(recipient: Recipient, report: Report, project: Project, passages: PacketPassage[] = []): Packet {
  const base = {
    format: 'fountain-provenance-packet' as const,
    formatVersion: '1.0' as const,
    recipient,
    script: report.script,
    statement: report.statement,
    verification: verificationOf(report),
    coverage: report.coverage,
    generatedAt: report.generatedAt,
    limits: report.limits,
  };
  switch (recipient) {
    case 'company':
      return {
        ...base,
        title: `Disclosure to the company: ${report.script.title}`,
        purpose: "What the company is told of the writers' AI use (WGA Article 72): each AI insertion and the consent covering it, material the company furnished and prior writers' material, the company's own AI policy, and what was sent to AI vendors.",
        sections: [aiUseSection(report, project), materialSection(report), findingsSection(report, 'Contract and policy findings', ['wga.', 'disclosure.threshold']), egressSection(report), writersSection(report)],
      };
    case 'usco': {
      const exclude = passages.filter((p) => p.exclude);
      return {
        ...base,
        title: `Copyright claimant packet: ${report.script.title}`,
        purpose: `For the copyright claimant (usually the company: guild scripts are works made for hire). The Copyright Office asks that AI-generated material more than de minimis be disclosed and excluded from the claim, with a statement of the human contribution; it sets no percentage, so each passage is judged on its own. ${exclude.length} passage${exclude.length === 1 ? '' : 's'} to exclude; ${passages.length - exclude.length} de minimis passage${passages.length - exclude.length === 1 ? '' : 's'} listed for completeness.`,
        sections: [materialSection(report)],
        passages,
        humanContribution: humanContributionDraft(report, passages),
      };
    }
    case 'sag':
      return {
        ...base,
        title: `Likeness disclosure to SAG-AFTRA: ${report.script.title}`,
        purpose: 'Every digital replica and synthetic performer the script calls for, with its consent or notice, the scenes, and the scenes per replica (an estimate for compensation talks).',
        sections: [likenessSection(report), findingsSection(report, 'Likeness findings', ['sag.'])],
      };
    case 'distributor':
      return {
        ...base,
        title: `Provenance disclosure for distribution: ${report.script.title}`,
        purpose: 'What a distributor or insurer is told: the disclosure statement, the shares and IPTC source types, chain of title (prior writers, furnished material), likeness clearances, what was sent to AI vendors, and the record\'s verification.',
        sections: [sharesSection(report), sourceTypesSection(report), materialSection(report), likenessSection(report), egressSection(report), writersSection(report)],
      };
  }
}

/** The packet as JSON. */
export function renderPacketJson(packet: Packet): string {
  return `${JSON.stringify(packet, null, 2)}\n`;
}

/** The packet as Markdown (everything from the script escaped). */
export function renderPacketMarkdown(packet: Packet): string {
  const e = escapeMarkdown;
  const out: string[] = [`# ${e(packet.title)}`, '', e(packet.purpose), ''];
  out.push('## Disclosure statement', '', `> ${e(packet.statement)}`, '');
  out.push('## The record', '', e(packet.verification.summary), '');
  out.push(`Coverage: WGA ${e(packet.coverage.wga ?? 'not covered')}; SAG-AFTRA ${e(packet.coverage.sag ?? 'not covered')}.`, '');
  if (packet.passages) {
    out.push('## AI-origin passages', '');
    if (packet.passages.length === 0) out.push('_The record holds no AI-origin text._', '');
    packet.passages.forEach((p, i) => {
      out.push(`### ${i + 1}. ${p.exclude ? 'Exclude' : 'De minimis (listed for completeness)'}: ${e(p.scene ?? 'outside any scene')}, ${e(lines(p.place))}`, '');
      out.push(`- From: ${e(p.from.join('; '))}`, `- Words: ${p.words}${p.survival ? `; ${e(p.survival)}` : ''}`, '');
      for (const line of p.text.replace(/\s+$/, '').split(/\r\n|\r|\n/)) out.push(`> ${e(line)}`);
      out.push('');
    });
    out.push('## Statement of the human contribution (draft)', '', e(packet.humanContribution ?? ''), '');
  }
  for (const s of packet.sections) {
    out.push(`## ${e(s.title)}`, '');
    for (const line of s.intro) out.push(e(line), '');
    if (s.rows.length === 0) out.push(`_${e(s.empty)}_`, '');
    else out.push(`| ${s.head.map(e).join(' | ')} |`, `| ${s.head.map(() => '---').join(' | ')} |`, ...s.rows.map((r) => `| ${r.map(e).join(' | ')} |`), '');
  }
  out.push('## What this record can and cannot prove', '', e(packet.limits), '');
  return out.join('\n');
}

/** The packet as one self-contained HTML page (no scripts, no remote resources). */
export function renderPacketHtml(packet: Packet): string {
  const h = escapeHtml;
  const table = (s: TextSection): string =>
    s.rows.length === 0
      ? `<p><em>${h(s.empty)}</em></p>`
      : `<table><thead><tr>${s.head.map((c) => `<th>${h(c)}</th>`).join('')}</tr></thead><tbody>${s.rows.map((r) => `<tr>${r.map((c) => `<td>${h(c)}</td>`).join('')}</tr>`).join('')}</tbody></table>`;
  const passages = packet.passages
    ? `<section><h2>AI-origin passages</h2>${packet.passages
        .map((p, i) => `<h3>${i + 1}. ${p.exclude ? 'Exclude' : 'De minimis'}: ${h(p.scene ?? 'outside any scene')}, ${h(lines(p.place))}</h3><p>From ${h(p.from.join('; '))}; ${p.words} words${p.survival ? `; ${h(p.survival)}` : ''}</p><blockquote><pre>${h(p.text)}</pre></blockquote>`)
        .join('')}<h2>Statement of the human contribution (draft)</h2><p>${h(packet.humanContribution ?? '')}</p></section>`
    : '';
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'"><title>${h(packet.title)}</title>
<style>body{font:15px/1.5 system-ui,sans-serif;max-width:60em;margin:2em auto;padding:0 1em}table{border-collapse:collapse}td,th{border:1px solid #bbb;padding:2px 6px;text-align:left;vertical-align:top}blockquote{border-left:3px solid #e0702b;margin:0;padding-left:1em}</style></head><body>
<h1>${h(packet.title)}</h1><p>${h(packet.purpose)}</p>
<section><h2>Disclosure statement</h2><p>${h(packet.statement)}</p></section>
<section><h2>The record</h2><p>${h(packet.verification.summary)}</p><p>Coverage: WGA ${h(packet.coverage.wga ?? 'not covered')}; SAG-AFTRA ${h(packet.coverage.sag ?? 'not covered')}.</p></section>
${passages}
${packet.sections.map((s) => `<section><h2>${h(s.title)}</h2>${s.intro.map((p) => `<p>${h(p)}</p>`).join('')}${table(s)}</section>`).join('\n')}
<section><h2>What this record can and cannot prove</h2><p>${h(packet.limits)}</p></section>
</body></html>
`;
}


