/**
 * The ledger's survival accounting: for each insertion, how many characters it put in and
 * how many of them are still in the text, so that every AI insertion's survival ratio is
 * exact. Text of any other origin shares one insertion id per origin.
 */
import type { OriginTable } from './ledgerOrigins';
import type { RunTriple } from './ledgerRuns';
import type { AiOrigin, AiSurvival, OriginId } from './types';

/** One insertion's counts. */
export interface Insertion {
  originId: OriginId;
  /** Characters the insertion put in. */
  inserted: number;
  /** Characters of it in the text now. */
  live: number;
}

/** The insertions of one ledger and the id each non-AI origin's text shares. */
export class InsertionBook {
  readonly insertions = new Map<number, Insertion>();
  /** The insertion id all text of each non-AI origin shares. */
  readonly shared = new Map<OriginId, number>();
  nextInsertionId = 0;

  constructor(private readonly origins: OriginTable) {}

  /**
   * Starts an insertion of `inserted` characters of `originId` and returns the insertion id
   * its runs carry: a new id for AI text, whose survival is tracked per insertion; for any
   * other origin the id all its text shares (the id of its first insertion), so that
   * neighbouring text of one writer makes one run however it was typed. Every insertion
   * still takes a number, so AI insertion ids do not depend on how other text is grouped.
   */
  start(originId: OriginId, inserted: number): number {
    const id = this.nextInsertionId++;
    if (this.origins.list[originId].kind === 'ai') {
      this.insertions.set(id, { originId, inserted, live: 0 });
      return id;
    }
    let sid = this.shared.get(originId);
    if (sid === undefined) {
      sid = id;
      this.shared.set(originId, sid);
    }
    this.record(sid, originId).inserted += inserted;
    return sid;
  }

  /** The counts of insertion `id`, made (empty, of `originId`) if it has none. */
  record(id: number, originId: OriginId): Insertion {
    let record = this.insertions.get(id);
    if (!record) {
      record = { originId, inserted: 0, live: 0 };
      this.insertions.set(id, record);
    }
    return record;
  }

  /** Counts back in runs that return to the text (a restored deletion). */
  addLive(runs: readonly RunTriple[]): void {
    for (const [len, originId, id] of runs) {
      const record = this.record(id, originId);
      record.live += len;
      // A restored insertion forgotten meanwhile comes back with what is live of it.
      if (record.inserted < record.live) record.inserted = record.live;
    }
  }

  /**
   * Counts out runs that left the text; a non-AI insertion with nothing left is forgotten
   * unless it is `openId` (typing may still extend it) or its origin's shared id.
   */
  dropLive(runs: readonly RunTriple[], openId: number | undefined): void {
    for (const [len, , id] of runs) {
      const record = this.insertions.get(id);
      if (!record) continue;
      record.live -= len;
      if (record.live <= 0 && this.origins.list[record.originId].kind !== 'ai' && openId !== id && this.shared.get(record.originId) !== id) {
        this.insertions.delete(id);
      }
    }
  }

  /** Every AI insertion ever made, oldest first, with how much of it is still in the text. */
  aiSurvival(): AiSurvival[] {
    const out: AiSurvival[] = [];
    for (const [insertionId, record] of [...this.insertions].sort((a, b) => a[0] - b[0])) {
      const origin = this.origins.list[record.originId];
      if (origin.kind !== 'ai') continue;
      out.push({
        insertionId,
        originId: record.originId,
        origin: origin as AiOrigin,
        inserted: record.inserted,
        surviving: record.live,
        survivalRatio: record.inserted > 0 ? record.live / record.inserted : 0,
      });
    }
    return out;
  }
}
