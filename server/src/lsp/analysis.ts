/**
 * The findings of one script at one version: the disclosure rules run over the Script, the
 * ledger, the project and what the record noticed, plus the problems the server met while
 * opening it. Cached per session until its text or labels change.
 */
import { PROJECT_DEFAULTS_CODE } from '../disclosure/index';
import type { Finding } from '../disclosure/types';
import type { ServerDeps } from './deps';
import type { ScriptSession } from './session';

export interface Analysis {
  version: number;
  labelVersion: number;
  findings: Finding[];
}

const reported = new WeakMap<ScriptSession, Set<string>>();

export function analyse(session: ScriptSession, deps: ServerDeps): Analysis {
  const cached = session.analysis;
  if (cached && cached.version === session.version && cached.labelVersion === session.labelVersion) return cached;
  let findings: Finding[] = [];
  try {
    const outcome = deps.runRules(
      {
        script: session.script,
        ledger: session.record.ledger,
        project: session.project,
        verification: session.verification,
        notices: session.record.notices,
        now: deps.now(),
        writer: session.settings.writer,
        projectProblems: session.projectProblems,
        projectPath: session.projectPath,
      },
      session.settings.severity,
    );
    findings = outcome.findings;
    // The project file's problems are shown as a diagnostic by the session already.
    for (const problem of outcome.internal) if (problem.code !== PROJECT_DEFAULTS_CODE) logOnce(session, deps, problem.code, `rule ${problem.code} failed on ${session.uri}: ${problem.message}`);
  } catch (err) {
    logOnce(session, deps, '*', `the rules failed on ${session.uri}: ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
  }
  const analysis: Analysis = { version: session.version, labelVersion: session.labelVersion, findings };
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
