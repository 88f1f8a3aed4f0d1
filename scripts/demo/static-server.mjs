// A static file server on loopback: the "document store" the provider fetches URL documents from.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';

const CONTENT_TYPES = {
  '.pdf': 'application/pdf',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.tif': 'image/tiff',
  '.tiff': 'image/tiff',
};

/** Serves the files directly inside `dir` (no sub-paths, no traversal) on 127.0.0.1. */
export async function startStaticServer(dir) {
  const server = http.createServer(async (req, res) => {
    const name = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname.slice(1));
    const file = path.join(dir, name);
    if (req.method !== 'GET' || name.includes('/') || name.includes('\\') || path.dirname(file) !== dir) {
      res.writeHead(404).end();
      return;
    }
    try {
      const { size } = await stat(file);
      res.writeHead(200, {
        'content-type': CONTENT_TYPES[path.extname(name).toLowerCase()] ?? 'application/octet-stream',
        'content-length': size,
      });
      createReadStream(file).pipe(res);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
