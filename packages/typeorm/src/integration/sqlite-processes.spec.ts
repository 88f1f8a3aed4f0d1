/**
 * Several real processes on one SQLite file (WAL) through TypeormStore: webhook deliveries recorded
 * once, claims never shared, the daily quota never exceeded. Within one process better-sqlite3 is
 * synchronous, so processes (not DataSources) are what share a SQLite file in production.
 *
 * The children are plain .mjs on the compiled package, so beforeAll builds @docbatch/typeorm first.
 */
import { afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { execFile, fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { openSqlite, type TestDatabase } from '../testing/test-data-sources.test-helper.js';

const root = fileURLToPath(new URL('../../../..', import.meta.url));
const childScript = fileURLToPath(new URL('./sqlite-worker.child.mjs', import.meta.url));
const PROCESSES = 3;
const DELIVERIES = 150;

describe('TypeormStore on one SQLite file shared by several processes', () => {
  let db: TestDatabase | undefined;
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    await promisify(execFile)('npx', ['tsc', '-b', 'packages/typeorm'], { cwd: root, timeout: 120_000 });
  }, 130_000);

  afterEach(async () => {
    for (const child of children.splice(0))
      if (child.exitCode === null) {
        child.kill();
        await once(child, 'exit');
      }
    await db?.close();
  });

  it('records each delivery once, keeps each caller id in one live submission, hands each receipt to one process, shares the quota', async () => {
    db = await openSqlite();
    // The parent only coordinates: its own DataSource stays idle while the children work.
    const started = Array.from({ length: PROCESSES }, (_, i) => {
      const child = fork(childScript, { cwd: root, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
      children.push(child);
      child.send({ file: db!.location, name: `p${i}`, deliveries: DELIVERIES });
      return once(child, 'message');
    });
    await Promise.all(started);
    const results = await Promise.all(
      children.map(async (child) => {
        const done = once(child, 'message');
        child.send('go');
        const [result] = (await done) as [
          { recorded: number; submitted: number; granted: number; claimed: string[] },
        ];
        return result;
      }),
    );
    expect(results.reduce((sum, r) => sum + r.recorded, 0)).toBe(DELIVERIES);
    const claimed = results.flatMap((r) => r.claimed);
    expect(claimed).toHaveLength(DELIVERIES);
    expect(new Set(claimed).size).toBe(DELIVERIES);
    expect(results.reduce((sum, r) => sum + r.granted, 0)).toBe(250);
    expect(results.reduce((sum, r) => sum + r.submitted, 0)).toBe(20);
  });
});
