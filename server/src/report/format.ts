/** Small formatting helpers shared by the text renderers. */
import type { OriginKind } from '../provenance/types';
import { formatPercent } from '../disclosure/statement';
import type { Evidence, Place, SceneClass } from './types';

/** A share as a percentage with one decimal: "12.3%", "0%", "<0.1%": the statement's rounding (formatPercent). */
export function percent(share: number): string {
  return formatPercent(share).replace('less than ', '<').replace('more than ', '>');
}

/** A count with thousands separators, the same in every locale. */
export function count(n: number): string {
  return String(Math.round(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

export const KIND_LABEL: Record<OriginKind, string> = {
  human: 'Written by a writer',
  ai: 'AI-generated',
  pasted: 'Pasted from outside',
  quoted: 'Quoted research',
  furnished: 'Furnished material',
  imported: 'Present when tracking began',
  external: 'Changed outside the tracker',
  unattributed: 'Unattributed',
};

export const EVIDENCE_LABEL: Record<Evidence, string> = {
  observed: 'observed',
  declared: 'declared',
  unknown: 'unknown',
};

export const CLASS_LABEL: Record<SceneClass, string> = {
  'human-written': 'human-written',
  'ai-assisted': 'AI-assisted',
  'ai-generated': 'AI-generated',
};

export const STATUS_LABEL: Record<string, string> = {
  verified: 'verified',
  'verified-with-gaps': 'verified with gaps',
  unsigned: 'UNSIGNED',
  mismatch: 'MISMATCH',
  'no-record': 'no provenance record',
};

/** "line 12" or "lines 12-14". */
export function lines(place: Place): string {
  const end = place.endColumn === 1 && place.endLine > place.line ? place.endLine - 1 : place.endLine;
  return end === place.line ? `line ${place.line}` : `lines ${place.line}-${end}`;
}

/** An ISO time shown as "2026-11-25 09:14 UTC". */
export function time(iso: string | undefined): string {
  if (!iso) return 'unknown time';
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  return new Date(ms).toISOString().slice(0, 16).replace('T', ' ') + ' UTC';
}

/** The lines a set of places cover, compacted: "line 51", "lines 51-53, 57, 60-63". */
export function lineList(places: Place[]): string {
  const covered = new Set<number>();
  for (const p of places) {
    const end = p.endColumn === 1 && p.endLine > p.line ? p.endLine - 1 : p.endLine;
    for (let l = p.line; l <= end; l++) covered.add(l);
  }
  const sorted = [...covered].sort((a, b) => a - b);
  if (sorted.length === 0) return '-';
  const parts: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j] + 1) j++;
    parts.push(i === j ? String(sorted[i]) : `${sorted[i]}-${sorted[j]}`);
    i = j + 1;
  }
  return (sorted.length === 1 ? 'line ' : 'lines ') + parts.join(', ');
}
