/**
 * Builds the bundled example's provenance record with the real engine:
 *   node --import tsx examples/record-example.ts
 *
 * Two writers write THE NIGHT SHIFT in four sessions with a fixed clock: Mara Okafor types the
 * title page and scene 1, Dev Lindqvist types scene 2, then asks an AI model (gpt-4o through
 * VS Code's language model API) for a draft of scene 3 and revises it by hand, and Mara types
 * the rest. The result is exactly examples/the-night-shift.fountain, with its journal in
 * examples/the-night-shift.fountain.provenance. Signing keys are throwaway keys in a temp
 * folder: only their public halves end up in the journal.
 */
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { diffWordsWithSpace } from 'diff';
import { ScriptRecord } from '../server/src/provenance/record';
import { verifyJournal } from '../server/src/provenance/verify';
import type { AiOrigin, HumanOrigin, Writer } from '../server/src/provenance/types';

const EXAMPLE = join(__dirname, 'the-night-shift.fountain');
const MARA: Writer = { name: 'Mara Okafor', email: 'mara@fountain-provenance.invalid' };
const DEV: Writer = { name: 'Dev Lindqvist', email: 'dev@fountain-provenance.invalid' };

// Scene 3 as the model drafted it; Dev's revision turns it into the text of the example.
const AI_DRAFT = `Tomas devours a burnt roll as if it were the finest meal of his whole life.

TOMAS
Why do you keep this place open all night?

RUTH
~My father sang to the ovens
~so the bread would rise before the sun

TOMAS
That's not really an answer.

RUTH
It's the only answer I have.

`;
const PROMPT = 'Draft the rest of scene 3: Tomas eats, asks Ruth why the bakery never closes; Ruth answers with a half-sung memory of her father.';

/** A deterministic clock: every call returns the current time; `advance` moves it. */
class Clock {
  private ms: number;
  private seed = 20261125;
  constructor(iso: string) {
    this.ms = Date.parse(iso);
  }
  now = (): Date => new Date(this.ms);
  set(iso: string): void {
    this.ms = Math.max(this.ms, Date.parse(iso));
  }
  advance(ms: number): void {
    this.ms += ms;
  }
  /** A repeatable pseudo-random number in [0, 1). */
  random(): number {
    this.seed = (this.seed * 1103515245 + 12345) % 2147483648;
    return this.seed / 2147483648;
  }
}

function main(): void {
  const target = readFileSync(EXAMPLE, 'utf8');
  const work = mkdtempSync(join(tmpdir(), 'night-shift-'));
  const keyDir = join(work, 'keys');
  const scriptPath = join(work, 'the-night-shift.fountain');
  const clock = new Clock('2026-11-20T09:12:00Z');
  let text = '';

  const cut = (marker: string): number => {
    const i = target.indexOf(marker);
    if (i < 0) throw new Error(`the example no longer contains ${JSON.stringify(marker)}`);
    return i;
  };
  const scene2 = cut('EXT. ALLEY BEHIND THE BAKERY');
  const scene3 = cut('INT. CORNER BAKERY - LATER');
  const scene3Body = cut('Tomas eats a burnt roll');
  const boneyard = cut('/* A version where');

  const session = (writer: Writer, startIso: string, work: (record: ScriptRecord, typing: HumanOrigin) => void): void => {
    clock.set(startIso);
    writeFileSync(scriptPath, text);
    const record = ScriptRecord.open(scriptPath, text, { writer, keyDir, now: clock.now });
    const typing: HumanOrigin = { kind: 'human', channel: 'typing', writer, at: clock.now().toISOString() };
    work(record, typing);
    text = record.text;
    writeFileSync(scriptPath, text);
    record.close();
  };

  /** Types `s` at `offset`, one keystroke at a time, pausing between paragraphs. */
  const type = (record: ScriptRecord, origin: HumanOrigin, offset: number, s: string): number => {
    for (const ch of Array.from(s)) {
      record.applyEdit({ offset, deleteLength: 0, insertText: ch, origin });
      offset += ch.length;
      clock.advance(90 + Math.floor(clock.random() * 160));
      if (ch === '\n' && clock.random() < 0.45) clock.advance(2500 + Math.floor(clock.random() * 40_000));
    }
    clock.advance(3000);
    return offset;
  };

  // Session 1: Mara types the title page and scene 1, with a typo she fixes at once.
  session(MARA, '2026-11-20T09:12:00Z', (record, typing) => {
    const part = target.slice(0, scene2);
    const w = part.indexOf('weather');
    let at = type(record, typing, 0, part.slice(0, w) + 'wether');
    for (let i = 0; i < 4; i++) {
      record.applyEdit({ offset: at - 1, deleteLength: 1, insertText: '', origin: typing });
      at--;
      clock.advance(140);
    }
    type(record, typing, at, part.slice(w + 2));
  });

  // Session 2: Dev types scene 2.
  session(DEV, '2026-11-21T14:03:00Z', (record, typing) => {
    type(record, typing, record.text.length, target.slice(scene2, scene3));
  });

  // Session 3: Dev types scene 3's heading, asks gpt-4o for the rest, and revises the draft.
  session(DEV, '2026-11-22T10:30:00Z', (record, typing) => {
    let at = type(record, typing, record.text.length, target.slice(scene3, scene3Body));
    clock.advance(20_000);
    const ai: AiOrigin = {
      kind: 'ai',
      channel: 'ai-command',
      at: clock.now().toISOString(),
      tool: 'vscode-lm',
      model: 'gpt-4o',
      version: '2024-08-06',
      promptHash: createHash('sha256').update(PROMPT, 'utf8').digest('hex'),
      requestedBy: DEV,
    };
    record.applyEdit({ offset: at, deleteLength: 0, insertText: AI_DRAFT, origin: ai });
    clock.advance(95_000);
    const finalBody = target.slice(scene3Body, boneyard);
    for (const part of diffWordsWithSpace(AI_DRAFT, finalBody)) {
      if (part.added) at = type(record, typing, at, part.value);
      else if (part.removed) {
        record.applyEdit({ offset: at, deleteLength: part.value.length, insertText: '', origin: { ...typing, channel: 'typing' } });
        clock.advance(1200);
      } else at += part.value.length;
    }
  });

  // Session 4: Mara types the cut version, act two and the ending.
  session(MARA, '2026-11-24T08:45:00Z', (record, typing) => {
    type(record, typing, record.text.length, target.slice(boneyard));
  });

  if (text !== target) throw new Error('the recorded sessions did not reproduce the example text');
  const journal = readFileSync(`${scriptPath}.provenance`);
  const verification = verifyJournal(journal, target);
  if (verification.status === 'mismatch') {
    throw new Error(`the generated journal does not verify: ${verification.problems.map((p) => p.message).join('; ')}`);
  }
  copyFileSync(`${scriptPath}.provenance`, `${EXAMPLE}.provenance`);
  rmSync(work, { recursive: true, force: true });
  const ai = verification.ledger?.aiSurvival() ?? [];
  console.log(
    `wrote ${EXAMPLE}.provenance: ${verification.events} events, ${verification.status}, ` +
      `signed by ${[...new Set(verification.signatures.filter((s) => s.valid).map((s) => s.writer.name))].join(', ')}; ` +
      `AI survival ${ai.map((s) => `${s.surviving}/${s.inserted}`).join(', ')}`,
  );
}

main();
