import { IsArray, IsIn, IsInt, IsNumber, IsOptional, IsString, Min } from 'class-validator';
import { IsConfidenceMap } from './protocol-decorators.js';
import { validateDto, type ValidationResult } from './validation-result.js';

export type WeightUnit = 'KG' | 'LB';
/** Field names of an {@link AwbResult} that carry a confidence. */
export type AwbField =
  | 'awb_number'
  | 'origin'
  | 'destination'
  | 'shipper'
  | 'consignee'
  | 'pieces'
  | 'gross_weight'
  | 'flight'
  | 'goods';

/** Fields extracted from an air waybill. A field that was not found is null. */
export interface AwbResult {
  /** Canonical `160-12345675`. */
  awb_number: string | null;
  /** IATA airport codes. */
  origin: string | null;
  destination: string | null;
  shipper: string | null;
  consignee: string | null;
  pieces: number | null;
  gross_weight: number | null;
  gross_weight_unit: WeightUnit | null;
  flight: string | null;
  goods: string | null;
  /** Pages in the document (an AWB with attachments is one document). */
  pages: number;
  /** Per-field confidence from 0 to 1. */
  confidence: Partial<Record<AwbField, number>> & Record<string, number>;
  warnings?: string[];
}

export class AwbResultDto {
  @IsOptional() @IsString() awb_number!: string | null;
  @IsOptional() @IsString() origin!: string | null;
  @IsOptional() @IsString() destination!: string | null;
  @IsOptional() @IsString() shipper!: string | null;
  @IsOptional() @IsString() consignee!: string | null;
  @IsOptional() @IsInt() @Min(0) pieces!: number | null;
  @IsOptional() @IsNumber({ allowNaN: false, allowInfinity: false }) @Min(0) gross_weight!: number | null;
  @IsOptional() @IsIn(['KG', 'LB']) gross_weight_unit!: WeightUnit | null;
  @IsOptional() @IsString() flight!: string | null;
  @IsOptional() @IsString() goods!: string | null;
  @IsInt() @Min(1) pages!: number;
  @IsConfidenceMap() confidence!: Record<string, number>;
  @IsOptional() @IsArray() @IsString({ each: true }) warnings?: string[];
}

export function parseAwbResult(json: unknown): ValidationResult<AwbResult> {
  return validateDto<AwbResult>(AwbResultDto, json);
}
