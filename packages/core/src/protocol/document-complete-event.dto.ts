import {
  Equals,
  IsNotEmpty,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  Min,
  ValidateIf,
} from 'class-validator';
import { AwbResultDto, type AwbResult } from './awb-result.dto.js';
import type { ErrorCode } from './error-codes.js';
import { Nested } from './nested.decorator.js';
import { IsOneOf } from './protocol-decorators.js';
import { validateDto, type ValidationResult } from './validation-result.js';

export const DOCUMENT_OUTCOME_STATUSES = ['success', 'partial', 'failed'] as const;
/** `partial` = some fields below the confidence threshold. */
export type DocumentOutcomeStatus = (typeof DOCUMENT_OUTCOME_STATUSES)[number];

/** The webhook the provider POSTs once per finished document. */
export interface DocumentCompleteEvent {
  event: 'document.complete';
  batch_id: string;
  /** The `id` the document had in the manifest. */
  doc_id: string;
  status: DocumentOutcomeStatus;
  /** Present for success/partial; null (or absent) for failed. */
  result: AwbResult | null;
  /** Set when failed; unknown codes are kept as they are. */
  error_code?: ErrorCode | null;
  processing_ms: number;
}

export class DocumentCompleteEventDto {
  @Equals('document.complete', { message: 'must be "document.complete"' })
  event!: 'document.complete';

  @IsString() @IsNotEmpty() batch_id!: string;
  @IsString() @IsNotEmpty() doc_id!: string;
  @IsOneOf(DOCUMENT_OUTCOME_STATUSES) status!: DocumentOutcomeStatus;

  // A failed document may have no result; a successful or partial one must have one.
  @ValidateIf(
    (e: DocumentCompleteEventDto) => e.status !== 'failed' || (e.result !== null && e.result !== undefined),
  )
  @IsObject({ message: 'must be an object for a success or partial document' })
  @Nested(() => AwbResultDto)
  result!: AwbResultDto | null;

  @IsOptional() @IsString() @IsNotEmpty() error_code?: string | null;
  @IsNumber({ allowNaN: false, allowInfinity: false }) @Min(0) processing_ms!: number;
}

/** Validates a parsed `document.complete` webhook body. Extra fields are kept in the value. */
export function parseDocumentCompleteEvent(json: unknown): ValidationResult<DocumentCompleteEvent> {
  return validateDto<DocumentCompleteEvent>(DocumentCompleteEventDto, json);
}
