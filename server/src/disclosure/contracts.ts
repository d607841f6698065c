/**
 * The union contracts the C rules read, by version, in words for messages and pages.
 * RULES.md, "Who is bound". Product guidance, not legal advice.
 */
import type { SagContract, WgaContract } from './project';

export const WGA_CONTRACTS: readonly WgaContract[] = ['mba-2023', 'mba-2026'];
export const SAG_CONTRACTS: readonly SagContract[] = ['tv-theatrical-2023', 'tv-theatrical-2026'];

const NAMES: Record<string, string> = {
  'mba-2023': 'WGA 2023 MBA',
  'mba-2026': 'WGA 2026 MBA',
  'tv-theatrical-2023': 'SAG-AFTRA 2023 TV/Theatrical agreement',
  'tv-theatrical-2026': 'SAG-AFTRA 2026 TV/Theatrical agreement',
};

/** "WGA 2026 MBA", "SAG-AFTRA 2023 TV/Theatrical agreement"; "no union contract" for null. */
export function contractName(contract: string | null | undefined): string {
  return contract ? (NAMES[contract] ?? contract) : 'no union contract';
}

/** The sentence an uncovered contract rule's hint ends with. */
export function uncoveredNote(union: 'wga' | 'sag'): string {
  return union === 'wga'
    ? 'This applies only if a WGA contract covers the project; the project declares no WGA coverage ("coverage" in .fountain-provenance.json), so it is a reminder, not a breach.'
    : 'This applies only if a SAG-AFTRA contract covers the project; the project declares no SAG-AFTRA coverage ("coverage" in .fountain-provenance.json), so it is a reminder (state law on digital replicas may still apply).';
}
