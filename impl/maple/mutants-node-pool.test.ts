/**
 * What the example tests left open about the nodes a write takes from the allocator (node-pool.ts),
 * found by mutation testing (npm run mutate): a write whose preallocation is too small throws the
 * typed PreallocExhaustedError (its class and name, the kernel's BUG_ON in mas_pop_node) rather than
 * writing with nodes it never asked for.
 */
import { describe, expect, it } from 'vitest';
import { MapleTree, PreallocExhaustedError, mtree_store_range, type PreallocPolicy } from './index.js';

/** A policy that asks for no node at all: the first write that needs one runs out. */
const NO_NODES: PreallocPolicy = { name: 'no nodes', count: () => 0 };

describe('running out of preallocated nodes', () => {
  it('throws PreallocExhaustedError, typed and named', () => {
    const t = new MapleTree({ prealloc: NO_NODES });
    let error: unknown = null;
    try {
      mtree_store_range(t, 5, 9, 'x');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PreallocExhaustedError);
    expect((error as Error).name).toBe('PreallocExhaustedError');
    // Nothing was taken from the allocator, and nothing is left held.
    expect(t.allocator.allocated).toBe(0);
    expect(t.pooled).toBe(0);
  });
});
