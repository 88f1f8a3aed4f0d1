import { Inject } from '@nestjs/common';
import { getDocbatchToken } from './docbatch.tokens.js';

/** Injects the `Docbatch` engine itself: `constructor(@InjectDocbatch() docbatch: Docbatch)`. */
export const InjectDocbatch = (): PropertyDecorator & ParameterDecorator => Inject(getDocbatchToken());
