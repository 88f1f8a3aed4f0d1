import type { DocbatchEvent } from './docbatch-handler.metadata.js';
import type { DiscoveredHandler } from './docbatch-handler.explorer.js';

export type EventListener = (payload: unknown, ctx: unknown) => Promise<void>;

/**
 * One engine listener per event, running the matching methods in discovery order, one after the
 * other: they share the event's transaction (`ctx.manager`), so if one throws, the writes of all
 * roll back and the engine retries the event as a whole — never half-applied.
 */
export function listenersFor(handlers: readonly DiscoveredHandler[]): Map<DocbatchEvent, EventListener> {
  const byEvent = new Map<DocbatchEvent, DiscoveredHandler[]>();
  for (const handler of handlers) {
    const list = byEvent.get(handler.event) ?? [];
    list.push(handler);
    byEvent.set(handler.event, list);
  }
  const listeners = new Map<DocbatchEvent, EventListener>();
  for (const [event, list] of byEvent) {
    listeners.set(event, async (payload, ctx) => {
      for (const handler of list) {
        if (!handler.matches || handler.matches(payload)) await handler.invoke(payload, ctx);
      }
    });
  }
  return listeners;
}
