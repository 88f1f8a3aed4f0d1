import { Logger as NestLogger } from '@nestjs/common';
import type { Logger } from '@docbatch/core';

/** docbatch's structured logger on top of Nest's, so engine logs go wherever the host's logs go. */
export function nestLogger(context = 'Docbatch'): Logger {
  const logger = new NestLogger(context);
  return {
    debug: (message, fields) => logger.debug(line(message, fields)),
    info: (message, fields) => logger.log(line(message, fields)),
    warn: (message, fields) => logger.warn(line(message, fields)),
    error: (message, fields) => {
      const error = fields?.error;
      logger.error(line(message, fields), error instanceof Error ? error.stack : undefined);
    },
  };
}

function line(message: string, fields?: Record<string, unknown>): string {
  if (!fields || Object.keys(fields).length === 0) return message;
  // Errors serialise to {} with JSON.stringify; their message is what a reader needs.
  const json = JSON.stringify(fields, (_key, value: unknown) =>
    value instanceof Error ? `${value.name}: ${value.message}` : value,
  );
  return `${message} ${json}`;
}
