import { IsNotEmpty, IsObject, IsString } from 'class-validator';
import { Nested } from './nested.decorator.js';
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
  @IsObject() @Nested(() => ErrorBodyDto) error!: ErrorBodyDto;
}

export function parseErrorResponse(json: unknown): ValidationResult<ErrorResponse> {
  return validateDto<ErrorResponse>(ErrorResponseDto, json);
}
