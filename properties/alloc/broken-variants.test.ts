/**
 * Oracle tests of the allocation-failure properties: each is pointed at a deliberately broken
 * variant and must fail, for the right reason, with a short counterexample.
 * - (1) a store that half-applies before reporting -ENOMEM;
 * - (2) an allocator whose bulk allocation leaks the nodes it got before a refused one;
 * - (3) a refined preallocation count that ignores splits, and a mas_store_prealloc wrapper that
 *   hides a short pool by allocating more (the suite then never sees a short pool caught);
 * - (4) the systematic property against the leaking allocator.
 * The unbroken systems pass the same runs (controls).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ENOMEM } from '../../impl/errno.js';
import {
  MapleValidationError,
  PreallocExhaustedError,
  PreallocShortError,
  REFINED_PREALLOC,
  mtree_store_range,
  type PreallocPolicy,
} from '../../impl/maple/index.js';
import { DisagreementError } from '../maple/system.js';
import { allocFailureProperty, systematicProperty } from './alloc-property.js';
import { emptyAllocCoverage } from './alloc-system.js';
import { DEFAULT_OPS, type TreeOps } from './tree-ops.js';
import { LeakyBulkAllocator } from '../variants.js';

/** On -ENOMEM, the store has already written the first index of its range. */
const halfApplyingOps: TreeOps = {
  ...DEFAULT_OPS,
  store: (tree, first, last, entry, gfp) => {
    const ret = mtree_store_range(tree, first, last, entry, gfp);
    if (ret !== -ENOMEM || entry === null) return ret;
    const plan = tree.allocator.plan;
    tree.allocator.plan = { shouldFail: () => false, describe: () => 'none' };
    mtree_store_range(tree, first, first, entry);
    tree.allocator.plan = plan;
    return ret;
  },
};

/** The refined count, but a split is assumed to need nothing. */
const ignoresSplit: PreallocPolicy = {
  name: 'refined, split ignored',
  count: (plan, mt) => (plan.type === 'wr_split_store' ? 0 : REFINED_PREALLOC.count(plan, mt)),
};

/** mas_store_prealloc that, finding the pool short, quietly stores with fresh nodes instead. */
const hidesShortPool: TreeOps = {
  ...DEFAULT_OPS,
  storePrealloc: (mas, entry) => {
    try {
      return DEFAULT_OPS.storePrealloc(mas, entry);
    } catch (error) {
      if (!(error instanceof PreallocShortError)) throw error;
      return mtree_store_range(mas.tree, mas.index, mas.last, entry);
    }
  },
};

const SEED = 4242;
const SHORT = 25;

function commandsOf(details: fc.RunDetails<unknown[]>): number {
  const shown = fc.stringify(details.counterexample);
  return (shown.match(/\),/g) ?? []).length + 1;
}

describe('the allocation-failure properties catch broken variants', () => {
  it('(1) a store that half-applies before -ENOMEM is caught by the model comparison', () => {
    const details = fc.check(allocFailureProperty({ alloc: false, maxCommands: 200, ops: halfApplyingOps }), { seed: SEED, numRuns: 100 });
    expect(details.failed).toBe(true);
    expect(details.errorInstance).toBeInstanceOf(DisagreementError);
    expect(commandsOf(details as unknown as fc.RunDetails<unknown[]>)).toBeLessThan(SHORT);
  });

  it('(2) a bulk allocation that leaks on failure is caught by the accounting', () => {
    const details = fc.check(allocFailureProperty({ alloc: true, maxCommands: 200, allocator: () => new LeakyBulkAllocator() }), { seed: SEED, numRuns: 100 });
    expect(details.failed).toBe(true);
    expect(details.errorInstance).toBeInstanceOf(MapleValidationError);
    expect(String(details.errorInstance)).toMatch(/leak/);
  });

  it('(3) a refined count that ignores a split runs out of nodes mid-write', () => {
    const details = fc.check(allocFailureProperty({ alloc: false, maxCommands: 200, prealloc: ignoresSplit }), { seed: SEED, numRuns: 100 });
    expect(details.failed).toBe(true);
    expect(details.errorInstance).toBeInstanceOf(PreallocExhaustedError);
    expect(commandsOf(details as unknown as fc.RunDetails<unknown[]>)).toBeLessThan(SHORT);
  });

  it('(3) a store_prealloc that hides a short pool is caught: it fails under faults, or catches no short pool', () => {
    const broken = emptyAllocCoverage();
    const sound = emptyAllocCoverage();
    const details = fc.check(allocFailureProperty({ alloc: false, maxCommands: 300, ops: hidesShortPool, coverage: broken }), { seed: SEED, numRuns: 40 });
    expect(fc.check(allocFailureProperty({ alloc: false, maxCommands: 300, coverage: sound }), { seed: SEED, numRuns: 40 }).failed).toBe(false);
    expect(sound.shortDetected).toBeGreaterThan(0);
    // Where its hidden allocation is refused, the store reports -ENOMEM where none is allowed;
    // where it is not, no short pool is ever caught, which alloc.prop.test.ts's coverage refuses.
    if (details.failed) expect(String(details.errorInstance)).toMatch(/store: impl gave -12, model gave 0/);
    else expect(broken.shortDetected).toBe(0);
  });

  it('(4) systematic failure injection catches the leaking allocator', () => {
    const details = fc.check(systematicProperty({ alloc: false, maxCommands: 8, allocator: () => new LeakyBulkAllocator() }), { seed: SEED, numRuns: 30 });
    expect(details.failed).toBe(true);
    expect(String(details.errorInstance)).toMatch(/leak/);
  });

  it('controls: the sound tree passes the same runs', () => {
    expect(fc.check(allocFailureProperty({ alloc: false, maxCommands: 200 }), { seed: SEED, numRuns: 100 }).failed).toBe(false);
    expect(fc.check(allocFailureProperty({ alloc: true, maxCommands: 200 }), { seed: SEED, numRuns: 100 }).failed).toBe(false);
    expect(fc.check(systematicProperty({ alloc: false, maxCommands: 8 }), { seed: SEED, numRuns: 30 }).failed).toBe(false);
  });
});
