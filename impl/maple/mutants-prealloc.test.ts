/**
 * What the preallocation examples leave open, found by mutation testing (npm run mutate):
 * - mas_prealloc_calc's count for every store type at heights 1..4, with and without RCU mode, and
 *   the worst case 1 + 3h (seeds/004, patch 14);
 * - the refined count of writes into a tree without nodes: none when the tree stays bare (an entry
 *   at 0, or empty), one leaf otherwise, and a new root of nothing needs no node;
 * - what mas_preallocate records (policy, store type, generation, height, count) and that it may
 *   sleep by default (GFP_KERNEL); a fresh state holds nothing and has no record;
 * - bad input to mas_preallocate / mas_store_prealloc: -EINVAL, state in error, nothing written;
 * - mas_store_prealloc with nothing preallocated (enough for a write that needs no node; otherwise
 *   PreallocShortError saying so), and with a count made for another write on an unchanged tree.
 * mt_validate (with its node accounting) runs after every write.
 */
import { describe, expect, it } from 'vitest';
import type { AllocRequest, Gfp } from '../alloc/node-allocator.js';
import { failFrom, failNothing } from '../alloc/fault-plans.js';
import { EINVAL, ENOMEM } from '../errno.js';
import {
  MA_STATE,
  MAX_INDEX,
  MT_FLAGS_USE_RCU,
  PreallocShortError,
  REFINED_PREALLOC,
  STORE_TYPES,
  WORST_CASE_PREALLOC,
  mas_allocated,
  mas_destroy,
  mas_prealloc_calc,
  mas_prealloc_record,
  mas_preallocate,
  mas_set_range,
  mas_store_prealloc,
  mas_worst_case_count,
  mt_dump,
  mt_init_flags,
  mt_validate,
  mtree_load,
  type MapleTree,
  type StoreType,
} from './index.js';
import { entries, store } from './test-helpers.js';

/** Entries [10i, 10i + 5] = i for i < n (n = 5: one leaf; n = 50: height 2). */
function spaced(n: number, flags = 0): MapleTree {
  const t = mt_init_flags(flags);
  for (let i = 0; i < n; i++) store(t, 10 * i, 10 * i + 5, i);
  return t;
}

/** mas_preallocate for `entry` over [first, last]; expects 0 and returns the state. */
function preallocate(t: MapleTree, first: number, last: number, entry: unknown, worstCase = false) {
  const mas = MA_STATE(t, first, last);
  expect(mas_preallocate(mas, entry, 'GFP_KERNEL', worstCase)).toBe(0);
  return mas;
}

/** Preallocates, checks type and count (held and recorded), then stores with the pool and checks. */
function preallocThenStore(t: MapleTree, first: number, last: number, entry: unknown, type: StoreType, count: number): void {
  const mas = preallocate(t, first, last, entry);
  expect([mas_prealloc_record(mas)?.storeType, mas_prealloc_record(mas)?.requested, mas_allocated(mas)]).toEqual([type, count, count]);
  expect(mas_store_prealloc(mas, entry)).toBe(0);
  expect(t.pooled).toBe(0);
  mt_validate(t);
}

