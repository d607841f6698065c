/**
 * Report parts: the verification block (status, chain, signatures, untracked periods,
 * breaks, first divergence).
 */
import { keyIdOf } from '../provenance/keys';
import type { Verification } from '../provenance/verify';
import type { Anchor } from '../provenance/verifyTypes';
import { readToken } from '../provenance/timestamp';
import { placeOf } from './tally';
import type { Ledger } from '../provenance/ledger';
import type { Project } from '../disclosure/project';
import { consentRecordOf } from '../disclosure/consentRecord';
import { declaredStanding } from '../provenance/roster';

/** What the trust block reads beyond the journal: the project file (declared keys, consents) and the ledger. */
export interface TrustContext {
  project: Project;
  ledger: Ledger;
}
import type { TrustReport, VerificationReport } from './types';

/** The trust facts of a verified journal; `anchors` when a validator checked the time stamps. */
export function trustOf(v: Verification, anchors?: readonly Anchor[], context?: TrustContext): TrustReport {
  const timestamps: TrustReport['timestamps'] =
    anchors?.map((a) => ({ checkpoint: a.checkpoint, event: a.event, ...(a.authority ? { authority: a.authority } : {}), ...(a.genTime ? { genTime: a.genTime } : {}), status: a.status, message: a.message })) ??
    (v.timestamps ?? []).map((t) => {
      const read = readToken(t.token);
      return {
        checkpoint: t.checkpoint,
        event: t.event,
        ...(t.authority ? { authority: t.authority } : {}),
        ...(read.genTime ? { genTime: read.genTime } : {}),
        status: 'not-checked' as const,
        message: `checkpoint ${t.checkpoint} carries a time stamp${read.genTime ? ` (${read.genTime})` : ''}, not checked here: \`validate --tsa-cert\` checks it`,
      };
    });
  const anchored = timestamps.filter((t) => t.status === 'anchored').map((t) => t.checkpoint);
  const clock =
    anchored.length === 0
      ? 'No checkpoint is anchored by a time-stamp authority: every time in this record is the writer\'s clock.'
      : `Checkpoint${anchored.length === 1 ? '' : 's'} ${anchored.join(', ')} ${anchored.length === 1 ? 'is' : 'are'} anchored by a time-stamp authority; every other time is the writer's clock.`;
  const policies = (v.policies ?? []).map((p) => ({ event: p.event, time: p.time, file: p.file, ...(p.sha256 ? { sha256: p.sha256 } : {}) }));
  return {
    ...(v.format ? { format: v.format } : {}),
    lacks: v.lacks ?? [],
    keysChecked: false,
    sealedThrough: v.sealedThrough ?? 0,
    ...(v.unsignedTail ? { unsignedTail: v.unsignedTail } : {}),
    timestamps,
    clock,
    policyRecorded: policies.length > 0,
    policies,
    typingThresholds: v.typingThresholds ?? [],
    typingRates: (v.typingRates ?? []).map((r) => ({ writer: r.writer.name, peakPerMinute: r.peakPerMinute, at: r.at, typed: r.typed, implausible: r.implausible })),
    ...(context ? contextFacts(v, context) : {}),
  };
}

/** Declared keys and consent dates: facts that need the project file and the ledger. */
function contextFacts(v: Verification, context: TrustContext): Pick<TrustReport, 'projectKeys' | 'consents'> {
  const out: Pick<TrustReport, 'projectKeys' | 'consents'> = {};
  const declared = context.project.declaredKeys ?? [];
  if (declared.length > 0) {
    const seen = new Set<string>();
    out.projectKeys = [];
    for (const s of v.signatures) {
      const keyId = s.keyId ?? keyIdOf(s.publicKey);
      if (!s.valid || seen.has(keyId)) continue;
      seen.add(keyId);
      const standing = declaredStanding({ name: s.writer.name, ...(s.writer.email ? { email: s.writer.email } : {}), keyId }, declared);
      out.projectKeys.push({ name: s.writer.name, keyId, status: standing.status, ...(standing.name ? { projectName: standing.name } : {}) });
    }
  }
  try {
    const record = consentRecordOf(context.project, context.ledger, v);
    if (record.consents.length > 0) {
      out.consents = record.consents.map((c) => ({
        id: c.id,
        late: c.late,
        ...(c.firstRecorded ? { firstRecorded: c.firstRecorded.time } : {}),
        ...(c.firstAi ? { firstAi: c.firstAi.time } : {}),
        message: c.message,
      }));
    }
  } catch {
    // Never throws: without the dates the block says only whether the policy was recorded.
  }
  return out;
}

/** The report's verification block; `no-record` when there is no journal. */
export function verificationBlock(v: Verification | undefined, lineStarts: number[], context?: TrustContext): VerificationReport {
  if (!v) {
    return {
      status: 'no-record',
      chainIntact: false,
      events: 0,
      problems: [],
      signatures: [],
      signedBy: [],
      untracked: [],
      breaks: [],
    };
  }
  const signatures = v.signatures.map((s) => ({ writer: s.writer.name, event: s.event, valid: s.valid, publicKey: s.publicKey, keyId: s.keyId ?? keyIdOf(s.publicKey) }));
  const block: VerificationReport = {
    status: v.status,
    chainIntact: v.chainIntact,
    events: v.events,
    problems: v.problems.map((p) => {
      const out: VerificationReport['problems'][number] = { kind: p.kind, message: p.message };
      if (p.event !== undefined) out.event = p.event;
      if (p.line !== undefined) out.line = p.line;
      return out;
    }),
    signatures,
    signedBy: [...new Set(signatures.filter((s) => s.valid).map((s) => s.writer))].sort(),
    untracked: v.gaps
      .filter((g) => g.kind === 'untracked-period')
      .map((g) => {
        const out: VerificationReport['untracked'][number] = { message: g.message };
        if (g.from) out.from = g.from;
        if (g.to) out.to = g.to;
        return out;
      }),
    breaks: v.gaps
      .filter((g) => g.kind === 'break')
      .map((g) => {
        const out: VerificationReport['breaks'][number] = { message: g.message };
        if (g.event !== undefined) out.event = g.event;
        return out;
      }),
  };
  if (v.timeSpan) block.timeSpan = { from: v.timeSpan.from, to: v.timeSpan.to };
  block.trust = trustOf(v, undefined, context);
  if (v.firstDivergence) {
    const d = v.firstDivergence;
    block.firstDivergence = { event: d.event, message: d.message };
    if (d.line !== undefined) block.firstDivergence.journalLine = d.line;
    if (d.offset !== undefined) {
      block.firstDivergence.offset = d.offset;
      block.firstDivergence.scriptLine = placeOf(lineStarts, d.offset, d.offset).line;
    }
  }
  return block;
}
