/**
 * What fault-plans.test.ts leaves open, found by mutation testing (npm run mutate): every plan's
 * describe() text (it goes into replay lines, so it must name the plan exactly), the parameter
 * errors' messages, the exact boundary of a probability plan (p = 0 fails nothing, even the request
 * whose hash is exactly 0) and the seed's high bits taking part in the hash; the allocator's
 * errors carry their names and the node they are about.
 */
import { describe, expect, it } from 'vitest';
import { MapleNode } from '../maple/index.js';
import { failAnyOf, failFrom, failNonBlocking, failNothing, failNth, failWithProbability } from './fault-plans.js';
import { DoubleFreeError, NodeAllocator, UseAfterFreeError, requireUnfreed, type FaultPlan } from './node-allocator.js';

const failing = (plan: FaultPlan, n: number): number[] =>
  Array.from({ length: n }, (_, i) => i + 1).filter((seq) => plan.shouldFail({ seq, gfp: 'GFP_KERNEL' }));

describe('fault plans name themselves exactly', () => {
  it('each plan', () => {
    expect(failNothing.describe()).toBe('fail nothing');
    expect(failFrom(4).describe()).toBe('fail requests 4..');
    expect(failNonBlocking().describe()).toBe('fail non-blocking requests');
    expect(failAnyOf(failNth(2), failFrom(9)).describe()).toBe('fail request 2 or fail requests 9..');
  });
});

describe('bad plan parameters are refused with a message that names them', () => {
  it.each([
    [() => failNth(0), 'fault plan k = 0 must be an integer >= 1'],
    [() => failFrom(2.5), 'fault plan k = 2.5 must be an integer >= 1'],
    [() => failWithProbability(-0.1, 1), 'fault probability -0.1 is not in [0, 1]'],
    [() => failWithProbability(0.5, 1.5), 'fault seed 1.5 is not an integer'],
  ])('%#', (make, message) => {
    expect(make).toThrow(RangeError);
    expect(make).toThrow(message);
  });

  it('p = 0 and p = 1 are valid edges', () => {
    expect(() => failWithProbability(0, 1)).not.toThrow();
    expect(() => failWithProbability(1, 1)).not.toThrow();
  });
});

describe('probability plans', () => {
  // The request whose hash is exactly 0 for seed 7 (found by inverting the mix: the multiplier of
  // seq is odd, so seq = seed * 0x9e3779b1 / 0x85ebca6b mod 2^32 cancels the seed's term).
  const ZERO_HASH_SEQ = 1_643_089_733;

  it('p = 0 fails nothing, not even the request whose hash is exactly 0', () => {
    const request = { seq: ZERO_HASH_SEQ, gfp: 'GFP_KERNEL' as const };
    expect(failWithProbability(0, 7).shouldFail(request)).toBe(false);
    // The same request is the first to fail as soon as p > 0: its hash is the smallest there is.
    expect(failWithProbability(2 ** -32, 7).shouldFail(request)).toBe(true);
  });

  it('the seed bits above 2^32 change which requests fail', () => {
    expect(failing(failWithProbability(0.5, 5 + 2 ** 32), 64)).not.toEqual(failing(failWithProbability(0.5, 5 + 2 ** 33), 64));
  });
});

describe('allocator errors', () => {
  it('a double free names itself and the node', () => {
    const a = new NodeAllocator(() => new MapleNode());
    const node = a.alloc() as MapleNode;
    a.free(node);
    const error = (() => {
      try {
        a.free(node);
      } catch (e) {
        return e;
      }
      return null;
    })();
    expect(error).toBeInstanceOf(DoubleFreeError);
    expect((error as Error).name).toBe('DoubleFreeError');
    expect((error as Error).message).toBe(`BUG: double free or foreign free of ${String(node)}`);
  });

  it('a use after free names itself and the node', () => {
    const node = new MapleNode();
    node.freed = true;
    expect(() => requireUnfreed(node)).toThrow(UseAfterFreeError);
    expect(() => requireUnfreed(node)).toThrow(`BUG: use after free of ${String(node)}`);
    expect(new UseAfterFreeError('x').name).toBe('UseAfterFreeError');
  });

  it('a bulk allocation of n nodes asks for exactly n', () => {
    const a = new NodeAllocator(() => new MapleNode());
    expect(a.allocBulk(3)).toHaveLength(3);
    expect(a.requests).toBe(3);
    expect(a.allocBulk(0)).toEqual([]);
    expect(a.requests).toBe(3);
  });
});
