/**
 * The replay side of a `merge` event (docs/journal.md): its edits applied to the replayed
 * ledger, and the checks of the branch lines it carries. Used by journalReplay.ts; kept apart
 * from merge.ts (which loads journals with the replayer) so the two do not import each other.
 */
import { checkpointSigningText, sha256Hex, type CheckpointEvent, type WriterKey } from './journal';
import { keyIdOf, verifyText } from './keys';
import type { Ledger } from './ledger';
import { applyMergeEdits, type MergeEdit } from './mergeLedger';
import type { Origin, Writer } from './types';

/** What checking a merge event's embedded branch finds. */
export interface BranchCheck {
  problems: Array<{ kind: string; message: string }>;
  signatures: Array<{ writer: Writer; publicKey: string; keyId: string; valid: boolean; seq: number }>;
}

/**
 * Checks the lines a `merge` event carries: they form a chain from `base`, the last one is
 * the second parent, each parses, and every signed checkpoint or seal among them verifies
 * with a key from the journal (`lookup`) or announced on the branch. Never throws.
 */
export function checkMergeBranch(event: { seq: number; prev: string; parents?: unknown; base?: unknown; theirs?: unknown }, lookup: (keyId: string) => WriterKey | undefined): BranchCheck {
  const out: BranchCheck = { problems: [], signatures: [] };
  const lines = Array.isArray(event.theirs) ? (event.theirs as unknown[]) : [];
  const parents = Array.isArray(event.parents) ? (event.parents as unknown[]) : [];
  const where = `merge event ${event.seq}`;
  if (parents[0] !== event.prev) out.problems.push({ kind: 'chain-broken', message: `${where}: its first parent is not the line before it` });
  const keys = new Map<string, WriterKey>();
  const keyFor = (id: string): WriterKey | undefined => keys.get(id) ?? lookup(id);
  let prev = typeof event.base === 'string' ? event.base : '';
  let first = true;
  for (let i = 0; i < lines.length; i++) {
    const text = lines[i];
    if (typeof text !== 'string') {
      out.problems.push({ kind: 'bad-event', message: `${where}: branch line ${i + 1} is not a string` });
      continue;
    }
    let parsed: Record<string, unknown> | undefined;
    try {
      parsed = JSON.parse(text) as Record<string, unknown>;
    } catch {
      out.problems.push({ kind: 'bad-event', message: `${where}: branch line ${i + 1} is not JSON` });
    }
    if (parsed && parsed.type === 'header') {
      for (const w of (parsed.writers as WriterKey[] | undefined) ?? []) if (w && typeof w.publicKey === 'string') keys.set(keyIdOf(w.publicKey), w);
    } else if (parsed) {
      if (!(first && prev === '') && parsed.prev !== prev) {
        out.problems.push({ kind: 'chain-broken', message: `${where}: branch line ${i + 1} (event ${String(parsed.seq)}) does not follow the line before it` });
      }
      for (const w of (parsed.writers as WriterKey[] | undefined) ?? []) if (w && typeof w.publicKey === 'string') keys.set(keyIdOf(w.publicKey), w);
      const sig = parsed.signature as { keyId?: unknown; value?: unknown } | undefined;
      if ((parsed.type === 'checkpoint' || parsed.type === 'seal') && sig && typeof sig.keyId === 'string' && typeof sig.value === 'string') {
        const key = keyFor(sig.keyId);
        if (!key) out.problems.push({ kind: 'unknown-key', message: `${where}: branch event ${String(parsed.seq)} is signed with key ${sig.keyId}, which is not in the journal` });
        else {
          const canonical = Buffer.from(sig.value, 'base64').toString('base64') === sig.value;
          const valid = canonical && verifyText(key.publicKey, checkpointSigningText(parsed as unknown as CheckpointEvent), sig.value);
          out.signatures.push({ writer: key.writer, publicKey: key.publicKey, keyId: keyIdOf(key.publicKey), valid, seq: Number(parsed.seq) || 0 });
          if (!valid) out.problems.push({ kind: 'bad-signature', message: `${where}: the signature of ${key.writer.name} on branch event ${String(parsed.seq)} does not match its content` });
        }
      }
      if (parsed.type === 'merge') {
        const inner = checkMergeBranch(parsed as { seq: number; prev: string }, keyFor);
        out.problems.push(...inner.problems);
        out.signatures.push(...inner.signatures);
      }
    }
    prev = sha256Hex(text);
    first = false;
  }
  if (lines.length > 0 && parents[1] !== prev) out.problems.push({ kind: 'chain-broken', message: `${where}: its second parent is not the last line of the branch it carries` });
  return out;
}

/** Applies a merge event's edits (origin ids resolved in `origins`) to a ledger: the replay side. */
export function replayMergeEdits(ledger: Ledger, edits: unknown, origins: readonly Origin[]): Ledger {
  const list: MergeEdit[] = [];
  if (Array.isArray(edits)) {
    for (const e of edits as Array<Record<string, unknown>>) {
      if (!e || typeof e !== 'object') continue;
      const origin = origins[Number(e.origin)];
      if (!origin) continue;
      list.push({ offset: Number(e.offset) || 0, deleteLength: Number(e.deleteLength) || 0, insertText: typeof e.insertText === 'string' ? e.insertText : '', origin });
    }
  }
  return applyMergeEdits(ledger, list);
}
