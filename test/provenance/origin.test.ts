import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { describeOrigin, emptyShares, isOrigin, originKey, originKinds } from '../../server/src/provenance/origin';
import type { Origin } from '../../server/src/provenance/types';

const at = '2026-03-01T10:00:00.000Z';

describe('originKey', () => {
  test('is the same whatever the field order and ignores undefined fields', () => {
    const a: Origin = { kind: 'ai', channel: 'ai-command', at, tool: 'vscode-lm', model: 'gpt-4o', requestedBy: { name: 'Mara', email: 'm@x' } };
    const b = { requestedBy: { email: 'm@x', name: 'Mara' }, model: 'gpt-4o', version: undefined, tool: 'vscode-lm', at, channel: 'ai-command', kind: 'ai' } as Origin;
    assert.equal(originKey(a), originKey(b));
    assert.deepEqual(JSON.parse(originKey(a)), a);
  });

  test('differs when anything that matters differs', () => {
    const base: Origin = { kind: 'human', channel: 'typing', at, writer: { name: 'Mara Okafor' } };
    assert.notEqual(originKey(base), originKey({ ...base, channel: 'dictation' }));
    assert.notEqual(originKey(base), originKey({ ...base, writer: { name: 'Dev Patel' } }));
    assert.notEqual(originKey(base), originKey({ ...base, at: '2026-03-02T10:00:00.000Z' }));
  });
});

describe('describeOrigin', () => {
  test('says who or what, and how, in plain English for every kind', () => {
    const cases: Array<[Origin, string]> = [
      [{ kind: 'human', channel: 'typing', at, writer: { name: 'Mara Okafor' } }, 'Mara Okafor, typing'],
      [{ kind: 'ai', channel: 'ai-command', at, tool: 'vscode-lm', model: 'gpt-4o' }, 'AI: gpt-4o (vscode-lm), AI command'],
      [{ kind: 'ai', channel: 'completion', at, model: 'claude-sonnet-4', version: '2025-05', requestedBy: { name: 'Dev' } }, 'AI: claude-sonnet-4 2025-05, accepted completion, requested by Dev'],
      [{ kind: 'ai', channel: 'ai-command', at }, 'AI: unknown model, AI command'],
      [{ kind: 'pasted', channel: 'paste', at, by: { name: 'Mara' }, source: 'browser' }, 'Pasted from outside the script (browser) by Mara'],
      [{ kind: 'imported', channel: 'import', at }, 'Present when tracking began'],
      [{ kind: 'external', channel: 'reconcile', at, note: 'git pull' }, 'Changed outside the tracker (git pull), found changed on disk'],
      [{ kind: 'furnished', channel: 'import', at, material: 'Series bible', aiOrigin: 'yes', disclosedBy: 'Studio' }, 'Furnished material: Series bible (AI origin: yes, disclosed by Studio)'],
      [{ kind: 'furnished', channel: 'import', at, material: 'Treatment', aiOrigin: 'unknown' }, 'Furnished material: Treatment (AI origin: unknown, no disclosure recorded)'],
      [{ kind: 'quoted', channel: 'attestation', at, source: 'NYT, 1998', by: { name: 'Mara' } }, 'Quoted research from NYT, 1998, declared by Mara'],
      [{ kind: 'unattributed', channel: 'paste', at }, 'Unattributed: nobody has said where this came from'],
    ];
    for (const [origin, words] of cases) assert.equal(describeOrigin(origin), words);
  });

  test('never throws on a malformed origin', () => {
    assert.equal(describeOrigin(null as unknown as Origin), 'Unknown origin');
    assert.match(describeOrigin({ kind: 'robot' } as unknown as Origin), /Unknown origin \(robot\)/);
    assert.match(describeOrigin({ kind: 'human', channel: 'typing', at } as unknown as Origin), /An unnamed writer, typing/);
  });
});

describe('emptyShares and isOrigin', () => {
  test('emptyShares has every kind at zero', () => {
    const shares = emptyShares();
    assert.deepEqual(Object.keys(shares).sort(), [...originKinds].sort());
    assert.ok(Object.values(shares).every((v) => v === 0));
  });

  test('isOrigin accepts origins and refuses other values', () => {
    assert.ok(isOrigin({ kind: 'imported', channel: 'import', at }));
    assert.ok(!isOrigin({ kind: 'robot', channel: 'import', at }));
    assert.ok(!isOrigin({ kind: 'imported', at }));
    assert.ok(!isOrigin('imported'));
  });
});
