/**
 * When each origin was at work, read from the journal's edit events: the first and last
 * moment an event used it (a typing run's `until` counts). Gives the session timeline real
 * ends instead of guessing them. Never throws: unreadable lines are skipped (verification
 * reports them).
 */
import { parseEvent, splitJournal, type JournalEvent } from '../provenance/journal';
import { originKey } from '../provenance/origin';
import type { Origin } from '../provenance/types';
import { countWords } from '../disclosure/passages';

export interface OriginActivity {
  /** `originKey` of the origin. */
  key: string;
  from: string;
  to: string;
}

/**
 * Calls `visit` for each readable event after the header, with the `originKey` of the origin
 * its `origin` field names in the journal's table as defined so far (undefined for none).
 * Throws only when the journal cannot be split; callers turn that into an empty answer.
 */
function eachEvent(journal: string | Buffer, visit: (event: JournalEvent, key: string | undefined) => void): void {
  const table = new Map<number, string>();
  const { lines } = splitJournal(journal);
  for (let i = 1; i < lines.length; i++) {
    const { event } = parseEvent(lines[i].text);
    if (!event) continue;
    if ('defines' in event && event.defines) for (const [id, origin] of Object.entries(event.defines)) table.set(Number(id), originKey(origin as Origin));
    visit(event, 'origin' in event && typeof event.origin === 'number' ? table.get(event.origin) : undefined);
  }
}

export function journalActivity(journal: string | Buffer): OriginActivity[] {
  const spans = new Map<string, { from: number; to: number }>();
  try {
    eachEvent(journal, (event, key) => {
      if (!key || (event.type !== 'edit' && event.type !== 'relabel' && event.type !== 'attest')) return;
      const from = Date.parse(event.time);
      const to = event.type === 'edit' && event.until ? Date.parse(event.until) : from;
      if (Number.isNaN(from)) return;
      const span = spans.get(key);
      if (!span) spans.set(key, { from, to: Number.isNaN(to) ? from : to });
      else {
        span.from = Math.min(span.from, from);
        span.to = Math.max(span.to, Number.isNaN(to) ? from : to);
      }
    });
  } catch {
    return [];
  }
  return [...spans].map(([key, s]) => ({ key, from: new Date(s.from).toISOString(), to: new Date(s.to).toISOString() }));
}

/**
 * Words each origin's edit events inserted, keyed by `originKey` (AI insertions' word counts
 * for word survival). Never throws: an unreadable journal gives an empty map.
 */
export function journalInsertedWords(journal: string | Buffer): Map<string, number> {
  const words = new Map<string, number>();
  try {
    eachEvent(journal, (event, key) => {
      if (event.type !== 'edit' || !event.insertText) return;
      if (key && key.includes('"kind":"ai"')) words.set(key, (words.get(key) ?? 0) + countWords(event.insertText));
    });
  } catch {
    return new Map();
  }
  return words;
}

/** One `egress` event: what an AI command sent out of the editor. */
export interface EgressSend {
  time: string;
  vendor: string;
  model: string;
  tool?: string;
  excerpts: { start: number; end: number; length: number; sha256: string }[];
}

/** Every `egress` event of a journal, in order. Never throws. */
export function journalEgress(journal: string | Buffer): EgressSend[] {
  const out: EgressSend[] = [];
  try {
    eachEvent(journal, (event) => {
      if (event.type !== 'egress') return;
      const send: EgressSend = {
        time: event.time,
        vendor: event.vendor,
        model: event.model,
        excerpts: event.excerpts.map((x) => ({ start: x.start, end: x.end, length: x.length, sha256: x.sha256 })),
      };
      if (event.tool) send.tool = event.tool;
      out.push(send);
    });
  } catch {
    return out;
  }
  return out;
}
