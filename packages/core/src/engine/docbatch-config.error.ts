/** createDocbatch() refused its options: thrown at start-up, never at run time. */
export class DocbatchConfigError extends Error {
  override readonly name = 'DocbatchConfigError';
  readonly code = 'INVALID_DOCBATCH_CONFIG';
}
