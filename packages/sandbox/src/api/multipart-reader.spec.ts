import { describe, expect, it } from '@jest/globals';
import { readMultipartFile } from './multipart-reader.js';

/** Serialises a FormData the way fetch does, to parse exactly what clients send. */
async function encode(form: FormData): Promise<{ body: Buffer; contentType: string }> {
  const request = new Request('http://x/', { method: 'POST', body: form });
  return {
    body: Buffer.from(await request.arrayBuffer()),
    contentType: request.headers.get('content-type')!,
  };
}

describe('readMultipartFile', () => {
  it('returns the named file field with its exact bytes, name and type', async () => {
    const bytes = Buffer.from([0, 13, 10, 45, 45, 255, 1, 2]); // CR LF and dashes inside the data
    const form = new FormData();
    form.append('note', 'hello');
    form.append('file', new Blob([bytes], { type: 'application/pdf' }), 'awb 1.pdf');
    const { body, contentType } = await encode(form);
    expect(readMultipartFile(body, contentType, 'file')).toEqual({
      filename: 'awb 1.pdf',
      contentType: 'application/pdf',
      bytes,
    });
  });

  it('says which field is missing, and refuses a body without a boundary', async () => {
    const form = new FormData();
    form.append('other', 'x');
    const { body, contentType } = await encode(form);
    expect(() => readMultipartFile(body, contentType, 'file')).toThrow(/"file" is missing/);
    expect(() => readMultipartFile(body, 'multipart/form-data', 'file')).toThrow(/boundary/);
  });

  it('refuses two files and a body without its closing boundary', async () => {
    const form = new FormData();
    form.append('file', new Blob(['a']), 'a.pdf');
    form.append('file', new Blob(['b']), 'b.pdf');
    const { body, contentType } = await encode(form);
    expect(() => readMultipartFile(body, contentType, 'file')).toThrow(/one file per request, got 2/);
    const single = new FormData();
    single.append('file', new Blob(['%PDF-1.7 whole file']), 'a.pdf');
    const whole = await encode(single);
    const cut = whole.body.subarray(0, whole.body.length - 10);
    expect(() => readMultipartFile(cut, whole.contentType, 'file')).toThrow(/cut short/);
  });
});
