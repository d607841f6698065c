/**
 * When each origin was at work, read from the journal's edit events: the first and last
 * moment an event used it (a typing run's `until` counts). Gives the session timeline real
 * ends instead of guessing them. Never throws: unreadable lines are skipped (verification
 * reports them).
 */
import { parseEvent, splitJournal } from '../provenance/journal';
import { originKey } from '../provenance/origin';
import type { Origin } from '../provenance/types';

export interface OriginActivity {
  /** `originKey` of the origin. */
  key: string;
  from: string;
  to: string;
}

export function journalActivity(journal: string | Buffer): OriginActivity[] {
  const table = new Map<number, string>();
  const spans = new Map<string, { from: number; to: number }>();
  try {
    const { lines } = splitJournal(journal);
    for (let i = 1; i < lines.length; i++) {
      const { event } = parseEvent(lines[i].text);
      if (!event) continue;
      if (event.defines) for (const [id, origin] of Object.entries(event.defines)) table.set(Number(id), originKey(origin as Origin));
      if (event.type !== 'edit' && event.type !== 'relabel' && event.type !== 'attest') continue;
      const key = table.get(event.origin);
      if (!key) continue;
      const from = Date.parse(event.time);
      const to = event.type === 'edit' && event.until ? Date.parse(event.until) : from;
      if (Number.isNaN(from)) continue;
      const span = spans.get(key);
      if (!span) spans.set(key, { from, to: Number.isNaN(to) ? from : to });
      else {
        span.from = Math.min(span.from, from);
        span.to = Math.max(span.to, Number.isNaN(to) ? from : to);
      }
    }
  } catch {
    return [];
  }
  return [...spans].map(([key, s]) => ({ key, from: new Date(s.from).toISOString(), to: new Date(s.to).toISOString() }));
}
