import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startSandbox, writeSampleAwb, writeScanImage, type Sandbox } from '@docbatch/sandbox';
import { minimalPdf, SMALL_JPEG } from './support/fixtures.js';
import { startFileServer, type FileServer } from './support/file-server.js';
import { callApi, waitForBatch } from './support/sandbox-api.js';

/**
 * Every outcome from a real file, uploaded with POST /v1/files (multipart) or fetched by URL, through
 * the whole API: the error code for each kind of bad file, page counts for PDFs and TIFFs.
 */
describe('document formats and error codes', () => {
  let sandbox: Sandbox;
  let server: FileServer;

  beforeAll(async () => {
    server = await startFileServer({});
    sandbox = await startSandbox({ timeScale: 0, seed: 'formats' });
  });
  afterAll(async () => {
    await sandbox.close();
    await server.close();
  });

  async function upload(name: string, bytes: Uint8Array): Promise<string> {
    const form = new FormData();
    form.append('file', new Blob([bytes], { type: 'application/octet-stream' }), name);
    const response = await fetch(`${sandbox.url}/v1/files`, {
      method: 'POST',
      headers: { authorization: `Bearer ${sandbox.apiKey}` },
      body: form,
    });
    const body = (await response.json()) as { file_id: string };
    expect(response.status).toBe(201);
    expect(body).toMatchObject({ filename: name, size: bytes.length });
    return body.file_id;
  }

  /** Uploads each file, runs one batch, returns each document's answer by name. */
  async function process(files: Record<string, Uint8Array>, options?: object): Promise<Record<string, any>> {
    const documents = [];
    for (const [name, bytes] of Object.entries(files))
      documents.push({ id: name, file_id: await upload(name, bytes) });
    const created = await callApi(sandbox, 'POST', '/v1/batch', {
      documents,
      ...(options ? { options } : {}),
    });
    expect(created.status).toBe(201);
    await waitForBatch(sandbox, created.body.batch_id);
    const answers: Record<string, any> = {};
    for (const name of Object.keys(files)) {
      answers[name] = (
        await callApi(sandbox, 'GET', `/v1/batch/${created.body.batch_id}/documents/${name}`)
      ).body;
    }
    return answers;
  }

  it('fails each kind of bad file with its error code', async () => {
    const { bytes: pdf } = await writeSampleAwb({ seed: 1 });
    const png = writeScanImage({ format: 'png' });
    const tiff = writeScanImage({ format: 'tiff', pages: 2 });
    const damagedPng = Buffer.from(png);
    damagedPng[40] = damagedPng[40]! ^ 0xff; // inside the first chunks: the CRC no longer matches
    const answers = await process({
      'cut.pdf': pdf.subarray(0, Math.floor(pdf.length / 2)),
      'garbage.pdf': Buffer.from('%PDF-1.7\nthis is not a PDF body at all\n%%EOF\n'),
      'cut.png': png.subarray(0, png.length - 30),
      'crc.png': damagedPng,
      'cut.tif': tiff.subarray(0, Math.floor(tiff.length / 3)),
      'cut.jpg': SMALL_JPEG.subarray(0, SMALL_JPEG.length - 100),
      'mail.txt': Buffer.from('Please find the AWB attached.\n'),
      'logo.gif': Buffer.from('R0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw==', 'base64'),
      'small.jpg': SMALL_JPEG,
    });
    const codes = Object.fromEntries(
      Object.entries(answers).map(([name, a]) => [name, [a.status, a.error_code]]),
    );
    expect(codes).toEqual({
      'cut.pdf': ['failed', 'CORRUPTED_FILE'],
      'garbage.pdf': ['failed', 'CORRUPTED_FILE'],
      'cut.png': ['failed', 'CORRUPTED_FILE'],
      'crc.png': ['failed', 'CORRUPTED_FILE'],
      'cut.tif': ['failed', 'CORRUPTED_FILE'],
      'cut.jpg': ['failed', 'CORRUPTED_FILE'],
      'mail.txt': ['failed', 'UNSUPPORTED_FORMAT'],
      'logo.gif': ['failed', 'UNSUPPORTED_FORMAT'],
      'small.jpg': ['failed', 'LOW_RESOLUTION'],
    });
    expect(answers['small.jpg'].error_message).toMatch(/48x32 px/);
    for (const answer of Object.values(answers)) expect(answer.result).toBeNull();
  });

  it('counts pages of PDFs and multi-page TIFFs', async () => {
    const single = await writeSampleAwb({ seed: 2 });
    const multi = await writeSampleAwb({ seed: 3, extraPages: 2 });
    const answers = await process({
      'one.pdf': single.bytes,
      'three.pdf': multi.bytes,
      'intel.tif': writeScanImage({ format: 'tiff', pages: 3 }),
      'motorola.tif': writeScanImage({ format: 'tiff', pages: 2, bigEndian: true }),
      'one.png': writeScanImage({ format: 'png' }),
    });
    expect(answers['one.pdf']).toMatchObject({ status: 'success', result: { ...single.fields, pages: 1 } });
    expect(answers['three.pdf']).toMatchObject({ status: 'success', result: { ...multi.fields, pages: 3 } });
    expect(answers['intel.tif']).toMatchObject({ status: 'partial', result: { pages: 3, awb_number: null } });
    expect(answers['motorola.tif']).toMatchObject({ status: 'partial', result: { pages: 2 } });
    expect(answers['one.png']).toMatchObject({ status: 'partial', result: { pages: 1 } });
    expect(answers['intel.tif'].result.warnings[0]).toMatch(/no text layer/);
  });

  it('returns partial with a warning for a PDF without text and for a text PDF that is no waybill', async () => {
    const answers = await process({
      'scan.pdf': minimalPdf(['0 0 0 RG 50 50 400 600 re S', '10 10 100 100 re f']),
      'letter.pdf': minimalPdf(['BT /F1 12 Tf 72 720 Td (Dear customer, your invoice is attached.) Tj ET']),
    });
    expect(answers['scan.pdf']).toMatchObject({ status: 'partial', result: { pages: 2, awb_number: null } });
    expect(answers['scan.pdf'].result.warnings).toEqual([expect.stringMatching(/no text layer/)]);
    expect(answers['letter.pdf']).toMatchObject({ status: 'partial', result: { pages: 1 } });
    expect(answers['letter.pdf'].result.warnings.join()).toMatch(/no air waybill form/);
  });

  it('reads a LOW_RESOLUTION scan with enhanced preprocessing when it is large enough for it', async () => {
    const files = {
      'medium.tif': writeScanImage({ format: 'tiff', width: 800, height: 1131 }),
      'tiny.png': writeScanImage({ format: 'png', width: 400, height: 566 }),
    };
    const plain = await process(files);
    expect([plain['medium.tif'].error_code, plain['tiny.png'].error_code]).toEqual([
      'LOW_RESOLUTION',
      'LOW_RESOLUTION',
    ]);
    const enhanced = await process(files, { enhanced_preprocessing: true });
    expect(enhanced['medium.tif']).toMatchObject({ status: 'partial', result: { pages: 1 } });
    expect(enhanced['tiny.png']).toMatchObject({ status: 'failed', error_code: 'LOW_RESOLUTION' });
  });

  it('fails a document whose URL cannot be fetched with FETCH_FAILED', async () => {
    const created = await callApi(sandbox, 'POST', '/v1/batch', {
      documents: [{ id: 'gone', url: server.url('/missing.pdf') }],
    });
    await waitForBatch(sandbox, created.body.batch_id);
    const answer = await callApi(sandbox, 'GET', `/v1/batch/${created.body.batch_id}/documents/gone`);
    expect(answer.body).toMatchObject({ status: 'failed', error_code: 'FETCH_FAILED', result: null });
    expect(answer.body.error_message).toMatch(/answered 404/);
    expect(server.hits.get('/missing.pdf')).toBe(1);
  });
});
