/**
 * IPTC digital source types for runs of a script. A run's type depends on its origin and, for
 * two types, on the text around it in the same Fountain element (a line of dialogue, a
 * paragraph of action):
 * - an AI run in an element that also holds a writer's own characters is
 *   `compositeWithTrainedAlgorithmicMedia` (AI text woven into human text: an AI rewrite of
 *   part of a writer's line, or a writer's revision of an AI line); an AI run alone is
 *   `trainedAlgorithmicMedia`;
 * - a writer's run in an element that also holds imported, external or pasted text of unknown
 *   origin is `humanEdits` (a writer editing text nobody saw written); otherwise
 *   `digitalCreation`.
 * Text of unknown origin gets no type: IPTC has no term for "unknown", and C2PA's `empty` means an
 * asset with no content, not an unknown source. The record declines to claim one.
 */
import type { Origin, OriginKind } from '../provenance/types';
import type { DigitalSourceType } from './types';

const IPTC = 'http://cv.iptc.org/newscodes/digitalsourcetype/';

/** The vocabulary URI of a digital source type. */
export function digitalSourceTypeUri(type: DigitalSourceType): string {
  return IPTC + type;
}

const UNKNOWN_TEXT: ReadonlySet<OriginKind> = new Set(['imported', 'external', 'pasted']);

/** The digital source type of a run, given the origin kinds present in its element. */
export function digitalSourceTypeOf(origin: Origin, neighbours: ReadonlySet<OriginKind>): DigitalSourceType | undefined {
  switch (origin.kind) {
    case 'human':
      for (const kind of neighbours) if (UNKNOWN_TEXT.has(kind)) return 'humanEdits';
      return 'digitalCreation';
    case 'ai':
      return neighbours.has('human') ? 'compositeWithTrainedAlgorithmicMedia' : 'trainedAlgorithmicMedia';
    case 'furnished':
      return origin.aiOrigin === 'yes' ? 'trainedAlgorithmicMedia' : origin.aiOrigin === 'no' ? 'digitalCreation' : undefined;
    case 'quoted':
    case 'prior':
      return 'digitalCreation';
    default:
      return undefined;
  }
}

/** Who stands behind a run, in Agent Trace's terms. */
export function contributorOf(origin: Origin): 'human' | 'ai' | 'unknown' {
  if (origin.kind === 'human' || origin.kind === 'quoted' || origin.kind === 'prior') return 'human';
  if (origin.kind === 'ai') return 'ai';
  if (origin.kind === 'furnished') return origin.aiOrigin === 'yes' ? 'ai' : origin.aiOrigin === 'no' ? 'human' : 'unknown';
  return 'unknown';
}

/** A short name for whoever produced a run. */
export function whoOf(origin: Origin): string {
  switch (origin.kind) {
    case 'human':
      return origin.writer.name;
    case 'ai':
      return origin.model ?? 'unknown model';
    case 'pasted':
      return origin.by ? `pasted by ${origin.by.name}` : 'pasted';
    case 'quoted':
      return origin.source ? `quoted: ${origin.source}` : 'quoted';
    case 'furnished':
      return `furnished: ${origin.material}`;
    case 'prior':
      return `prior writer: ${origin.writer?.name ?? 'unnamed'}`;
    case 'imported':
      return 'imported';
    case 'external':
      return 'outside edit';
    case 'unattributed':
      return 'unattributed';
  }
}
