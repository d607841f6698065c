/**
 * When each company consent entered the record. A format 2 journal records the project file
 * in force at each checkpoint (its hash, and its content when it changed), so a consent the
 * project file holds today can be dated by the record rather than by the file: a consent that
 * first appears after the AI text it covers was inserted is visibly later (issue 11). That is
 * a fact shown to the reader, never a failure: a company may well have consented by other
 * means before the file said so.
 */
import type { Ledger } from '../provenance/ledger';
import type { Verification } from '../provenance/verify';
import { consentCovers } from './consent';
import type { Project } from './project';
import { aiInsertionsOf } from './shares';

const WORDY = /[\p{L}\p{N}]/u;

/** One consent of the project file, against the record. */
export interface ConsentRecordFact {
  id: string;
  /** When the record's policy first contains the consent (a checkpoint's time and event). */
  firstRecorded?: { time: string; event: number };
  /** The earliest surviving AI text the consent covers: its insertion time and place. */
  firstAi?: { time: string; start: number; end: number };
  /** True when the consent is not in the record before the AI text it covers. */
  late: boolean;
  message: string;
}

export interface ConsentRecord {
  /** False when the journal records no policy (format 1, or no checkpoint yet). */
  policyRecorded: boolean;
  consents: ConsentRecordFact[];
}

/** The consent ids a recorded project file's text holds; undefined when it does not parse. */
function consentIdsOf(content: string): Set<string> | undefined {
  try {
    const value = JSON.parse(content) as { consents?: unknown };
    const ids = new Set<string>();
    if (value && Array.isArray(value.consents)) {
      for (const c of value.consents) if (c && typeof c === 'object' && typeof (c as { id?: unknown }).id === 'string') ids.add((c as { id: string }).id);
    }
    return ids;
  } catch {
    return undefined;
  }
}

/** "2026-11-20 09:14 UTC". */
function clock(iso: string): string {
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? iso : new Date(ms).toISOString().slice(0, 16).replace('T', ' ') + ' UTC';
}

/**
 * Each consent of the project that covers surviving AI text, dated by the record's policy.
 * Never throws: anything it cannot read counts as "not in the record".
 */
export function consentRecordOf(project: Project, ledger: Ledger, verification: Verification | undefined): ConsentRecord {
  const policies = verification?.policies ?? [];
  const out: ConsentRecord = { policyRecorded: policies.length > 0, consents: [] };
  if (project.consents.length === 0) return out;
  let insertions;
  try {
    insertions = aiInsertionsOf(ledger);
  } catch {
    return out;
  }
  const text = ledger.text;
  // The first checkpoint whose recorded policy holds each consent id.
  const firstSeen = new Map<string, { time: string; event: number }>();
  let ids: Set<string> | undefined;
  let hash: string | undefined;
  for (const p of policies) {
    if (typeof p.content === 'string') ids = consentIdsOf(p.content);
    else if (p.sha256 !== hash || p.file === null) ids = undefined;
    hash = p.sha256;
    for (const id of ids ?? []) if (!firstSeen.has(id)) firstSeen.set(id, { time: p.time, event: p.event });
  }
  const last = policies[policies.length - 1];
  for (const consent of project.consents) {
    let firstAi: ConsentRecordFact['firstAi'];
    for (const insertion of insertions) {
      if (!consentCovers(consent, insertion.origin)) continue;
      const fragment = insertion.fragments.find((f) => WORDY.test(text.slice(f.start, f.end)));
      if (!fragment) continue;
      const at = Date.parse(insertion.origin.at);
      if (Number.isNaN(at)) continue;
      if (!firstAi || at < Date.parse(firstAi.time)) firstAi = { time: insertion.origin.at, start: fragment.start, end: fragment.end };
    }
    if (!firstAi) continue;
    const fact: ConsentRecordFact = { id: consent.id, firstAi, late: false, message: '' };
    if (!out.policyRecorded) {
      fact.message = `consent ${consent.id}: policy not recorded, so the record cannot show when the consent was made (AI text it covers was inserted at ${clock(firstAi.time)})`;
    } else {
      const seen = firstSeen.get(consent.id);
      if (seen) fact.firstRecorded = seen;
      if (!seen) {
        fact.late = true;
        fact.message = `consent ${consent.id} does not appear in the record's policy (last recorded at ${clock(last.time)}), though AI text it covers was inserted at ${clock(firstAi.time)}`;
      } else if (Date.parse(seen.time) > Date.parse(firstAi.time)) {
        fact.late = true;
        fact.message = `consent ${consent.id} first appears in the record at ${clock(seen.time)}, after AI text inserted at ${clock(firstAi.time)}`;
      } else {
        fact.message = `consent ${consent.id} is in the record from ${clock(seen.time)}, before the AI text it covers (first inserted at ${clock(firstAi.time)})`;
      }
    }
    out.consents.push(fact);
  }
  return out;
}
