// The web process: receives the provider's webhooks and takes submissions. It adds jobs but never
// calls docbatch.start(), so it runs none: workers do.
import { createServer } from 'node:http';
import { createApp, exitWithParent } from './docbatch-app.mjs';

const server = createServer();
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const url = `http://127.0.0.1:${server.address().port}`;
const { docbatch, dataSource } = await createApp(`${url}/hooks/kaby`);

async function readBody(request) {
  const chunks = [];
  for await (const chunk of request) chunks.push(chunk);
  return Buffer.concat(chunks);
}

function send(response, status, body) {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
}

server.on('request', async (request, response) => {
  try {
    if (request.method === 'POST' && request.url === '/hooks/kaby') {
      const answer = await docbatch.receiveWebhook({
        headers: request.headers,
        rawBody: await readBody(request),
      });
      return send(response, answer.status, answer.body);
    }
    if (request.method === 'POST' && request.url === '/submissions') {
      const documents = JSON.parse((await readBody(request)).toString('utf8'));
      return send(response, 201, await docbatch.submit(documents, { label: 'multi-process' }));
    }
    const status = /^\/submissions\/([^/]+)$/.exec(request.url ?? '');
    if (request.method === 'GET' && status) return send(response, 200, await docbatch.status(status[1]));
    send(response, 404, { error: { code: 'NOT_FOUND', message: request.url } });
  } catch (error) {
    send(response, 500, { error: { code: 'INTERNAL', message: String(error) } });
  }
});

exitWithParent(async () => {
  server.close();
  await docbatch.stop();
  await dataSource.destroy();
});
process.send({ ready: true, url });
