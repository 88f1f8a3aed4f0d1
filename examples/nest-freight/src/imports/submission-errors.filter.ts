import { Catch, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { DocumentIdConflictError, SubmissionValidationError } from '@docbatch/core';
import type { Response } from 'express';

/**
 * docbatch refuses a bad submission before storing anything; the caller gets why, per document:
 * 400 with the field paths (`documents[3].url`), or 409 when ids are still being processed.
 */
@Catch(SubmissionValidationError, DocumentIdConflictError)
export class SubmissionErrorsFilter implements ExceptionFilter {
  catch(error: SubmissionValidationError | DocumentIdConflictError, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    const details = error instanceof SubmissionValidationError ? error.errors : { ids: error.ids };
    res
      .status(error instanceof SubmissionValidationError ? 400 : 409)
      .json({ error: { code: error.code, message: error.message, details } });
  }
}
