/** Character tests shared by the Fountain scanner. Pure functions of strings; never throw. */

/** True for the code units the scanner treats as white space inside a line. */
export function isSpace(c: number): boolean {
  if (c === 32 || c === 9) return true;
  if (c < 128) return c === 11 || c === 12;
  return (
    c === 0xa0 ||
    c === 0xfeff ||
    c === 0x3000 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f
  );
}

/** Index of the first non-space code unit of `s` in [from, to), or `to`. */
export function skipSpace(s: string, from: number, to: number): number {
  while (from < to && isSpace(s.charCodeAt(from))) from++;
  return from;
}

/** Index just after the last non-space code unit of `s` in [from, to), or `from`. */
export function trimEndAt(s: string, from: number, to: number): number {
  while (to > from && isSpace(s.charCodeAt(to - 1))) to--;
  return to;
}

const LOWER = /\p{Ll}/u;
const CASED_UPPER = /[\p{Lu}\p{Lt}]/u;
const LETTER = /\p{L}/u;

/** How the letters of a candidate cue behave under case mapping. */
export interface LetterCase {
  /** At least one letter of any script. */
  letter: boolean;
  /** At least one lower-case letter (Latin, Cyrillic, Greek, ...). */
  lower: boolean;
  /** At least one upper-case (or title-case) letter. */
  upper: boolean;
}

/** Classifies the letters of `s`; ASCII takes a fast path, anything else Unicode properties. */
export function letterCase(s: string): LetterCase {
  let letter = false;
  let lower = false;
  let upper = false;
  let other = false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 97 && c <= 122) {
      lower = true;
      letter = true;
    } else if (c >= 65 && c <= 90) {
      upper = true;
      letter = true;
    } else if (c >= 128) other = true;
  }
  if (other) {
    if (!lower && LOWER.test(s)) lower = true;
    if (!upper && CASED_UPPER.test(s)) upper = true;
    if (!letter && LETTER.test(s)) letter = true;
  }
  return { letter, lower, upper };
}

/** True when `s` is a letter or a digit of any script. */
export function isAlphanumeric(s: string): boolean {
  return /^[\p{L}\p{N}]/u.test(s);
}
