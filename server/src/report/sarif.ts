/**
 * Validation findings as SARIF 2.1.0, for code-scanning dashboards and studio pipelines.
 * One run, one tool; each rule code is a reportingDescriptor whose helpUri points at the
 * rule's page in the repository; regions are 1-based with UTF-16 columns (SARIF's default
 * columnKind for this tool is declared explicitly). Each script's signers, by name and key id,
 * and whether their keys were checked against a roster are a note in the invocation
 * (`toolExecutionNotifications`) and listed in the run's `properties.scripts`.
 */
import { pathToFileURL } from 'node:url';
import type * as Sarif from 'sarif';
import type { ScriptValidation } from './validation';
import { VALIDATOR_RULES } from './validation';
import { GENERATOR } from './model';
import { signersPhrase } from './format';

/** Where the rule pages are published (the repository's docs folder). */
export const DOCS_BASE_URI = 'https://example.invalid/fountain-provenance/blob/main/';

export const SARIF_SCHEMA_URI = 'https://json.schemastore.org/sarif-2.1.0.json';

export interface SarifRuleMeta {
  code: string;
  defaultSeverity: string;
  description: string;
  basis: string;
  source: string;
  docPath?: string;
}

export interface SarifOptions {
  /** Rule metadata for the codes (the disclosure rules; validator codes are added). */
  rules?: readonly SarifRuleMeta[];
  /** Folder the file paths are relative to (becomes %SRCROOT%). */
  cwd?: string;
}

function level(severity: string): NonNullable<Sarif.Result['level']> {
  if (severity === 'error') return 'error';
  if (severity === 'warning') return 'warning';
  if (severity === 'info' || severity === 'hint') return 'note';
  return 'none';
}

function relativeUri(file: string): string {
  return file
    .replace(/\\/g, '/')
    .split('/')
    .map((part) => encodeURIComponent(part))
    .join('/');
}

/** Renders a batch of validation results as a SARIF 2.1.0 log (pretty-printed JSON). */
export function renderSarif(results: ScriptValidation[], options: SarifOptions = {}): string {
  const meta = new Map<string, SarifRuleMeta>();
  for (const r of [...VALIDATOR_RULES, ...(options.rules ?? [])]) meta.set(r.code, r);
  const used: string[] = [];
  for (const r of results) for (const f of r.findings) if (!used.includes(f.code)) used.push(f.code);
  const codes = [...new Set([...meta.keys(), ...used])].sort();
  const rules = codes.map((code) => {
    const m = meta.get(code);
    const docPath = m?.docPath ?? (code.startsWith('validate.') ? 'docs/report.md' : `docs/rules/${code}.md`);
    const anchor = code.startsWith('validate.') ? '#validator-codes' : '';
    const rule: Sarif.ReportingDescriptor = {
      id: code,
      name: code.replace(/[.-](\w)/g, (_m, c: string) => c.toUpperCase()).replace(/^\w/, (c) => c.toUpperCase()),
      shortDescription: { text: m?.description ?? code },
      helpUri: DOCS_BASE_URI + docPath + anchor,
      defaultConfiguration: { level: level(m?.defaultSeverity ?? 'warning') },
      properties: { basis: m?.basis ?? 'H', source: m?.source ?? '' },
    };
    if (m?.source) rule.fullDescription = { text: `${m.description} Source: ${m.source}.` };
    return rule;
  });
  const ruleIndex = new Map(codes.map((c, i) => [c, i]));

  const artifacts: Array<Sarif.Artifact & { location: Sarif.ArtifactLocation & { uri: string } }> = [];
  const artifactIndex = new Map<string, number>();
  const artifact = (file: string): number => {
    const uri = relativeUri(file);
    let i = artifactIndex.get(uri);
    if (i === undefined) {
      i = artifacts.length;
      artifacts.push({ location: { uri, uriBaseId: '%SRCROOT%' } });
      artifactIndex.set(uri, i);
    }
    return i;
  };

  const sarifResults = results.flatMap((r) =>
    r.findings.map((f) => {
      const index = artifact(f.file);
      const result: Sarif.Result = {
        ruleId: f.code,
        ruleIndex: ruleIndex.get(f.code),
        level: level(f.severity),
        message: { text: f.message },
        locations: [
          {
            physicalLocation: {
              artifactLocation: { uri: artifacts[index].location.uri, uriBaseId: '%SRCROOT%', index },
              region: {
                startLine: Math.max(1, f.line),
                startColumn: Math.max(1, f.column),
                endLine: Math.max(1, f.endLine, f.line),
                endColumn: Math.max(1, f.endLine > f.line ? f.endColumn : Math.max(f.endColumn, f.column)),
              },
            },
          },
        ],
        properties: { verdict: r.verdict, script: r.file, ...(f.event !== undefined ? { event: f.event } : {}) },
      };
      return result;
    }),
  );

  // Who signed each script, by key id, and whether the keys were checked against a roster:
  // one note per script with a record, and the same facts in the run's property bag.
  const withRecord = results.filter((r) => r.journal !== undefined || r.signers !== undefined);
  const keysChecked = withRecord.length > 0 && withRecord.every((r) => r.keysChecked);
  const notifications: Sarif.Notification[] = withRecord.map((r) => {
    const index = artifact(r.file);
    const signers = r.signers ?? [];
    return {
      level: 'note',
      message: { text: `${r.file}: ${signersPhrase(signers, !!r.keysChecked)}${signers.length > 0 && !r.keysChecked ? ' (validate --trusted-keys checks them)' : ''}.` },
      locations: [{ physicalLocation: { artifactLocation: { uri: artifacts[index].location.uri, uriBaseId: '%SRCROOT%', index } } }],
      properties: { script: r.file, keysChecked: !!r.keysChecked },
    };
  });
  const runProperties = {
    keysChecked,
    keys: keysChecked ? 'every signer was checked against the roster given with --trusted-keys' : 'the signers\' keys were not checked against a roster of registered keys (validate --trusted-keys checks them); a signature shows only that the same key signed',
    scripts: withRecord.map((r) => ({ script: r.file, verdict: r.verdict, keysChecked: !!r.keysChecked, signers: r.signers ?? [] })),
  };

  const log: Sarif.Log = {
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: GENERATOR.name,
            version: GENERATOR.version,
            informationUri: DOCS_BASE_URI + 'README.md',
            rules,
          },
        },
        originalUriBaseIds: {
          '%SRCROOT%': { uri: pathToFileURL((options.cwd ?? process.cwd()).replace(/[\\/]?$/, '/')).href },
        },
        columnKind: 'utf16CodeUnits',
        artifacts,
        results: sarifResults,
        invocations: [
          {
            executionSuccessful: !results.some((r) => r.verdict === 'unreadable'),
            ...(notifications.length > 0 ? { toolExecutionNotifications: notifications } : {}),
          },
        ],
        properties: runProperties,
      },
    ],
  };
  return JSON.stringify(log, null, 2) + '\n';
}
