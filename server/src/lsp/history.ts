/**
 * A short history of a document's changes by version, in LSP position space, so a range a
 * client sent for an older version (an attribution, a quick fix) can be carried forward.
 */
import type { Range } from 'vscode-languageserver';
import { mapPosition } from './positions';

interface Step {
  /** The version the change was made on, and the one it produced. */
  from: number;
  to: number;
  range: Range;
  text: string;
}

export class EditHistory {
  private steps: Step[] = [];

  constructor(
    private oldest: number,
    private readonly limit = 500,
  ) {}

  record(from: number, to: number, range: Range, text: string): void {
    this.steps.push({ from, to, range, text });
    if (this.steps.length > this.limit) {
      const dropped = this.steps.splice(0, this.steps.length - this.limit);
      this.oldest = dropped[dropped.length - 1].to;
    }
  }

  /** Forgets every step (after a change that is not incremental). */
  reset(version: number): void {
    this.steps = [];
    this.oldest = version;
  }

  /**
   * The range `range` of version `version` in the current version, or undefined when that
   * version is older than the history keeps (or newer than the document).
   */
  mapForward(range: Range, version: number, current: number): Range | undefined {
    if (version === current) return range;
    if (version < this.oldest || version > current) return undefined;
    let start = range.start;
    let end = range.end;
    for (const step of this.steps) {
      if (step.from < version) continue;
      start = mapPosition(start, step.range, step.text, 'start');
      end = mapPosition(end, step.range, step.text, 'end');
      if (end.line < start.line || (end.line === start.line && end.character < start.character)) end = start;
    }
    return { start, end };
  }
}
