import { SqlArea } from './sql-area.js';

/** The daily quota: one counter row per window, shared by every process on the database. */
export class QuotaSql extends SqlArea {
  reserveQuota(window: string, want: number, limit: number): Promise<number> {
    return this.units.atomic(async (exec) => {
      await exec(
        `INSERT INTO ${this.t.quota} (quota_window, used) VALUES (:window, 0) ON CONFLICT (quota_window) DO NOTHING`,
        { window },
      );
      // The row lock (PostgreSQL) or the write lock (SQLite) holds other processes off until commit.
      const { rows } = await exec(
        `SELECT used FROM ${this.t.quota} WHERE quota_window = :window ${this.text.forUpdate}`,
        { window },
      );
      const used = Number(rows[0].used);
      const granted = Math.max(0, Math.min(want, limit - used));
      if (granted > 0)
        await exec(`UPDATE ${this.t.quota} SET used = :used WHERE quota_window = :window`, {
          window,
          used: used + granted,
        });
      return granted;
    });
  }

  releaseQuota(window: string, count: number): Promise<void> {
    return this.units.single(async (exec) => {
      await exec(
        `UPDATE ${this.t.quota} SET used = CASE WHEN used > :count THEN used - :count ELSE 0 END
         WHERE quota_window = :window`,
        { window, count },
      );
    });
  }
}
