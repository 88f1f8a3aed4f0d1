import { openAsBlob } from 'node:fs';
import { basename, extname } from 'node:path';
import type { Readable } from 'node:stream';

export type UploadInput = Buffer | Uint8Array | Readable | { path: string };

export interface UploadOptions {
  /** Sent as the multipart filename; default: the path's base name, else `document`. */
  filename?: string;
  /** Default: from the filename's extension, else application/octet-stream. */
  contentType?: string;
}

const TYPES: Record<string, string> = {
  '.pdf': 'application/pdf',
  '.tif': 'image/tiff',
  '.tiff': 'image/tiff',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.png': 'image/png',
};

/**
 * The multipart body for `POST /v1/files`. A path becomes a file-backed Blob (read from disk as it is
 * sent, not loaded whole); a stream is read once into memory, so a retried request can send it again.
 */
export async function uploadForm(input: UploadInput, options: UploadOptions = {}): Promise<FormData> {
  // fs.ReadStream also has a `path`: a stream is read as a stream, only a plain `{ path }` opens the file.
  const isStream = typeof (input as Readable)?.pipe === 'function';
  const path = isStream ? undefined : (input as { path?: unknown })?.path;
  const filename = options.filename ?? (typeof path === 'string' ? basename(path) : 'document');
  const type = options.contentType ?? TYPES[extname(filename).toLowerCase()] ?? 'application/octet-stream';
  let blob: Blob;
  if (input instanceof Uint8Array) blob = new Blob([input], { type });
  else if (typeof path === 'string') blob = await openAsBlob(path, { type });
  else blob = new Blob([await readAll(input as Readable)], { type });
  const form = new FormData();
  form.append('file', blob, filename);
  return form;
}

async function readAll(stream: Readable): Promise<Buffer> {
  if (typeof stream?.[Symbol.asyncIterator] !== 'function') {
    throw new TypeError('uploadFile takes a Buffer, a Readable stream or { path }');
  }
  const chunks: Buffer[] = [];
  for await (const chunk of stream)
    chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks);
}
