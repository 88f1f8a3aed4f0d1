import type { Clock, Logger } from '@docbatch/core';
import type { SandboxFaults } from './faults/sandbox-faults.js';
import type { ProcessingTime } from './processing/processing-time.js';

export interface SandboxOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** Default 127.0.0.1: the sandbox is for local development and tests. */
  host?: string;
  /** Accepted API keys; default one fresh `sk_sandbox_…` key. */
  apiKeys?: string[];
  /** Standard Webhooks secret (`whsec_…`) webhooks are signed with; default a fresh one. */
  webhookSecret?: string;
  /** Multiplies every wait (processing time, webhook retry schedule, delay faults). Default 1. */
  timeScale?: number;
  /** Processing time per document, nominal. Default normal around 1.5 s. */
  processingTime?: ProcessingTime;
  /** Documents processing at once per API key. Default 100. */
  maxProcessing?: number;
  /** Documents accepted per API key per UTC day. Default 10 000. */
  dailyQuota?: number;
  /** Largest upload or fetched document. Default 50 MiB. */
  maxFileBytes?: number;
  /**
   * A document URL must be downloaded completely within this (real ms, not scaled), redirects
   * included; otherwise the document fails with FETCH_FAILED. Default 30 000.
   */
  fetchTimeoutMs?: number;
  /** The webhook receiver must answer 2xx within this (real ms, not scaled). Default 10 000. */
  webhookTimeoutMs?: number;
  /** Below this confidence a required field makes a document partial. Default 0.8. */
  confidenceThreshold?: number;
  faults?: SandboxFaults;
  /** Seeds ids, processing times and fault decisions. Default random. */
  seed?: number | string;
  /** Default the system clock; tests pass a ManualClock. */
  clock?: Clock;
  logger?: Logger;
}

export interface ResolvedSandboxOptions
  extends
    Required<Omit<SandboxOptions, 'processingTime' | 'logger' | 'seed' | 'faults'>>,
    Pick<SandboxOptions, 'processingTime' | 'logger'> {
  seed: string;
  faults: SandboxFaults;
}
