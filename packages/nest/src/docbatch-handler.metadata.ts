import 'reflect-metadata';

/** The engine events a method can handle, as `docbatch.on(event, …)` names them. */
export type DocbatchEvent = 'document.complete' | 'document.failed' | 'document.retry' | 'batch.complete';

/** One decorator's worth of handler metadata: which event, and which outcomes it wants. */
export interface DocbatchHandlerBinding {
  event: DocbatchEvent;
  /** Runs for every event when absent; otherwise only when the outcome matches. */
  matches?: (payload: unknown) => boolean;
  /** What the decorator was given, for logs and error messages. */
  filter?: unknown;
}

/** Namespaced so it can never collide with the host's or another library's metadata. */
export const DOCBATCH_HANDLERS_METADATA = 'docbatch:handlers';

/**
 * Builds a method decorator that appends a binding. Appending (never overwriting) is what makes
 * stacked decorators accumulate: `@OnDocumentComplete({status:'success'}) @OnDocumentFailed()`
 * registers the method for both events.
 */
export function handlerDecorator(binding: DocbatchHandlerBinding): MethodDecorator {
  return (_target, _key, descriptor) => {
    const method = descriptor.value;
    if (typeof method !== 'function') {
      throw new TypeError(`@docbatch handler decorators go on methods (got ${String(_key)})`);
    }
    const bindings = getHandlerBindings(method);
    // Metadata lives on the function object, so it is found through any instance whose prototype
    // holds the method: class providers, useFactory products, useValue objects alike.
    Reflect.defineMetadata(DOCBATCH_HANDLERS_METADATA, [...bindings, binding], method);
    return descriptor;
  };
}

/** The bindings on a method, in decorator application order (bottom-most decorator first). */
export function getHandlerBindings(method: object): readonly DocbatchHandlerBinding[] {
  return (Reflect.getMetadata(DOCBATCH_HANDLERS_METADATA, method) as DocbatchHandlerBinding[]) ?? [];
}

/** `'a'` or `['a', 'b']` as a membership test; undefined means "anything". */
export function oneOf<T>(wanted: T | readonly T[] | undefined): ((value: T) => boolean) | undefined {
  if (wanted === undefined) return undefined;
  const set = new Set<T>(Array.isArray(wanted) ? wanted : [wanted as T]);
  return (value) => set.has(value);
}
