/**
 * Keystrokes: how a typed string splits into keystrokes, and how a typing run's steps are
 * applied to a ledger with the same result as one edit per keystroke.
 */
import type { TypingStep } from './journal';
import type { Ledger } from './ledger';
import type { Origin } from './types';

/** Splits a typed string into keystrokes: one code point each, `\r\n` kept together. */
export function keystrokesOf(text: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    let n = 1;
    if (c === 13 && text.charCodeAt(i + 1) === 10) n = 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) n = 2;
    }
    out.push(text.slice(i, i + n));
    i += n;
  }
  return out;
}

/** The first keystroke of a typed string (see {@link keystrokesOf}). */
export function firstKeystroke(text: string): string {
  const c = text.charCodeAt(0);
  if (c === 13 && text.charCodeAt(1) === 10) return '\r\n';
  if (c >= 0xd800 && c <= 0xdbff && text.length > 1) {
    const d = text.charCodeAt(1);
    if (d >= 0xdc00 && d <= 0xdfff) return text.slice(0, 2);
  }
  return text.slice(0, 1);
}

/** Applies a typing run's steps to a ledger, one keystroke at a time. */
export function applySteps(ledger: Ledger, offset: number, steps: readonly TypingStep[], origin: Origin): void {
  let cursor = offset;
  for (const step of steps) {
    if (typeof step === 'string') {
      if (ledger.applyTyping(cursor, step, firstKeystroke(step), origin)) {
        cursor += step.length;
        continue;
      }
      for (const key of keystrokesOf(step)) {
        ledger.edit(cursor, 0, key, origin);
        cursor += key.length;
      }
    } else if (step < 0) {
      ledger.edit(cursor + step, -step, '', origin);
      cursor += step;
    } else if (step > 0) {
      ledger.edit(cursor, step, '', origin);
    }
  }
}
