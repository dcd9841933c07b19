/**
 * The contracts of undo-log.ts, prealloc.ts and vmap-area.ts that the designs' suites do not reach on their own,
 * found by mutation testing (npm run mutate):
 * - storeNoFail and UndoLog.store treat a bad range as a bug (they throw), never as a result;
 * - a store that fails with -ENOMEM records nothing (a later rollback must not "undo" it);
 * - commit() forgets the recorded stores: a rollback after it changes nothing;
 * - MapleVmapArea.contains is half-open; fitInBlock / endsBy reject a start past the block / vend;
 * - heldSuffices: false without preallocated nodes; a worst-case count covers any store while the
 *   tree is no taller, even after other writes; a refined count only while the tree is unchanged.
 */
import { describe, expect, it } from 'vitest';
import { failFrom } from '../../alloc/fault-plans.js';
import { ENOMEM } from '../../errno.js';
import { MA_STATE, mas_destroy, mt_init_flags, type MapleTree, mt_for_each, mtree_store_range, newNodeAllocator } from '../../maple/index.js';
import { heldSuffices, preallocate } from './prealloc.js';
import { UndoLog, storeNoFail } from './undo-log.js';
import { MapleVmapArea, endsBy, fitInBlock } from './vmap-area.js';

const P = 4096;
const contents = (t: MapleTree) => [...mt_for_each(t)];

function treeWith(n: number): MapleTree {
  const t = mt_init_flags(0, { allocator: newNodeAllocator() });
  for (let i = 0; i < n; i++) expect(mtree_store_range(t, 2 * i * P, (2 * i + 1) * P - 1, `e${i}`)).toBe(0);
  return t;
}

describe('UndoLog and storeNoFail', () => {
  it('a bad range is a bug, not a result', () => {
    const t = treeWith(2);
    expect(() => storeNoFail(t, 5 * P, 4 * P, 'x')).toThrow(/BUG: GFP_NOFAIL store/);
    expect(() => new UndoLog().store(t, 5 * P, 4 * P, 'x', 'GFP_KERNEL')).toThrow(/BUG: store/);
  });

  it('a store that fails with -ENOMEM records nothing', () => {
    const t = mt_init_flags(0, { allocator: newNodeAllocator(failFrom(1)) });
    const log = new UndoLog();
    expect(log.store(t, P, 2 * P - 1, 'x', 'GFP_KERNEL')).toBe(-ENOMEM);
    expect(log.size).toBe(0);
    expect(contents(t)).toEqual([]);
  });

  it('rollback undoes what was recorded, and after commit() there is nothing to undo', () => {
    const t = treeWith(3);
    const before = contents(t);
    const log = new UndoLog();
    expect(log.writer('GFP_KERNEL')(t, P, 4 * P - 1, 'y')).toBe(0);
    log.rollback();
    expect(contents(t)).toEqual(before);
    expect(log.writer('GFP_KERNEL')(t, P, 4 * P - 1, 'y')).toBe(0);
    const after = contents(t);
    log.commit();
    expect(log.size).toBe(0);
    log.rollback();
    expect(contents(t)).toEqual(after);
  });
});

describe('heldSuffices', () => {
  it('is false for a state that holds no preallocation', () => {
    expect(heldSuffices(MA_STATE(treeWith(3), P))).toBe(false);
  });

  it('a worst-case count covers the tree while it is no taller, even after writes', () => {
    const t = treeWith(3);
    const mas = preallocate(t, 'z', 'GFP_KERNEL', null);
    expect(mas).not.toBeNull();
    expect(heldSuffices(mas!)).toBe(true);
    expect(mtree_store_range(t, 100 * P, 101 * P - 1, 'w')).toBe(0);
    expect(heldSuffices(mas!)).toBe(true);
    // Grow the tree until it is taller than when the count was made.
    const height = t.height;
    for (let i = 200; t.height === height; i += 2) expect(mtree_store_range(t, i * P, (i + 1) * P - 1, i)).toBe(0);
    expect(heldSuffices(mas!)).toBe(false);
    mas_destroy(mas!);
  });

  it('a refined count covers only the tree it was made for', () => {
    const t = treeWith(3);
    const mas = preallocate(t, 'z', 'GFP_KERNEL', { first: P, last: 2 * P - 1 });
    expect(mas).not.toBeNull();
    expect(heldSuffices(mas!)).toBe(true);
    expect(mtree_store_range(t, 100 * P, 101 * P - 1, 'w')).toBe(0);
    expect(heldSuffices(mas!)).toBe(false);
    mas_destroy(mas!);
  });
});

describe('MapleVmapArea / fitInBlock / endsBy', () => {
  it('contains is half-open', () => {
    const va = new MapleVmapArea(4 * P, 6 * P, 0);
    expect([4 * P - 1, 4 * P, 6 * P - 1, 6 * P].map((a) => va.contains(a))).toEqual([false, true, true, false]);
  });
  it('a start past the block or past vend is no fit', () => {
    expect(fitInBlock(4 * P, 6 * P, P, 8 * P, 0)).toBe(-1);
    expect(fitInBlock(4 * P, 6 * P, 2 * P, P, 0)).toBe(4 * P);
    expect(fitInBlock(4 * P, 6 * P, P, P, 6 * P)).toBe(-1);
    expect(endsBy(7 * P, P, 6 * P)).toBe(false);
    expect(endsBy(5 * P, P, 6 * P)).toBe(true);
  });
});
