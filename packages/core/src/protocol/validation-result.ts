import { validateSync, type ValidationError } from 'class-validator';
import { jsonType } from './json-type.js';
import { toDtoInstance } from './nested.decorator.js';

/** One problem, with the field path as it appears in the JSON: `documents[3].url`, `result.pieces`. */
export interface ValidationIssue {
  path: string;
  message: string;
}

export type ValidationResult<T> = { ok: true; value: T } | { ok: false; errors: ValidationIssue[] };

/** Thrown by {@link assertValid}; carries every issue. Map it to a 400 / a non-retryable failure. */
export class ProtocolValidationError extends Error {
  override readonly name = 'ProtocolValidationError';
  readonly code = 'INVALID_PAYLOAD';

  constructor(
    readonly errors: ValidationIssue[],
    what = 'payload',
  ) {
    super(`Invalid ${what}: ${formatValidationIssues(errors)}`);
  }
}

/** `documents[3].url: must be an http(s) URL; status: must be one of …` (first 10 issues). */
export function formatValidationIssues(errors: readonly ValidationIssue[]): string {
  const shown = errors.slice(0, 10).map((e) => `${e.path || '(root)'}: ${e.message}`);
  if (errors.length > 10) shown.push(`… and ${errors.length - 10} more`);
  return shown.join('; ');
}

/** The value when valid, otherwise throws {@link ProtocolValidationError}. */
export function assertValid<T>(result: ValidationResult<T>, what?: string): T {
  if (result.ok) return result.value;
  throw new ProtocolValidationError(result.errors, what);
}

/**
 * Validates a parsed JSON value against a class-validator DTO. The value returned is the input
 * itself, untouched: fields we do not know yet stay in it (forward compatible), and nothing is
 * coerced (`"3"` is not a number).
 */
export function validateDto<T>(
  dto: new () => object,
  input: unknown,
  extraChecks?: (value: T) => ValidationIssue[],
): ValidationResult<T> {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return { ok: false, errors: [{ path: '', message: `must be a JSON object, got ${jsonType(input)}` }] };
  }
  const errors: ValidationIssue[] = [];
  flatten(validateSync(toDtoInstance(dto, input), VALIDATOR_OPTIONS), '', errors);
  if (errors.length === 0 && extraChecks) errors.push(...extraChecks(input as T));
  return errors.length === 0 ? { ok: true, value: input as T } : { ok: false, errors };
}

const VALIDATOR_OPTIONS = { validationError: { target: false, value: false }, forbidUnknownValues: true };

function flatten(list: readonly ValidationError[], prefix: string, out: ValidationIssue[]): void {
  for (const error of list) {
    const path = /^\d+$/.test(error.property)
      ? `${prefix}[${error.property}]`
      : prefix
        ? `${prefix}.${error.property}`
        : error.property;
    for (const [constraint, message] of Object.entries(error.constraints ?? {})) {
      if (constraint === 'nestedValidation') {
        out.push({ path, message: 'must be an object' });
        continue;
      }
      // class-validator's default messages start with the property name; the path already says it.
      out.push({
        path,
        message: message.startsWith(`${error.property} `)
          ? message.slice(error.property.length + 1)
          : message,
      });
    }
    if (error.children?.length) flatten(error.children, path, out);
  }
}
