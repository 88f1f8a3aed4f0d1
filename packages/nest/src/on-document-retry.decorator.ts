import { handlerDecorator } from './docbatch-handler.metadata.js';

/** Runs when a document's attempt failed transiently and a new attempt is scheduled. */
export const OnDocumentRetry = (): MethodDecorator => handlerDecorator({ event: 'document.retry' });
