/**
 * Quick correctness check of section 4 of the benchmark (prealloc-counts.ts) at 10^3 entries, for
 * a plain and an alloc-range tree: both policies' trees end with identical contents and pass
 * mt_validate; per store type, refined allocates no more than the worst case, no write uses more
 * than it allocated, and both policies use exactly the same nodes (same writes, same tree); every
 * store type occurs; the allocators' totals match the writes' reports. Counts only: no timing is
 * asserted.
 */
import { describe, expect, it } from 'vitest';
import { STORE_TYPES, mt_for_each, mt_validate, type MapleTree } from '../impl/maple/index.js';
import { OP_ERASE, OP_STORE, OP_STORE_PREALLOC, preallocWorkload, runPreallocCounts, type TreeKind } from './prealloc-counts.js';
import { prngFor } from './prng.js';

const N = 1000;
const SEED = 12345;

function contents(tree: MapleTree): Array<{ first: number; last: number; entry: unknown }> {
  return [...mt_for_each(tree)];
}

describe('prealloc counts (10^3 entries)', () => {
  for (const kind of ['plain', 'alloc-range'] as TreeKind[]) {
    it(`${kind}: worst-case and refined trees agree, refined allocates no more, used is identical`, () => {
      const { result: r, worstTree, refinedTree } = runPreallocCounts(kind, N, SEED);
      expect(worstTree.prealloc.name).toBe('worst case');
      expect(refinedTree.prealloc.name).toBe('refined');

      const a = contents(worstTree);
      expect(a.length).toBeGreaterThan(N / 2);
      expect(contents(refinedTree)).toEqual(a);
      expect(mt_validate(worstTree)).toEqual(mt_validate(refinedTree));

      expect(r.types.map((c) => c.type)).toEqual([...STORE_TYPES]);
      expect(r.missing).toEqual([]);
      for (const c of r.types) {
        expect(c.writes, c.type).toBeGreaterThan(0);
        expect(c.refinedAllocated, c.type).toBeLessThanOrEqual(c.worstAllocated);
        expect(c.refinedUsed, c.type).toBe(c.worstUsed);
        expect(c.refinedUsed, c.type).toBeLessThanOrEqual(c.refinedAllocated);
        expect(c.worstUsed, c.type).toBeLessThanOrEqual(c.worstAllocated);
        expect(c.maxUsed, c.type).toBeLessThanOrEqual(c.refinedMaxAllocated);
        expect(c.refinedMaxAllocated, c.type).toBeLessThanOrEqual(c.worstMaxAllocated);
      }
      // Writes done in place allocate nothing under the refined count, and use nothing.
      for (const t of ['wr_exact_fit', 'wr_append', 'wr_slot_store', 'wr_node_store']) {
        const c = r.types.find((x) => x.type === t);
        expect(c?.refinedAllocated, t).toBe(0);
        expect(c?.worstUsed, t).toBe(0);
      }

      const sum = (f: (c: (typeof r.types)[number]) => number): number => r.types.reduce((s, c) => s + f(c), 0);
      expect(sum((c) => c.writes)).toBe(r.writes);
      for (const [p, tree, allocated] of [
        [r.worst, worstTree, sum((c) => c.worstAllocated)],
        [r.refined, refinedTree, sum((c) => c.refinedAllocated)],
      ] as const) {
        expect(p.allocated).toBe(allocated);
        expect(p.allocated).toBe(tree.allocator.allocated);
        expect(p.failures).toBe(0);
        expect(p.freed + p.live).toBe(p.allocated);
        expect(p.used).toBe(sum((c) => c.worstUsed));
      }
      expect(r.refined.allocated).toBeLessThan(r.worst.allocated);
    });
  }

  it('the workload is the same for the same seed, and uses every kind of operation', () => {
    const w1 = preallocWorkload(N, prngFor(SEED, `prealloc-counts/${N}`));
    const w2 = preallocWorkload(N, prngFor(SEED, `prealloc-counts/${N}`));
    expect(w2.first).toEqual(w1.first);
    expect(w2.last).toEqual(w1.last);
    expect(w2.kind).toEqual(w1.kind);
    expect(w1.phases.map((p) => p.name)).toEqual(['root', 'random store', 'append', 'spanning', 'erase']);
    expect(w1.phases[w1.phases.length - 1].end).toBe(w1.length);
    for (const k of [OP_STORE, OP_STORE_PREALLOC, OP_ERASE]) expect(w1.kind.includes(k)).toBe(true);
  });
});
