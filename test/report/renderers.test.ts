import { describe, test } from 'node:test';
import { createHash } from 'node:crypto';
import assert from 'node:assert/strict';
import { renderMarkdown } from '../../server/src/report/markdown';
import { renderHtml, CSP } from '../../server/src/report/html';
import { renderJson } from '../../server/src/report/json';
import { renderSarif } from '../../server/src/report/sarif';
import { validateFile } from '../../server/src/cli/validateFile';
import { rules } from '../../server/src/disclosure/index';
import { assertGolden, EXAMPLE, errorsOf, exampleReport, FIXED_NOW, reportValidator, sarifValidator } from './helpers';

describe('renderers on the bundled example', () => {
  const report = exampleReport();

  test('the example record verifies and has two writers, one model and a revised AI draft', () => {
    assert.equal(report.verification.status, 'verified');
    assert.deepEqual(report.writers.map((w) => w.name).sort(), ['Dev Lindqvist', 'Mara Okafor']);
    assert.deepEqual(report.models.map((m) => m.model), ['gpt-4o']);
    assert.equal(report.aiInsertions.length, 1);
    const ai = report.aiInsertions[0];
    assert.ok(ai.survivalRatio > 0 && ai.survivalRatio < 1, `the draft was revised: survival ${ai.survivalRatio}`);
    assert.equal(ai.requestedBy, 'Dev Lindqvist');
    assert.deepEqual(report.verification.signedBy, ['Dev Lindqvist', 'Mara Okafor']);
  });

  test('Markdown matches its golden', () => {
    assertGolden('night-shift.md', renderMarkdown(report));
  });

  test('HTML matches its golden and is self-contained', () => {
    const html = renderHtml(report);
    assertGolden('night-shift.html', html);
    assert.ok(html.includes(`content="${CSP}"`));
    assert.doesNotMatch(html, /<script|<link|<iframe|src="http|href="http|url\(/i);
  });

  test('JSON matches its golden and validates against schemas/report.schema.json', () => {
    const json = renderJson(report);
    assertGolden('night-shift.json', json);
    const validate = reportValidator();
    assert.ok(validate(JSON.parse(json)), errorsOf(validate));
  });

  test('SARIF of a validation matches its golden and validates against the SARIF 2.1.0 schema', () => {
    const result = validateFile(EXAMPLE, { now: FIXED_NOW });
    result.file = 'examples/the-night-shift.fountain';
    for (const f of result.findings) f.file = 'examples/the-night-shift.fountain';
    delete result.journal;
    const sarif = renderSarif([result], { rules, cwd: '/submissions' });
    assertGolden('night-shift.sarif', sarif);
    const validate = sarifValidator();
    assert.ok(validate(JSON.parse(sarif)), errorsOf(validate));
  });

  test('the JSON carries IPTC digital source types and an Agent-Trace-style export with content hashes', () => {
    const json = JSON.parse(renderJson(report)) as typeof report;
    const types = new Set(json.runs.map((r) => r.digitalSourceType));
    assert.ok(types.has('digitalCreation'));
    assert.ok(types.has('compositeWithTrainedAlgorithmicMedia'), 'revised AI text sits in lines the writer edited');
    for (const r of json.runs) assert.ok(r.digitalSourceTypeUri === undefined || r.digitalSourceTypeUri.startsWith('http://cv.iptc.org/newscodes/digitalsourcetype/'));
    const conversations = json.attribution.files[0].conversations;
    const ai = conversations.find((c) => c.contributor.type === 'ai');
    assert.equal(ai?.contributor.model_id, 'unknown/gpt-4o', 'Agent Trace: provider/model, the vendor unknown in this record');
    const range = ai!.ranges[0];
    const expected = createHash('sha256').update(report.text.slice(range.start_offset, range.end_offset), 'utf8').digest('hex');
    assert.equal(range.content_hash, `sha256:${expected}`);
  });
});
