/**
 * Fault plans: which node-allocation requests fail. A plan is handed to a tree's node allocator
 * (the only way allocation failure enters impl/), so a test can fail exactly the allocations it
 * wants and a failure found at random can be replayed.
 *
 * Invariants:
 * - A plan's answer depends only on the request (its 1-based sequence number and its gfp) and the
 *   plan's own parameters (k, p, seed): never on wall time, call order of other plans or global
 *   state. So the same command list under the same plan fails the same requests.
 * - describe() names the plan precisely enough to rebuild it (it appears in replay lines).
 */
import type { AllocRequest, FaultPlan } from './node-allocator.js';

export { failNothing } from './node-allocator.js';

/** Fails the k-th request only (k >= 1): exercises one retry of the allocation protocol. */
export function failNth(k: number): FaultPlan {
  requirePositive('k', k);
  return { shouldFail: (r) => r.seq === k, describe: () => `fail request ${k}` };
}

/** Fails the k-th request and every later one (k >= 1): memory runs out and stays out. */
export function failFrom(k: number): FaultPlan {
  requirePositive('k', k);
  return { shouldFail: (r) => r.seq >= k, describe: () => `fail requests ${k}..` };
}

/** Fails each request with probability p, decided by a hash of (seed, seq): replayable. */
export function failWithProbability(p: number, seed: number): FaultPlan {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`fault probability ${p} is not in [0, 1]`);
  if (!Number.isSafeInteger(seed)) throw new RangeError(`fault seed ${seed} is not an integer`);
  return {
    shouldFail: (r) => unitHash(seed, r.seq) < p,
    describe: () => `fail with probability ${p} (seed ${seed})`,
  };
}

/** Fails every request that may not sleep (GFP_NOWAIT): the caller must fall back to the retry. */
export function failNonBlocking(): FaultPlan {
  return { shouldFail: (r) => r.gfp === 'GFP_NOWAIT', describe: () => 'fail non-blocking requests' };
}

/** Fails a request when any of the plans fails it. */
export function failAnyOf(...plans: FaultPlan[]): FaultPlan {
  return {
    shouldFail: (r: AllocRequest) => plans.some((p) => p.shouldFail(r)),
    describe: () => plans.map((p) => p.describe()).join(' or '),
  };
}

function requirePositive(name: string, k: number): void {
  if (!Number.isSafeInteger(k) || k < 1) throw new RangeError(`fault plan ${name} = ${k} must be an integer >= 1`);
}

/** A number in [0, 1) from (seed, seq): a 32-bit avalanche mix, stable across platforms. */
function unitHash(seed: number, seq: number): number {
  let h = (Math.imul(seed | 0, 0x9e3779b1) ^ Math.imul(seq, 0x85ebca6b) ^ ((seed / 2 ** 32) | 0)) >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d) >>> 0;
  h ^= h >>> 15;
  h = Math.imul(h, 0x846ca68b) >>> 0;
  h ^= h >>> 16;
  return (h >>> 0) / 2 ** 32;
}
