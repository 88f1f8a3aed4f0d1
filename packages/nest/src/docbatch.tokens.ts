import { DOCBATCH_MODULE_OPTIONS } from './docbatch.module-definition.js';

/**
 * Injection tokens, reached through functions (the Nest convention, as `getDataSourceToken()`), so
 * the token values stay private and can change without breaking hosts.
 */
const DOCBATCH_ENGINE = Symbol('docbatch:engine');

/** The `Docbatch` engine made by `DocbatchModule`: `@Inject(getDocbatchToken()) docbatch: Docbatch`. */
export function getDocbatchToken(): symbol {
  return DOCBATCH_ENGINE;
}

/** The resolved module options (what forRoot got, or what the forRootAsync factory returned). */
export function getDocbatchOptionsToken(): string | symbol {
  return DOCBATCH_MODULE_OPTIONS;
}
