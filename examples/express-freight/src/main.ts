import 'reflect-metadata';
import path from 'node:path';
import { createFreightApp } from './freight-app.js';

function env(name: string, fallback?: string): string {
  const value = process.env[name] || fallback;
  if (!value) throw new Error(`${name} is not set (see examples/express-freight/README.md)`);
  return value;
}

// 3001, so it can run beside nest-freight (3000).
const port = Number(env('PORT', '3001'));
const freight = await createFreightApp({
  publicUrl: env('PUBLIC_URL', `http://127.0.0.1:${port}`),
  sqliteFile: path.resolve(env('SQLITE_FILE', 'freight.sqlite')),
  provider: { baseUrl: env('KABY_BASE_URL'), apiKey: env('KABY_API_KEY') },
  webhookSecret: env('KABY_WEBHOOK_SECRET'),
});
const server = freight.app.listen(port, '127.0.0.1', (error?: Error) => {
  // Express 5 hands listen errors (a port in use) to this callback instead of throwing.
  if (error) {
    console.error(`express-freight cannot listen on 127.0.0.1:${port}: ${error.message}`);
    process.exit(1);
  }
  console.log(`express-freight on http://127.0.0.1:${port}`);
});

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => server.close(() => void freight.stop()));
}
