import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The shared conformance vectors live beside the repository: `/work/shared` in development, and CI
 * copies `shared/` next to the clone. So they are always `<repo>/../shared/conformance/<name>`.
 */
const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');

export function readConformance<T>(name: string): T {
  return JSON.parse(readFileSync(resolve(repoRoot, '../shared/conformance', name), 'utf8')) as T;
}
