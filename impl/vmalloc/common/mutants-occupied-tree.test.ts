/**
 * OccupiedTree's queries at their edges, found by mutation testing (npm run mutate): the designs
 * call them only with addresses inside the space and mostly use only a gap's end, so the property
 * suites leave these open. Pinned here on a small tree, through the class's exported API:
 * - gapContaining: null outside [start, end) (end itself included) and on an occupied address; a
 *   gap is clipped to the space at both sides;
 * - lowestFit: a fit at address 0 is a fit (0 is not an error), a fit too close to vend is none,
 *   and the searches figure counts one descent per mas_empty_area call (none when the window is
 *   smaller than the size);
 * - isFree: false when the gap at addr is shorter than size;
 * - blockAtOrBelow: null when nothing free lies at or below addr inside the space;
 * - occupied: true exactly when an entry intersects [first, last];
 * - the index is in RCU mode exactly when the design gave it an RCU domain.
 */
import { describe, expect, it } from 'vitest';
import { mt_in_rcu, mtree_store_range, newNodeAllocator } from '../../maple/index.js';
import { Rcu } from '../../rcu/rcu.js';
import { OccupiedTree } from './occupied-tree.js';
import { MapleVmapArea } from './vmap-area.js';

const P = 4096;

/** A tree over [lo, hi) pages holding busy areas over the given page ranges. */
function treeOf(lo: number, hi: number, busy: [number, number][]): OccupiedTree {
  const t = new OccupiedTree(newNodeAllocator(), { start: lo * P, end: hi * P });
  for (const [a, b] of busy) expect(mtree_store_range(t.tree, a * P, b * P - 1, new MapleVmapArea(a * P, b * P, 0))).toBe(0);
  return t;
}

describe('gapContaining', () => {
  const t = treeOf(16, 32, [[20, 21]]);
  it('clips the gap to the space at both ends', () => {
    expect(t.gapContaining(16 * P)).toEqual({ start: 16 * P, end: 20 * P });
    expect(t.gapContaining(31 * P)).toEqual({ start: 21 * P, end: 32 * P });
  });
  it('is null outside the space and on an occupied address', () => {
    expect(t.gapContaining(16 * P - 1)).toBeNull();
    expect(t.gapContaining(32 * P)).toBeNull();
    expect(t.gapContaining(20 * P)).toBeNull();
  });
});

describe('lowestFit', () => {
  it('returns a fit at address 0', () => {
    const t = treeOf(0, 8, []);
    expect(t.lowestFit(P, P, 0, 8 * P)).toEqual({ addr: 0, size: P });
  });
  it('finds the lowest aligned fit, or none when the aligned start leaves too little before vend', () => {
    const t = treeOf(16, 32, [[17, 18]]);
    expect(t.lowestFit(2 * P, 4 * P, 16 * P, 32 * P)).toEqual({ addr: 20 * P, size: 2 * P });
    expect(t.lowestFit(2 * P, 8 * P, 17 * P, 25 * P)).toBeNull();
  });
  it('counts one search per descent and none when the window is smaller than the size', () => {
    const t = treeOf(16, 32, [[17, 18]]);
    t.lowestFit(P, P, 16 * P, 32 * P);
    expect(t.searches).toBe(1);
    t.lowestFit(4 * P, 4 * P, 18 * P, 21 * P);
    expect(t.searches).toBe(1);
    // The first gap [16, 17) is too small for the aligned start: a second descent past it.
    t.lowestFit(P, 2 * P, 17 * P, 32 * P);
    expect(t.searches).toBe(2);
  });
});

describe('isFree / blockAtOrBelow / occupied', () => {
  const t = treeOf(16, 32, [[16, 18], [20, 21]]);
  it('isFree is false when the gap is shorter than size', () => {
    expect(t.isFree(18 * P, 2 * P)).toBe(true);
    expect(t.isFree(18 * P, 3 * P)).toBe(false);
    expect(t.isFree(19 * P, 2 * P)).toBe(false);
    expect(t.isFree(16 * P, P)).toBe(false);
  });
  it('blockAtOrBelow is null when no free block lies at or below addr inside the space', () => {
    expect(t.blockAtOrBelow(16 * P)).toBeNull();
    expect(t.blockAtOrBelow(17 * P)).toBeNull();
    expect(t.blockAtOrBelow(20 * P)).toEqual({ start: 18 * P, end: 20 * P });
    expect(t.blockAtOrBelow(40 * P)).toEqual({ start: 21 * P, end: 32 * P });
  });
  it('occupied is true exactly when an entry intersects [first, last]', () => {
    expect(t.occupied(18 * P, 20 * P - 1)).toBe(false);
    expect(t.occupied(18 * P, 20 * P)).toBe(true);
    expect(t.occupied(17 * P, 17 * P)).toBe(true);
    expect(t.occupied(21 * P, 32 * P - 1)).toBe(false);
  });
});

describe('RCU mode', () => {
  it('is on exactly when an RCU domain is given', () => {
    const space = { start: 16 * P, end: 32 * P };
    expect(mt_in_rcu(new OccupiedTree(newNodeAllocator(), space).tree)).toBe(false);
    expect(mt_in_rcu(new OccupiedTree(newNodeAllocator(), space, new Rcu()).tree)).toBe(true);
  });
});
