/**
 * An in-process stand-in for the provider client that only answers createBatch, so engine
 * benchmarks put docbatch's own work on the clock (HTTP to a real provider is the sandbox's
 * benchmark). It remembers which documents went into which batch, for the webhooks to send back.
 */
export function standInProvider() {
  const batches = [];
  return {
    batches,
    async createBatch(manifest) {
      const batch_id = `bat_${batches.length + 1}`;
      batches.push({ batch_id, ids: manifest.documents.map((d) => d.id) });
      return {
        batch_id,
        status: 'queued',
        document_count: manifest.documents.length,
        created_at: new Date().toISOString(),
      };
    },
    async uploadFile() {
      throw new Error('not used: documents are URLs');
    },
    async getDocument() {
      throw new Error('not used: webhooks arrive');
    },
    async *listDocuments() {},
  };
}

/** A logger that keeps benchmarks' output to their figures and real problems. */
export const quietLogger = { debug() {}, info() {}, warn: console.warn, error: console.error };
