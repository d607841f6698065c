/**
 * The title page's `AI Disclosure:` value, written from the record in plain English.
 * Deterministic: the same script, ledger and project always give the same sentence.
 */
import type { Script } from '../fountain/types';
import type { AiOrigin, FurnishedOrigin, Writer } from '../provenance/types';
import type { Ledger } from '../provenance/ledger';
import type { Project } from './project';
import { consentsCovering } from './consent';
import { countedRuns, modelLabel } from './shares';
import { isUnnamedWriterName, UNNAMED_WRITER_LABEL } from '../provenance/origin';
import { textOf } from '../fountain/parser';

/** The label recorded for typing while the writer has not set an identity; never named in a statement. */
export const UNNAMED_WRITER = UNNAMED_WRITER_LABEL;

/** The title-page key the statement is written under. */
export const DISCLOSURE_KEY = 'AI Disclosure';

/**
 * "A", "A and B", "A, B and C". Not for writers: in credits "and" and "&" are terms of art,
 * so names of writers are listed with semicolons ({@link listWriters}).
 */
export function joinNames(names: string[]): string {
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/** Writers' names in a list that no reader takes for a credit: "A; B; C". */
export function listWriters(names: string[]): string {
  return names.join('; ');
}

/** Beside every writer share a report shows. */
export const NOT_CREDIT =
  'Character shares are not writing credit: the Guild determines credit from literary material, and "and" and "&" in a credit are terms of art.';

/**
 * A share as a percentage, the one rounding every output uses (statement, tables, messages):
 * one decimal ("14.6%", "0.4%"), "0%", "100%", "less than 0.1%" for a share that would show
 * as 0.0%. Tables print the last as "<0.1%".
 */
export function formatPercent(share: number): string {
  if (!Number.isFinite(share) || share <= 0) return '0%';
  const pct = share * 100;
  if (pct < 0.05) return 'less than 0.1%';
  if (pct >= 100) return '100%';
  // 99.96% and up would print as 100.0%: say so without claiming all of it.
  if (pct >= 99.95) return 'more than 99.9%';
  return `${pct.toFixed(1)}%`;
}

/** The same as {@link formatPercent} (kept for the rules that call it by this name). */
export const formatShare = formatPercent;

/** How a furnished AI passage is named: "furnished material "Bible" (declared AI-generated)". */
export function originNameForPassage(origin: FurnishedOrigin): string {
  return `furnished material "${origin.material || 'unnamed'}" (declared AI-generated)`;
}

function writersOf(script: Script, ledger: Ledger, project: Project): string[] {
  if (project.writers.length > 0) return project.writers.map((w) => w.name);
  const chars = new Map<string, number>();
  for (const run of countedRuns(script, ledger, project)) {
    let writer: Writer | undefined;
    if (run.origin.kind === 'human') writer = run.origin.writer;
    else if (run.origin.kind === 'ai') writer = run.origin.revisedBy ?? run.origin.requestedBy;
    // Typing recorded before the writer set a name is nobody's to name in a statement.
    // Blank lines and spaces alone (the line break a title-page fix adds) make nobody a writer.
    const visible = writer && !isUnnamedWriterName(writer.name) ? textOf(script).slice(run.start, run.end).replace(/\s+/g, '').length : 0;
    if (writer && visible > 0) chars.set(writer.name, (chars.get(writer.name) ?? 0) + visible);
  }
  return [...chars].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).map(([name]) => name);
}

/** Counted characters by what the statement says of them. */
interface StatementCounts {
  total: number;
  /** AI-origin text: generated in the editor, and text the writer marked AI-assisted. */
  generated: number;
  /** Of `generated`, text the writer marked AI-assisted (declared shaped by them, never "as generated"). */
  assisted: number;
  furnishedAi: number;
  predates: number;
  /** Changed outside the tracker or inserted with no recorded origin. */
  unlabelled: number;
}

function countsOf(script: Script, ledger: Ledger, project: Project): StatementCounts {
  const c: StatementCounts = { total: 0, generated: 0, assisted: 0, furnishedAi: 0, predates: 0, unlabelled: 0 };
  for (const run of countedRuns(script, ledger, project)) {
    const n = run.end - run.start;
    c.total += n;
    const o = run.origin;
    if (o.kind === 'ai') {
      c.generated += n;
      if (o.assisted) c.assisted += n;
    } else if (o.kind === 'furnished' && o.aiOrigin === 'yes') c.furnishedAi += n;
    else if (o.kind === 'imported') c.predates += n;
    // Blank lines of unknown origin (the separator a title-page fix inserts) carry no authorship to disclose.
    else if ((o.kind === 'external' || o.kind === 'unattributed') && /\S/.test(textOf(script).slice(run.start, run.end))) c.unlabelled += n;
  }
  return c;
}

/**
 * The disclosure statement for the title page's `AI Disclosure:` key. It describes the
 * record; it never credits anyone ("Written by" is a credit form the Guild decides), and it
 * never says "no AI" while any text is of unknown origin.
 */
