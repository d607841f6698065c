/**
 * One origin table per checkpoint. A checkpoint carries the journal's origin table
 * (`origins`, ids as events use them); its ledger snapshot names its own origins by their ids
 * in that table (`ledger.originIds`) instead of repeating them, so the table is stored once.
 * Checkpoints written before this (and every format 1 checkpoint) carry the ledger's own
 * `ledger.origins`; both load. See docs/journal.md, "The origin table".
 */
import { ProvenanceError } from './errors';
import type { CheckpointEvent, CheckpointLedger } from './journal';
import { isOrigin, originKey } from './origin';
import type { LedgerSnapshot, Origin } from './types';

/**
 * The journaled form of a ledger snapshot: its origins as ids in the journal's table. `idOf`
 * gives an origin's id there, adding it to the table when it is missing (the journal writer
 * defines it in the checkpoint itself).
 */
export function journaledSnapshot(snapshot: LedgerSnapshot, idOf: (origin: Origin) => number): CheckpointLedger {
  const { origins, ...rest } = snapshot;
  return { originIds: origins.map(idOf), ...rest };
}

/**
 * The ledger snapshot a checkpoint describes, with its origins: taken from the checkpoint's
 * table when the snapshot names them by id (in canonical field order, as a ledger keeps them).
 * @throws ProvenanceError when an id names no valid origin of the table, or the snapshot has
 * both forms.
 */
export function checkpointSnapshot(event: Pick<CheckpointEvent, 'origins' | 'ledger'>): LedgerSnapshot {
  const ledger = event.ledger;
  if (!ledger || typeof ledger !== 'object') throw new ProvenanceError('The checkpoint has no ledger snapshot.', 'ledger');
  const ids = ledger.originIds;
  if (ids === undefined) return ledger as LedgerSnapshot;
  if (ledger.origins !== undefined) throw new ProvenanceError('The ledger snapshot has both origins and originIds; it has one or the other.', 'ledger.originIds');
  if (!Array.isArray(ids)) throw new ProvenanceError('The ledger snapshot\'s originIds is not a list.', 'ledger.originIds');
  const table: readonly unknown[] = Array.isArray(event.origins) ? event.origins : [];
  const origins = ids.map((id, i): Origin => {
    const origin = Number.isSafeInteger(id) && id >= 0 && id < table.length ? table[id] : undefined;
    if (!isOrigin(origin)) {
      throw new ProvenanceError(
        `Origin ${i} of the ledger snapshot is entry ${JSON.stringify(id)} of the checkpoint's origin table, which ${origin === undefined ? 'has no such entry' : 'is not a valid origin (it needs a known kind, a channel and a time)'}.`,
        `ledger.originIds[${i}]`,
      );
    }
    return JSON.parse(originKey(origin)) as Origin;
  });
  const { originIds: _ids, ...rest } = ledger;
  return { ...rest, origins } as LedgerSnapshot;
}
