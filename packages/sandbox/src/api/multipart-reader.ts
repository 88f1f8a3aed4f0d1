import { ApiError } from './api-error.js';

export interface UploadedPart {
  filename: string;
  contentType: string;
  bytes: Buffer;
}

/**
 * Extracts one named file field from a buffered multipart/form-data body (RFC 7578). The sandbox
 * only ever needs the `file` field of `POST /v1/files`, so this stays a few lines instead of a
 * streaming parser.
 */
export function readMultipartFile(body: Buffer, contentTypeHeader: string, field: string): UploadedPart {
  const boundary = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentTypeHeader);
  if (!boundary) throw new ApiError(400, 'INVALID_MULTIPART', 'multipart/form-data without a boundary');
  const delimiter = Buffer.from(`--${boundary[1] ?? boundary[2]}`);
  let start = body.indexOf(delimiter);
  while (start >= 0) {
    const headerStart = start + delimiter.length;
    if (body.subarray(headerStart, headerStart + 2).toString() === '--') break; // closing delimiter
    const headerEnd = body.indexOf('\r\n\r\n', headerStart);
    const next = body.indexOf(Buffer.concat([Buffer.from('\r\n'), delimiter]), headerEnd);
    if (headerEnd < 0 || next < 0) break;
    const headers = body.subarray(headerStart, headerEnd).toString('utf8');
    const disposition = /content-disposition:\s*form-data;([^\r\n]*)/i.exec(headers)?.[1] ?? '';
    const name = /\bname="([^"]*)"/i.exec(disposition)?.[1];
    if (name === field) {
      return {
        filename: /\bfilename="([^"]*)"/i.exec(disposition)?.[1] ?? 'upload',
        contentType: /content-type:\s*([^\r\n]+)/i.exec(headers)?.[1]?.trim() ?? 'application/octet-stream',
        bytes: body.subarray(headerEnd + 4, next),
      };
    }
    start = next + 2;
  }
  throw new ApiError(400, 'VALIDATION_ERROR', `multipart field "${field}" is missing`, [
    { path: field, message: 'a file is required' },
  ]);
}
