/** Report part: "Sent to AI vendors", from the journal's `egress` events. */
import type { EgressSend } from './activity';
import type { EgressReport } from './types';

export function egressOf(sends: EgressSend[] | undefined): EgressReport {
  const list = (sends ?? []).map((s) => ({ ...s, characters: s.excerpts.reduce((n, x) => n + x.length, 0) }));
  const byVendor = new Map<string, { vendor: string; sends: number; characters: number }>();
  for (const s of list) {
    const v = byVendor.get(s.vendor) ?? { vendor: s.vendor, sends: 0, characters: 0 };
    v.sends++;
    v.characters += s.characters;
    byVendor.set(s.vendor, v);
  }
  return { sends: list, byVendor: [...byVendor.values()].sort((a, b) => b.characters - a.characters || a.vendor.localeCompare(b.vendor)), recorded: sends !== undefined };
}
