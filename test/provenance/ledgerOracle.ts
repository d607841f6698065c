/**
 * A brute-force model of the ledger for property tests: one (originId, insertionId) pair per
 * character in plain arrays, and the same restoration rules as Ledger's documentation,
 * written the slow obvious way. Insertion ids: AI insertions each have their own; text of
 * other origins shares one id per origin (see `newInsertion`).
 */
import { RECENT_DELETION_CHARS, RECENT_DELETIONS } from '../../server/src/provenance/ledger';
import { originKey } from '../../server/src/provenance/origin';
import type { Channel, LedgerEdit, Origin } from '../../server/src/provenance/types';

interface ModelDeletion {
  offset: number;
  text: string;
  org: number[];
  ins: number[];
  /** Oldest first: -n a piece added at the front, +n at the back. */
  pieces: number[];
}

function search(channel: Channel): Array<'here' | 'anywhere'> {
  if (channel === 'reconcile') return [];
  if (channel === 'undo' || channel === 'redo') return ['here', 'anywhere'];
  if (channel === 'move' || channel === 'paste') return ['anywhere'];
  return ['here'];
}

export class LedgerOracle {
  text = '';
  org: number[] = [];
  ins: number[] = [];
  origins: Origin[] = [];
  private keys = new Map<string, number>();
  inserted = new Map<number, number>();
  insertionOrigin = new Map<number, number>();
  next = 0;
  deletions: ModelDeletion[] = [];
  joinable = false;
  open: { id: number; originId: number; start: number; end: number } | undefined;

  constructor(text: string, origin: Origin) {
    if (text.length > 0) {
      const o = this.intern(origin);
      const id = this.newInsertion(o, text.length);
      this.text = text;
      this.org = new Array<number>(text.length).fill(o);
      this.ins = new Array<number>(text.length).fill(id);
    }
  }

  intern(origin: Origin): number {
    const key = originKey(origin);
    let id = this.keys.get(key);
    if (id === undefined) {
      id = this.origins.length;
      this.origins.push(origin);
      this.keys.set(key, id);
    }
    return id;
  }

  /**
   * Every insertion takes the next number. AI insertions keep it as their id; text of any
   * other origin carries the id of that origin's first insertion (one shared id per origin).
   */
  private newInsertion(originId: number, inserted: number): number {
    const id = this.next++;
    if (this.origins[originId].kind !== 'ai') {
      let sid = this.shared.get(originId);
      if (sid === undefined) {
        sid = id;
        this.shared.set(originId, sid);
        this.insertionOrigin.set(sid, originId);
      }
      this.inserted.set(sid, (this.inserted.get(sid) ?? 0) + inserted);
      return sid;
    }
    this.inserted.set(id, inserted);
    this.insertionOrigin.set(id, originId);
    return id;
  }

  private shared = new Map<number, number>();

