/** Thrown by `docbatchRouter(...)` itself when its options cannot work; never at request time. */
export class RouterConfigError extends Error {
  readonly code = 'INVALID_ROUTER_CONFIG';

  constructor(message: string) {
    super(message);
    this.name = 'RouterConfigError';
  }
}
