/** Why the Nest integration refused to start; `code` is stable, the message says how to fix it. */
export type DocbatchNestErrorCode =
  'HANDLER_NOT_SINGLETON' | 'INVALID_MODULE_OPTIONS' | 'UNSUPPORTED_HTTP_PLATFORM';

export class DocbatchNestError extends Error {
  override readonly name = 'DocbatchNestError';

  constructor(
    readonly code: DocbatchNestErrorCode,
    message: string,
  ) {
    super(message);
  }
}
