/** add() on a queue that is closing or closed: the job would never run. */
export class QueueClosedError extends Error {
  readonly code = 'QUEUE_CLOSED';

  constructor(jobName: string) {
    super(`Cannot add job "${jobName}": the queue is closed`);
    this.name = 'QueueClosedError';
  }
}
