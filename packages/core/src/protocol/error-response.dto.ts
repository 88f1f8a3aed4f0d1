import { Type } from 'class-transformer';
import { IsNotEmpty, IsObject, IsString, ValidateNested } from 'class-validator';
import { validateDto, type ValidationResult } from './validation-result.js';

/** Every non-2xx answer of the provider API (and of docbatch's own endpoints). */
export interface ErrorResponse {
  error: { code: string; message: string; details?: unknown };
}

export class ErrorBodyDto {
  @IsString() @IsNotEmpty() code!: string;
  @IsString() message!: string;
}

export class ErrorResponseDto {
  @IsObject() @ValidateNested() @Type(() => ErrorBodyDto) error!: ErrorBodyDto;
}

export function parseErrorResponse(json: unknown): ValidationResult<ErrorResponse> {
  return validateDto<ErrorResponse>(ErrorResponseDto, json);
}
