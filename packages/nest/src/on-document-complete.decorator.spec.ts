import { getHandlerBindings } from './docbatch-handler.metadata.js';
import { OnDocumentComplete } from './on-document-complete.decorator.js';
import { OnDocumentFailed } from './on-document-failed.decorator.js';

class Handlers {
  @OnDocumentComplete()
  all(): void {}

  @OnDocumentComplete({ status: 'success' })
  successes(): void {}

  @OnDocumentComplete({ status: ['partial', 'failed'] })
  problems(): void {}

  @OnDocumentFailed({ errorCode: ['CORRUPTED_FILE', 'UNSUPPORTED_FORMAT'] })
  unreadable(): void {}

  @OnDocumentFailed()
  anyFailure(): void {}
}

const matcher = (method: keyof Handlers) => {
  const [binding] = getHandlerBindings(Handlers.prototype[method]);
  return (payload: object) => binding!.matches?.(payload) ?? true;
};

describe('handler filters', () => {
  it('without a filter, matches every outcome', () => {
    expect(matcher('all')({ state: 'failed' })).toBe(true);
  });

  it("status uses the provider's words for the engine's final states", () => {
    expect(matcher('successes')({ state: 'succeeded' })).toBe(true);
    expect(matcher('successes')({ state: 'needs_review' })).toBe(false);
    expect(matcher('problems')({ state: 'needs_review' })).toBe(true);
    expect(matcher('problems')({ state: 'failed' })).toBe(true);
    expect(matcher('problems')({ state: 'succeeded' })).toBe(false);
  });

  it('errorCode matches one code or any of a list', () => {
    expect(matcher('unreadable')({ errorCode: 'CORRUPTED_FILE' })).toBe(true);
    expect(matcher('unreadable')({ errorCode: 'TIMEOUT' })).toBe(false);
    expect(matcher('unreadable')({ errorCode: null })).toBe(false);
    expect(matcher('anyFailure')({ errorCode: null })).toBe(true);
  });

  it('rejects an unknown status when the class is defined, not when an outcome arrives', () => {
    expect(() => OnDocumentComplete({ status: 'done' as never })).toThrow('unknown status "done"');
  });

  it('rejects use on something that is not a method', () => {
    const decorate = OnDocumentComplete() as (t: object, k: string, d: PropertyDescriptor) => void;
    expect(() => decorate({}, 'field', { value: 42 })).toThrow('go on methods');
  });
});
