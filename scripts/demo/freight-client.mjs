/* global FormData, Blob */
// The demo talks to nest-freight only through its HTTP API, as any client of the app would.
import { readFile } from 'node:fs/promises';
import path from 'node:path';

async function json(res, what) {
  const body = await res.text();
  if (!res.ok) throw new Error(`${what}: HTTP ${res.status} ${body.slice(0, 500)}`);
  return JSON.parse(body);
}

export function freightClient(baseUrl) {
  return {
    /** `documents`: [{ id, url }] → { id, document_count } */
    async importUrls(documents, label) {
      const res = await fetch(`${baseUrl}/imports`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ label, documents }),
      });
      return json(res, 'POST /imports');
    },

    /** `files`: absolute paths; each file's name without extension becomes its document id. */
    async importFiles(files, label) {
      const form = new FormData();
      form.set('label', label);
      for (const file of files) {
        form.append('files', new Blob([await readFile(file)]), path.basename(file));
      }
      const res = await fetch(`${baseUrl}/imports/files`, { method: 'POST', body: form });
      return json(res, 'POST /imports/files');
    },

    async importStatus(id) {
      return json(await fetch(`${baseUrl}/imports/${encodeURIComponent(id)}`), `GET /imports/${id}`);
    },

    /** Every row of `shipments` | `reviews` | `failures`, following the id cursor. */
    async all(table) {
      const rows = [];
      for (let after = 0; after !== null;) {
        const page = await json(
          await fetch(`${baseUrl}/${table}?after=${after}&limit=1000`),
          `GET /${table}`,
        );
        rows.push(...page.data);
        after = page.next_after;
      }
      return rows;
    },
  };
}
