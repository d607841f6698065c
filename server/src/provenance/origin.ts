/**
 * Origins: who or what produced a run of text. Origins are interned by a ledger through
 * their canonical key, so equal origins share one `OriginId`.
 */
import { canonicalJson } from './canonicalJson';
import type { Channel, Origin, OriginKind, Shares, Writer } from './types';

/** Every origin kind, in the order reports list them. */
export const originKinds: readonly OriginKind[] = [
  'human',
  'ai',
  'pasted',
  'imported',
  'external',
  'furnished',
  'prior',
  'quoted',
  'unattributed',
];

const keys = new WeakMap<object, string>();

/**
 * The canonical key of an origin: its canonical JSON (canonicalJson.ts: object keys sorted,
 * `undefined` fields left out), so two origins that say the same thing have the same key
 * whatever the field order.
 * The key is computed once per origin object: origins are treated as immutable once used.
 */
export function originKey(origin: Origin): string {
  if (!origin || typeof origin !== 'object') return canonicalJson(origin);
  let key = keys.get(origin);
  if (key === undefined) {
    key = canonicalJson(origin);
    keys.set(origin, key);
  }
  return key;
}

/** Shares with every origin kind at zero characters. */
export function emptyShares(): Shares {
  return { human: 0, ai: 0, pasted: 0, imported: 0, external: 0, furnished: 0, prior: 0, quoted: 0, unattributed: 0 };
}

/** Plain-English words for each channel. */
const channelWords: Record<Channel, string> = {
  typing: 'typing',
  paste: 'paste',
  'ai-command': 'AI command',
  completion: 'accepted completion',
  dictation: 'dictation',
  undo: 'undo',
  redo: 'redo',
  move: 'moved within the script',
  reconcile: 'found changed on disk',
  attestation: 'attested',
  import: 'import',
};

function writerName(writer: Writer | undefined): string | undefined {
  if (!writer || typeof writer.name !== 'string' || writer.name.trim() === '') return undefined;
  return writer.name.trim();
}

/**
 * The origin in plain English for hovers and reports, e.g. "Mara Okafor, typing" or
 * "AI: gpt-4o (vscode-lm), AI command". Never throws, even on a malformed origin.
 */
export function describeOrigin(origin: Origin): string {
  if (!origin || typeof origin !== 'object') return 'Unknown origin';
  const channel = channelWords[origin.channel as Channel] ?? String(origin.channel ?? 'unknown channel');
  switch (origin.kind) {
    case 'human': {
      const by = writerName(origin.declaredBy);
      const name = writerName(origin.writer);
      return `${name && !isUnnamedWriterName(name) ? name : 'An unnamed writer'}, ${channel}${by && by !== writerName(origin.writer) ? `, declared by ${by}` : ''}`;
    }
    case 'prior': {
      const by = writerName(origin.by);
      return `Prior writer's material: ${writerName(origin.writer) ?? 'an unnamed writer'}${origin.material ? ` (${origin.material})` : ''}${by ? `, declared by ${by}` : ''}`;
    }
    case 'ai': {
      const model = origin.model ? origin.model + (origin.version ? ` ${origin.version}` : '') : 'unknown model';
      const tool = origin.tool ? ` (${origin.tool})` : '';
      if (origin.assisted) return `AI: ${model}${tool}, ${assistedWords(origin.revisedBy ?? origin.requestedBy)}`;
      const by = writerName(origin.requestedBy);
      return `AI: ${model}${tool}, ${channel}${by ? `, requested by ${by}` : ''}`;
    }
    case 'pasted': {
      const by = writerName(origin.by);
      return `Pasted from outside the script${origin.source ? ` (${origin.source})` : ''}${by ? ` by ${by}` : ''}`;
    }
    case 'imported':
      return `Present when tracking began${origin.source ? ` (${origin.source})` : ''}`;
    case 'external':
      return `Changed outside the tracker${origin.note ? ` (${origin.note})` : ''}, ${channel}`;
    case 'furnished': {
      const ai = origin.aiOrigin === 'yes' ? 'AI origin: yes' : origin.aiOrigin === 'no' ? 'AI origin: no' : 'AI origin: unknown';
      const disclosed = origin.disclosedBy ? `, disclosed by ${origin.disclosedBy}` : ', no disclosure recorded';
      return `Furnished material: ${origin.material || 'unnamed'} (${ai}${disclosed})`;
    }
    case 'quoted': {
      const by = writerName(origin.by);
      return `Quoted research${origin.source ? ` from ${origin.source}` : ''}${by ? `, declared by ${by}` : ''}`;
    }
    case 'unattributed': {
      const by = writerName(origin.by);
      return `Unattributed: nobody has said where this came from${by ? ` (inserted while ${by} was writing)` : ''}`;
    }
    default:
      return `Unknown origin (${String((origin as { kind?: unknown }).kind)})`;
  }
}

/**
 * The words for text a writer marked AI-assisted: "marked AI-assisted by Mara Okafor (declared)".
 * Such text is AI-origin, shaped by the writer, never described as used as generated.
 */
export function assistedWords(writer: Writer | undefined): string {
  const name = writerName(writer);
  return `marked AI-assisted by ${name && !isUnnamedWriterName(name) ? name : 'an unnamed writer'} (declared)`;
}

/**
 * The label the record uses for a writer who has not set a name yet (events, typing, the
 * signing key): it is no name, and no statement or credit ever lists it as a writer.
 */
export const UNNAMED_WRITER_LABEL = 'an unnamed writer';

/** True for the unnamed writer's label (and "Unknown writer", what journals said before). */
export function isUnnamedWriterName(name: string | undefined): boolean {
  const n = (name ?? '').trim();
  return n === '' || n === UNNAMED_WRITER_LABEL || n === 'Unknown writer';
}

/** True when `value` has the shape of an origin (a known kind, a channel and a time). */
export function isOrigin(value: unknown): value is Origin {
  if (!value || typeof value !== 'object') return false;
  const o = value as { kind?: unknown; channel?: unknown; at?: unknown };
  return (
    typeof o.kind === 'string' &&
    (originKinds as readonly string[]).includes(o.kind) &&
    typeof o.channel === 'string' &&
    typeof o.at === 'string'
  );
}

/** How text arrived, in plain English (e.g. "accepted completion", "found changed on disk"). */
export function describeChannel(channel: string): string {
  return channelWords[channel as Channel] ?? String(channel || 'unknown channel');
}
