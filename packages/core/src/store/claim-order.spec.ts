import { describe, expect, it } from '@jest/globals';
import { ClaimOrder } from './claim-order.js';

describe('ClaimOrder', () => {
  const times = new Map<string, number>();
  const line = () => new ClaimOrder((key) => times.get(key)!);

  it('walks keys by time, ties in the order they were first added', () => {
    for (const [key, at] of [
      ['a', 5],
      ['b', 1],
      ['c', 5],
      ['d', 3],
    ] as const)
      times.set(key, at);
    const order = line();
    for (const key of ['a', 'b', 'c', 'd']) order.add(key);
    expect([...order]).toEqual(['b', 'd', 'a', 'c']);
    expect(order.size).toBe(4);
  });

  it('puts a key that comes back in its old place; a forgotten one joins at the end of its time', () => {
    for (const key of ['x', 'y', 'z']) times.set(key, 0);
    const order = line();
    for (const key of ['x', 'y', 'z']) order.add(key);
    order.delete('x');
    order.forget('y');
    expect([...order]).toEqual(['z']);
    order.add('y');
    order.add('x');
    order.add('x');
    expect([...order]).toEqual(['x', 'z', 'y']);
    expect(order.has('x')).toBe(true);
  });

  it('allows deleting keys during an ordered walk', () => {
    for (const key of ['p', 'q', 'r']) times.set(key, 1);
    const order = line();
    for (const key of ['r', 'q', 'p']) order.add(key);
    const seen: string[] = [];
    for (const key of order) {
      seen.push(key);
      order.delete(key);
    }
    expect(seen).toEqual(['r', 'q', 'p']);
    expect(order.size).toBe(0);
  });

  it("breaks ties with the owner's sequence numbers when given, wherever a key comes back", () => {
    const seqs = new Map([
      ['m', 2],
      ['n', 0],
      ['o', 1],
    ]);
    for (const key of seqs.keys()) times.set(key, 7);
    const order = new ClaimOrder(
      (key) => times.get(key)!,
      (key) => seqs.get(key)!,
    );
    for (const key of ['m', 'n', 'o']) order.add(key);
    order.forget('n');
    order.add('n');
    expect([...order]).toEqual(['n', 'o', 'm']);
  });
});
