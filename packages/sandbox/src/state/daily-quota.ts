const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Documents accepted per API key per UTC day (of the sandbox clock). The day rolls over at
 * midnight UTC, which is also what Retry-After points to.
 */
export class DailyQuota {
  private readonly used = new Map<string, { day: number; count: number }>();

  constructor(private readonly limit: number) {}

  /** How many of `wanted` documents still fit in today's quota; those are counted as used. */
  take(apiKey: string, wanted: number, now: number): number {
    const day = Math.floor(now / DAY_MS);
    const entry = this.used.get(apiKey);
    const count = entry?.day === day ? entry.count : 0;
    const granted = Math.max(0, Math.min(wanted, this.limit - count));
    this.used.set(apiKey, { day, count: count + granted });
    return granted;
  }

  remaining(apiKey: string, now: number): number {
    const entry = this.used.get(apiKey);
    return this.limit - (entry?.day === Math.floor(now / DAY_MS) ? entry.count : 0);
  }

  /** Whole seconds until the quota resets (next midnight UTC). */
  secondsUntilReset(now: number): number {
    return Math.ceil((DAY_MS - (now % DAY_MS)) / 1000);
  }
}