describe('mas_prealloc_calc and the worst case', () => {
  /**
   * The refined count of the header of prealloc.ts, written out as numbers per store type for
   * heights 1..4: [outside RCU mode, in RCU mode] (a literal table, not the formula again).
   */
  const COUNTS: Record<StoreType, [number[], number[]]> = {
    wr_new_root: [[1, 1, 1, 1], [1, 1, 1, 1]],
    wr_store_root: [[1, 1, 1, 1], [1, 1, 1, 1]],
    wr_exact_fit: [[0, 0, 0, 0], [0, 0, 0, 0]],
    wr_append: [[0, 0, 0, 0], [1, 1, 1, 1]],
    wr_slot_store: [[0, 0, 0, 0], [1, 1, 1, 1]],
    wr_node_store: [[0, 0, 0, 0], [1, 1, 1, 1]],
    wr_split_store: [[3, 5, 7, 9], [3, 5, 7, 9]],
    wr_rebalance: [[1, 3, 5, 7], [3, 5, 7, 9]],
    wr_spanning_store: [[4, 7, 10, 13], [4, 7, 10, 13]],
  };

  it('counts each store type at heights 1..4, in and out of RCU mode', () => {
    expect(STORE_TYPES).toHaveLength(9);
    expect(Object.keys(COUNTS).sort()).toEqual([...STORE_TYPES].sort());
    for (const [rcuIndex, rcu] of [false, true].entries()) {
      for (let h = 1; h <= 4; h++) {
        for (const type of STORE_TYPES) expect([type, h, rcu, mas_prealloc_calc(type, h, rcu)]).toEqual([type, h, rcu, COUNTS[type][rcuIndex][h - 1]]);
      }
    }
  });

  it('the worst case is 1 + 3 * height, and at least one node for a tree without nodes', () => {
    expect([0, 1, 2, 3, 4].map(mas_worst_case_count)).toEqual([1, 4, 7, 10, 13]);
    const t = mt_init_flags(0);
    const mas = preallocate(t, 5, 9, 'x', true);
    expect(mas_prealloc_record(mas)).toEqual({ policy: 'worst case', storeType: 'wr_store_root', generation: 0, height: 0, requested: 1 });
    expect(mas_allocated(mas)).toBe(1);
    expect(mas_store_prealloc(mas, 'x')).toBe(0);
    expect(entries(t)).toEqual([[5, 9, 'x']]);
    mt_validate(t);
    expect([REFINED_PREALLOC.name, WORST_CASE_PREALLOC.name]).toEqual(['refined', 'worst case']);
  });
});

describe('the refined count of writes into a tree without nodes', () => {
  it('an entry at 0 alone stays a bare root: no node; anything wider needs one leaf', () => {
    const t = mt_init_flags(0);
    preallocThenStore(t, 0, 0, 'a', 'wr_store_root', 0);
    expect([t.root, t.height]).toEqual(['a', 0]);
    preallocThenStore(t, 0, 0, 'b', 'wr_store_root', 0);
    expect([t.root, t.height]).toEqual(['b', 0]);
    const u = mt_init_flags(0);
    preallocThenStore(u, 0, 5, 'x', 'wr_store_root', 1);
    expect(entries(u)).toEqual([[0, 5, 'x']]);
    const v = mt_init_flags(0);
    preallocThenStore(v, 7, 7, 'y', 'wr_store_root', 1);
    expect(u.height + v.height).toBe(2);
  });

  it('emptying around a bare entry, or everything, needs no node; an entry over everything needs one', () => {
    const t = mt_init_flags(0);
    store(t, 0, 0, 'a');
    preallocThenStore(t, 5, 5, null, 'wr_store_root', 0); // widened to [1, MAX]: the bare entry stays
    expect([t.root, t.height]).toEqual(['a', 0]);
    preallocThenStore(t, 0, 0, null, 'wr_new_root', 0); // widened to [0, MAX]
    expect(t.root).toBeNull();
    preallocThenStore(t, 0, MAX_INDEX, 'all', 'wr_new_root', 1);
    expect(entries(t)).toEqual([[0, MAX_INDEX, 'all']]);
    const u = spaced(50);
    preallocThenStore(u, 0, 495, null, 'wr_new_root', 0); // everything stored, widened to [0, MAX]: the tree goes
    expect([u.root, u.height, u.allocator.live]).toEqual([null, 0, 0]);
  });
});

