// Disclosure packets per recipient (issue 16): what each must be told, from the same analysis.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { analyseScript } from '../../server/src/cli/validateLoad';
import { buildReport } from '../../server/src/report/model';
import { buildPacket, claimantPassages, renderPacketHtml, renderPacketJson, renderPacketMarkdown, RECIPIENTS } from '../../server/src/report/packets';
import { parse } from '../../server/src/fountain/parser';
import { Ledger } from '../../server/src/provenance/ledger';
import { defaultProject, withPolicy } from '../../server/src/disclosure/project';
import type { Origin } from '../../server/src/provenance/types';
import { EXAMPLE, FIXED_NOW, exampleReport } from './helpers';

const report = exampleReport();
const a = analyseScript(EXAMPLE, { now: FIXED_NOW });

describe('disclosure packets', () => {
  test('every packet carries the statement and the record\'s verification', () => {
    for (const r of RECIPIENTS) {
      const p = buildPacket(r, report, a.project, r === 'usco' ? claimantPassages(a.script, a.ledger, a.project, report) : []);
      assert.equal(p.recipient, r);
      assert.equal(p.statement, report.statement);
      assert.match(p.verification.summary, /hash chain intact over \d+ events; signed by Mara Okafor \[key [0-9a-f]{16}\], Dev Lindqvist \[key [0-9a-f]{16}\] \(keys not checked against a roster\)/);
      assert.equal(p.verification.scriptSha256, report.script.sha256);
      const md = renderPacketMarkdown(p);
      assert.match(md, /## The record/);
      assert.doesNotMatch(md, /Written by/);
      assert.ok(JSON.parse(renderPacketJson(p)).format === 'fountain-provenance-packet');
      assert.doesNotMatch(renderPacketHtml(p), /<script|src="http/i);
    }
  });

  test('usco: every AI-origin passage with scene, lines, text, model and survival, and a draft statement of human contribution', () => {
    const passages = claimantPassages(a.script, a.ledger, a.project, report);
    const p = buildPacket('usco', report, a.project, passages);
    const exclude = p.passages!.filter((x) => x.exclude);
    assert.ok(exclude.length >= 1);
    for (const x of p.passages!) {
      assert.match(x.scene ?? '', /INT\. CORNER BAKERY - LATER/);
      assert.ok(a.script.text.slice(x.place.start, x.place.end) === x.text);
      assert.deepEqual(x.from, ['gpt-4o 2024-08-06 via vscode-lm']);
      assert.match(x.survival ?? '', /32 of 54 words/);
    }
    assert.match(p.humanContribution!, /^DRAFT for the claimant to edit/);
    assert.match(p.humanContribution!, /Mara Okafor; Dev Lindqvist/);
    assert.match(p.purpose, /usually the company/);
    assert.match(renderPacketMarkdown(p), /### \d+\. Exclude: 3\. INT\. CORNER BAKERY - LATER/);
  });

  test('company: each AI insertion with the consent that covers it', () => {
    const p = buildPacket('company', report, a.project);
    const ai = p.sections.find((s) => s.title.startsWith("The writers' AI use"))!;
    assert.equal(ai.rows.length, 1);
    assert.equal(ai.rows[0][3], 'NS-AI-2026-01');
    assert.ok(p.sections.some((s) => s.title === 'Furnished and prior material'));
    assert.ok(p.sections.some((s) => s.title === 'Sent to AI vendors'));
  });

  test('sag: replicas with consent, scenes, and scenes per replica; distributor: chain of title and source types', () => {
    const text = 'INT. STUDIO - DAY\n\n[[replica: Ruth Calder; type: employment; use: de-aging; consent: L-7]]\n\nEXT. LOT - DAY\n\n[[replica: Ruth Calder; use: de-aging; consent: L-7]]\n\n[[synthetic performer: NOVA]]\n\nINT. OFFICE - DAY\n\nNothing.\n';
    const imported: Origin = { kind: 'imported', channel: 'import', at: '2026-01-01T00:00:00Z' };
    const ledger = Ledger.create(text, imported);
    ledger.relabel(0, 60, { kind: 'prior', channel: 'attestation', at: '2026-01-02T00:00:00Z', writer: { name: 'Ann Prior' }, material: 'Draft of 3 March' });
    const project = { ...withPolicy(defaultProject(), 'wga-sag'), performers: [{ name: 'Ruth Calder', consents: [{ id: 'L-7', uses: ['de-aging'], grantedBy: 'performer' as const, representation: 'union' as const }] }] };
    const r = buildReport({ script: parse(text), ledger, project, findings: [], now: FIXED_NOW });
    const sag = buildPacket('sag', r, project);
    const likeness = sag.sections.find((s) => s.title === 'Likeness')!;
    assert.equal(likeness.rows.length, 3);
    assert.match(likeness.intro[0], /Ruth Calder 2 scenes \(1, 2\)/);
    assert.match(likeness.rows[0].join(' | '), /employment \| de-aging \| L-7 \| performer \| union \| not bound/);
    assert.match(likeness.rows[2].join(' | '), /synthetic performer \| NOVA/);
    const dist = buildPacket('distributor', r, project);
    const material = dist.sections.find((s) => s.title === 'Furnished and prior material')!;
    assert.match(material.rows[0].join(' | '), /prior writer's draft \| Draft of 3 March \| Ann Prior/);
    assert.ok(dist.sections.some((s) => s.title === 'IPTC digital source types' && s.rows.some((row) => row[0].startsWith('(none: unknown origin)'))));
  });
});
