interface Waiting<I, R> {
  item: I;
  resolve: (result: R) => void;
  reject: (error: unknown) => void;
}

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
  private waiting: Waiting<I, R>[] = [];
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
    setImmediate(() => void this.next());
  }

  private async next(): Promise<void> {
    const group = this.waiting.splice(0, this.maxGroup);
    try {
      const results = await this.commit(group.map((entry) => entry.item));
      group.forEach((entry, i) => entry.resolve(results[i]!));
    } catch (error) {
      if (group.length === 1) group[0]!.reject(error);
      else for (const entry of group) void this.alone(entry);
    } finally {
      // Whatever happened to this group, the callers who arrived meanwhile get the next commit.
      if (this.waiting.length) this.schedule();
      else this.busy = false;
    }
  }

  /** One item in a transaction of its own, after its group failed. */
  private async alone(entry: Waiting<I, R>): Promise<void> {
    try {
      const [result] = await this.commit([entry.item]);
      entry.resolve(result!);
    } catch (error) {
      entry.reject(error);
    }
  }
}
