import {
  IsArray,
  IsInt,
  IsNotEmpty,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  Min,
  ValidateIf,
} from 'class-validator';
import { AwbResultDto, type AwbResult } from './awb-result.dto.js';
import type { DocumentOutcomeStatus } from './document-complete-event.dto.js';
import type { ErrorCode } from './error-codes.js';
import { Nested } from './nested.decorator.js';
import { IsOneOf } from './protocol-decorators.js';
import { validateDto, type ValidationResult } from './validation-result.js';

export const DOCUMENT_STATES = ['queued', 'processing', 'success', 'partial', 'failed'] as const;
export type DocumentState = 'queued' | 'processing' | DocumentOutcomeStatus;
export const WEBHOOK_DELIVERY_STATES = ['pending', 'delivered', 'failed'] as const;
export type WebhookDeliveryState = (typeof WEBHOOK_DELIVERY_STATES)[number];

/** `GET /v1/batch/{batch_id}/documents/{doc_id}` (the polling endpoint), and one item of a page. */
export interface DocumentResultResponse {
  batch_id: string;
  doc_id: string;
  status: DocumentState;
  result?: AwbResult | null;
  error_code?: ErrorCode | null;
  processing_ms?: number | null;
  webhook?: { state: WebhookDeliveryState; attempts: number };
}

/** `GET /v1/batch/{batch_id}/documents?status=&cursor=`. */
export interface DocumentPage {
  data: DocumentResultResponse[];
  next_cursor: string | null;
}

export class WebhookDeliveryDto {
  @IsOneOf(WEBHOOK_DELIVERY_STATES) state!: WebhookDeliveryState;
  @IsInt() @Min(0) attempts!: number;
}

export class DocumentResultResponseDto {
  @IsString() @IsNotEmpty() batch_id!: string;
  @IsString() @IsNotEmpty() doc_id!: string;
  @IsOneOf(DOCUMENT_STATES) status!: DocumentState;

  // Results only exist once a document finished successfully or partially.
  @ValidateIf(
    (d: DocumentResultResponseDto) =>
      d.status === 'success' || d.status === 'partial' || (d.result !== null && d.result !== undefined),
  )
  @IsObject({ message: 'must be an object for a success or partial document' })
  @Nested(() => AwbResultDto)
  result?: AwbResultDto | null;

  @IsOptional() @IsString() @IsNotEmpty() error_code?: string | null;
  @IsOptional() @IsNumber({ allowNaN: false, allowInfinity: false }) @Min(0) processing_ms?: number | null;
  @IsOptional() @IsObject() @Nested(() => WebhookDeliveryDto) webhook?: WebhookDeliveryDto;
}

export class DocumentPageDto {
  @IsArray()
  @Nested(() => DocumentResultResponseDto, { each: true })
  data!: DocumentResultResponseDto[];
  @ValidateIf((p: DocumentPageDto) => p.next_cursor !== null) @IsString() @IsNotEmpty() next_cursor!:
    string | null;
}

export function parseDocumentResultResponse(json: unknown): ValidationResult<DocumentResultResponse> {
  return validateDto<DocumentResultResponse>(DocumentResultResponseDto, json);
}

export function parseDocumentPage(json: unknown): ValidationResult<DocumentPage> {
  return validateDto<DocumentPage>(DocumentPageDto, json);
}
