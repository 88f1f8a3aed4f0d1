#!/usr/bin/env node
// The package's `bin` points here, not into dist/, so `pnpm install` on a fresh clone can link the
// command before anything is built. The CLI itself is the compiled dist/cli/bin.js.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const compiled = new URL('../dist/cli/bin.js', import.meta.url);
if (!existsSync(compiled)) {
  console.error(
    `docbatch-sandbox: ${fileURLToPath(compiled)} is missing; run "pnpm build" (or "npx tsc -b packages/sandbox") first`,
  );
  process.exit(1);
}
await import(compiled.href);