describe('the refined count of writes into one leaf, in and out of RCU mode', () => {
  const leafWrites: [number, number, StoreType][] = [
    [10, 15, 'wr_exact_fit'],
    [500, 505, 'wr_append'],
    [8, 15, 'wr_slot_store'],
    [12, 12, 'wr_node_store'],
  ];

  for (const rcu of [false, true]) {
    it(`${rcu ? 'RCU mode: a rewritten leaf needs one node' : 'outside RCU mode: nothing'}, an exact fit never`, () => {
      for (const [first, last, type] of leafWrites) {
        const t = spaced(50, rcu ? MT_FLAGS_USE_RCU : 0);
        const count = type === 'wr_exact_fit' || !rcu ? 0 : 1;
        preallocThenStore(t, first, last, 'x', type, count);
        expect([type, mtree_load(t, first), mtree_load(t, last)]).toEqual([type, 'x', 'x']);
      }
    });
  }
});

describe('what mas_preallocate holds and records', () => {
  it('a fresh state holds nothing and has no record; mas_destroy on it does nothing', () => {
    const t = spaced(5);
    const mas = MA_STATE(t, 20, 21);
    expect([mas_allocated(mas), mas_prealloc_record(mas)]).toEqual([0, null]);
    mas_destroy(mas);
    expect(t.pooled).toBe(0);
  });

  it('records the policy, store type, generation and height the count was made for', () => {
    const t = spaced(50);
    const mas = preallocate(t, 5, 400, 'x');
    expect(mas_prealloc_record(mas)).toEqual({ policy: 'refined', storeType: 'wr_spanning_store', generation: t.generation, height: 2, requested: 7 });
    expect([mas_allocated(mas), t.pooled]).toEqual([7, 7]);
    mas_destroy(mas);
    expect([mas_allocated(mas), mas_prealloc_record(mas), t.pooled]).toEqual([0, null, 0]);
    mt_validate(t);
  });

  it('by default asks for the refined count with GFP_KERNEL (it may sleep)', () => {
    const seen: Gfp[] = [];
    const t = spaced(50);
    t.allocator.plan = { shouldFail: (r: AllocRequest) => (seen.push(r.gfp), false), describe: () => 'record' };
    const mas = MA_STATE(t, 5, 400);
    expect(mas_preallocate(mas, 'x')).toBe(0);
    expect(mas_prealloc_record(mas)).toMatchObject({ policy: 'refined', requested: 7 });
    expect(seen).toEqual(Array(7).fill('GFP_KERNEL'));
    seen.length = 0;
    mas_set_range(mas, 12, 12); // a node store: the refined count is 0, the worst case 7
    expect(mas_preallocate(mas, 'x', 'GFP_NOWAIT')).toBe(0);
    expect([mas_prealloc_record(mas)?.policy, mas_allocated(mas), seen]).toEqual(['refined', 0, []]);
    mas_destroy(mas);
    expect(t.pooled).toBe(0);
  });

  it('-ENOMEM: nothing held, no record, the state reset', () => {
    const t = spaced(50);
    const mas = MA_STATE(t, 5, 400);
    t.allocator.plan = failFrom(t.allocator.requests + 3); // two of the seven nodes, then no memory
    expect(mas_preallocate(mas, 'x')).toBe(-ENOMEM);
    expect([mas.status, mas.error, mas_allocated(mas), mas_prealloc_record(mas), t.pooled]).toEqual(['start', 0, 0, null, 0]);
    t.allocator.plan = failNothing;
    mt_validate(t);
  });

  it('empty stores are counted by their store type too', () => {
    const t = spaced(50);
    const mas = preallocate(t, 5, 400, null); // empties most of the tree: a spanning store
    expect(mas_prealloc_record(mas)).toMatchObject({ storeType: 'wr_spanning_store', requested: 7 });
    expect(mas_store_prealloc(mas, null)).toBe(0);
    expect(entries(t)).toEqual([
      [0, 4, 0],
      [401, 405, 40],
      [410, 415, 41],
      ...entries(spaced(50), 420),
    ]);
    mt_validate(t);
    const u = spaced(50, MT_FLAGS_USE_RCU);
    preallocThenStore(u, 12, 12, null, 'wr_node_store', 1); // an erase rewrites the leaf in RCU mode
    expect(mtree_load(u, 12)).toBeNull();
  });
});

