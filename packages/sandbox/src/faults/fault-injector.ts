import { keyedRandom } from '../random/seeded-random.js';
import { validateFaults, type SandboxFaults } from './sandbox-faults.js';

export type DocumentFault = 'TIMEOUT' | 'RATE_LIMITED' | 'INTERNAL_ERROR';

export interface WebhookFaultPlan {
  drop: boolean;
  duplicate: boolean;
  /** Nominal hold-back before the first attempt (the caller applies timeScale). */
  holdBackMs: number;
}

/**
 * Decides which faults hit what. Every decision is keyed by the identity of its target, never by
 * the order in which concurrent work asks, so a seed reproduces a run.
 */
export class FaultInjector {
  private faults: SandboxFaults;

  constructor(
    faults: SandboxFaults,
    private readonly seed: string,
  ) {
    this.faults = validateFaults(faults);
  }

  /** Replaces the fault rates from now on (work already decided keeps its fate). */
  set(faults: SandboxFaults): void {
    this.faults = validateFaults(faults);
  }

  documentFault(batchId: string, docId: string): DocumentFault | null {
    const roll = keyedRandom(this.seed, batchId, docId, 'document').next();
    const { timeoutRate = 0, rateLimitedRate = 0, internalErrorRate = 0 } = this.faults;
    if (roll < timeoutRate) return 'TIMEOUT';
    if (roll < timeoutRate + rateLimitedRate) return 'RATE_LIMITED';
    if (roll < timeoutRate + rateLimitedRate + internalErrorRate) return 'INTERNAL_ERROR';
    return null;
  }

  webhookFaults(batchId: string, docId: string): WebhookFaultPlan {
    const random = keyedRandom(this.seed, batchId, docId, 'webhook');
    const f = this.faults;
    // Draw every decision unconditionally so changing one rate does not reshuffle the others.
    const drop = random.chance(f.dropRate ?? 0);
    const duplicate = random.chance(f.duplicateRate ?? 0);
    const delayed = random.chance(f.delayRate ?? 0);
    const reordered = random.chance(f.reorderRate ?? 0);
    const shift = random.next();
    let holdBackMs = 0;
    if (delayed) holdBackMs += f.delayMs ?? 120_000;
    if (reordered) holdBackMs += shift * (f.reorderWindowMs ?? 5_000);
    return { drop, duplicate, holdBackMs };
  }

  /** A fault for the n-th API request, answered before the request does anything. */
  apiFault(requestNumber: number): 500 | 429 | null {
    const roll = keyedRandom(this.seed, 'api', requestNumber).next();
    const { api500Rate = 0, api429Rate = 0 } = this.faults;
    if (roll < api500Rate) return 500;
    if (roll < api500Rate + api429Rate) return 429;
    return null;
  }

  /** Whether the n-th request's response is lost after its work was done. */
  loseResponse(requestNumber: number): boolean {
    return keyedRandom(this.seed, 'lost-response', requestNumber).chance(this.faults.lostResponseRate ?? 0);
  }
}
