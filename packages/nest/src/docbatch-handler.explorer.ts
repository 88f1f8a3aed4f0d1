import { Injectable } from '@nestjs/common';
import { DiscoveryService, MetadataScanner } from '@nestjs/core';
import type { InstanceWrapper } from '@nestjs/core/injector/instance-wrapper.js';
import { getHandlerBindings, type DocbatchHandlerBinding } from './docbatch-handler.metadata.js';
import { DocbatchNestError } from './docbatch-nest.error.js';

/** A decorated method found on a live provider instance. */
export interface DiscoveredHandler extends DocbatchHandlerBinding {
  /** `ProviderName.method`, for logs. */
  name: string;
  invoke: (payload: unknown, ctx: unknown) => Promise<unknown>;
}

/**
 * Finds every `@OnDocument…`/`@OnBatchComplete` method on the application's providers.
 *
 * Two bugs other Nest libraries have are avoided on purpose:
 * - providers made by `useFactory` have the factory as `metatype`, so scanning `metatype.prototype`
 *   misses them; the live instance's own prototype is scanned instead;
 * - `useExisting` aliases (and one instance registered under several tokens) would register the
 *   same methods twice; instances are de-duplicated, alias wrappers skipped.
 */
@Injectable()
export class DocbatchHandlerExplorer {
  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
  ) {}

  explore(): DiscoveredHandler[] {
    const seen = new Set<object>();
    const handlers: DiscoveredHandler[] = [];
    for (const wrapper of this.discovery.getProviders()) {
      if (wrapper.isAlias) continue;
      if (!wrapper.isDependencyTreeStatic() || wrapper.isTransient) {
        this.refuseIfDecorated(wrapper);
        continue;
      }
      const instance: unknown = wrapper.instance;
      if (!instance || typeof instance !== 'object' || seen.has(instance)) continue;
      seen.add(instance);
      handlers.push(...this.handlersOf(instance, wrapper));
    }
    return handlers;
  }

  private handlersOf(instance: object, wrapper: InstanceWrapper): DiscoveredHandler[] {
    const found: DiscoveredHandler[] = [];
    for (const key of this.scanner.getAllMethodNames(Object.getPrototypeOf(instance))) {
      const method = (instance as Record<string, unknown>)[key];
      if (typeof method !== 'function') continue;
      for (const binding of getHandlerBindings(method)) {
        found.push({
          ...binding,
          name: `${nameOf(wrapper, instance)}.${key}`,
          invoke: async (payload, ctx) => method.call(instance, payload, ctx),
        });
      }
    }
    return found;
  }

  /**
   * A request-scoped or transient provider has no single instance to call when an outcome arrives
   * (there is no request), so a handler there can never run: say so at bootstrap instead of
   * silently dropping outcomes. Only class providers can be checked without building one.
   */
  private refuseIfDecorated(wrapper: InstanceWrapper): void {
    const metatype = wrapper.metatype as { prototype?: object } | null;
    if (wrapper.inject || !metatype?.prototype) return;
    for (const key of this.scanner.getAllMethodNames(metatype.prototype)) {
      const method = (metatype.prototype as Record<string, unknown>)[key];
      if (typeof method === 'function' && getHandlerBindings(method).length > 0) {
        const scope = wrapper.isTransient ? 'transient' : 'request-scoped';
        throw new DocbatchNestError(
          'HANDLER_NOT_SINGLETON',
          `${nameOf(wrapper)}.${key} is a docbatch handler on a ${scope} provider. Outcomes arrive ` +
            'outside any request, so handlers must live on singleton (default-scoped) providers: ' +
            'move the method to one, and inject what it needs there.',
        );
      }
    }
  }
}

function nameOf(wrapper: InstanceWrapper, instance?: object): string {
  const token = wrapper.token;
  if (typeof token === 'function') return token.name;
  return String(wrapper.name ?? instance?.constructor?.name ?? String(token));
}
