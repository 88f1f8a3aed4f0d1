import { IsInt, IsISO8601, IsNotEmpty, IsObject, IsOptional, IsString, Min } from 'class-validator';
import { Nested } from './nested.decorator.js';
import { IsOneOf } from './protocol-decorators.js';
import { validateDto, type ValidationResult } from './validation-result.js';

/** `201` answer of `POST /v1/files`. */
export interface FileUploadResponse {
  file_id: string;
  filename: string;
  size: number;
  content_type: string;
}

/** `201` answer of `POST /v1/batch`. */
export interface CreateBatchResponse {
  batch_id: string;
  status: 'queued';
  document_count: number;
  created_at: string;
}

export const BATCH_STATES = ['queued', 'processing', 'complete'] as const;
export type BatchState = (typeof BATCH_STATES)[number];

export interface BatchCounts {
  queued: number;
  processing: number;
  success: number;
  partial: number;
  failed: number;
}

/** `GET /v1/batch/{batch_id}`. */
export interface BatchStatusResponse {
  batch_id: string;
  status: BatchState;
  document_count: number;
  counts: BatchCounts;
  created_at: string;
  completed_at?: string | null;
}

export class FileUploadResponseDto {
  @IsString() @IsNotEmpty() file_id!: string;
  @IsString() filename!: string;
  @IsInt() @Min(0) size!: number;
  @IsString() content_type!: string;
}

export class CreateBatchResponseDto {
  @IsString() @IsNotEmpty() batch_id!: string;
  @IsOneOf(['queued']) status!: 'queued';
  @IsInt() @Min(0) document_count!: number;
  @IsISO8601() created_at!: string;
}

export class BatchCountsDto implements BatchCounts {
  @IsInt() @Min(0) queued!: number;
  @IsInt() @Min(0) processing!: number;
  @IsInt() @Min(0) success!: number;
  @IsInt() @Min(0) partial!: number;
  @IsInt() @Min(0) failed!: number;
}

export class BatchStatusResponseDto {
  @IsString() @IsNotEmpty() batch_id!: string;
  @IsOneOf(BATCH_STATES) status!: BatchState;
  @IsInt() @Min(0) document_count!: number;
  @IsObject() @Nested(() => BatchCountsDto) counts!: BatchCountsDto;
  @IsISO8601() created_at!: string;
  @IsOptional() @IsISO8601() completed_at?: string | null;
}

export function parseFileUploadResponse(json: unknown): ValidationResult<FileUploadResponse> {
  return validateDto<FileUploadResponse>(FileUploadResponseDto, json);
}

export function parseCreateBatchResponse(json: unknown): ValidationResult<CreateBatchResponse> {
  return validateDto<CreateBatchResponse>(CreateBatchResponseDto, json);
}

export function parseBatchStatusResponse(json: unknown): ValidationResult<BatchStatusResponse> {
  return validateDto<BatchStatusResponse>(BatchStatusResponseDto, json);
}
