/**
 * The disclosure rules on big-fish.fountain with an AI insertion every ~2,000 characters and
 * some unlabelled text: every rule under `wga-mba`, against a full parse of the same text
 * (the server parses and runs the rules after an edit; the rules should cost less than the parse).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from '../server/src/fountain/parser';
import { Ledger } from '../server/src/provenance/ledger';
import type { Origin } from '../server/src/provenance/types';
import { defaultProject } from '../server/src/disclosure/project';
import { runRules } from '../server/src/disclosure/index';
import { disclosureStatement } from '../server/src/disclosure/statement';
import { type BenchFigure, type BenchSuite, corpusDir, medianMs } from './measure';

const at = '2026-03-01T10:00:00.000Z';
const imported: Origin = { kind: 'imported', channel: 'import', at };

export const suite: BenchSuite = {
  name: 'disclosure rules',
  async run(): Promise<BenchFigure[]> {
    const dir = corpusDir();
    const file = dir ? join(dir, 'big-fish.fountain') : undefined;
    if (!file || !existsSync(file)) return [];
    const text = readFileSync(file, 'utf8');
    const ledger = Ledger.create(text, imported);
    let runs = 0;
    for (let s = 1000; s + 300 < text.length; s += 2000, runs++) {
      const origin: Origin = runs % 7 === 3
        ? { kind: 'unattributed', channel: 'typing', at }
        : { kind: 'ai', channel: 'ai-command', at, tool: 'vscode-lm', model: runs % 2 ? 'gpt-4o' : 'claude-sonnet-4' };
      ledger.relabel(s, s + 300, origin);
    }
    const script = parse(text);
    const project = defaultProject();
    const ctx = { script, ledger, project, now: new Date(at) };
    const parseMs = medianMs(() => parse(text), 20);
    const rulesMs = medianMs(() => runRules(ctx), 20);
    const statementMs = medianMs(() => disclosureStatement(script, ledger, project), 20);
    const findings = runRules(ctx).findings.length;
    return [
      { key: 'disclosure_run_rules', label: 'runRules, all 16 rules (wga-mba)', median_ms: rulesMs, anchor_median_ms: parseMs, ratio: rulesMs / parseMs, anchor: 'full parse of the same text', goal: 'ratio <= 1', extra: { chars: text.length, relabelled_runs: runs, findings, scenes: script.scenes.length } },
      { key: 'disclosure_statement', label: 'disclosureStatement', median_ms: statementMs, anchor_median_ms: parseMs, ratio: statementMs / parseMs, anchor: 'full parse of the same text' },
    ];
  },
};
