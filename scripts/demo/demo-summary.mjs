// The end of the demo: what landed where, whether it matches the paper, and where to look.
import path from 'node:path';
import { formatDuration } from './progress-view.mjs';

/** Fields compared against the ground truth, as the app's Shipment row names them. */
const FIELDS = {
  awb_number: 'awbNumber',
  origin: 'origin',
  destination: 'destination',
  shipper: 'shipper',
  consignee: 'consignee',
  pieces: 'pieces',
  gross_weight: 'grossWeight',
};

function same(expected, actual) {
  if (typeof expected === 'number') return Math.abs(expected - Number(actual)) < 1e-6;
  return (
    String(expected ?? '')
      .trim()
      .toUpperCase() ===
    String(actual ?? '')
      .trim()
      .toUpperCase()
  );
}

/**
 * @param {{ corpus: { documents: Array<{ id: string, expected: { outcome: string, errorCode?: string },
 *   fields: Record<string, unknown> | null }> }, shipments: any[], reviews: any[], failures: any[],
 *   elapsedMs: number }} input
 */
export function summarize({ corpus, shipments, reviews, failures, elapsedMs, providerAttempts }) {
  const outcomeOf = new Map();
  const seenTwice = [];
  const note = (rows, outcome) => {
    for (const row of rows) {
      if (outcomeOf.has(row.documentId)) seenTwice.push(row.documentId);
      outcomeOf.set(row.documentId, { outcome, row });
    }
  };
  note(shipments, 'succeeded');
  note(reviews, 'needs_review');
  note(failures, 'failed');

  const missing = corpus.documents.filter((doc) => !outcomeOf.has(doc.id)).map((doc) => doc.id);
  const failureCodes = {};
  for (const f of failures)
    failureCodes[f.errorCode ?? f.reason ?? 'unknown'] =
      (failureCodes[f.errorCode ?? f.reason ?? 'unknown'] ?? 0) + 1;

  let asExpected = 0;
  const fieldScore = Object.fromEntries(Object.keys(FIELDS).map((f) => [f, { right: 0, total: 0 }]));
  for (const doc of corpus.documents) {
    const got = outcomeOf.get(doc.id);
    if (!got) continue;
    const codeMatches =
      doc.expected.outcome !== 'failed' ||
      !doc.expected.errorCode ||
      doc.expected.errorCode === got.row.errorCode;
    if (got.outcome === doc.expected.outcome && codeMatches) asExpected += 1;
    if (got.outcome !== 'succeeded' || !doc.fields) continue;
    for (const [field, column] of Object.entries(FIELDS)) {
      fieldScore[field].total += 1;
      if (same(doc.fields[field], got.row[column])) fieldScore[field].right += 1;
    }
  }
  const right = Object.values(fieldScore).reduce((n, s) => n + s.right, 0);
  const total = Object.values(fieldScore).reduce((n, s) => n + s.total, 0);

  return {
    ok: missing.length === 0 && seenTwice.length === 0,
    count: corpus.documents.length,
    shipments: shipments.length,
    reviews: reviews.length,
    failures: failures.length,
    failureCodes,
    missing,
    seenTwice,
    asExpected,
    fieldScore,
    accuracy: total > 0 ? right / total : null,
    fieldsChecked: total,
    elapsedMs,
    providerAttempts,
  };
}

const pct = (n, d) => (d > 0 ? `${((100 * n) / d).toFixed(1)}%` : '–');

export function printSummary(s, { log, sqliteFile, appLog }) {
  const rel = (p) => path.relative(process.cwd(), p) || p;
  const line = (l, m, r) =>
    `${l}${'─'.repeat(34)}${m}${'─'.repeat(7)}${m}${'─'.repeat(8)}${m}${'─'.repeat(27)}${r}`;
  const row = (label, n, note = '') =>
    log(
      `│ ${label.padEnd(32)} │ ${String(n).padStart(5)} │ ${pct(n, s.count).padStart(6)} │ ${note.padEnd(25)} │`,
    );

  log('\nSummary');
  log(line('┌', '┬', '┐'));
  log(`│ ${'outcome'.padEnd(32)} │ ${'docs'.padStart(5)} │ ${'share'.padEnd(6)} │ ${'table'.padEnd(25)} │`);
  log(line('├', '┼', '┤'));
  row('booked as shipments (succeeded)', s.shipments, 'freight_shipments');
  row('sent to review (needs_review)', s.reviews, 'freight_shipment_reviews');
  row('failed, logged', s.failures, 'freight_document_failures');
  for (const [code, n] of Object.entries(s.failureCodes).sort((a, b) => b[1] - a[1])) row(`  · ${code}`, n);
  log(line('├', '┼', '┤'));
  row('final outcome, exactly once', s.shipments + s.reviews + s.failures, `of ${s.count} submitted`);
  log(line('└', '┴', '┘'));

  log('');
  const resubmitted = s.providerAttempts - s.count;
  if (resubmitted > 0) {
    log(
      `Provider attempts: ${s.providerAttempts} (${resubmitted} resubmissions: transient failures, enhanced scans)`,
    );
  }
  log(`Outcome as the ground truth predicts: ${s.asExpected}/${s.count} (${pct(s.asExpected, s.count)})`);
  if (s.accuracy !== null) {
    const percent = (s.accuracy * 100).toFixed(2);
    log(`Field accuracy of booked shipments vs ground truth: ${percent}% of ${s.fieldsChecked} fields`);
    const perField = Object.entries(s.fieldScore).map(([f, { right, total }]) => `${f} ${pct(right, total)}`);
    log(`  ${perField.join(' · ')}`);
  }
  const perMinute = s.elapsedMs > 0 ? Math.round((s.count / s.elapsedMs) * 60_000) : 0;
  log(
    `\nTime:     ${formatDuration(s.elapsedMs)} from first submit to last outcome (${perMinute} documents/min)`,
  );
  log(`Database: ${rel(sqliteFile)}  (sqlite3 ${rel(sqliteFile)} "select * from freight_shipments limit 5")`);
  log(`App log:  ${rel(appLog)}`);
  if (s.missing.length > 0)
    log(`\nNOT FINAL: ${s.missing.length} documents, e.g. ${s.missing.slice(0, 5).join(', ')}`);
  if (s.seenTwice.length > 0) {
    log(
      `\nDUPLICATED: ${s.seenTwice.length} documents landed twice, e.g. ${s.seenTwice.slice(0, 5).join(', ')}`,
    );
  }
}
