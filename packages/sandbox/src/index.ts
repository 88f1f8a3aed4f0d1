// Public surface of @docbatch/sandbox.
export { startSandbox, type Sandbox } from './sandbox-server.js';
export type { SandboxOptions } from './sandbox-options.js';
export { runCli, type CliIo, type CliOptions } from './cli/cli.js';
export type { SandboxFaults } from './faults/sandbox-faults.js';
export { validateFaults } from './faults/sandbox-faults.js';
export type { ProcessingTime } from './processing/processing-time.js';
export { WEBHOOK_RETRY_SCHEDULE_MS, WEBHOOK_ANSWER_TIMEOUT_MS } from './webhooks/webhook-retry-schedule.js';
export {
  generateCorpus,
  CORPUS_MIX,
  MAX_CORPUS_COUNT,
  type CorpusCategory,
  type CorpusSummary,
  type GenerateCorpusOptions,
  type GroundTruth,
  type GroundTruthEntry,
  type ExpectedOutcome,
} from './corpus/corpus-generator.js';
export type { AwbFields } from './corpus/awb-sample.js';
export { writeSampleAwb, writeScanImage, type ScanImageOptions } from './corpus/sample-documents.js';
export { readDocument, type ReadOptions, type ReadOutcome } from './processing/document-reader.js';
export { detectFormat, type DocumentFormat } from './formats/format-detector.js';
export { AIRPORTS, findAirport, type Airport } from './reference-data/airports.js';
export {
  AIRLINES,
  findAirlineByPrefix,
  findAirlineByDesignator,
  type Airline,
} from './reference-data/airlines.js';
