/**
 * The node allocator and its fault plans: counts stay exact, double free and foreign free throw,
 * freed nodes are marked and caught when walked into, and each plan fails exactly the requests it
 * names, reproducibly from its parameters.
 */
import { describe, expect, it } from 'vitest';
import { MapleNode, MA_STATE, mas_walk, mt_init_flags, mtree_load, mtree_store_range } from '../maple/index.js';
import { failAnyOf, failFrom, failNonBlocking, failNothing, failNth, failWithProbability } from './fault-plans.js';
import { DoubleFreeError, NodeAllocator, UseAfterFreeError, type AllocRequest, type FaultPlan, type Gfp } from './node-allocator.js';

const req = (seq: number, gfp: Gfp = 'GFP_KERNEL'): AllocRequest => ({ seq, gfp });
const failing = (plan: FaultPlan, n: number, gfp: Gfp = 'GFP_KERNEL'): number[] =>
  Array.from({ length: n }, (_, i) => i + 1).filter((seq) => plan.shouldFail(req(seq, gfp)));

describe('fault plans', () => {
  it('fail nothing', () => expect(failing(failNothing, 100)).toEqual([]));
  it('fail the k-th request only', () => expect(failing(failNth(7), 100)).toEqual([7]));
  it('fail from the k-th request on', () => expect(failing(failFrom(98), 100)).toEqual([98, 99, 100]));
  it('fail non-blocking requests only', () => {
    expect(failing(failNonBlocking(), 10, 'GFP_NOWAIT')).toHaveLength(10);
    expect(failing(failNonBlocking(), 10, 'GFP_KERNEL')).toEqual([]);
  });
  it('fail with probability p: about p of requests, the same ones for the same seed', () => {
    const a = failing(failWithProbability(0.25, 99), 20_000);
    expect(a.length / 20_000).toBeGreaterThan(0.23);
    expect(a.length / 20_000).toBeLessThan(0.27);
    expect(failing(failWithProbability(0.25, 99), 20_000)).toEqual(a);
    expect(failing(failWithProbability(0.25, 100), 20_000)).not.toEqual(a);
    expect(failing(failWithProbability(0, 1), 1000)).toEqual([]);
    expect(failing(failWithProbability(1, 1), 1000)).toHaveLength(1000);
  });
  it('any of several plans', () => expect(failing(failAnyOf(failNth(2), failNth(5)), 10)).toEqual([2, 5]));
  it.each([
    () => failNth(0),
    () => failNth(1.5),
    () => failFrom(-1),
    () => failWithProbability(1.1, 1),
    () => failWithProbability(NaN, 1),
    () => failWithProbability(0.5, 0.5),
  ])('refuses bad parameters (%#)', (make) => expect(make).toThrow(RangeError));
  it('describes itself', () => {
    expect(failNth(3).describe()).toBe('fail request 3');
    expect(failWithProbability(0.5, 8).describe()).toBe('fail with probability 0.5 (seed 8)');
  });
});

describe('node allocator', () => {
  const make = (plan?: FaultPlan) => new NodeAllocator(() => new MapleNode(), plan);

  it('counts requests, failures, allocations, frees and live nodes', () => {
    const a = make(failNth(2));
    const n1 = a.alloc();
    expect(a.alloc()).toBeNull();
    const n3 = a.alloc();
    expect([a.requests, a.failures, a.allocated, a.live]).toEqual([3, 1, 2, 2]);
    a.free(n1 as MapleNode);
    expect([a.freed, a.live, a.isLive(n1 as MapleNode), a.isLive(n3 as MapleNode)]).toEqual([1, 1, false, true]);
  });

  it('bulk allocation is all or nothing', () => {
    const a = make(failNth(3));
    expect(a.allocBulk(5)).toBeNull();
    expect(a.live).toBe(0);
    expect(a.allocBulk(5)).toHaveLength(5);
  });

  it('double free and foreign free throw', () => {
    const a = make();
    const n = a.alloc() as MapleNode;
    a.free(n);
    expect(() => a.free(n)).toThrow(DoubleFreeError);
    expect(() => a.free(new MapleNode())).toThrow(DoubleFreeError);
  });

  it('a freed node reached by a walk is a use-after-free', () => {
    const t = mt_init_flags(0);
    for (let i = 0; i < 100; i++) expect(mtree_store_range(t, i * 10, i * 10 + 5, i)).toBe(0);
    const root = t.root as MapleNode;
    const child = root.slots[1] as MapleNode;
    const inChild = root.pivots[0] + 1; // the first index under slot 1
    t.allocator.free(child); // a bug elsewhere freed a node the tree still links
    expect(() => mtree_load(t, inChild)).toThrow(UseAfterFreeError);
    expect(() => mas_walk(MA_STATE(t, inChild))).toThrow(UseAfterFreeError);
    expect(mtree_load(t, 0)).toBe(0); // slot 0's subtree is still fine
  });
});
