// A worker process: runs docbatch's jobs (submitting, ingesting webhooks, dispatching handlers,
// sweeping) and the host's handler, which writes one row per final outcome through ctx.manager, in
// the transaction that marks the outcome handled. The table has no unique constraint on purpose:
// a second effect for a document would show up as a second row.
// With `config.hangAtEffects = n`, the first handler run (in any worker) that finds n rows committed
// takes the one hang token, tells the test and hangs after writing its row; the test then kills this
// process, so the kill lands inside the handler's open transaction.
import { config, createApp, exitWithParent } from './docbatch-app.mjs';

const { docbatch, dataSource } = await createApp(config.webhookUrl);
const effects = `"${config.schema}".mp_effects`;

/** Autocommit, outside the handler's transaction: exactly one run of all workers gets the token. */
async function takeHangToken() {
  const [{ committed }] = await dataSource.query(`SELECT count(*)::int AS committed FROM ${effects}`);
  if (committed < config.hangAtEffects) return false;
  const won = await dataSource.query(
    `INSERT INTO "${config.schema}".mp_hang (id) VALUES (1) ON CONFLICT DO NOTHING RETURNING id`,
  );
  return won.length === 1;
}

docbatch.on('document.complete', async (outcome, ctx) => {
  await ctx.manager.query(`INSERT INTO ${effects} (doc_id, state, worker) VALUES ($1, $2, $3)`, [
    outcome.id,
    outcome.state,
    config.role,
  ]);
  if (config.hangAtEffects !== undefined && (await takeHangToken())) {
    process.send({ hangingIn: outcome.id });
    await new Promise(() => {});
  }
});

await docbatch.start();
exitWithParent(async () => {
  await docbatch.stop();
  await dataSource.destroy();
});
process.send({ ready: true });
