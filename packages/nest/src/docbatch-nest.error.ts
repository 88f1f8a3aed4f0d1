/** Why the Nest integration refused to start; `code` is stable, the message says how to fix it. */
export type DocbatchNestErrorCode =
  | 'HANDLER_NOT_SINGLETON'
  | 'HANDLER_NOT_A_FUNCTION'
  | 'INVALID_MODULE_OPTIONS'
  | 'UNSUPPORTED_HTTP_PLATFORM'
  | 'HOST_DEPENDENCY_MISSING';

export class DocbatchNestError extends Error {
  override readonly name = 'DocbatchNestError';

  constructor(
    readonly code: DocbatchNestErrorCode,
    message: string,
  ) {
    super(message);
  }
}
