/**
 * The report as JSON, the shape published in schemas/report.schema.json. The script text
 * itself is left out (the runs and the attribution export locate everything by offset and
 * line, and carry a hash of each range), so the JSON can travel without the script.
 */
import type { Report } from './types';

/** The JSON form of a report: everything but the script text. */
export type ReportJson = Omit<Report, 'text'> & { $schema: string };

export const REPORT_SCHEMA_ID = 'https://fountain-provenance.invalid/schemas/report.schema.json';

export function reportToJson(report: Report): ReportJson {
  const { text: _text, ...rest } = report;
  return { $schema: REPORT_SCHEMA_ID, ...rest };
}

/** Renders the report as pretty-printed JSON with a trailing newline. */
export function renderJson(report: Report): string {
  return JSON.stringify(reportToJson(report), null, 2) + '\n';
}
