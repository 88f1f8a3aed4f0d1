import type { Clock, Logger } from '@docbatch/core';
import type { FaultInjector } from '../faults/fault-injector.js';
import { keyedRandom } from '../random/seeded-random.js';
import type { BatchRecord, DocumentRecord } from '../state/sandbox-records.js';
import { DocumentProcessingError } from '../formats/document-error.js';
import type { ReadOutcome } from './document-reader.js';
import { drawProcessingTime, type ProcessingTime } from './processing-time.js';
import type { TimerSet } from './timer-set.js';

export interface ProcessingSchedulerOptions {
  /** Documents processing at once per API key; the rest wait in FIFO order. */
  maxProcessing: number;
  clock: Clock;
  timers: TimerSet;
  seed: string;
  processingTime?: ProcessingTime;
  faults: FaultInjector;
  /** Loads and reads one document. */
  read: (batch: BatchRecord, doc: DocumentRecord) => Promise<ReadOutcome>;
  /** Called once per document when it reaches success, partial or failed. */
  onFinished: (batch: BatchRecord, doc: DocumentRecord) => void;
  logger?: Logger;
}

interface KeyLane {
  active: number;
  waiting: Array<[BatchRecord, DocumentRecord]>;
  head: number;
}

/**
 * The provider's work queue: per API key at most `maxProcessing` documents are processing; each one
 * is read for real, then held until its drawn processing time has passed on the clock.
 */
export class ProcessingScheduler {
  private readonly lanes = new Map<string, KeyLane>();

  constructor(private readonly options: ProcessingSchedulerOptions) {}

  enqueue(batch: BatchRecord, docs: readonly DocumentRecord[]): void {
    const lane = this.lane(batch.apiKey);
    for (const doc of docs) lane.waiting.push([batch, doc]);
    this.pump(lane);
  }

  /** Finishes a document that never needs processing (over quota). */
  fail(batch: BatchRecord, doc: DocumentRecord, errorCode: string, message: string): void {
    this.finish(batch, doc, { status: 'failed', errorCode, message, format: null });
  }

  private lane(apiKey: string): KeyLane {
    let lane = this.lanes.get(apiKey);
    if (!lane) this.lanes.set(apiKey, (lane = { active: 0, waiting: [], head: 0 }));
    return lane;
  }

  private pump(lane: KeyLane): void {
    while (lane.active < this.options.maxProcessing && lane.head < lane.waiting.length) {
      const [batch, doc] = lane.waiting[lane.head++]!;
      lane.active++;
      void this.process(batch, doc).finally(() => {
        lane.active--;
        this.pump(lane);
      });
    }
    if (lane.head === lane.waiting.length) {
      lane.waiting.length = 0;
      lane.head = 0;
    }
  }

  private async process(batch: BatchRecord, doc: DocumentRecord): Promise<void> {
    const { clock, timers, faults } = this.options;
    doc.status = 'processing';
    doc.startedAt = clock.now();
    const nominalMs = drawProcessingTime(
      this.options.processingTime,
      keyedRandom(this.options.seed, batch.id, doc.ref.id, 'time'),
    );
    const fault = faults.documentFault(batch.id, doc.ref.id);
    let outcome: ReadOutcome;
    if (fault) {
      outcome = { status: 'failed', errorCode: fault, message: `${fault} (injected fault)`, format: null };
    } else {
      try {
        outcome = await this.options.read(batch, doc);
      } catch (error) {
        outcome = failure(error, doc, this.options.logger);
      }
    }
    const elapsed = clock.now() - doc.startedAt;
    const remaining = Math.max(0, nominalMs * timers.timeScale - elapsed);
    await new Promise<void>((resolve) => timers.afterScaled(remaining, resolve));
    this.finish(batch, doc, outcome);
  }

  private finish(batch: BatchRecord, doc: DocumentRecord, outcome: ReadOutcome): void {
    const now = this.options.clock.now();
    doc.status = outcome.status;
    if (outcome.status === 'failed') {
      doc.errorCode = outcome.errorCode;
      doc.errorMessage = outcome.message;
    } else {
      doc.result = outcome.result;
    }
    doc.processingMs = doc.startedAt === null ? 0 : now - doc.startedAt;
    batch.unfinished--;
    if (batch.unfinished === 0) batch.completedAt = now;
    this.options.onFinished(batch, doc);
  }
}

/** A document that could not be loaded fails with its code; anything unexpected is the sandbox's fault. */
function failure(error: unknown, doc: DocumentRecord, logger: Logger | undefined): ReadOutcome {
  if (error instanceof DocumentProcessingError) {
    return { status: 'failed', errorCode: error.code, message: error.message, format: null };
  }
  logger?.error('sandbox could not process a document', { doc_id: doc.ref.id, error: String(error) });
  return {
    status: 'failed',
    errorCode: 'INTERNAL_ERROR',
    message: 'the sandbox failed to process this document',
    format: null,
  };
}
