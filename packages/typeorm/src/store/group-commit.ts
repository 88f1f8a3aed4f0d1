/**
 * Group commit: calls arriving while a commit is in progress wait together and share the NEXT
 * transaction, so N concurrent writers pay for one commit (one fsync on SQLite, one round trip
 * and one WAL flush on PostgreSQL) instead of N. Each caller's promise settles only once the
 * transaction holding its item has committed (or failed).
 *
 * A group that fails is rolled back as a whole (nothing of it stored); its items are then retried
 * one transaction each, so a single bad item (a constraint it violates, a trigger refusing it)
 * fails its own caller only. When the database itself is down every retry fails too, and every
 * caller gets its error.
 */
export class GroupCommit<I, R> {
  private waiting: { item: I; resolve: (result: R) => void; reject: (error: unknown) => void }[] = [];
  /** A group is scheduled or committing: newcomers wait for the next one. */
  private busy = false;

  constructor(
    /** Writes the items in ONE transaction; resolves after its commit, one result per item, in order. */
    private readonly commit: (items: I[]) => Promise<R[]>,
    /** Items per transaction at most: a burst larger than this takes several commits in a row. */
    private readonly maxGroup: number,
  ) {}

  run(item: I): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.waiting.push({ item, resolve, reject });
      if (!this.busy) this.schedule();
    });
  }

  /**
   * The group starts at the end of this event-loop turn (setImmediate runs after the poll phase),
   * so every request read in the same turn joins it. better-sqlite3 is synchronous: a SQLite
   * commit started at once would finish within the first request's microtasks, before the next
   * request is even read, and every group would hold one receipt.
   */
  private schedule(): void {
    this.busy = true;
    setImmediate(() => this.next());
  }

  private next(): void {
    const group = this.waiting.splice(0, this.maxGroup);
    this.commit(group.map((entry) => entry.item))
      .then(
        (results) => group.forEach((entry, i) => entry.resolve(results[i])),
        (error: unknown) => {
          if (group.length === 1) return group[0].reject(error);
          for (const entry of group)
            this.commit([entry.item]).then((results) => entry.resolve(results[0]), entry.reject);
        },
      )
      // Whatever happened to this group, the callers who arrived meanwhile get the next commit.
      .finally(() => (this.waiting.length ? this.schedule() : (this.busy = false)));
  }
}
