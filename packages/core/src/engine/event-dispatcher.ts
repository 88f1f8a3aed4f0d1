import type { EngineEventName, EventRecord } from '../ports/store.port.js';
import type { DocbatchHandler } from './docbatch-events.js';
import { DocbatchConfigError } from './docbatch-config.error.js';
import { errorMessage, JOBS, type EngineContext } from './engine-context.js';

const CLAIM_LIMIT = 100;
const EVENT_NAMES: readonly EngineEventName[] = [
  'document.complete',
  'document.failed',
  'document.retry',
  'batch.complete',
];

/** Thrown inside the handler transaction to roll it back when the event was handled elsewhere. */
class AlreadyHandled extends Error {}

/** A handler did not settle within handlers.timeoutMs: treated like a throw. */
export class HandlerTimeoutError extends Error {
  override readonly name = 'HandlerTimeoutError';
  readonly code = 'HANDLER_TIMEOUT';
  constructor(event: string, ms: number) {
    super(`${event} handler did not settle within ${ms} ms (handlers.timeoutMs)`);
  }
}

/**
 * Runs user handlers for outbox events (`docbatch.dispatch` job). Each event's handlers run inside
 * one store transaction together with marking the event handled, so with a transactional store the
 * handlers' writes through `ctx.manager` commit exactly once. A throwing handler rolls its event
 * back; the event is retried with backoff, then parked (handler_failed) until redrive().
 */
export class EventDispatcher<M> {
  private readonly handlers = new Map<EngineEventName, DocbatchHandler<EngineEventName, M>[]>();

  constructor(private readonly ctx: EngineContext<M>) {}

  on<E extends EngineEventName>(name: E, handler: DocbatchHandler<E, M>): () => void {
    // From plain JavaScript a typo ('document.completed') would register a handler that never runs.
    if (!EVENT_NAMES.includes(name))
      throw new DocbatchConfigError(
        `unknown event ${JSON.stringify(name)}; docbatch emits ${EVENT_NAMES.join(', ')}`,
      );
    if (typeof handler !== 'function')
      throw new DocbatchConfigError(`the handler for ${name} must be a function, got ${typeof handler}`);
    const list = this.handlers.get(name) ?? [];
    list.push(handler as DocbatchHandler<EngineEventName, M>);
    this.handlers.set(name, list);
    return () => {
      const at = list.indexOf(handler as DocbatchHandler<EngineEventName, M>);
      if (at >= 0) list.splice(at, 1);
    };
  }

  async drain(): Promise<void> {
    const { store, clock, owner, leaseMs } = this.ctx;
    while (!this.ctx.stopping()) {
      const events = await store.claimEvents({ owner, now: clock.now(), leaseMs, limit: CLAIM_LIMIT });
      if (events.length === 0) break;
      for (const event of events) await this.dispatch(event);
    }
    // Events waiting out a handler backoff: wake up when the first is due.
    const next = await store.nextEventAt();
    if (next !== null && next > clock.now()) await this.ctx.wake(JOBS.dispatch, next);
  }

  /**
   * A handler that never settles would hold the dispatch job (and stop()) forever and every event
   * behind it. After handlers.timeoutMs it counts as a throw: rolled back, retried, then parked. The
   * handler itself cannot be cancelled; its later writes through a rolled-back manager fail.
   */
  private withinTimeout(work: Promise<void>, event: EventRecord): Promise<void> {
    const ms = this.ctx.handlerTimeoutMs;
    let timer: { cancel(): void } | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = this.ctx.clock.setTimer(() => reject(new HandlerTimeoutError(event.name, ms)), ms);
    });
    return Promise.race([work, timeout]).finally(() => timer?.cancel());
  }

  private async dispatch(event: EventRecord): Promise<void> {
    const { store, clock, logger } = this.ctx;
    const handlers = [...(this.handlers.get(event.name) ?? [])];
    try {
      await store.transaction(async (tx) => {
        const run = async () => {
          for (const handler of handlers) {
            await handler(event.payload as never, {
              manager: tx.manager,
              event: event.name,
              attempt: event.attempts + 1,
              logger,
            });
          }
        };
        await this.withinTimeout(run(), event);
        if (!(await tx.completeEvent(event.id))) throw new AlreadyHandled();
      });
    } catch (error) {
      if (error instanceof AlreadyHandled) return;
      const attempts = event.attempts + 1;
      const parked = attempts >= this.ctx.handlerMaxAttempts;
      const delayMs = Math.min(this.ctx.handlerBackoffMs * 2 ** (attempts - 1), this.ctx.handlerMaxBackoffMs);
      const retryAt = parked ? null : clock.now() + delayMs;
      const fields = {
        event: event.name,
        submissionId: event.submissionId,
        documentKey: event.documentKey,
        attempt: attempts,
        error: errorMessage(error),
      };
      try {
        await store.failEvent(event.id, { attempts, error: errorMessage(error), retryAt });
      } catch (storeError) {
        // The lease runs out and the event is dispatched again.
        logger.error('docbatch: recording a handler failure failed', {
          ...fields,
          storeError: errorMessage(storeError),
        });
        return;
      }
      if (parked)
        logger.error(
          'docbatch: handler kept failing; event parked as handler_failed (see redrive())',
          fields,
        );
      else logger.warn('docbatch: handler threw; will retry', { ...fields, retryInMs: delayMs });
    }
  }
}
