/**
 * The error the provenance engine throws when stored data does not fit what it describes
 * (a ledger snapshot whose runs do not cover the text, an origin id out of range). Messages
 * say what is wrong and where, so a caller can report them to the writer unchanged.
 */
export class ProvenanceError extends Error {
  /** Where the problem was found, e.g. `runs[12]` or `insertions[3]`, when known. */
  readonly where?: string;

  constructor(message: string, where?: string) {
    super(message);
    this.name = 'ProvenanceError';
    this.where = where;
  }
}
