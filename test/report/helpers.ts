/** Shared helpers of the report tests: the bundled example's report, schema validators, goldens. */
import { existsSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import assert from 'node:assert/strict';
import Ajv from 'ajv';
import type { ValidateFunction } from 'ajv';
import { analyseScript } from '../../server/src/cli/validateLoad';
import { buildReport } from '../../server/src/report/model';
import { journalActivity } from '../../server/src/report/activity';
import type { Report } from '../../server/src/report/types';

export const ROOT = resolve(__dirname, '..', '..');
export const EXAMPLE = join(ROOT, 'examples', 'the-night-shift.fountain');
/** A fixed generation time, so goldens do not change with the clock. */
export const FIXED_NOW = new Date('2026-11-25T12:00:00Z');

export function exampleReport(): Report {
  const a = analyseScript(EXAMPLE, { now: FIXED_NOW });
  return buildReport({
    scriptPath: 'examples/the-night-shift.fountain',
    script: a.script,
    ledger: a.ledger,
    verification: a.verification,
    project: a.project,
    findings: a.findings,
    now: FIXED_NOW,
    ...(a.journal ? { activity: journalActivity(a.journal), journal: a.journal } : {}),
  });
}

/** Compares with a golden file; UPDATE_GOLDENS=1 rewrites it instead. */
export function assertGolden(name: string, actual: string): void {
  const path = join(__dirname, 'fixtures', name);
  if (process.env.UPDATE_GOLDENS === '1' || !existsSync(path)) {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, actual);
    if (process.env.UPDATE_GOLDENS !== '1') assert.fail(`golden ${name} was missing and has been written: check it and run again`);
    return;
  }
  const expected = readFileSync(path, 'utf8');
  assert.equal(actual, expected, `${name} differs from its golden (UPDATE_GOLDENS=1 rewrites goldens after a deliberate change)`);
}

function addFormats(ajv: Ajv): void {
  ajv.addFormat('date-time', /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/);
  ajv.addFormat('uri', (s: string) => {
    try {
      return new URL(s).protocol.length > 1;
    } catch {
      return false;
    }
  });
  ajv.addFormat('uri-reference', (s: string) => {
    try {
      new URL(s, 'http://base.invalid/');
      return true;
    } catch {
      return false;
    }
  });
}

/** Validator of schemas/report.schema.json. */
export function reportValidator(): ValidateFunction {
  const ajv = new Ajv({ allErrors: true, strict: true });
  addFormats(ajv);
  return ajv.compile(JSON.parse(readFileSync(join(ROOT, 'schemas', 'report.schema.json'), 'utf8')));
}

/**
 * Validator of the OASIS SARIF 2.1.0 schema (draft-04), as shipped by the dev dependency
 * @microsoft/jest-sarif: read from node_modules, never copied into the product.
 * Ajv 8 reads draft-07; the schema uses no draft-04-only keyword except `id`, so the
 * top-level `id` becomes `$id` and the meta-schema reference is updated.
 */
export function sarifValidator(): ValidateFunction {
  const schema = JSON.parse(readFileSync(require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8')) as Record<string, unknown>;
  schema.$schema = 'http://json-schema.org/draft-07/schema#';
  schema.$id = schema.id;
  delete schema.id;
  // The schema's `language` pattern has a stray ']' that is only legal without the u flag.
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats(ajv);
  return ajv.compile(schema);
}

export function errorsOf(v: ValidateFunction): string {
  return JSON.stringify(v.errors?.slice(0, 5), null, 1);
}
