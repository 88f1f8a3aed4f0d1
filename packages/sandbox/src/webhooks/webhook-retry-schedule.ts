/**
 * When the provider retries a webhook that was not answered 2xx within the answer timeout: 10 s,
 * 30 s, 2 min, 10 min and 1 h after the previous attempt (times timeScale in the sandbox). After
 * the last retry fails the delivery is marked failed and the result is only available by polling.
 */
export const WEBHOOK_RETRY_SCHEDULE_MS: readonly number[] = [10_000, 30_000, 120_000, 600_000, 3_600_000];

/** The receiver must answer within this long (real time, not scaled). */
export const WEBHOOK_ANSWER_TIMEOUT_MS = 10_000;
