import { describe, expect, it } from '@jest/globals';
import { BatchAttempts } from './batch-attempts.js';

describe('BatchAttempts', () => {
  it('finds each doc id sent, and nothing else', () => {
    const attempts = new BatchAttempts();
    const ids = Array.from({ length: 50 }, (_, i) => `doc_${(i * 37) % 50}`);
    attempts.record(ids.map((docId, i) => ({ docId, key: `k${i}`, attempt: (i % 3) + 1 })));
    ids.forEach((docId, i) => expect(attempts.find(docId)).toEqual({ key: `k${i}`, attempt: (i % 3) + 1 }));
    for (const missing of ['doc_50', 'doc_', '', 'zzz', 'a']) expect(attempts.find(missing)).toBeNull();
    expect([...attempts.documentKeys()].sort()).toEqual(ids.map((_, i) => `k${i}`).sort());
  });

  it('keeps earlier attempts when more are recorded, the latest winning for the same doc id', () => {
    const attempts = new BatchAttempts();
    attempts.record([
      { docId: 'b', key: 'kb', attempt: 1 },
      { docId: 'a', key: 'ka', attempt: 1 },
    ]);
    attempts.record([
      { docId: 'c', key: 'kc', attempt: 2 },
      { docId: 'a', key: 'ka2', attempt: 3 },
    ]);
    expect(attempts.find('a')).toEqual({ key: 'ka2', attempt: 3 });
    expect(attempts.find('b')).toEqual({ key: 'kb', attempt: 1 });
    expect(attempts.find('c')).toEqual({ key: 'kc', attempt: 2 });
    expect(attempts.documentKeys()).toEqual(['ka2', 'kb', 'kc']);
  });
});
