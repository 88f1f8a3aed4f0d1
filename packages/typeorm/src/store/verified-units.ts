import type { DataSource } from 'typeorm';
import type { SqlText } from '../sql-dialect.js';
import {
  assertEntitiesRegistered,
  assertMigrationsApplied,
  assertTablesExist,
} from './store-verification.js';
import type { Grouped, GroupWork, StoreUnits, Work } from './store-units.js';

/** Store units that first check, once, that docbatch can work on the DataSource. */
export class VerifiedUnits implements StoreUnits {
  private verified: Promise<void> | undefined;

  constructor(
    private readonly inner: StoreUnits,
    private readonly dataSource: DataSource,
    private readonly text: SqlText,
  ) {}

  /** Throws a coded error naming the fix when entities are not registered or migrations did not run. */
  verify(): Promise<void> {
    // A failed check is not remembered: the host may run its migrations and start again.
    this.verified ??= (async () => {
      assertEntitiesRegistered(this.dataSource);
      await assertTablesExist(this.dataSource, this.text);
      await assertMigrationsApplied(this.dataSource);
    })().catch((error: unknown) => {
      this.verified = undefined;
      throw error;
    });
    return this.verified;
  }

  async single<T>(work: Work<T>): Promise<T> {
    await this.verify();
    return this.inner.single(work);
  }

  async atomic<T>(work: Work<T>): Promise<T> {
    await this.verify();
    return this.inner.atomic(work);
  }

  group<I, R>(work: GroupWork<I, R>): Grouped<I, R> {
    const inner = this.inner.group(work);
    return {
      run: async (item) => {
        await this.verify();
        return inner.run(item);
      },
    };
  }
}
