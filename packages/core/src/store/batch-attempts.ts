/**
 * The attempts made in one provider batch: for each doc id, the document key and attempt number it
 * was sent with. Kept as three parallel arrays sorted by doc id and found by binary search: 24 bytes
 * an attempt, where a Map entry plus an AttemptRef object and a composite-key string cost ~160 —
 * MemoryStore holds one per document in flight (100,000 for a big submission).
 */
export class BatchAttempts {
  private ids: string[] = [];
  private keys: string[] = [];
  private attempts: number[] = [];

  /** Records the attempts of a batch being created (a doc id seen before is overwritten). */
  record(entries: readonly { docId: string; key: string; attempt: number }[]): void {
    const merged = new Map<string, { key: string; attempt: number }>();
    this.ids.forEach((id, i) => merged.set(id, { key: this.keys[i]!, attempt: this.attempts[i]! }));
    for (const e of entries) merged.set(e.docId, e);
    const ids = [...merged.keys()].sort(compare);
    this.ids = ids;
    this.keys = ids.map((id) => merged.get(id)!.key);
    this.attempts = ids.map((id) => merged.get(id)!.attempt);
  }

  find(docId: string): { key: string; attempt: number } | null {
    let lo = 0;
    let hi = this.ids.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const c = compare(this.ids[mid]!, docId);
      if (c === 0) return { key: this.keys[mid]!, attempt: this.attempts[mid]! };
      if (c < 0) lo = mid + 1;
      else hi = mid - 1;
    }
    return null;
  }

  /** Keys of every document sent in this batch, in doc id order. */
  documentKeys(): readonly string[] {
    return this.keys;
  }
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
