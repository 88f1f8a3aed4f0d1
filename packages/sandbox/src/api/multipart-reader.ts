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
  const found: UploadedPart[] = [];
  let start = body.indexOf(delimiter);
  let closed = false;
  while (start >= 0) {
    const headerStart = start + delimiter.length;
    if (body.subarray(headerStart, headerStart + 2).toString() === '--') {
      closed = true;
      break;
    }
    const headerEnd = body.indexOf('\r\n\r\n', headerStart);
    const next =
      headerEnd < 0 ? -1 : body.indexOf(Buffer.concat([Buffer.from('\r\n'), delimiter]), headerEnd);
    if (next < 0) break;
    const headers = body.subarray(headerStart, headerEnd).toString('utf8');
    const disposition = /content-disposition:\s*form-data;([^\r\n]*)/i.exec(headers)?.[1] ?? '';
    if (/\bname="([^"]*)"/i.exec(disposition)?.[1] === field) {
      found.push({
        filename: /\bfilename="([^"]*)"/i.exec(disposition)?.[1] ?? 'upload',
        contentType: /content-type:\s*([^\r\n]+)/i.exec(headers)?.[1]?.trim() ?? 'application/octet-stream',
        bytes: body.subarray(headerEnd + 4, next),
      });
    }
    start = next + 2;
  }
  // Without the closing delimiter the last part may be cut anywhere: storing it would store garbage.
  if (!closed && body.length > 0) {
    throw new ApiError(400, 'INVALID_MULTIPART', 'multipart body is cut short: no closing boundary');
  }
  if (found.length > 1) {
    throw new ApiError(
      400,
      'VALIDATION_ERROR',
      `send one file per request, got ${found.length} "${field}" fields`,
      [{ path: field, message: 'exactly one file is allowed' }],
    );
  }
  if (found.length === 0) {
    throw new ApiError(400, 'VALIDATION_ERROR', `multipart field "${field}" is missing`, [
      { path: field, message: 'a file is required' },
    ]);
  }
  return found[0]!;
}
