/**
 * shareTable builds its rows from the counts present, put in order (report/tally.ts), not by
 * looking up every kind and evidence pair: on random counts it must give the very table, key
 * order included, that the lookup over ORIGIN_KINDS x evidence gave.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ORIGIN_KINDS, shareTable } from '../../server/src/report/tally';
import type { Evidence, ShareRow, ShareTable } from '../../server/src/report/types';
import type { OriginKind } from '../../server/src/provenance/types';
import { random } from '../random';

const EVIDENCE: Evidence[] = ['observed', 'declared', 'unknown'];

/** The table as the lookup over every pair made it (the oracle). */
function lookupTable(counts: Map<string, number>): ShareTable {
  const byKind = Object.fromEntries(ORIGIN_KINDS.map((k) => [k, 0])) as Record<OriginKind, number>;
  const byEvidence = Object.fromEntries(EVIDENCE.map((e) => [e, 0])) as Record<Evidence, number>;
  let total = 0;
  for (const [key, chars] of counts) {
    if (key === '#furnished-ai') continue;
    const [kind, evidence] = key.split('/') as [OriginKind, Evidence];
    byKind[kind] += chars;
    byEvidence[evidence] += chars;
    total += chars;
  }
  const ratio = (n: number): number => (total === 0 ? 0 : n / total);
  const rows: ShareRow[] = [];
  for (const kind of ORIGIN_KINDS) {
    for (const evidence of EVIDENCE) {
      const chars = counts.get(`${kind}/${evidence}`) ?? 0;
      if (chars > 0) rows.push({ kind, evidence, chars, share: ratio(chars) });
    }
  }
  return {
    total,
    rows,
    byKind,
    byEvidence,
    aiShare: ratio(byKind.ai),
    aiOriginShare: ratio(byKind.ai + (counts.get('#furnished-ai') ?? 0)),
    humanShare: ratio(byKind.human),
    unknownShare: ratio(byEvidence.unknown),
  };
}

test('shareTable gives the table of the lookup over every kind and evidence, in the same order', () => {
  const rnd = random(17);
  const keys = ORIGIN_KINDS.flatMap((k) => EVIDENCE.map((e) => `${k}/${e}`));
  for (let round = 0; round < 500; round++) {
    const counts = new Map<string, number>();
    const n = Math.floor(rnd() * 8);
    for (let i = 0; i < n; i++) {
      // Counts are filled in run order, not table order.
      const key = rnd() < 0.1 ? '#furnished-ai' : keys[Math.floor(rnd() * keys.length)];
      counts.set(key, (counts.get(key) ?? 0) + 1 + Math.floor(rnd() * 1000));
    }
    const got = shareTable(counts);
    const want = lookupTable(counts);
    assert.deepEqual(got, want);
    assert.equal(JSON.stringify(got), JSON.stringify(want));
  }
  assert.equal(JSON.stringify(shareTable(new Map())), JSON.stringify(lookupTable(new Map())));
});
