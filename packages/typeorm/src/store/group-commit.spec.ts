import { expect, it } from '@jest/globals';
import { GroupCommit } from './group-commit.js';

/** A commit the test finishes by hand, recording the groups it was given. */
function manualCommits() {
  const groups: number[][] = [];
  const pending: { items: number[]; finish: (ok: boolean) => void }[] = [];
  const commit = (items: number[]) =>
    new Promise<number[]>((resolve, reject) => {
      groups.push(items);
      pending.push({
        items,
        finish: (ok) => (ok ? resolve(items.map((n) => n * 10)) : reject(new Error('commit failed'))),
      });
    });
  /** Lets event-loop turns pass until `condition` holds; fails after 1,000 turns rather than hang. */
  const until = async (condition: () => boolean) => {
    for (let turn = 0; !condition(); turn++) {
      if (turn === 1_000) throw new Error('condition never held');
      await new Promise((resolve) => setImmediate(resolve));
    }
  };
  return { groups, pending, commit, until };
}

describe('GroupCommit', () => {
  it('coalesces the calls made while a commit runs into the next one, answering each after its commit', async () => {
    const { groups, pending, commit, until } = manualCommits();
    const group = new GroupCommit(commit, 100);
    const settled: number[] = [];
    const track = (n: number) => group.run(n).then((r) => settled.push(r));

    const first = [track(1), track(2)];
    await until(() => pending.length === 1);
    const second = [track(3), track(4), track(5)];
    await new Promise((resolve) => setImmediate(resolve));
    expect(groups).toEqual([[1, 2]]); // 3, 4 and 5 wait: a commit is in progress
    expect(settled).toEqual([]);

    pending[0].finish(true);
    await Promise.all(first);
    expect(settled).toEqual([10, 20]);
    await until(() => pending.length === 2);
    expect(groups).toEqual([
      [1, 2],
      [3, 4, 5],
    ]);
    pending[1].finish(true);
    await Promise.all(second);
    expect(settled).toEqual([10, 20, 30, 40, 50]);
  });

  it('splits a burst larger than the group limit', async () => {
    const { groups, pending, commit, until } = manualCommits();
    const group = new GroupCommit(commit, 2);
    const all = [1, 2, 3, 4, 5].map((n) => group.run(n));
    for (let i = 0; i < 3; i++) {
      await until(() => pending.length === i + 1);
      pending[i].finish(true);
    }
    expect(await Promise.all(all)).toEqual([10, 20, 30, 40, 50]);
    expect(groups).toEqual([[1, 2], [3, 4], [5]]);
  });

  it('retries the items of a failed group one by one, so only a failing item fails its caller', async () => {
    const { groups, pending, commit, until } = manualCommits();
    const group = new GroupCommit(commit, 100);
    const all = Promise.allSettled([1, 2, 3].map((n) => group.run(n)));
    await until(() => pending.length === 1);
    pending[0].finish(false);
    await until(() => pending.length === 4);
    expect(groups.slice(1)).toEqual([[1], [2], [3]]);
    pending[1].finish(true);
    pending[2].finish(false);
    pending[3].finish(true);
    expect((await all).map((a) => (a.status === 'fulfilled' ? a.value : a.reason.message))).toEqual([
      10,
      'commit failed',
      30,
    ]);
  });
});
