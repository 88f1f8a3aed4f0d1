// A second process dispatching docbatch events on the same PostgreSQL schema, the way the engine's
// dispatcher does: the handler's write and completeEvent() in one store transaction, rolled back
// when the event turns out to be handled already. Plain .mjs on the compiled package: Jest's
// TypeScript transform does not reach child processes.
//   hold: dispatch one event, report after completeEvent(), commit only when the parent says so.
//   all:  dispatch every given event as fast as possible.
import { once } from 'node:events';
import { DataSource } from 'typeorm';
import { DOCBATCH_ENTITIES, TypeormStore } from '@docbatch/typeorm';

const [message] = await once(process, 'message');
const { url, schema, mode, eventIds } = message;
const dataSource = await new DataSource({
  type: 'postgres',
  url,
  schema,
  entities: [...DOCBATCH_ENTITIES],
}).initialize();
const store = new TypeormStore(dataSource);

async function dispatch(eventId, beforeCommit) {
  try {
    await store.transaction(async (tx) => {
      await tx.manager.query(`INSERT INTO "${schema}".effects (event_id, who) VALUES ($1, 'child')`, [
        eventId,
      ]);
      const completed = await tx.completeEvent(eventId);
      await beforeCommit(completed);
      if (!completed) throw new Error('already handled');
    });
    return true;
  } catch (error) {
    if (error.message === 'already handled') return false;
    throw error;
  }
}

if (mode === 'hold') {
  const committed = await dispatch(eventIds[0], async (completed) => {
    process.send({ completed });
    await once(process, 'message');
  });
  process.send({ committed });
} else {
  let won = 0;
  for (const id of eventIds) if (await dispatch(id, async () => {})) won++;
  process.send({ won });
}
await dataSource.destroy();
process.disconnect();
