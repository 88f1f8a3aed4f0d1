import { isURL, IsIn, ValidateBy, type ValidationOptions } from 'class-validator';
import { jsonType } from './json-type.js';

const HTTP_URL: Parameters<typeof isURL>[1] = {
  protocols: ['http', 'https'],
  require_protocol: true,
  require_tld: false,
};

export function isHttpUrl(value: unknown): value is string {
  return typeof value === 'string' && isURL(value, HTTP_URL);
}

/** An absolute http(s) URL; hosts without a TLD (localhost, the sandbox) are fine. */
export function IsHttpUrl(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isHttpUrl',
      validator: { validate: isHttpUrl, defaultMessage: () => 'must be an absolute http(s) URL' },
    },
    options,
  );
}

/** Like IsIn, but says what was received: `must be one of success, partial, failed (got "done")`. */
export function IsOneOf(values: readonly unknown[]): PropertyDecorator {
  return IsIn(values, {
    message: (args) => `must be one of ${values.join(', ')} (got ${jsonType(args.value)})`,
  });
}

/** An object whose every value is a number from 0 to 1 (per-field confidence). */
export function IsConfidenceMap(): PropertyDecorator {
  const badKey = (value: unknown) =>
    typeof value !== 'object' || value === null || Array.isArray(value)
      ? ''
      : Object.keys(value).find((k) => {
          const v = (value as Record<string, unknown>)[k];
          return typeof v !== 'number' || !(v >= 0 && v <= 1);
        });
  return ValidateBy({
    name: 'isConfidenceMap',
    validator: {
      validate: (value) => badKey(value) === undefined,
      defaultMessage: (args) => {
        const key = badKey(args?.value);
        return key ? `${key} must be a number from 0 to 1` : 'must be an object of numbers from 0 to 1';
      },
    },
  });
}
