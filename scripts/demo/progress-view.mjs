// Live progress: a redrawn bar on a terminal, one plain line every few seconds otherwise (CI logs).

const BAR_WIDTH = 30;
const PLAIN_EVERY_MS = 5_000;

/**
 * @typedef {{ submitted: number, processing: number, succeeded: number, review: number,
 *   failed: number, retrying: number }} Progress
 */

export function formatDuration(ms) {
  if (!Number.isFinite(ms)) return '--';
  const s = Math.max(0, Math.round(ms / 1000));
  return s >= 60 ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s` : `${s}s`;
}

/** Estimates time left from the finishing rate over a sliding window of recent samples. */
export class EtaEstimator {
  #samples = [];

  constructor(windowMs = 15_000) {
    this.windowMs = windowMs;
  }

  update(now, done, total) {
    this.#samples.push({ now, done });
    while (this.#samples.length > 2 && now - this.#samples[0].now > this.windowMs) this.#samples.shift();
    const first = this.#samples[0];
    const rate = (done - first.done) / (now - first.now);
    if (done >= total) return 0;
    return rate > 0 ? (total - done) / rate : Infinity;
  }
}

export function createProgressView({ total, stream = process.stdout, now = () => Date.now() }) {
  const tty = Boolean(stream.isTTY);
  const startedAt = now();
  const eta = new EtaEstimator();
  let lastPlainAt = -Infinity;
  let lastLine = '';

  return {
    /** @param {Progress} p */
    update(p, { force = false } = {}) {
      const done = p.succeeded + p.review + p.failed;
      const left = eta.update(now(), done, total);
      const counts =
        `submitted ${p.submitted}/${total} · processing ${p.processing} · ` +
        `succeeded ${p.succeeded} · review ${p.review} · failed ${p.failed} · retrying ${p.retrying}`;
      const timing = `elapsed ${formatDuration(now() - startedAt)} · ETA ${formatDuration(left)}`;
      if (tty) {
        const filled = Math.round((done / Math.max(total, 1)) * BAR_WIDTH);
        const bar = '█'.repeat(filled) + '░'.repeat(BAR_WIDTH - filled);
        const pct = String(Math.floor((done / Math.max(total, 1)) * 100)).padStart(3);
        stream.write(`\r\x1b[2K${bar} ${pct}% ${done}/${total}  ${timing}\n\x1b[2K  ${counts}\x1b[1A\r`);
        return;
      }
      const line = `[${formatDuration(now() - startedAt).padStart(6)}] ${done}/${total} final · ${counts} · ETA ${formatDuration(left)}`;
      if (force || (now() - lastPlainAt >= PLAIN_EVERY_MS && line !== lastLine)) {
        stream.write(line + '\n');
        lastPlainAt = now();
        lastLine = line;
      }
    },
    /** Leaves the cursor below the bar so the summary prints cleanly. */
    finish(p) {
      this.update(p, { force: true });
      if (tty) stream.write('\n\n');
    },
  };
}
