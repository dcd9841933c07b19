/**
 * Kernel-style examples of the allocation protocol (issue 3): the GFP_NOWAIT attempt under the
 * lock and mas_nomem's sleeping retry, -ENOMEM leaving the tree as it was, the races a dropped
 * lock lets in (two allocators choosing one window, seeds/000; an insert losing its range),
 * mas_preallocate / mas_store_prealloc / mas_destroy, and the DRM GPUVA case of seeds/004 (the
 * tree changed between preallocation and store). mt_validate (with its node accounting) runs after
 * every step.
 */
import { describe, expect, it } from 'vitest';
import { failFrom, failNonBlocking, failNothing } from '../alloc/fault-plans.js';
import { EEXIST, ENOMEM } from '../errno.js';
import {
  LockMisuseError,
  MA_STATE,
  MT_FLAGS_ALLOC_RANGE,
  PreallocShortError,
  mas_allocated,
  mas_destroy,
  mas_erase,
  mas_preallocate,
  mas_store,
  mas_store_gfp,
  mas_store_prealloc,
  mt_dump,
  mt_init_flags,
  mt_validate,
  mtree_alloc_range,
  mtree_insert,
  mtree_load,
  mtree_store,
  mtree_store_range,
  WORST_CASE_PREALLOC,
  type MapleTree,
  type PreallocPolicy,
} from './index.js';
import type { WriteReport } from './tree.js';
import { entries, store } from './test-helpers.js';

/** Entries [10i, 10i + 5] = i for i < n. */
function spaced(n: number, flags = 0, options: { prealloc?: PreallocPolicy } = {}): MapleTree {
  const t = mt_init_flags(flags, options);
  for (let i = 0; i < n; i++) store(t, 10 * i, 10 * i + 5, i);
  return t;
}

/** A height-1 tree whose single leaf is full: [i, i] = i for i < 15, then empty to MAX. */
function fullLeaf(): MapleTree {
  const t = mt_init_flags(0);
  for (let i = 0; i < 15; i++) store(t, i, i, i);
  expect([t.height, (t.root as { end: number }).end]).toEqual([1, 15]);
  return t;
}

/** Every write needs nodes under the worst-case policy, so every write goes through mas_nomem. */
const ALWAYS_NEEDS_NODES = { prealloc: WORST_CASE_PREALLOC };

function reports(t: MapleTree): WriteReport[] {
  const seen: WriteReport[] = [];
  t.onWrite = (r) => seen.push(r);
  return seen;
}

describe('GFP_NOWAIT under the lock, then mas_nomem', () => {
  it('a store whose non-blocking allocation fails sleeps without the lock and succeeds', () => {
    const t = fullLeaf(); // the next store that adds a slot splits it
    const seen = reports(t);
    t.allocator.plan = failNonBlocking();
    expect(mtree_store_range(t, 20, 21, 'x')).toBe(0);
    mt_validate(t);
    expect(mtree_load(t, 21)).toBe('x');
    expect(seen.at(-1)).toMatchObject({ type: 'wr_split_store', ret: 0, retries: 1 });
    expect(t.lock.drops).toBe(1);
    expect(t.lock.held).toBe(false);
  });

  it('a caller that may not sleep gets -ENOMEM, and the tree is as it was', () => {
    const t = fullLeaf();
    const before = mt_dump(t);
    t.allocator.plan = failNonBlocking();
    expect(mtree_store_range(t, 20, 21, 'x', 'GFP_NOWAIT')).toBe(-ENOMEM);
    mt_validate(t);
    expect(mt_dump(t)).toBe(before);
    expect(t.lock.drops).toBe(0);
  });

  it('when memory is gone, every write that needs a node fails cleanly; writes needing none still work', () => {
    const t = fullLeaf();
    const before = entries(t);
    t.allocator.plan = failFrom(1);
    expect(mtree_store_range(t, 20, 21, 'x')).toBe(-ENOMEM);
    expect(entries(t)).toEqual(before);
    expect(mtree_store_range(t, 10, 10, 'exact')).toBe(0); // exact fit: no node needed
    mt_validate(t);
    expect(t.allocator.live).toBe(mt_validate(t).nodes);
  });

  it('mas_store may not sleep; mas_store_gfp with GFP_KERNEL may', () => {
    const t = fullLeaf();
    t.allocator.plan = failNonBlocking();
    const mas = MA_STATE(t, 20, 21);
    expect(mas_store(mas, 'x')).toBeNull();
    expect([mas.status, mas.error]).toEqual(['error', -ENOMEM]);
    mt_validate(t);
    const again = MA_STATE(t, 20, 21);
    expect(mas_store_gfp(again, 'x', 'GFP_KERNEL')).toBe(0);
    mt_validate(t);
  });

  it('mas_erase that cannot get its nodes returns the entry (as the kernel does) but leaves it, in error status', () => {
    const t = spaced(40, 0, ALWAYS_NEEDS_NODES);
    t.allocator.plan = failFrom(1);
    const mas = MA_STATE(t, 102);
    expect(mas_erase(mas)).toBe(10);
    expect(mtree_load(t, 102)).toBe(10);
    expect([mas.status, mas.error]).toEqual(['error', -ENOMEM]);
    mt_validate(t);
  });
});

