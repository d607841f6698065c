import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from '../../server/src/fountain/parser';
import { Ledger } from '../../server/src/provenance/ledger';
import type { AiOrigin, HumanOrigin, ImportedOrigin, Origin } from '../../server/src/provenance/types';
import { defaultProject } from '../../server/src/disclosure/project';
import { buildReport, classifyScene } from '../../server/src/report/model';
import { renderHtml } from '../../server/src/report/html';
import { renderMarkdown } from '../../server/src/report/markdown';
import { renderJson } from '../../server/src/report/json';
import { reportValidator, errorsOf } from './helpers';

const NOW = new Date('2026-11-25T12:00:00Z');
const HOSTILE = '<script>alert(1)</script>';
const IMG = '"><img src=x onerror=alert(1)>';

const human = (name: string, at = '2026-11-20T09:00:00Z'): HumanOrigin => ({ kind: 'human', channel: 'typing', writer: { name }, at });
const ai = (model: string, at = '2026-11-21T09:00:00Z'): AiOrigin => ({ kind: 'ai', channel: 'ai-command', tool: 'vscode-lm', model, at });
const imported: ImportedOrigin = { kind: 'imported', channel: 'import', at: '2026-11-19T09:00:00Z' };

/** A ledger built by appending pieces of text with their origins. */
function ledgerOf(pieces: [string, Origin][]): Ledger {
  const ledger = Ledger.create('', imported);
  for (const [text, origin] of pieces) ledger.applyEdit({ offset: ledger.length, deleteLength: 0, insertText: text, origin });
  return ledger;
}

function reportOf(pieces: [string, Origin][]) {
  const ledger = ledgerOf(pieces);
  const script = parse(ledger.text);
  return buildReport({ scriptPath: 'x.fountain', script, ledger, project: defaultProject(), findings: [], now: NOW });
}

describe('report model', () => {
  test('hostile script text and names come out escaped in HTML and Markdown', () => {
    const writer = human(`Eve ${IMG}`);
    const report = reportOf([
      [`Title: ${HOSTILE}\n\n`, writer],
      [`INT. ${IMG} - NIGHT\n\n`, writer],
      [`${HOSTILE} and ${IMG}\n\n`, ai(`gpt-${HOSTILE}`)],
      [`BOB\n${IMG}\n`, writer],
    ]);
    const html = renderHtml(report);
    assert.doesNotMatch(html, /<script/i);
    assert.doesNotMatch(html, /<img/i);
    assert.ok(html.includes('&lt;script&gt;alert(1)&lt;/script&gt;'));
    assert.ok(html.includes('&quot;&gt;&lt;img src=x onerror=alert(1)&gt;'));
    const md = renderMarkdown(report);
    assert.doesNotMatch(md, /<script/i);
    assert.doesNotMatch(md, /<img/i);
    assert.ok(md.includes('&lt;script&gt;alert(1)&lt;/script&gt;'));
    const validate = reportValidator();
    assert.ok(validate(JSON.parse(renderJson(report))), errorsOf(validate));
  });

  test('shares per scene, per writer and per model, labelled observed, declared or unknown', () => {
    const report = reportOf([
      ['INT. ROOM - DAY\n\n', human('Ann')],
      ['Ann types this line.\n\n', human('Ann')],
      ['INT. HALL - NIGHT\n\n', human('Ben')],
      ['The model wrote all of this action.\n\n', ai('m1')],
      ['INT. YARD - DAY\n\n', { kind: 'external', channel: 'reconcile', at: '2026-11-22T09:00:00Z' }],
      ['Somebody else wrote this.\n', { ...human('Ben'), channel: 'attestation' }],
    ]);
    // The third scene's heading changed outside the tracker: unknown text, so not "written by the writers".
    assert.deepEqual(report.scenes.map((s) => s.classification), ['writers', 'mostly-ai-origin', 'mixed']);
    const ann = report.writers.find((w) => w.name === 'Ann')!;
    assert.equal(ann.typed, 'INT. ROOM - DAY\n\nAnn types this line.\n\n'.length);
    const ben = report.writers.find((w) => w.name === 'Ben')!;
    assert.equal(ben.attested, 'Somebody else wrote this.\n'.length);
    assert.deepEqual(report.models.map((m) => [m.model, m.chars]), [['m1', 'The model wrote all of this action.\n\n'.length]]);
    const evidence = new Map(report.shares.rows.map((r) => [`${r.kind}/${r.evidence}`, r.chars]));
    assert.ok(evidence.get('human/observed')! > 0);
    assert.equal(evidence.get('human/declared'), 'Somebody else wrote this.\n'.length);
    assert.equal(evidence.get('external/unknown'), 'INT. YARD - DAY\n\n'.length);
    assert.equal(report.gaps.filter((g) => g.kind === 'external').length, 1);
    assert.equal(report.gaps[0].place?.line, 9);
  });

  test('IPTC digital source types: composite for AI text in a writer\'s line, humanEdits over imported text, none claimed for unknown', () => {
    const report = reportOf([
      ['Ann starts a line and ', human('Ann')],
      ['the model ends it.\n\n', ai('m1')],
      ['A whole AI paragraph.\n\n', ai('m1')],
      ['Old text ', imported],
      ['with a writer edit.\n\n', human('Ann')],
      ['Outside text.\n', { kind: 'external', channel: 'reconcile', at: '2026-11-22T09:00:00Z' }],
    ]);
    const typeOf = (snippet: string): string | undefined => {
      const start = report.text.indexOf(snippet);
      const run = report.runs.find((r) => r.start <= start && start < r.end)!;
      return run.digitalSourceType;
    };
    assert.equal(typeOf('the model ends'), 'compositeWithTrainedAlgorithmicMedia');
    assert.equal(typeOf('A whole AI'), 'trainedAlgorithmicMedia');
    assert.equal(typeOf('with a writer edit'), 'humanEdits');
    assert.equal(typeOf('Ann starts'), 'digitalCreation');
    // C2PA's `empty` means an asset with no content, not an unknown source: no term is claimed.
    assert.equal(typeOf('Outside text'), undefined);
    const outside = report.runs.find((r) => r.kind === 'external')!;
    assert.equal(outside.digitalSourceTypeUri, undefined);
    assert.ok(!report.runs.some((r) => JSON.stringify(r).includes('c2pa.org')));
  });

  test('scene classes follow the limit, for AI-origin and unknown text alike', () => {
    assert.equal(classifyScene(0, 0, 0.5), 'writers');
    assert.equal(classifyScene(0.2, 0, 0.5), 'mixed');
    assert.equal(classifyScene(0, 0.01, 0.5), 'mixed', 'any unknown text: not written by the writers');
    assert.equal(classifyScene(0.5, 0, 0.5), 'mostly-ai-origin');
    assert.equal(classifyScene(0.1, 0.7, 0.5), 'mostly-unknown');
    assert.equal(classifyScene(0.5, 0.5, 0.5), 'mostly-ai-origin');
  });

  test('a script with no record reports no-record and every character unknown', () => {
    const text = 'INT. ROOM - DAY\n\nSomething happens.\n';
    const ledger = Ledger.create(text, imported);
    const report = buildReport({ script: parse(text), ledger, project: defaultProject(), findings: [], now: NOW });
    assert.equal(report.verification.status, 'no-record');
    assert.equal(report.shares.unknownShare, 1);
    assert.match(renderMarkdown(report), /no provenance record/);
  });
});
