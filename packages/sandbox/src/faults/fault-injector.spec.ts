import { describe, expect, it } from '@jest/globals';
import { FaultInjector } from './fault-injector.js';
import { validateFaults } from './sandbox-faults.js';

describe('faults', () => {
  it('validates rates and durations with a message naming the key', () => {
    expect(validateFaults({ timeoutRate: 0.5, delayMs: 1000 })).toEqual({ timeoutRate: 0.5, delayMs: 1000 });
    expect(() => validateFaults({ dropRate: -0.1 })).toThrow(/dropRate must be a rate from 0 to 1/);
    expect(() => validateFaults({ delayMs: 'soon' })).toThrow(/delayMs must be a duration/);
    expect(() => validateFaults({ timeoutRate: 0.6, rateLimitedRate: 0.6 })).toThrow(/must not exceed 1/);
    expect(() => validateFaults([])).toThrow(/must be an object/);
  });

  it('hits roughly the configured share of documents, each with one code', () => {
    const injector = new FaultInjector(
      { timeoutRate: 0.1, rateLimitedRate: 0.1, internalErrorRate: 0.1 },
      'share',
    );
    const counts = new Map<string, number>();
    for (let i = 0; i < 3000; i++) {
      const fault = injector.documentFault('bat', `doc_${i}`) ?? 'none';
      counts.set(fault, (counts.get(fault) ?? 0) + 1);
    }
    for (const code of ['TIMEOUT', 'RATE_LIMITED', 'INTERNAL_ERROR']) {
      expect(counts.get(code)).toBeGreaterThan(200);
      expect(counts.get(code)).toBeLessThan(400);
    }
  });

  it('decides the same for the same target whatever else was asked, and changing one rate leaves others alone', () => {
    const a = new FaultInjector({ dropRate: 0.5, duplicateRate: 0.5 }, 's');
    const b = new FaultInjector({ dropRate: 0.5, duplicateRate: 0.5 }, 's');
    b.webhookFaults('bat', 'other');
    expect(b.webhookFaults('bat', 'doc')).toEqual(a.webhookFaults('bat', 'doc'));
    const duplicates = (injector: FaultInjector) =>
      Array.from({ length: 50 }, (_, i) => injector.webhookFaults('bat', `d${i}`).duplicate);
    const before = duplicates(a);
    a.set({ dropRate: 0.9, duplicateRate: 0.5 });
    expect(duplicates(a)).toEqual(before);
  });
});
