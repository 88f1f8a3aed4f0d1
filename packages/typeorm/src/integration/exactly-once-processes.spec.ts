/**
 * Exactly-once handler effects across processes on PostgreSQL. The parent and a real child process
 * (its own Node, its own pool) dispatch the SAME events: each runs the handler's write and
 * completeEvent() in one transaction, as the engine's dispatcher does. Only one effect may survive.
 *
 * The child is plain .mjs on the compiled package, so beforeAll builds @docbatch/typeorm first.
 */
import { afterEach, beforeAll, expect, it } from '@jest/globals';
import { execFile, fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { QueryRunner } from 'typeorm';
import { describeIfPostgres, POSTGRES_URL } from '../../../../test/support/services.js';
import { TypeormStore } from '../store/typeorm-store.js';
import { openPostgres, type TestDatabase } from '../testing/test-data-sources.test-helper.js';

const root = fileURLToPath(new URL('../../../..', import.meta.url));
const childScript = fileURLToPath(new URL('./dispatch-race.child.mjs', import.meta.url));

/** The host's table; no unique constraint, so a second effect would show as a second row. */
class CreateEffects1764720000001 {
  name = 'CreateEffects1764720000001';
  async up(queryRunner: QueryRunner) {
    const schema = (queryRunner.connection.options as { schema?: string }).schema;
    await queryRunner.query(
      `CREATE TABLE "${schema}".effects (event_id varchar(64) NOT NULL, who varchar(16) NOT NULL)`,
    );
  }
  async down() {}
}

class AlreadyHandled extends Error {}

const d = await describeIfPostgres();

d('exactly-once handler effects across two processes (PostgreSQL)', () => {
  let db: TestDatabase;
  let store: TypeormStore;
  let child: ChildProcess | undefined;

  beforeAll(async () => {
    await promisify(execFile)('npx', ['tsc', '-b', 'packages/typeorm'], { cwd: root, timeout: 120_000 });
  }, 130_000);

  afterEach(async () => {
    if (child && child.exitCode === null) {
      child.kill();
      await once(child, 'exit');
    }
    child = undefined;
    await db.close();
  });

  async function setUp(events: number): Promise<string[]> {
    db = await openPostgres({ migrations: [CreateEffects1764720000001] });
    store = new TypeormStore(db.dataSource);
    const ids = Array.from({ length: events }, (_, i) => `e${i}`);
    await store.addEvents(
      ids.map((id) => ({
        id,
        name: 'document.complete' as const,
        submissionId: 's1',
        documentKey: null,
        payload: {},
        createdAt: 0,
      })),
    );
    child = fork(childScript, { cwd: root, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    return ids;
  }

  /** The parent's dispatch of one event; resolves true when its effect committed. */
  const dispatch = (eventId: string) =>
    store
      .transaction(async (tx) => {
        await tx.manager.query(`INSERT INTO "${db.location}".effects (event_id, who) VALUES ($1, 'parent')`, [
          eventId,
        ]);
        if (!(await tx.completeEvent(eventId))) throw new AlreadyHandled();
      })
      .then(
        () => true,
        (error: unknown) => {
          if (error instanceof AlreadyHandled) return false;
          throw error;
        },
      );

  const effects = async () =>
    (await db.dataSource.query(`SELECT event_id, who FROM "${db.location}".effects ORDER BY event_id`)) as {
      event_id: string;
      who: string;
    }[];

  it('a dispatcher blocked behind another process’s uncommitted completion rolls its handler write back', async () => {
    const [eventId] = await setUp(1);
    child!.send({ url: POSTGRES_URL, schema: db.location, mode: 'hold', eventIds: [eventId] });
    const [fromChild] = (await once(child!, 'message')) as [{ completed: boolean }];
    expect(fromChild.completed).toBe(true);

    // The child holds the event row locked, uncommitted. Our completeEvent() must wait for it...
    const ours = dispatch(eventId!);
    const deadline = Date.now() + 10_000;
    for (;;) {
      const [{ waiting }] = await db.dataSource.query(
        `SELECT COUNT(*)::int AS waiting FROM pg_stat_activity
         WHERE wait_event_type = 'Lock' AND query LIKE $1`,
        [`%"${db.location}"."docbatch_events"%`],
      );
      if (waiting > 0) break;
      if (Date.now() > deadline) throw new Error('our dispatch never waited on the child’s lock');
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    // ...and, once the child commits, find the event handled and roll its own write back.
    child!.send('commit');
    const [committed] = (await once(child!, 'message')) as [{ committed: boolean }];
    expect(committed).toEqual({ committed: true });
    expect(await ours).toBe(false);
    expect(await effects()).toEqual([{ event_id: eventId, who: 'child' }]);
    expect(await store.nextEventAt()).toBeNull();
  });

  it('two processes dispatching the same 200 events leave exactly one effect per event', async () => {
    const ids = await setUp(200);
    child!.send({ url: POSTGRES_URL, schema: db.location, mode: 'all', eventIds: ids });
    const childDone = once(child!, 'message') as Promise<[{ won: number }]>;
    let parentWon = 0;
    // Four parallel dispatchers here against the child's one, all over the same events.
    await Promise.all(
      [0, 1, 2, 3].map(async (lane) => {
        for (const id of lane % 2 ? [...ids].reverse() : ids) if (await dispatch(id)) parentWon++;
      }),
    );
    const [{ won: childWon }] = await childDone;
    const rows = await effects();
    expect(rows.map((r) => r.event_id).sort()).toEqual([...ids].sort());
    expect(parentWon + childWon).toBe(200);
  });
});
