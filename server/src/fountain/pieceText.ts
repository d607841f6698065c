/**
 * A script's text after edits, kept as a short list of pieces (slices of the last whole text
 * and the inserted strings) instead of one new string per keystroke.
 *
 * Why: a string of more than 128 KB is a V8 "large object" that gets fresh pages of its own.
 * On the virtual machines we measure on, touching fresh memory costs about 20 us per 4 KB page,
 * so building big-fish's 148,000 characters (UTF-16, 300 KB) anew costs about 1.5 ms a keystroke,
 * and a 10 MB script about 100 ms, before any parsing. The incremental parser reads only the
 * lines around an edit, and the rules read elements and small ranges, so a keystroke needs
 * no whole text: this class gives them `length`, `charCodeAt` and `slice`.
 *
 * Values are immutable: `edited` returns a new PieceText and leaves this one as it was. The
 * whole string is built only when something asks for it (`toString`), then kept and used as
 * the base of later edits, and once the pieces grow past {@link MAX_PIECES}.
 */
import type { TextLike } from './source';

/** Past this many pieces, an edit joins the text into one string again (1 keystroke in about 100 spread ones). */
const MAX_PIECES = 256;
/** Inserted pieces shorter than this are joined with a neighbouring inserted piece. */
const SMALL = 64;

/** How many times a PieceText was joined into a whole string (tests and benchmarks read it). */
export const pieceTextJoins = { count: 0 };

export class PieceText implements TextLike {
  /** Set once the whole string is known; then `pieces` is `[whole]`. */
  private whole: string | undefined;

  private constructor(
    private pieces: readonly string[],
    /** `starts[i]` is where piece `i` starts; `starts[pieces.length]` is the length. */
    private starts: readonly number[],
  ) {}

  /** The text of `text`, as one piece. */
  static of(text: string): PieceText {
    const p = new PieceText([text], [0, text.length]);
    p.whole = text;
    return p;
  }

  get length(): number {
    return this.starts[this.starts.length - 1];
  }

  get pieceCount(): number {
    return this.pieces.length;
  }

  /** The whole text, joined on first use and kept. */
  toString(): string {
    if (this.whole === undefined) {
      pieceTextJoins.count++;
      const whole = this.pieces.join('');
      this.whole = whole;
      this.pieces = [whole];
      this.starts = [0, whole.length];
    }
    return this.whole;
  }

  /** Index of the piece holding `offset` (the last piece for `offset === length`). */
  private find(offset: number): number {
    const starts = this.starts;
    let lo = 0;
    let hi = this.pieces.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  charCodeAt(index: number): number {
    if (this.whole !== undefined) return this.whole.charCodeAt(index);
    if (!(index >= 0 && index < this.length)) return NaN;
    const i = this.find(index);
    return this.pieces[i].charCodeAt(index - this.starts[i]);
  }

  /** `text.slice(start, end)` for `0 <= start <= end <= length` (other arguments are clamped as String.prototype.slice does). */
  slice(start: number, end: number = this.length): string {
    if (this.whole !== undefined) return this.whole.slice(start, end);
    const length = this.length;
    start = clampIndex(start, length);
    end = clampIndex(end, length);
    if (end <= start) return '';
    let i = this.find(start);
    const starts = this.starts;
    const pieces = this.pieces;
    if (end <= starts[i + 1]) return pieces[i].slice(start - starts[i], end - starts[i]);
    const parts: string[] = [];
    for (; i < pieces.length && starts[i] < end; i++) {
      const s = starts[i];
      parts.push(pieces[i].slice(Math.max(0, start - s), Math.min(pieces[i].length, end - s)));
    }
    return parts.join('');
  }

  /** This text with `deleteLength` code units at `offset` replaced by `insertText` (both clamped to the text). */
  edited(offset: number, deleteLength: number, insertText: string): PieceText {
    const length = this.length;
    const at = Math.max(0, Math.min(length, offset));
    const del = Math.max(0, Math.min(length - at, deleteLength));
    if (this.pieces.length > MAX_PIECES) this.toString();
    const pieces = this.pieces;
    const starts = this.starts;
    const out: string[] = [];
    // Pieces wholly before the edit.
    let i = 0;
    while (i < pieces.length && starts[i + 1] <= at) pushPiece(out, pieces[i++]);
    // The piece the edit starts in keeps its part before `at`.
    if (i < pieces.length && starts[i] < at) pushPiece(out, pieces[i].slice(0, at - starts[i]));
    if (insertText.length > 0) pushPiece(out, insertText);
    // Skip what is deleted; the piece the edit ends in keeps its part after it.
    const endAt = at + del;
    while (i < pieces.length && starts[i + 1] <= endAt) i++;
    if (i < pieces.length && starts[i] < endAt) {
      pushPiece(out, pieces[i].slice(endAt - starts[i]));
      i++;
    }
    for (; i < pieces.length; i++) pushPiece(out, pieces[i]);
    const newStarts: number[] = [0];
    let acc = 0;
    for (const p of out) newStarts.push((acc += p.length));
    if (out.length === 0) return PieceText.of('');
    return new PieceText(out, newStarts);
  }
}

function clampIndex(n: number, length: number): number {
  if (!(n === n)) return 0;
  if (n < 0) return Math.max(0, length + Math.trunc(n));
  return Math.min(length, Math.trunc(n));
}

/** Appends `piece`, joining it to the last one when both are short (typing in one place makes one piece). */
function pushPiece(out: string[], piece: string): void {
  if (piece.length === 0) return;
  const last = out.length - 1;
  if (last >= 0 && out[last].length < SMALL && piece.length < SMALL) out[last] += piece;
  else out.push(piece);
}
