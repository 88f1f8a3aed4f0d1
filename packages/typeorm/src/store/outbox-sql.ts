import { type ClaimOptions, type EventRecord, type NewEvent } from '@docbatch/core';
import { numOrNull, storableText, toJson } from './row-mappers.js';
import { chunks, LEASE_FREE, oldestFirst, SqlArea } from './sql-area.js';

/** The outbox: events for user handlers, leased to a dispatcher, completed in the handlers' transaction. */
export class OutboxSql extends SqlArea {
  addEvents(events: NewEvent[]): Promise<void> {
    if (events.length === 0) return Promise.resolve();
    return this.units.atomic(async (exec) => {
      for (const chunk of chunks(events))
        await exec.insert(
          `INSERT INTO ${this.t.events} (id, name, submission_id, document_key, payload, state, attempts, not_before, created_at)`,
          chunk.map((e) => [
            e.id,
            e.name,
            e.submissionId,
            e.documentKey,
            toJson(e.payload),
            'pending',
            0,
            e.createdAt,
            e.createdAt,
          ]),
        );
    });
  }

  claimEvents(args: ClaimOptions): Promise<EventRecord[]> {
    return this.units.single(async (exec) => {
      const { rows } = await exec(
        `UPDATE ${this.t.events} SET lease_owner = :owner, lease_until = :until
         WHERE seq IN (
           SELECT seq FROM ${this.t.events} WHERE state = 'pending' AND not_before <= :now AND ${LEASE_FREE}
           ORDER BY created_at, seq LIMIT :limit ${this.text.skipLocked})
         RETURNING *`,
        { owner: args.owner, now: args.now, until: args.now + args.leaseMs, limit: args.limit },
      );
      return oldestFirst(
        rows,
        (row) => this.map.event(row),
        (event) => event.createdAt,
      );
    });
  }

  completeEvent(id: string): Promise<boolean> {
    return this.units.single(async (exec) => {
      // On PostgreSQL a second dispatcher racing on the same event blocks here on the row lock until
      // the first commits, then matches nothing: it rolls back its handlers' writes.
      const { affected } = await exec(
        `UPDATE ${this.t.events} SET state = 'handled', lease_owner = NULL, lease_until = NULL
         WHERE id = :id AND state = 'pending'`,
        { id },
      );
      return affected === 1;
    });
  }

  failEvent(id: string, args: { attempts: number; error: string; retryAt: number | null }): Promise<void> {
    return this.units.single(async (exec) => {
      await exec(
        `UPDATE ${this.t.events}
         SET attempts = :attempts, last_error = :error, lease_owner = NULL, lease_until = NULL,
             state = :state, not_before = COALESCE(:retryAt, not_before)
         WHERE id = :id AND state = 'pending'`,
        { id, ...args, error: storableText(args.error), state: args.retryAt === null ? 'parked' : 'pending' },
      );
    });
  }

  redriveEvents(args: { submissionId?: string; now: number }): Promise<number> {
    return this.units.single(async (exec) => {
      const { affected } = await exec(
        `UPDATE ${this.t.events} SET state = 'pending', attempts = 0, not_before = :now
         WHERE state = 'parked'${args.submissionId === undefined ? '' : ' AND submission_id = :submissionId'}`,
        { ...args },
      );
      return affected;
    });
  }

  nextEventAt(): Promise<number | null> {
    return this.units.single(async (exec) => {
      const { rows } = await exec(
        `SELECT MIN(not_before) AS at FROM ${this.t.events} WHERE state = 'pending'`,
      );
      return numOrNull(rows[0].at);
    });
  }

  countParkedEvents(submissionId: string): Promise<number> {
    return this.units.single(async (exec) => {
      const { rows } = await exec(
        `SELECT COUNT(*) AS n FROM ${this.t.events} WHERE submission_id = :submissionId AND state = 'parked'`,
        { submissionId },
      );
      return Number(rows[0].n);
    });
  }
}
