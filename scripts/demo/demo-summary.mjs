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
export function summarize({ corpus, shipments, reviews, failures, elapsedMs }) {
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
  };
}

const pct = (n, d) => (d > 0 ? `${((100 * n) / d).toFixed(1)}%` : '–');

export function printSummary(s, { log, sqliteFile, appLog, root }) {
  const rel = (p) => path.relative(process.cwd(), p) || p;
  const rows = [
    ['booked as shipments (succeeded)', s.shipments, 'freight_shipments'],
    ['sent to review (needs_review)', s.reviews, 'freight_shipment_reviews'],
    ['failed, logged', s.failures, 'freight_document_failures'],
  ];
  log('Summary');
  log('┌──────────────────────────────────┬───────┬────────┬───────────────────────────┐');
  log('│ outcome                          │  docs │ share  │ table                     │');
  log('├──────────────────────────────────┼───────┼────────┼───────────────────────────┤');
  for (const [label, n, table] of rows) {
    log(
      `│ ${label.padEnd(32)} │ ${String(n).padStart(5)} │ ${pct(n, s.count).padStart(6)} │ ${table.padEnd(25)} │`,
    );
  }
  for (const [code, n] of Object.entries(s.failureCodes).sort((a, b) => b[1] - a[1])) {
    log(
      `│ ${('  · ' + code).padEnd(32)} │ ${String(n).padStart(5)} │ ${pct(n, s.count).padStart(6)} │ ${''.padEnd(25)} │`,
    );
  }
  log('├──────────────────────────────────┼───────┼────────┼───────────────────────────┤');
  const finals = s.shipments + s.reviews + s.failures;
  log(
    `│ ${'final outcome, exactly once'.padEnd(32)} │ ${String(finals).padStart(5)} │ ${pct(finals, s.count).padStart(6)} │ ${('of ' + s.count + ' submitted').padEnd(25)} │`,
  );
  log('└──────────────────────────────────┴───────┴────────┴───────────────────────────┘');

  log(`\nOutcome as the ground truth predicts: ${s.asExpected}/${s.count} (${pct(s.asExpected, s.count)})`);
  if (s.accuracy !== null) {
    log(
      `Field accuracy of booked shipments vs ground truth: ${(s.accuracy * 100).toFixed(2)}% of ${s.fieldsChecked} fields`,
    );
    log(
      '  ' +
        Object.entries(s.fieldScore)
          .map(([f, { right, total }]) => `${f} ${pct(right, total)}`)
          .join(' · '),
    );
  }
  const perMinute = s.elapsedMs > 0 ? Math.round((s.count / s.elapsedMs) * 60_000) : 0;
  log(
    `\nTime: ${formatDuration(s.elapsedMs)} from first submit to last outcome (${perMinute} documents/min)`,
  );
  log(
    `Database: ${rel(sqliteFile)}   (try: sqlite3 ${rel(sqliteFile)} "select * from freight_shipments limit 5")`,
  );
  log(`App log:  ${rel(appLog)}`);
  if (s.missing.length > 0)
    log(`\nNOT FINAL: ${s.missing.length} documents, e.g. ${s.missing.slice(0, 5).join(', ')}`);
  if (s.seenTwice.length > 0)
    log(
      `\nDUPLICATED: ${s.seenTwice.length} documents landed twice, e.g. ${s.seenTwice.slice(0, 5).join(', ')}`,
    );
  void root;
}
