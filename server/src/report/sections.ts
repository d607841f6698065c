/**
 * The report's disclosure sections as plain text tables, one definition for every renderer:
 * who is bound, furnished and prior material, likeness, and what was sent to AI vendors.
 * Renderers escape every cell.
 */
import { contractName } from '../disclosure/contracts';
import { count, lineList, percent, time } from './format';
import type { Report } from './types';

export interface TextSection {
  title: string;
  /** Sentences shown before the table. */
  intro: string[];
  head: string[];
  rows: string[][];
  /** Shown instead of the table when there are no rows. */
  empty: string;
}

function sceneList(report: Report, scenes: number[]): string {
  if (scenes.length === 0) return '-';
  return scenes.map((i) => report.scenes.find((s) => s.index === i)?.sceneNumber ?? String(i + 1)).join(', ');
}

/** Who is bound: coverage per union. */
export function coverageSection(report: Report): TextSection {
  const c = report.coverage;
  return {
    title: 'Who is bound',
    intro: [
      `Policy preset: ${c.policy}. A union contract's rules bind only where the project file's coverage names it; elsewhere they appear as hints.`,
    ],
    head: ['union', 'contract'],
    rows: [
      ['WGA', c.wga ? contractName(c.wga) : 'not covered'],
      ['SAG-AFTRA', c.sag ? contractName(c.sag) : 'not covered'],
    ],
    empty: '',
  };
}

/** Furnished and prior-writer material, kept apart (WGA 72.C: a first writer's case). */
export function materialSection(report: Report): TextSection {
  const prior = report.material.filter((m) => m.kind === 'prior');
  const intro = [
    "Material the company furnished and a previous writer's drafts are their own origins, never counted as the writers' text. Furnished material declared AI-generated is AI-origin text; AI material is not source material, and a writer handed it is not a rewriter because of it.",
  ];
  if (prior.length > 0) intro.push(`Prior writers' material in the text: ${prior.map((m) => `${m.writer} (${percent(m.share)})`).join('; ')}. The rest of the text was written on this record after it.`);
  return {
    title: 'Furnished and prior material',
    intro,
    head: ['kind', 'material', 'from', 'AI origin', 'disclosed by', 'characters', 'share', 'scenes', 'where', 'how known'],
    rows: report.material.map((m) => [
      m.kind === 'prior' ? "prior writer's draft" : 'furnished',
      m.name,
      m.kind === 'prior' ? (m.writer ?? '-') : m.listed ? 'the company (listed in the project file)' : 'the company',
      m.aiOrigin ?? '-',
      m.disclosedBy ?? (m.kind === 'furnished' ? 'not recorded' : '-'),
      count(m.chars),
      percent(m.share),
      sceneList(report, m.scenes),
      m.places.length === 0 ? 'not in the text' : lineList(m.places),
      m.evidence,
    ]),
    empty: 'No furnished or prior-writer material is recorded.',
  };
}

/** Every replica and synthetic performer with its consent, and the scenes per replica. */
export function likenessSection(report: Report): TextSection {
  const l = report.likeness;
  const intro: string[] = [];
  if (l.scenesPerReplica.length > 0) {
    intro.push(`Scenes per replicated performer (an estimate for compensation talks): ${l.scenesPerReplica.map((r) => `${r.performer} ${r.count} scene${r.count === 1 ? '' : 's'} (${sceneList(report, r.scenes)})`).join('; ')}.`);
  }
  return {
    title: 'Likeness',
    intro,
    head: ['kind', 'performer or character', 'type', 'use', 'consent or notice', 'granted by', 'representation', 'scene text', 'scenes', 'status'],
    rows: l.items.map((i) => [
      i.kind === 'replica' ? `replica${i.deceased ? ' (deceased)' : ''}${i.minor ? ' (minor)' : ''}` : `synthetic performer${i.basedOn ? ` based on ${i.basedOn}` : ''}`,
      i.subject || '-',
      i.type ?? '-',
      i.use ?? '-',
      i.reference ?? 'none cited',
      i.consent?.grantedBy ?? '-',
      i.consent?.representation ?? (i.consent ? 'not recorded' : '-'),
      !i.consent ? '-' : i.consent.scene === 'matches' ? 'as consented' : i.consent.scene === 'changed' ? 'CHANGED since consent' : 'not bound (no sceneHash)',
      sceneList(report, i.scenes),
      i.status === 'consented' ? 'consent on record' : (i.problem ?? i.status),
    ]),
    empty: 'The script calls for no digital replica or synthetic performer.',
  };
}

/** What left the building: each AI command's excerpts, by vendor. */
export function egressSection(report: Report): TextSection {
  const g = report.egress;
  const total = g.sends.reduce((n, s) => n + s.characters, 0);
  const intro = g.recorded
    ? [
        g.sends.length === 0
          ? 'The journal records no text sent to an AI vendor.'
          : `${count(total)} characters in ${g.sends.length} request${g.sends.length === 1 ? '' : 's'} (${g.byVendor.map((v) => `${v.vendor}: ${count(v.characters)}`).join('; ')}). Each excerpt is recorded by range and SHA-256, never its text.`,
      ]
    : ['No journal was read, so what was sent to AI vendors is not known.'];
  return {
    title: 'Sent to AI vendors',
    intro,
    head: ['time', 'vendor', 'model', 'excerpts', 'characters'],
    rows: g.sends.map((s) => [time(s.time), s.vendor, s.model, s.excerpts.map((x) => `${x.start}-${x.end}`).join(', '), count(s.characters)]),
    empty: g.recorded ? 'Nothing was sent.' : 'Not recorded.',
  };
}

/** The sections in report order. */
export function disclosureSections(report: Report): TextSection[] {
  return [coverageSection(report), materialSection(report), likenessSection(report), egressSection(report)];
}
