// The egress ledger (issue 16): what an AI command sent is journaled (ranges and hashes, never
// the text), verifies with the chain, and the report lists it under "Sent to AI vendors".
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { splitJournal } from '../../server/src/provenance/journal';
import { ScriptRecord } from '../../server/src/provenance/record';
import { parse } from '../../server/src/fountain/parser';
import { buildReport } from '../../server/src/report/model';
import { defaultProject } from '../../server/src/disclosure/project';
import { renderMarkdown } from '../../server/src/report/markdown';
import { mara, SAMPLE_SCRIPT, tempWorkspace } from './fixtures/journalSession';

describe('egress', () => {
  test('an egress event records excerpt ranges, lengths and hashes, the vendor and the model; the chain holds; the report lists it', () => {
    const { dir } = tempWorkspace();
    const scriptPath = join(dir, 'act1.fountain');
    const record = ScriptRecord.open(scriptPath, SAMPLE_SCRIPT, { writer: mara });
    const excerpt = SAMPLE_SCRIPT.slice(0, 40);
    const sha256 = createHash('sha256').update(excerpt, 'utf8').digest('hex');
    assert.equal(record.egress([{ start: 0, end: 40, length: 40, sha256 }], 'copilot', 'gpt-4o', 'vscode-lm'), true);
    record.flush();
    const journal = record.journalText();
    const events = splitJournal(journal).lines.slice(1).map((l) => JSON.parse(l.text) as Record<string, unknown>);
    const egress = events.find((e) => e.type === 'egress')!;
    assert.deepEqual(egress.excerpts, [{ start: 0, end: 40, length: 40, sha256 }]);
    assert.equal(egress.vendor, 'copilot');
    assert.equal(egress.model, 'gpt-4o');
    assert.ok(!journal.includes(excerpt), 'the text sent is never journaled');
    const v = record.verify();
    assert.equal(v.chainIntact, true);
    const report = buildReport({ script: parse(SAMPLE_SCRIPT), ledger: record.ledger, verification: v, project: defaultProject(), findings: [], journal });
    assert.equal(report.egress.recorded, true);
    assert.deepEqual(report.egress.byVendor, [{ vendor: 'copilot', sends: 1, characters: 40 }]);
    assert.match(renderMarkdown(report), /## Sent to AI vendors\n\n40 characters in 1 request \(copilot: 40\)/);
    record.close();
  });
});
