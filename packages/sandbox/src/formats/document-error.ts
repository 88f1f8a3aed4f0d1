/**
 * Why a document failed, as the provider reports it: `code` becomes the webhook's `error_code`, the
 * message becomes a warning so a human can see what was wrong with the file.
 */
export class DocumentProcessingError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'DocumentProcessingError';
  }
}

export function corrupted(message: string): DocumentProcessingError {
  return new DocumentProcessingError('CORRUPTED_FILE', message);
}
