/**
 * A consent recorded after the AI text it covers (issue 11, "Precisely"): the journaled policy
 * shows when a consent first appeared, so a consent added to the project file after the AI use
 * is a line in the report and an info finding (on wga.consent-missing, which RULES.md gives the
 * consent rule), never a failure. Journals without policy records say "policy not recorded".
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { consentAction } from '../../server/src/lsp/consent';
import { ScriptRecord } from '../../server/src/provenance/record';
import type { Writer } from '../../server/src/provenance/types';
import { EXAMPLE, exampleCopy, run, tempDir } from './helpers';

const CONSENT = { id: 'NS-AI-2026-01', from: '2026-11-01', tools: ['vscode-lm', 'gpt-4o*'] };
const DRAFT = 'INT. ROOF - NIGHT\n\n';
const AI_TEXT = 'The city hums below them, bright and cold, and nobody on the roof says a word.\n';

/** A script written with an AI insertion at 09:00; the consent enters the project file at `consentAt` (before or after). */
function scriptWithConsent(consentFirst: boolean): { dir: string } {
  const dir = tempDir();
  const keys = tempDir('fp-keys-');
  const path = join(dir, 'roof.fountain');
  const projectPath = join(dir, '.fountain-provenance.json');
  const without = JSON.stringify({ policy: 'wga-mba', allowedModels: ['gpt-4o*'] }, null, 2);
  const withConsent = JSON.stringify({ policy: 'wga-mba', allowedModels: ['gpt-4o*'], consents: [CONSENT] }, null, 2);
  writeFileSync(path, '');
  let clock = Date.parse('2026-11-20T08:00:00.000Z');
  const mara: Writer = { name: 'Mara Okafor' };
  const record = ScriptRecord.open(path, '', { writer: mara, keyDir: keys, now: () => new Date(clock) });
  record.setPolicy({ file: '.fountain-provenance.json', content: consentFirst ? withConsent : without });
  for (const ch of DRAFT) record.applyEdit({ offset: record.text.length, deleteLength: 0, insertText: ch, origin: { kind: 'human', channel: 'typing', at: new Date(clock).toISOString(), writer: mara } });
  record.checkpoint();
  clock = Date.parse('2026-11-20T09:00:00.000Z');
  record.applyEdit({ offset: record.text.length, deleteLength: 0, insertText: AI_TEXT, origin: { kind: 'ai', channel: 'ai-command', at: new Date(clock).toISOString(), tool: 'vscode-lm', model: 'gpt-4o' } });
  record.checkpoint();
  clock = Date.parse('2026-11-21T10:00:00.000Z');
  record.setPolicy({ file: '.fountain-provenance.json', content: withConsent });
  record.checkpoint();
  record.close();
  writeFileSync(path, record.text);
  writeFileSync(projectPath, withConsent);
  return { dir };
}

interface Finding {
  code: string;
  severity: string;
  message: string;
}

test('a consent first recorded after the AI text it covers is an info finding and a report line, not a failure', async () => {
  const { dir } = scriptWithConsent(false);
  const v = await run(['validate', '--workers', '0', '--format', 'json', 'roof.fountain'], dir);
  const result = JSON.parse(v.stdout).results[0] as { verdict: string; findings: Finding[] };
  assert.equal(result.verdict, 'verified', JSON.stringify(result.findings));
  const late = result.findings.filter((f) => /first appears in the record/.test(f.message));
  assert.equal(late.length, 1, JSON.stringify(result.findings));
  assert.equal(late[0].code, 'wga.consent-missing');
  assert.equal(late[0].severity, 'info');
  assert.match(late[0].message, /consent NS-AI-2026-01 first appears in the record at 2026-11-21 10:00 UTC, after AI text inserted at 2026-11-20 09:00 UTC/);
  assert.ok(!result.findings.some((f) => f.code === 'wga.consent-missing' && f.severity === 'error'), 'the consent covers the AI use: no error');
  const report = JSON.parse((await run(['report', 'roof.fountain', '--format', 'json'], dir)).stdout) as { verification: { trust: { consents: Array<{ id: string; late: boolean; firstRecorded: string; firstAi: string }> } } };
  assert.deepEqual(report.verification.trust.consents.map((c) => [c.id, c.late, c.firstRecorded, c.firstAi]), [['NS-AI-2026-01', true, '2026-11-21T10:00:00.000Z', '2026-11-20T09:00:00.000Z']]);
  const summary = await run(['report', 'roof.fountain'], dir);
  assert.match(summary.stdout, /Consent: +consent NS-AI-2026-01 first appears in the record at 2026-11-21 10:00 UTC/);
  const md = await run(['report', 'roof.fountain', '--format', 'md'], dir);
  assert.ok(md.stdout.split('\n').some((l) => l.includes('Consent: consent NS-AI-2026-01 first appears in the record at 2026-11-21 10:00 UTC, after AI text inserted at 2026-11-20 09:00 UTC')), md.stdout.slice(0, 200));
});

test('a consent in the record before the AI text gives no finding; the report says it was there first', async () => {
  const { dir } = scriptWithConsent(true);
  const v = await run(['validate', '--workers', '0', '--format', 'json', 'roof.fountain'], dir);
  const result = JSON.parse(v.stdout).results[0] as { findings: Finding[] };
  assert.ok(!result.findings.some((f) => f.code === 'wga.consent-missing'), JSON.stringify(result.findings));
  const report = JSON.parse((await run(['report', 'roof.fountain', '--format', 'json'], dir)).stdout) as { verification: { trust: { consents: Array<{ late: boolean; message: string }> } } };
  assert.equal(report.verification.trust.consents[0].late, false);
  assert.match(report.verification.trust.consents[0].message, /is in the record from 2026-11-20 08:00 UTC, before the AI text it covers/);
});

test('a journal without policy records says "policy not recorded" for the consent, with no finding', async () => {
  const { dir } = exampleCopy();
  const v = await run(['validate', '--workers', '0', '--format', 'json', EXAMPLE], dir);
  const result = JSON.parse(v.stdout).results[0] as { findings: Finding[] };
  assert.ok(!result.findings.some((f) => f.code === 'wga.consent-missing'));
  const md = await run(['report', EXAMPLE, '--format', 'md'], dir);
  assert.ok(md.stdout.split('\n').some((l) => l.includes('Consent: consent NS-AI-2026-01: policy not recorded')), 'the consent line says the policy was not recorded');
});

test('the informational finding offers no "record the consent" quick fix: the consent is already in the file', () => {
  const session = { path: '/tmp/roof.fountain', uri: 'file:///tmp/roof.fountain' } as unknown as Parameters<typeof consentAction>[0];
  const diagnostic = { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } }, message: 'm' };
  const base = { code: 'wga.consent-missing', severity: 'info' as const, message: 'm', start: 0, end: 1 };
  assert.equal(consentAction(session, { ...base, data: { version: 1, informational: true, consent: 'NS-AI-2026-01' } }, diagnostic), undefined);
  assert.ok(consentAction(session, { ...base, severity: 'error', data: { version: 1, model: 'gpt-4o', at: '2026-11-20T09:00:00Z' } }, diagnostic));
});
