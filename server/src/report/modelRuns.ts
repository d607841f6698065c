/**
 * Report parts: the session timeline, the runs with their IPTC digital source type, and
 * the attribution trace (contributors and hashed ranges per file).
 */
import { createHash } from 'node:crypto';
import type { Element, Script } from '../fountain/types';
import { originKey } from '../provenance/origin';
import type { Origin, OriginKind, Run } from '../provenance/types';
import type { OriginActivity } from './activity';
import { contributorOf, digitalSourceTypeOf, digitalSourceTypeUri, whoOf } from './digitalSource';
import { eachOverlap, evidenceOf, placeOf } from './tally';
import type { AttributionTrace, RunReport, SessionReport } from './types';

/** The SHA-256 of a string's UTF-8 bytes, in hex. */
export function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/**
 * Sessions on the timeline: each origin's recorded start, running until the next recorded
 * moment (or the end of the journal's time span, `end`).
 */
export function sessionsOf(origins: readonly Origin[], runs: Run[], end: string | undefined, activity?: OriginActivity[]): SessionReport[] {
  const chars = new Map<Origin, number>();
  for (const r of runs) chars.set(r.origin, (chars.get(r.origin) ?? 0) + r.end - r.start);
  const spans = new Map((activity ?? []).map((a) => [a.key, a]));
  const timed = origins.filter((o) => o.at && !Number.isNaN(Date.parse(o.at)) && o.channel !== 'attestation' && o.kind !== 'imported');
  const moments = [...new Set(timed.map((o) => o.at))].sort();
  const last = end && !Number.isNaN(Date.parse(end)) ? end : moments[moments.length - 1];
  const out: SessionReport[] = [];
  for (const o of timed) {
    const span = activity ? spans.get(originKey(o)) : undefined;
    if (activity && !span) continue; // defined but never used by an edit
    let from = o.at;
    let to: string;
    if (span) {
      from = span.from < o.at ? span.from : o.at;
      to = span.to;
    } else {
      // Without the journal's times: until the next recorded moment.
      const i = moments.indexOf(o.at);
      to = o.kind === 'ai' ? o.at : (moments[i + 1] ?? last ?? o.at);
    }
    if (o.kind === 'ai') to = from;
    out.push({ kind: o.kind, who: whoOf(o), from, to: to < from ? from : to, chars: chars.get(o) ?? 0, evidence: evidenceOf(o) });
  }
  return out.sort((a, b) => a.from.localeCompare(b.from) || a.who.localeCompare(b.who));
}

export /** The runs cut at element boundaries, each with its IPTC digital source type. */
function runsWithSourceTypes(script: Script, runs: Run[], lineStarts: number[]): RunReport[] {
  const elements: Element[] = script.elements.filter((e) => e.end > e.start).sort((a, b) => a.start - b.start);
  // Cut points: element boundaries, so each piece lies in at most one element.
  const out: RunReport[] = [];
  let e = 0;
  for (const run of runs) {
    let start = run.start;
    while (start < run.end) {
      while (e < elements.length && elements[e].end <= start) e++;
      const el = elements[e];
      let end = run.end;
      let neighbours: Set<OriginKind> = new Set();
      if (el && el.start <= start) {
        end = Math.min(run.end, el.end);
        neighbours = kindsIn(runs, el.start, el.end);
      } else if (el) end = Math.min(run.end, el.start);
      const type = digitalSourceTypeOf(run.origin, neighbours);
      const a = placeOf(lineStarts, start, end);
      const item: RunReport = {
        start,
        end,
        line: a.line,
        endLine: a.endLine,
        kind: run.origin.kind,
        evidence: evidenceOf(run.origin),
        contributor: contributorOf(run.origin),
        who: whoOf(run.origin),
      };
      if (type) {
        item.digitalSourceType = type;
        item.digitalSourceTypeUri = digitalSourceTypeUri(type);
      }
      if (run.origin.kind === 'ai' && run.origin.model) item.model = run.origin.model;
      out.push(item);
      start = end;
    }
  }
  return out;
}

function kindsIn(runs: Run[], start: number, end: number): Set<OriginKind> {
  const kinds = new Set<OriginKind>();
  eachOverlap(runs, start, end, (run) => kinds.add(run.origin.kind));
  return kinds;
}

/** The attribution trace: per contributor, the ranges of the text and their hashes. */
export function attributionOf(
  text: string,
  runs: Run[],
  lineStarts: number[],
  path: string | undefined,
  timestamp: string,
  tool: { name: string; version: string },
): AttributionTrace {
  const groups = new Map<string, AttributionTrace['files'][number]['conversations'][number]>();
  let prev: { key: string; start: number; end: number } | undefined;
  const pieces: { key: string; start: number; end: number; origin: Origin }[] = [];
  for (const run of runs) {
    const type = contributorOf(run.origin);
    const key = `${type}|${run.origin.kind === 'ai' ? `${run.origin.vendor ?? ''}/${run.origin.model ?? ''}` : run.origin.kind === 'human' ? run.origin.writer.name : ''}`;
    if (prev && prev.key === key && prev.end === run.start) {
      prev.end = run.end;
      pieces[pieces.length - 1].end = run.end;
    } else {
      prev = { key, start: run.start, end: run.end };
      pieces.push({ key, start: run.start, end: run.end, origin: run.origin });
    }
  }
  for (const p of pieces) {
    let group = groups.get(p.key);
    if (!group) {
      const type = contributorOf(p.origin);
      const contributor: { type: 'human' | 'ai' | 'unknown'; model_id?: string; name?: string } = { type };
      // Agent Trace names a model `provider/model`; a vendor the record does not know is `unknown/`.
      if (p.origin.kind === 'ai' && p.origin.model) contributor.model_id = `${p.origin.vendor?.trim() || 'unknown'}/${p.origin.model}`;
      if (p.origin.kind === 'human') contributor.name = p.origin.writer.name;
      group = { contributor, ranges: [] };
      groups.set(p.key, group);
    }
    const place = placeOf(lineStarts, p.start, p.end);
    group.ranges.push({
      start_line: place.line,
      end_line: place.endColumn === 1 && place.endLine > place.line ? place.endLine - 1 : place.endLine,
      start_offset: p.start,
      end_offset: p.end,
      content_hash: 'sha256:' + sha256(text.slice(p.start, p.end)),
    });
  }
  const digest = sha256(text);
  const id = `${digest.slice(0, 8)}-${digest.slice(8, 12)}-4${digest.slice(13, 16)}-8${digest.slice(17, 20)}-${digest.slice(20, 32)}`;
  return {
    version: '0.1.0',
    id,
    timestamp,
    tool: { name: tool.name, version: tool.version },
    files: [{ path: path ? path.replace(/^.*[\\/]/, '') : 'script.fountain', conversations: [...groups.values()] }],
  };
}