export function disclosureStatement(script: Script, ledger: Ledger, project: Project): string {
  const c = countsOf(script, ledger, project);
  const share = (n: number): number => (c.total === 0 ? 0 : n / c.total);
  const parts: string[] = [];

  if (c.predates > 0) parts.push(`${formatPercent(share(c.predates))} of the text predates the record; its origin is unknown.`);
  if (c.unlabelled > 0) parts.push(`${formatPercent(share(c.unlabelled))} of the text changed outside the record or arrived unlabelled; its origin is unknown.`);
  const unknown = c.predates + c.unlabelled;

  if (c.generated + c.furnishedAi === 0) {
    if (unknown === 0) parts.push('No text was generated by AI.');
    else parts.push(`Of the remaining ${formatPercent(share(c.total - unknown))}, the record shows none generated by AI.`);
  }

  if (c.generated - c.assisted > 0) {
    const perModel = new Map<string, number>();
    const consentIds = new Set<string>();
    const insertions = new Set<number>();
    for (const run of countedRuns(script, ledger, project)) {
      if (run.origin.kind !== 'ai' || run.origin.assisted) continue;
      const origin: AiOrigin = run.origin;
      const label = modelLabel(origin);
      perModel.set(label, (perModel.get(label) ?? 0) + run.end - run.start);
      for (const consent of consentsCovering(project, origin)) consentIds.add(consent.id);
      insertions.add(run.insertionId);
    }
    const models = [...perModel].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).map(([m]) => m);
    let inserted = 0;
    let surviving = 0;
    for (const s of ledger.aiSurvival()) {
      if (!insertions.has(s.insertionId)) continue;
      inserted += s.inserted;
      surviving += s.surviving;
    }
    const writers = writersOf(script, ledger, project);
    const who = writers.length === 1 ? 'the writer' : 'the writers';
    const revision = inserted > 0 && surviving / inserted >= 0.9 ? 'and kept largely as generated' : `and revised by ${who}`;
    let sentence = `${formatPercent(share(c.generated - c.assisted))} of the text was generated by AI (${models.join('; ')}) ${revision}`;
    const ids = [...consentIds].sort();
    if (ids.length > 0) sentence += `; company consent ${ids.length === 1 ? 'ref' : 'refs'} ${ids.join(', ')}`;
    parts.push(`${sentence}.`);
  }
  if (c.assisted > 0) parts.push(assistedSentence(script, ledger, project, share(c.assisted)));
  if (c.furnishedAi > 0) {
    const names = new Set<string>();
    for (const run of countedRuns(script, ledger, project)) if (run.origin.kind === 'furnished' && run.origin.aiOrigin === 'yes') names.add(run.origin.material || 'unnamed');
    parts.push(`${formatPercent(share(c.furnishedAi))} of the text is furnished material declared AI-generated (${[...names].sort().join('; ')}).`);
  }
  const writers = writersOf(script, ledger, project);
  if (writers.length > 0) parts.push(`Writers in the record: ${listWriters(writers)} (not a credit).`);
  return parts.join(' ');
}

/**
 * Text the writer marked AI-assisted: AI-origin, declared shaped by them, e.g. "4.1% of the text
 * was marked AI-assisted (gpt-4o) by Mara Okafor (declared); company consent ref C-12."
 */
function assistedSentence(script: Script, ledger: Ledger, project: Project, fraction: number): string {
  const perModel = new Map<string, number>();
  const by = new Set<string>();
  const consentIds = new Set<string>();
  for (const run of countedRuns(script, ledger, project)) {
    if (run.origin.kind !== 'ai' || !run.origin.assisted) continue;
    const origin: AiOrigin = run.origin;
    const label = modelLabel(origin);
    perModel.set(label, (perModel.get(label) ?? 0) + run.end - run.start);
    const name = (origin.revisedBy ?? origin.requestedBy)?.name;
    by.add(name && !isUnnamedWriterName(name) ? name : UNNAMED_WRITER_LABEL);
    for (const consent of consentsCovering(project, origin)) consentIds.add(consent.id);
  }
  const models = [...perModel].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).map(([m]) => m);
  let sentence = `${formatPercent(fraction)} of the text was marked AI-assisted (${models.join('; ')}) by ${listWriters([...by].sort())} (declared)`;
  const ids = [...consentIds].sort();
  if (ids.length > 0) sentence += `; company consent ${ids.length === 1 ? 'ref' : 'refs'} ${ids.join(', ')}`;
  return `${sentence}.`;
}

const PERCENT = /(less than |more than )?(\d+(?:\.\d+)?)%/gi;

function percentages(text: string): number[] {
  return [...text.matchAll(PERCENT)].map((m) => {
    const n = Number(m[2]);
    return m[1]?.toLowerCase().startsWith('less') ? n / 2 : n;
  });
}

function normalise(text: string): string {
  return text.replace(/\s+/g, ' ').trim().toLowerCase();
}

/**
 * True when a written statement still matches the computed one: the same words, and each
 * percentage within half a point (or a tenth of its value), so ordinary typing does not
 * make the statement stale.
 */
export function statementMatches(written: string, computed: string): boolean {
  const a = normalise(written);
  const b = normalise(computed);
  if (a.replace(PERCENT, '%') !== b.replace(PERCENT, '%')) return false;
  const pa = percentages(a);
  const pb = percentages(b);
  return pa.length === pb.length && pa.every((x, i) => Math.abs(x - pb[i]) <= Math.max(0.5, pb[i] * 0.1));
}
