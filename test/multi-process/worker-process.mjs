// A worker process: runs docbatch's jobs (submitting, ingesting webhooks, dispatching handlers,
// sweeping) and the host's handler, which writes one row per final outcome through ctx.manager, in
// the transaction that marks the outcome handled. The table has no unique constraint on purpose:
// a second effect for a document would show up as a second row.
import { config, createApp, exitWithParent } from './docbatch-app.mjs';

const { docbatch, dataSource } = await createApp(config.webhookUrl);

docbatch.on('document.complete', async (outcome, ctx) => {
  await ctx.manager.query(
    `INSERT INTO "${config.schema}".mp_effects (doc_id, state, worker) VALUES ($1, $2, $3)`,
    [outcome.id, outcome.state, config.role],
  );
});

await docbatch.start();
exitWithParent(async () => {
  await docbatch.stop();
  await dataSource.destroy();
});
process.send({ ready: true });
