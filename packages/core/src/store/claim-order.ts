/**
 * Keys in the order the Store port hands rows out: oldest `time` first (a document's createdAt, an
 * event's createdAt, a receipt's receivedAt), ties broken by when the key was first added — what
 * the SQL store's `ORDER BY created_at, seq` does.
 *
 * Rows nearly always arrive in that order, so adding is O(1) and the line is a plain Set. A key
 * that comes back after leaving (a retried document, a redriven event) or arrives with an older
 * time marks the line unsorted; the next ordered walk sorts it once. A key keeps its place (its
 * sequence number) while it is away, until it is forgotten for good. An owner that already numbers
 * its rows passes `seqOf`, and the line keeps no sequence map of its own.
 */
export class ClaimOrder implements Iterable<string> {
  private line = new Set<string>();
  private readonly seqs = new Map<string, number>();
  private nextSeq = 0;
  /** The greatest (time, seq) in the line since it was last known sorted. */
  private last: { time: number; seq: number } | undefined;
  private sorted = true;

  constructor(
    private readonly timeOf: (key: string) => number,
    private readonly seqOf?: (key: string) => number,
  ) {}

  get size(): number {
    return this.line.size;
  }

  has(key: string): boolean {
    return this.line.has(key);
  }

  add(key: string): void {
    if (this.line.has(key)) return;
    const rank = { time: this.timeOf(key), seq: this.seq(key) };
    if (this.last && compare(rank, this.last) < 0) this.sorted = false;
    else this.last = rank;
    this.line.add(key);
  }

  /** Leaves the line, keeping its place for when it comes back. */
  delete(key: string): void {
    this.line.delete(key);
  }

  /** Leaves the line for good (a final document, a handled event, a processed receipt). */
  forget(key: string): void {
    this.line.delete(key);
    this.seqs.delete(key);
  }

  /** Walks the line in order. Keys may be deleted during the walk. */
  [Symbol.iterator](): Iterator<string> {
    if (!this.sorted) {
      const rank = (key: string) => ({ time: this.timeOf(key), seq: this.seq(key) });
      this.line = new Set([...this.line].sort((a, b) => compare(rank(a), rank(b))));
      this.sorted = true;
    }
    return this.line.values();
  }

  private seq(key: string): number {
    if (this.seqOf) return this.seqOf(key);
    let seq = this.seqs.get(key);
    if (seq === undefined) this.seqs.set(key, (seq = this.nextSeq++));
    return seq;
  }

  /** Walks the line in no particular order (for minimums), without sorting it. */
  unordered(): IterableIterator<string> {
    return this.line.values();
  }
}

function compare(a: { time: number; seq: number }, b: { time: number; seq: number }): number {
  return a.time - b.time || a.seq - b.seq;
}