describe('bad input', () => {
  it('mas_preallocate of a bad range is -EINVAL with the state in error, and allocates nothing', () => {
    const t = spaced(5);
    const requests = t.allocator.requests;
    const mas = MA_STATE(t, 30, 20);
    expect(mas_preallocate(mas, 'x')).toBe(-EINVAL);
    expect([mas.status, mas.error, mas_allocated(mas), mas_prealloc_record(mas)]).toEqual(['error', -EINVAL, 0, null]);
    expect(t.allocator.requests).toBe(requests);
    mt_validate(t);
  });

  it('mas_store_prealloc over a bad range is -EINVAL, writes nothing, and gives the nodes back', () => {
    const t = spaced(50);
    const before = mt_dump(t);
    const mas = preallocate(t, 5, 400, 'x');
    mas_set_range(mas, 20, 10); // bad: the state is in error and holds [20, 10]
    expect(mas_store_prealloc(mas, 'x')).toBe(-EINVAL);
    expect([mas.status, mas.error, mas_allocated(mas), t.pooled]).toEqual(['error', -EINVAL, 0, 0]);
    expect(mt_dump(t)).toBe(before);
    mt_validate(t);
  });
});

describe('mas_store_prealloc with a pool not made for this write', () => {
  it('with nothing preallocated, a write that needs no node goes through', () => {
    const t = spaced(5);
    const mas = MA_STATE(t, 10, 15);
    expect(mas_store_prealloc(mas, 'x')).toBe(0);
    expect([mas.index, mas.last, mas.status]).toEqual([10, 15, 'active']);
    expect(mtree_load(t, 12)).toBe('x');
    mt_validate(t);
  });

  it('with nothing preallocated, a split is PreallocShortError saying so, before any write', () => {
    const t = mt_init_flags(0);
    for (let i = 0; i < 15; i++) store(t, i, i, i); // one full leaf
    const before = mt_dump(t);
    const mas = MA_STATE(t, 20, 21);
    let caught: unknown = null;
    try {
      mas_store_prealloc(mas, 'x');
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(PreallocShortError);
    const e = caught as PreallocShortError;
    expect([e.storeType, e.needed, e.available, e.why]).toEqual(['wr_split_store', 3, 0, 'nothing was preallocated']);
    expect(mt_dump(t)).toBe(before);
    expect(t.pooled).toBe(0);
    mt_validate(t);
  });

  it('a count made for another write on an unchanged tree is short, and the message says the tree did not change', () => {
    const t = mt_init_flags(0);
    for (let i = 0; i < 15; i++) store(t, i, i, i);
    const mas = preallocate(t, 5, 5, 'x'); // an exact fit: 0
    const gen = t.generation;
    mas_set_range(mas, 20, 21); // now a split
    expect(() => mas_store_prealloc(mas, 'x')).toThrow(
      'BUG: mas_store_prealloc: a wr_split_store needs 3 nodes but 0 were preallocated (refined preallocation of 0 for a wr_exact_fit; the tree has not changed since)',
    );
    expect(t.generation).toBe(gen);
    expect(mas_prealloc_record(mas)).toBeNull(); // mas_destroy ran
    mt_validate(t);
  });

  it('a short worst-case pool names its policy and the height change', () => {
    const t = spaced(8); // one full leaf
    const mas = preallocate(t, 200, 200, 'x', true); // splits the full leaf; counted 1 + 3 * 1
    for (let i = 8; i < 50; i++) store(t, 10 * i, 10 * i + 5, i); // height 2 now
    mas_set_range(mas, 5, 400); // a spanning store: 3 * 2 + 1
    expect(() => mas_store_prealloc(mas, 'x')).toThrow(
      /^BUG: mas_store_prealloc: a wr_spanning_store needs 7 nodes but 4 were preallocated \(worst case preallocation of 4 for a wr_split_store; the tree changed since \(generation \d+ -> \d+, height 1 -> 2\)\)$/,
    );
    expect(t.pooled).toBe(0);
    mt_validate(t);
  });
});
