import { handlerDecorator } from './docbatch-handler.metadata.js';

/** Runs once per submission, when every one of its documents has reached a final outcome. */
export const OnBatchComplete = (): MethodDecorator => handlerDecorator({ event: 'batch.complete' });
