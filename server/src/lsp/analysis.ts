/**
 * The one analysis of an open script, from the engine's `analyse()` (the function the command
 * line runs): the live record's ledger, the journal's verification as last computed, the
 * project and the settings. Diagnostics, code actions, the code lens, summary and report all
 * read it. Cached per session until the text, the labels, the verification, the project or
 * the settings change; the figures and the report inside it are computed on first use.
 */
import { PROJECT_DEFAULTS_CODE } from '../disclosure/index';
import type { Finding } from '../disclosure/types';
import { analyse as analyseScript, type Analysis as EngineAnalysis } from '../engine/analyse';
import type { ServerDeps } from './deps';
import type { ScriptSession } from './session';

export interface Analysis {
  version: number;
  labelVersion: number;
  verificationVersion: number;
  projectVersion: number;
  findings: Finding[];
  /** The engine's analysis: figures, statement and report model. */
  engine: EngineAnalysis;
}

const reported = new WeakMap<ScriptSession, Set<string>>();

export function analyse(session: ScriptSession, deps: ServerDeps): Analysis {
  const cached = session.analysis;
  if (
    cached &&
    cached.version === session.version &&
    cached.labelVersion === session.labelVersion &&
    cached.verificationVersion === session.verificationVersion &&
    cached.projectVersion === session.projectVersion
  ) {
    return cached;
  }
  const record = session.record;
  const engine = analyseScript({
    // No `text`: the session's script is it, and a keystroke must not join a whole text (fountain/pieceText.ts).
    record: {
      kind: 'live',
      ledger: record.ledger,
      ...(session.verification ? { verification: session.verification } : {}),
      notices: record.notices,
      ...(record.journalText ? { journal: () => record.journalText!() } : {}),
    },
    project: { project: session.project, ...(session.projectPath ? { path: session.projectPath } : {}), problems: session.projectProblems ?? [] },
    options: {
      ...(session.path ? { scriptPath: session.path } : {}),
      severities: session.settings.severity,
      now: deps.now(),
      writer: session.settings.writer,
      script: session.script,
      runRules: (ctx, severities) => deps.runRules(ctx, severities),
    },
  });
  // The project file's problems are shown as a diagnostic by the session already.
  for (const problem of engine.internal) {
    if (problem.code === PROJECT_DEFAULTS_CODE) continue;
    logOnce(session, deps, problem.code, problem.code === '*' ? `the rules failed on ${session.uri}: ${problem.message}` : `rule ${problem.code} failed on ${session.uri}: ${problem.message}`);
  }
  const analysis: Analysis = {
    version: session.version,
    labelVersion: session.labelVersion,
    verificationVersion: session.verificationVersion,
    projectVersion: session.projectVersion,
    findings: engine.findings,
    engine,
  };
  session.analysis = analysis;
  return analysis;
}

function logOnce(session: ScriptSession, deps: ServerDeps, key: string, message: string): void {
  let seen = reported.get(session);
  if (!seen) reported.set(session, (seen = new Set()));
  if (seen.has(key)) return;
  seen.add(key);
  deps.logger.error(message);
}