  apply(edit: LedgerEdit): void {
    const offset = Math.max(0, Math.min(edit.offset, this.text.length));
    const del = Math.max(0, Math.min(edit.deleteLength, this.text.length - offset));
    const insert = edit.insertText;
    if (del === 0 && insert.length === 0) return;
    if (del > 0) {
      const removed: ModelDeletion = {
        offset,
        text: this.text.slice(offset, offset + del),
        org: this.org.slice(offset, offset + del),
        ins: this.ins.slice(offset, offset + del),
        pieces: [],
      };
      this.text = this.text.slice(0, offset) + this.text.slice(offset + del);
      this.org.splice(offset, del);
      this.ins.splice(offset, del);
      const pure = insert.length === 0;
      const last = pure && this.joinable ? this.deletions[this.deletions.length - 1] : undefined;
      const front = last !== undefined && last.offset === offset + del;
      const back = last !== undefined && last.offset === offset;
      if (front || back) this.deletions.pop();
      for (const d of this.deletions) if (d.offset > offset) d.offset = d.offset < offset + del ? offset : d.offset - del;
      let entry = removed;
      const pieces = last ? [...last.pieces, front ? -del : del].slice(-256) : [];
      if (front) entry = { offset, text: removed.text + last.text, org: [...removed.org, ...last.org], ins: [...removed.ins, ...last.ins], pieces };
      if (back) entry = { offset, text: last.text + removed.text, org: [...last.org, ...removed.org], ins: [...last.ins, ...removed.ins], pieces };
      if (entry.text.length <= RECENT_DELETION_CHARS) {
        this.deletions.push(entry);
        const total = (): number => this.deletions.reduce((n, d) => n + d.text.length, 0);
        while (this.deletions.length > RECENT_DELETIONS || total() > RECENT_DELETION_CHARS) this.deletions.shift();
      }
      if (pure) {
        const open = this.open;
        if (open && offset + del === open.end && offset >= open.start) open.end = offset;
        else this.open = undefined;
        this.joinable = true;
        return;
      }
    }
    this.joinable = false;
    let found = -1;
    let piece = false;
    const pieceText = (d: ModelDeletion): string | undefined => {
      const p = d.pieces[d.pieces.length - 1];
      if (p === undefined) return undefined;
      return p < 0 ? d.text.slice(0, -p) : d.text.slice(d.text.length - p);
    };
    for (const where of search(edit.origin.channel)) {
      for (let i = this.deletions.length - 1; i >= 0 && found < 0; i--) {
        const d = this.deletions[i];
        if (where === 'here' && d.offset !== offset) continue;
        if (d.text === insert) found = i;
        else if (pieceText(d) === insert) {
          found = i;
          piece = true;
        }
      }
      if (found >= 0) break;
    }
    let org: number[];
    let ins: number[];
    let frontLeft: ModelDeletion | undefined;
    if (found >= 0 && !piece) {
      const [d] = this.deletions.splice(found, 1);
      org = d.org;
      ins = d.ins;
      this.open = undefined;
    } else if (found >= 0) {
      const d = this.deletions[found];
      const p = d.pieces.pop()!;
      const n = Math.abs(p);
      if (p < 0) {
        org = d.org.splice(0, n);
        ins = d.ins.splice(0, n);
        d.text = d.text.slice(n);
        if (d.offset === offset) frontLeft = d;
      } else {
        org = d.org.splice(d.org.length - n, n);
        ins = d.ins.splice(d.ins.length - n, n);
        d.text = d.text.slice(0, d.text.length - n);
      }
      this.open = undefined;
    } else {
      const originId = this.intern(edit.origin);
      let id: number;
      if (del === 0 && this.open && this.open.originId === originId && this.open.end === offset) {
        id = this.open.id;
        this.open.end += insert.length;
        this.inserted.set(id, (this.inserted.get(id) ?? 0) + insert.length);
      } else {
        id = this.newInsertion(originId, insert.length);
        this.open = { id, originId, start: offset, end: offset + insert.length };
      }
      org = new Array<number>(insert.length).fill(originId);
      ins = new Array<number>(insert.length).fill(id);
    }
    this.text = this.text.slice(0, offset) + insert + this.text.slice(offset);
    this.org.splice(offset, 0, ...org);
    this.ins.splice(offset, 0, ...ins);
    for (const d of this.deletions) if (d.offset > offset) d.offset += insert.length;
    if (frontLeft) frontLeft.offset = offset + insert.length;
  }

  relabel(start: number, end: number, origin: Origin): void {
    const s = Math.max(0, Math.min(start, this.text.length));
    const e = Math.max(s, Math.min(end, this.text.length));
    if (e <= s) return;
    const originId = this.intern(origin);
    const id = this.newInsertion(originId, e - s);
    for (let i = s; i < e; i++) {
      this.org[i] = originId;
      this.ins[i] = id;
    }
    this.open = undefined;
    this.joinable = false;
  }

  /** [insertionId, originId, inserted, surviving] for every AI insertion, oldest first. */
  survival(): Array<[number, number, number, number]> {
    const out: Array<[number, number, number, number]> = [];
    for (let id = 0; id < this.next; id++) {
      const originId = this.insertionOrigin.get(id);
      if (originId === undefined || this.origins[originId].kind !== 'ai') continue;
      let surviving = 0;
      for (const i of this.ins) if (i === id) surviving++;
      out.push([id, originId, this.inserted.get(id)!, surviving]);
    }
    return out;
  }
}
