import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  MaxLength,
  ValidateBy,
  ValidateIf,
} from 'class-validator';
import { isHttpUrl, IsHttpUrl } from './protocol-decorators.js';
import { Nested } from './nested.decorator.js';
import { validateDto, type ValidationIssue, type ValidationResult } from './validation-result.js';

/** The provider accepts at most this many documents per batch. */
export const MAX_BATCH_DOCUMENTS = 5000;

/** A document to process: a URL the provider fetches, or a file uploaded first (`POST /v1/files`). */
export type DocumentRef = { id: string; url: string } | { id: string; file_id: string };

export interface BatchOptions {
  /** The slower, stronger pass (helps LOW_RESOLUTION scans). */
  enhanced_preprocessing?: boolean;
}

/** Body of `POST /v1/batch`. `id`s are the caller's correlation keys and come back as `doc_id`. */
export interface BatchManifest {
  webhook_url?: string;
  documents: DocumentRef[];
  options?: BatchOptions;
}

export class DocumentRefDto {
  @IsString()
  @IsNotEmpty()
  @MaxLength(255)
  id!: string;

  // One decorator owns the "exactly one of url / file_id" rule so the message can say which case it is.
  @ValidateBy({
    name: 'documentSource',
    validator: {
      validate: (url, args) =>
        url === undefined
          ? (args?.object as DocumentRefDto).file_id !== undefined
          : (args?.object as DocumentRefDto).file_id === undefined && isHttpUrl(url),
      defaultMessage: (args) =>
        args?.value === undefined
          ? 'a document needs a url or a file_id'
          : (args.object as DocumentRefDto).file_id !== undefined
            ? 'give either url or file_id, not both'
            : 'must be an absolute http(s) URL',
    },
  })
  url?: string;

  @ValidateIf((ref: DocumentRefDto) => ref.file_id !== undefined)
  @IsString()
  @IsNotEmpty()
  file_id?: string;
}

export class BatchOptionsDto implements BatchOptions {
  @IsOptional()
  @IsBoolean()
  enhanced_preprocessing?: boolean;
}

export class BatchManifestDto {
  @IsOptional()
  @IsHttpUrl()
  webhook_url?: string;

  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_BATCH_DOCUMENTS)
  @Nested(() => DocumentRefDto, { each: true })
  documents!: DocumentRefDto[];

  @IsOptional()
  @IsObject()
  @Nested(() => BatchOptionsDto)
  options?: BatchOptionsDto;
}

/** Validates a manifest before it is sent (or, in the sandbox, when received): shape, size, unique ids. */
export function validateBatchManifest(json: unknown): ValidationResult<BatchManifest> {
  return validateDto<BatchManifest>(BatchManifestDto, json, duplicateIds);
}

export function validateDocumentRef(json: unknown): ValidationResult<DocumentRef> {
  return validateDto<DocumentRef>(DocumentRefDto, json);
}

function duplicateIds(manifest: BatchManifest): ValidationIssue[] {
  const firstIndex = new Map<string, number>();
  const issues: ValidationIssue[] = [];
  manifest.documents.forEach((doc, index) => {
    const first = firstIndex.get(doc.id);
    if (first === undefined) firstIndex.set(doc.id, index);
    else
      issues.push({
        path: `documents[${index}].id`,
        message: `duplicate id ${JSON.stringify(doc.id)} (first at documents[${first}])`,
      });
  });
  return issues;
}
