/** start() after stop(): an engine does not restart (its queue is closed); create a new one. */
export class DocbatchStoppedError extends Error {
  override readonly name = 'DocbatchStoppedError';
  readonly code = 'DOCBATCH_STOPPED';

  constructor() {
    super('this docbatch engine was stopped and cannot start again; create a new one with createDocbatch()');
  }
}
