/**
 * The one definition of an event line's checks, used by the replaying thread (through
 * `parseEvent` in journal.ts) and by the journal worker (journalWorker.ts).
 */

/** What checking one event line gives: the parsed event, or why it is not one. */
export interface EventCheck {
  event?: Record<string, unknown>;
  error?: string;
}

/** Builds the event-line checker. */
export function eventParser(): (text: string) => EventCheck {
  const EVENT_TYPES = new Set(['edit', 'relabel', 'attest', 'checkpoint', 'reconcile', 'break', 'seal', 'timestamp', 'rename', 'merge', 'egress']);
  const BASE_FIELDS = ['type', 'seq', 'time', 'actor', 'prev', 'defines', 'writers', 'resume'];
  const FIELDS: Record<string, ReadonlySet<string>> = {
    edit: new Set([...BASE_FIELDS, 'offset', 'deleteLength', 'insertText', 'origin', 'steps', 'cursor', 'typed', 'until']),
    relabel: new Set([...BASE_FIELDS, 'start', 'end', 'origin']),
    attest: new Set([...BASE_FIELDS, 'start', 'end', 'origin']),
    reconcile: new Set([...BASE_FIELDS, 'origin', 'edits', 'changed', 'textHash']),
    checkpoint: new Set([...BASE_FIELDS, 'documentId', 'textHash', 'textLength', 'origins', 'ledger', 'signature', 'typingThreshold', 'policy']),
    break: new Set([...BASE_FIELDS, 'reason', 'message', 'movedTo', 'from', 'to']),
    // Format 2 (the replayer refuses these in a format 1 journal).
    seal: new Set([...BASE_FIELDS, 'textHash', 'textLength', 'typingThreshold', 'signature']),
    timestamp: new Set([...BASE_FIELDS, 'checkpoint', 'authority', 'token']),
    rename: new Set([...BASE_FIELDS, 'from', 'to']),
    merge: new Set([...BASE_FIELDS, 'parents', 'base', 'theirs', 'edits', 'textHash']),
    egress: new Set([...BASE_FIELDS, 'excerpts', 'vendor', 'model', 'tool']),
  };
  const ISO_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/;
  const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
  type Obj = Record<string, unknown>;

  return (text: string): EventCheck => {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      return { error: 'not JSON' };
    }
    if (!value || typeof value !== 'object' || Array.isArray(value)) return { error: 'not a JSON object' };
    const e = value as Obj;
    if (typeof e.type !== 'string' || !EVENT_TYPES.has(e.type)) return { error: `unknown event type ${JSON.stringify(e.type)}` };
    // Unknown fields are refused: a renamed field (say, a stripped signature) must not pass.
    const allowed = FIELDS[e.type];
    for (const key in e) if (!allowed.has(key)) return { error: `unknown field ${JSON.stringify(key)} in a ${e.type} event` };
    if (!isInt(e.seq)) return { error: 'missing or bad seq' };
    if (typeof e.time !== 'string' || !ISO_TIME.test(e.time)) return { error: 'missing or bad time' };
    if (typeof e.prev !== 'string') return { error: 'missing prev hash' };
    if (!e.actor || typeof e.actor !== 'object' || typeof (e.actor as Obj).name !== 'string') return { error: 'missing actor' };
    if (e.defines !== undefined && (typeof e.defines !== 'object' || e.defines === null || Array.isArray(e.defines))) {
      return { error: 'bad defines' };
    }
    if (e.writers !== undefined && !Array.isArray(e.writers)) return { error: 'bad writers' };
    switch (e.type) {
      case 'edit':
        if (!isInt(e.offset) || !isInt(e.deleteLength) || typeof e.insertText !== 'string' || !isInt(e.origin)) {
          return { error: 'edit lacks offset, deleteLength, insertText or origin' };
        }
        if (e.steps !== undefined) {
          if (!Array.isArray(e.steps)) return { error: 'bad steps' };
          for (const s of e.steps) {
            if (typeof s !== 'string' && !(typeof s === 'number' && Number.isSafeInteger(s))) return { error: 'bad step' };
          }
          if (!isInt(e.cursor)) return { error: 'steps without a cursor' };
        }
        break;
      case 'relabel':
      case 'attest':
        if (!isInt(e.start) || !isInt(e.end) || !isInt(e.origin)) return { error: `${e.type} lacks start, end or origin` };
        break;
      case 'reconcile':
        if (!isInt(e.origin) || !Array.isArray(e.edits) || !Array.isArray(e.changed)) return { error: 'reconcile lacks origin, edits or changed' };
        for (const x of e.edits as Obj[]) {
          if (!x || !isInt(x.offset) || !isInt(x.deleteLength) || typeof x.insertText !== 'string') return { error: 'bad reconcile edit' };
        }
        break;
      case 'checkpoint': {
        const l = e.ledger as Obj | undefined;
        if (typeof e.textHash !== 'string' || !isInt(e.textLength) || !Array.isArray(e.origins) || !l || typeof l !== 'object') {
          return { error: 'checkpoint lacks textHash, textLength, origins or ledger' };
        }
        if (!Array.isArray(l.runs) || !Array.isArray(l.insertions)) return { error: 'bad ledger snapshot' };
        // The ledger's origins: its own list, or (format 2) ids in the checkpoint's table; one of them.
        if (Array.isArray(l.origins) === (l.originIds !== undefined)) return { error: 'bad ledger snapshot' };
        if (l.originIds !== undefined && (!Array.isArray(l.originIds) || !l.originIds.every(isInt))) return { error: 'bad ledger snapshot origin ids' };
        if (l.packedRuns !== undefined && typeof l.packedRuns !== 'string') return { error: 'bad packed runs' };
        if (e.typingThreshold !== undefined && !isInt(e.typingThreshold)) return { error: 'bad typingThreshold' };
        if (e.policy !== undefined) {
          const p = e.policy as Obj | null;
          if (!p || typeof p !== 'object' || (p.file !== null && typeof p.file !== 'string')) return { error: 'bad policy record' };
          if ((p.sha256 !== undefined && typeof p.sha256 !== 'string') || (p.content !== undefined && typeof p.content !== 'string')) return { error: 'bad policy record' };
        }
        break;
      }
      case 'break':
        if (typeof e.reason !== 'string') return { error: 'break lacks reason' };
        break;
      case 'seal': {
        const sig = e.signature as Obj | undefined;
        if (typeof e.textHash !== 'string' || !isInt(e.textLength)) return { error: 'seal lacks textHash or textLength' };
        if (!sig || typeof sig !== 'object' || typeof sig.keyId !== 'string' || typeof sig.value !== 'string') return { error: 'seal lacks its signature' };
        break;
      }
      case 'timestamp':
        if (!isInt(e.checkpoint) || typeof e.token !== 'string') return { error: 'timestamp lacks checkpoint or token' };
        if (e.authority !== undefined && typeof e.authority !== 'string') return { error: 'bad timestamp authority' };
        break;
      case 'rename':
        if (typeof e.from !== 'string' || typeof e.to !== 'string' || !e.from || !e.to) return { error: 'rename lacks from or to' };
        break;
      case 'merge':
        if (!Array.isArray(e.parents) || e.parents.length !== 2 || typeof e.base !== 'string' || !Array.isArray(e.theirs) || !Array.isArray(e.edits)) {
          return { error: 'merge lacks parents, base, theirs or edits' };
        }
        if (typeof e.textHash !== 'string') return { error: 'merge lacks textHash' };
        for (const x of e.edits as Obj[]) {
          if (!x || !isInt(x.offset) || !isInt(x.deleteLength) || typeof x.insertText !== 'string' || !isInt(x.origin)) return { error: 'bad merge edit' };
        }
        break;
      case 'egress':
        if (!Array.isArray(e.excerpts) || typeof e.vendor !== 'string' || typeof e.model !== 'string') return { error: 'egress lacks excerpts, vendor or model' };
        for (const x of e.excerpts as Obj[]) {
          if (!x || !isInt(x.start) || !isInt(x.end) || !isInt(x.length) || typeof x.sha256 !== 'string') return { error: 'bad egress excerpt' };
        }
        break;
    }
    return { event: e };
  };
}