describe('what a dropped lock lets in', () => {
  it('two allocators never get the same window (the find/publish race of seeds/000)', () => {
    const t = mt_init_flags(MT_FLAGS_ALLOC_RANGE, ALWAYS_NEEDS_NODES);
    for (let i = 0; i < 15; i++) store(t, 1000 + 10 * i, 1000 + 10 * i + 5, `busy${i}`);
    t.allocator.plan = failNonBlocking(); // every writer must sleep for its nodes
    const other = { start: -1 };
    t.lock.whileDropped = () => {
      t.lock.whileDropped = null;
      // Another CPU takes the lock and allocates the same size from the same window.
      expect(mtree_alloc_range(t, other, 'other', 50, 0, 5000)).toBe(0);
    };
    const mine = { start: -1 };
    expect(mtree_alloc_range(t, mine, 'mine', 50, 0, 5000)).toBe(0);
    mt_validate(t);
    expect(other.start).toBe(0);
    expect(mine.start).toBe(50); // searched again after the lock came back
    expect(mtree_load(t, 0)).toBe('other');
    expect(mtree_load(t, 49)).toBe('other');
    expect(mtree_load(t, 50)).toBe('mine');
  });

  it('an insert whose range was taken while it slept reports -EEXIST and writes nothing', () => {
    const t = spaced(15, 0, ALWAYS_NEEDS_NODES);
    t.allocator.plan = failNonBlocking();
    t.lock.whileDropped = () => {
      t.lock.whileDropped = null;
      expect(mtree_store(t, 153, 'other')).toBe(0);
    };
    expect(mtree_insert(t, 153, 'mine')).toBe(-EEXIST);
    mt_validate(t);
    expect(mtree_load(t, 153)).toBe('other');
  });

  it('writing through the normal API from inside a write is a recursive lock (a deadlock): a bug', () => {
    const t = spaced(3);
    t.onWrite = () => {
      t.onWrite = null;
      mtree_store(t, 500, 'inner');
    };
    expect(() => mtree_store(t, 100, 'outer')).toThrow(LockMisuseError);
  });
});

describe('mas_preallocate, mas_store_prealloc, mas_destroy', () => {
  it('holds exactly the refined count, stores without allocating, and gives back the rest', () => {
    const t = fullLeaf();
    const mas = MA_STATE(t, 20, 21);
    expect(mas_preallocate(mas, 'x')).toBe(0);
    expect(mas_allocated(mas)).toBe(3); // a split of a height-1 tree: 2h + 1
    expect(() => mt_validate(t)).not.toThrow(); // preallocated nodes are accounted as pooled
    const requests = t.allocator.requests;
    t.allocator.plan = failFrom(1); // the store must not need the allocator
    expect(mas_store_prealloc(mas, 'x')).toBe(0);
    expect(t.allocator.requests).toBe(requests);
    expect(mas_allocated(mas)).toBe(0);
    expect(t.pooled).toBe(0);
    mt_validate(t);
    expect(mtree_load(t, 21)).toBe('x');
  });

  it('the worst case holds 1 + 3 * height nodes; mas_destroy gives them all back', () => {
    const t = spaced(300);
    const mas = MA_STATE(t, 5, 5);
    expect(mas_preallocate(mas, 'x', 'GFP_KERNEL', true)).toBe(0);
    expect(mas_allocated(mas)).toBe(1 + 3 * t.height);
    mas_destroy(mas);
    expect(t.pooled).toBe(0);
    mt_validate(t);
  });

  it('-ENOMEM holds nothing and resets the state', () => {
    const t = fullLeaf();
    t.allocator.plan = failFrom(1);
    const mas = MA_STATE(t, 20, 21);
    expect(mas_preallocate(mas, 'x')).toBe(-ENOMEM);
    expect(mas.status).toBe('start');
    expect(mas_allocated(mas)).toBe(0);
    t.allocator.plan = failNothing;
    mt_validate(t);
  });

  /** [i, i] = i for i < 14 (15 slots): room for one more slot in the root leaf. */
  function almostFull(): MapleTree {
    const t = mt_init_flags(0);
    for (let i = 0; i < 14; i++) store(t, i, i, i);
    return t;
  }

  /** Another path writes after the preallocation: [4, 5] merged, 20 added: the leaf is full. */
  function meanwhile(t: MapleTree): void {
    store(t, 4, 5, 'y');
    store(t, 20, 20, 'z');
    expect((t.root as { end: number }).end).toBe(15);
  }

  it('the DRM GPUVA case: the tree changes after preallocation and the short pool is caught before any write', () => {
    const t = almostFull();
    const mas = MA_STATE(t, 5, 5);
    expect(mas_preallocate(mas, 'replaced')).toBe(0); // an exact fit: the refined count is 0
    expect(mas_allocated(mas)).toBe(0);
    meanwhile(t); // now [5, 5] is part of [4, 5], and storing it splits the full leaf
    const before = mt_dump(t);
    expect(() => mas_store_prealloc(mas, 'replaced')).toThrow(
      /a wr_split_store needs 3 nodes but 0 were preallocated \(refined preallocation of 0 for a wr_exact_fit; the tree changed since \(generation \d+ -> \d+, height 1 -> 1\)\)/,
    );
    expect(mt_dump(t)).toBe(before); // caught before anything was written
    const again = MA_STATE(t, 5, 5);
    expect(mas_preallocate(again, 'x')).toBe(0); // the same store, counted for the tree as it is
    expect(mas_allocated(again)).toBe(3);
    mas_destroy(again);
    expect(t.pooled).toBe(0);
    mt_validate(t);
  });

  it('the same interleaving with the worst case requested goes through', () => {
    const t = almostFull();
    const mas = MA_STATE(t, 5, 5);
    expect(mas_preallocate(mas, 'replaced', 'GFP_KERNEL', true)).toBe(0);
    expect(mas_allocated(mas)).toBe(4);
    meanwhile(t);
    expect(mas_store_prealloc(mas, 'replaced')).toBe(0);
    mt_validate(t);
    expect(mtree_load(t, 5)).toBe('replaced');
    expect(mtree_load(t, 4)).toBe('y');
    expect(t.pooled).toBe(0);
  });
});
