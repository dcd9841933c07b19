/**
 * What the example and property tests leave open on the write path (write.ts, big-node.ts), found
 * by mutation testing (npm run mutate). The contracts pinned here:
 * - STORE_TYPES lists the nine store types of mas_wr_store_type, in the kernel's order;
 * - the store type every write reports (onWrite / StoreOutcome) follows its definition in
 *   write.ts, at the boundaries: exact fit, slot store (same slot count), append (only the last
 *   slot changes and the leaf grows), node store, split exactly when the leaf would hold more
 *   than 16 slots, rebalance exactly when a non-root leaf would end below 7 slots (never the root);
 * - the nodes a write has in hand (nodesRequested) and uses, and the height it leaves;
 * - mas_wr_extend_null: an empty store is widened to the whole empty range around it, and
 *   mas_store_gfp reports the widened range in index/last, also on trees with no nodes;
 * - the root as a bare entry: storing over it, expanding it into a leaf, and emptying it;
 * - the tree generation moves on every write, so a maple state made before it walks afresh;
 * - mas_nomem drops the lock only for a caller that may sleep.
 * mt_validate (with the allocator's accounting) runs after every write.
 */
import { describe, expect, it } from 'vitest';
import { failNonBlocking } from '../alloc/fault-plans.js';
import { EEXIST, ENOMEM } from '../errno.js';
import { Rcu } from '../rcu/index.js';
import {
  MA_STATE,
  MAX_INDEX,
  MT_FLAGS_ALLOC_RANGE,
  MapleNode,
  PreallocShortError,
  STORE_TYPES,
  mas_allocated,
  mas_find,
  mas_preallocate,
  mas_prealloc_record,
  mas_store_prealloc,
  mas_store_gfp,
  mas_wr_store,
  mt_height,
  mt_init_flags,
  mt_set_in_rcu,
  mt_validate,
  mtree_erase,
  mtree_insert_range,
  mtree_store_range,
  type MapleTree,
} from './index.js';
import type { WriteReport } from './tree.js';
import { mas_wr_store_chosen } from './write.js';
import { entries } from './test-helpers.js';

const MAX = MAX_INDEX;

/** Stores (expects 0), validates, and returns the write's report. */
function write(t: MapleTree, first: number, last: number, entry: unknown): WriteReport {
  const seen: WriteReport[] = [];
  t.onWrite = (r) => seen.push(r);
  expect(mtree_store_range(t, first, last, entry)).toBe(0);
  t.onWrite = null;
  mt_validate(t);
  expect(seen).toHaveLength(1);
  return seen[0];
}

/** Type, nodes in hand and nodes used of one write. */
function shape(r: WriteReport): [string, number, number] {
  return [r.type, r.nodesRequested, r.nodesUsed];
}

/** An empty store through the advanced API; returns the range it really wrote (index, last). */
function storeNull(t: MapleTree, first: number, last: number): [number, number] {
  const mas = MA_STATE(t, first, last);
  expect(mas_store_gfp(mas, null)).toBe(0);
  mt_validate(t);
  return [mas.index, mas.last];
}

/** A single root leaf: [10i, 10i + 4] = `e${i}` for i = 1..5, empty between (11 slots). */
function fiveEntries(): MapleTree {
  const t = mt_init_flags(0);
  for (let i = 1; i <= 5; i++) expect(mtree_store_range(t, 10 * i, 10 * i + 4, `e${i}`)).toBe(0);
  expect([mt_height(t), (t.root as MapleNode).end]).toEqual([1, 10]);
  return t;
}

/** [i, i] = i for i < n, then empty to MAX (single-index entries, no gaps). */
function sequential(n: number): MapleTree {
  const t = mt_init_flags(0);
  for (let i = 0; i < n; i++) expect(mtree_store_range(t, i, i, i)).toBe(0);
  mt_validate(t);
  return t;
}

/** A tree whose root is the bare entry 'x' at 0. */
function bare(): MapleTree {
  const t = mt_init_flags(0);
  expect(mtree_store_range(t, 0, 0, 'x')).toBe(0);
  expect([mt_height(t), t.root]).toEqual([0, 'x']);
  return t;
}

describe('STORE_TYPES', () => {
  it('lists the nine store types in the order of mas_wr_store_type', () => {
    expect(STORE_TYPES).toEqual([
      'wr_new_root',
      'wr_store_root',
      'wr_exact_fit',
      'wr_append',
      'wr_slot_store',
      'wr_node_store',
      'wr_split_store',
      'wr_rebalance',
      'wr_spanning_store',
    ]);
  });
});

describe('store types of writes into one leaf', () => {
  it('exact fit: one slot over its whole range, no node', () => {
    const t = fiveEntries();
    expect(shape(write(t, 20, 24, 'x'))).toEqual(['wr_exact_fit', 0, 0]);
    expect(entries(t, 15, 29)).toEqual([[20, 24, 'x']]);
  });

  it('slot store: the slot count stays and two adjacent slots change', () => {
    const t = fiveEntries();
    expect(shape(write(t, 22, 29, 'x'))).toEqual(['wr_slot_store', 0, 0]);
    expect(entries(t, 15, 34)).toEqual([
      [20, 21, 'e2'],
      [22, 29, 'x'],
      [30, 34, 'e3'],
    ]);
  });

  it('slot store: the slot count stays and one slot changes its range', () => {
    const t = fiveEntries();
    expect(shape(write(t, 20, 27, 'x'))).toEqual(['wr_slot_store', 0, 0]);
    expect(entries(t, 15, 34)).toEqual([
      [20, 27, 'x'],
      [30, 34, 'e3'],
    ]);
  });

  it('slot store at the first two slots of the leaf', () => {
    const t = fiveEntries();
    expect(shape(write(t, 0, 12, 'x'))).toEqual(['wr_slot_store', 0, 0]);
    expect(entries(t, 0, 14)).toEqual([
      [0, 12, 'x'],
      [13, 14, 'e1'],
    ]);
  });

  it('append: only the last slot changes and the leaf gains slots', () => {
    const t = fiveEntries();
    expect(shape(write(t, 60, 64, 'x'))).toEqual(['wr_append', 0, 0]);
    expect(shape(write(t, 70, MAX, 'y'))).toEqual(['wr_append', 0, 0]);
    expect(entries(t, 45)).toEqual([
      [50, 54, 'e5'],
      [60, 64, 'x'],
      [70, MAX, 'y'],
    ]);
  });

  it('node store: a slot split in the middle, and three slots merged into one', () => {
    const t = fiveEntries();
    expect(shape(write(t, 11, 12, 'x'))).toEqual(['wr_node_store', 0, 0]);
    expect(shape(write(t, 20, 44, 'y'))).toEqual(['wr_node_store', 0, 0]);
    expect(entries(t)).toEqual([
      [10, 10, 'e1'],
      [11, 12, 'x'],
      [13, 14, 'e1'],
      [20, 44, 'y'],
      [50, 54, 'e5'],
    ]);
  });

  it('node store: a slot split next to the last one, with every entry still in its old position but one', () => {
    const t = fiveEntries();
    expect(shape(write(t, 51, 52, 'x'))).toEqual(['wr_node_store', 0, 0]); // e5, x, e5: pivots differ first
    expect(entries(t, 45)).toEqual([
      [50, 50, 'e5'],
      [51, 52, 'x'],
      [53, 54, 'e5'],
    ]);
  });

  it('node store: the last two slots become one (the count shrinks by one)', () => {
    const t = fiveEntries();
    expect(shape(write(t, 50, MAX, 'x'))).toEqual(['wr_node_store', 0, 0]);
    expect(entries(t, 45)).toEqual([[50, MAX, 'x']]);
  });

  it('node store: the first slot of a two-slot leaf split in two', () => {
    const t = mt_init_flags(0);
    expect(shape(write(t, 0, 9, 'e'))).toEqual(['wr_store_root', 1, 1]); // e, then the empty tail
    expect(shape(write(t, 0, 3, 'x'))).toEqual(['wr_node_store', 0, 0]);
    expect(entries(t)).toEqual([
      [0, 3, 'x'],
      [4, 9, 'e'],
    ]);
  });

  it('a root leaf never rebalances, however few slots it keeps', () => {
    const t = fiveEntries();
    expect(shape(write(t, 0, 47, 'x'))).toEqual(['wr_node_store', 0, 0]); // 11 slots -> 4
    expect(shape(write(t, 0, 49, 'y'))).toEqual(['wr_node_store', 0, 0]); // 4 slots -> 3
    expect(mt_height(t)).toBe(1);
    expect(entries(t)).toEqual([
      [0, 49, 'y'],
      [50, 54, 'e5'],
    ]);
  });

  it('a leaf that ends with exactly 16 slots is stored in place; one more slot splits it', () => {
    const t = sequential(14); // 14 entries and the empty tail: 15 slots
    expect(shape(write(t, 14, 14, 14))).toEqual(['wr_append', 0, 0]); // 16 slots
    expect([mt_height(t), (t.root as MapleNode).end]).toEqual([1, 15]);
    const split = write(t, 15, 15, 15); // 17 slots: two leaves and a new root
    expect(shape(split)).toEqual(['wr_split_store', 3, 3]);
    expect(split.heightBefore).toBe(1);
    expect(mt_validate(t)).toMatchObject({ height: 2, nodes: 3, leaves: 2, entries: 16 });
  });

  it('a leaf below the root keeps 7 slots without rebalancing; 6 slots rebalance', () => {
    const t = sequential(16); // leaves [0..8] and [9..15, empty tail]
    const root = t.root as MapleNode;
    expect([mt_height(t), root.end, (root.slots[1] as MapleNode).end]).toEqual([2, 1, 7]);
    expect(shape(write(t, 9, 10, 'a'))).toEqual(['wr_node_store', 0, 0]); // 8 slots -> 7
    expect(mt_validate(t)).toMatchObject({ height: 2, leaves: 2 });
    const r = write(t, 11, 12, 'b'); // 7 slots -> 6
    expect(r.type).toBe('wr_rebalance');
    expect(r.nodesRequested).toBe(3); // 2 * height - 1
    expect(mt_validate(t)).toMatchObject({ height: 1, nodes: 1, entries: 14 });
  });
});

describe('alloc-range trees: the gaps above a leaf written in place', () => {
  it('an entry emptied in place, then a node store, in the leaf with the empty tail', () => {
    const t = mt_init_flags(MT_FLAGS_ALLOC_RANGE);
    for (let i = 0; i < 16; i++) expect(mtree_store_range(t, i, i, i)).toBe(0);
    expect(mt_height(t)).toBe(2);
    expect(shape(write(t, 12, 12, null))).toEqual(['wr_exact_fit', 0, 0]); // its neighbours hold entries
    expect(shape(write(t, 3, 3, null))).toEqual(['wr_exact_fit', 0, 0]);
    expect(shape(write(t, 13, 14, 'z'))).toEqual(['wr_node_store', 0, 0]);
    expect(mt_validate(t)).toMatchObject({ height: 2, leaves: 2, entries: 13 });
  });
});

describe('alloc-range trees: the gaps of new internal nodes', () => {
  it('ascending inserts with shrinking empty ranges before them, up to height 3', () => {
    // Entry i holds 3 indices after an empty range of 300 - 2i: in every leaf that starts with an
    // empty range, that range is the largest, so each new node's lowest index shows in its gap.
    const t = mt_init_flags(MT_FLAGS_ALLOC_RANGE);
    let next = 0;
    for (let i = 0; i < 120; i++) {
      next += 300 - 2 * i;
      write(t, next, next + 2, i);
      next += 3;
    }
    expect(mt_validate(t)).toMatchObject({ height: 3, entries: 120, maxGap: MAX - next + 1 });
  });
});

describe('a rebalance at the right edge pulls in its left neighbour', () => {
  for (const [name, flags] of [
    ['plain', 0],
    ['alloc-range', MT_FLAGS_ALLOC_RANGE],
  ] as const) {
    it(`${name}: the full left leaf and the short right one are shared out again`, () => {
      const t = mt_init_flags(flags);
      for (let i = 0; i <= 8; i++) expect(mtree_store_range(t, 10 * i, 10 * i + 4, i)).toBe(0);
      const root = t.root as MapleNode;
      expect([mt_height(t), root.end, (root.slots[0] as MapleNode).end, (root.slots[1] as MapleNode).end]).toEqual([2, 1, 8, 8]);
      for (const i of [5, 15, 25, 35, 6, 16, 26]) write(t, i, i, `g${i}`); // the left leaf fills up
      expect((root.slots[0] as MapleNode).end).toBe(15);
      expect(write(t, 80, 84, null).type).toBe('wr_node_store'); // right leaf: 9 slots -> 7
      expect(write(t, 70, 74, null).type).toBe('wr_rebalance'); // 7 -> 5: no right neighbour
      expect(mt_validate(t)).toMatchObject({ height: 2, leaves: 2, entries: 14 });
      expect(entries(t, 30)).toEqual([
        [30, 34, 3],
        [35, 35, 'g35'],
        [40, 44, 4],
        [50, 54, 5],
        [60, 64, 6],
      ]);
    });
  }
});

describe('mas_wr_extend_null: an empty store widens to the whole empty range around it', () => {
  it('on a leaf, at each end of the stored range', () => {
    expect(storeNull(fiveEntries(), 21, 23)).toEqual([21, 23]); // inside an entry: as asked
    expect(storeNull(fiveEntries(), 20, 22)).toEqual([15, 22]);
    expect(storeNull(fiveEntries(), 22, 24)).toEqual([22, 29]);
    expect(storeNull(fiveEntries(), 20, 24)).toEqual([15, 29]);
    expect(storeNull(fiveEntries(), 17, 22)).toEqual([15, 22]);
    expect(storeNull(fiveEntries(), 22, 27)).toEqual([22, 29]);
    expect(storeNull(fiveEntries(), 2, 3)).toEqual([0, 9]);
    expect(storeNull(fiveEntries(), 10, 14)).toEqual([0, 19]);
    expect(storeNull(fiveEntries(), 50, 54)).toEqual([45, MAX]);
    expect(storeNull(fiveEntries(), 56, 60)).toEqual([55, MAX]);
  });

  it('the contents after erasing each entry in turn', () => {
    const t = fiveEntries();
    expect(storeNull(t, 30, 34)).toEqual([25, 39]);
    expect(entries(t, 0, 45)).toEqual([
      [10, 14, 'e1'],
      [20, 24, 'e2'],
      [40, 44, 'e4'],
    ]);
    expect(storeNull(t, 20, 24)).toEqual([15, 39]);
    expect(storeNull(t, 40, 44)).toEqual([15, 49]);
    expect(entries(t)).toEqual([
      [10, 14, 'e1'],
      [50, 54, 'e5'],
    ]);
  });

  it('across leaves: the empty range of the neighbouring leaf is taken in', () => {
    // Entries [2i, 2i] = i with an empty index after each; height 2.
    const t = mt_init_flags(0);
    for (let i = 0; i < 20; i++) expect(mtree_store_range(t, 2 * i, 2 * i, i)).toBe(0);
    const root = t.root as MapleNode;
    expect(mt_height(t)).toBe(2);
    const edge = root.pivots[0]; // last index of the first leaf
    const leftEntry = edge % 2 === 0 ? edge : edge - 1; // the last entry of the first leaf
    expect(storeNull(t, leftEntry, leftEntry)).toEqual([leftEntry - 1, leftEntry + 1]);
    mt_validate(t);
    const rightEntry = leftEntry + 2; // the first entry of the second leaf
    expect(storeNull(t, rightEntry, rightEntry)).toEqual([leftEntry - 1, rightEntry + 1]);
    expect(entries(t, leftEntry - 2, rightEntry + 2)).toEqual([
      [leftEntry - 2, leftEntry - 2, (leftEntry - 2) / 2],
      [rightEntry + 2, rightEntry + 2, (rightEntry + 2) / 2],
    ]);
  });

  it('an entry at 0 keeps the widening from going below 0', () => {
    const t = mt_init_flags(0);
    expect(mtree_store_range(t, 0, 4, 'a')).toBe(0);
    expect(mtree_store_range(t, 10, 14, 'b')).toBe(0);
    expect(storeNull(t, 0, 2)).toEqual([0, 2]);
    expect(entries(t)).toEqual([
      [3, 4, 'a'],
      [10, 14, 'b'],
    ]);
    expect(storeNull(t, 3, 4)).toEqual([0, 9]);
  });
});

describe('trees with no nodes', () => {
  it('an empty store on the empty tree covers everything: a new (empty) root', () => {
    const t = mt_init_flags(0);
    const seen: WriteReport[] = [];
    t.onWrite = (r) => seen.push(r);
    const mas = MA_STATE(t, 3, 5);
    expect(mas_store_gfp(mas, null)).toBe(0);
    expect([mas.index, mas.last]).toEqual([0, MAX]);
    expect(seen.map((r) => r.type)).toEqual(['wr_new_root']);
    expect([t.root, mt_height(t), t.allocator.allocated]).toEqual([null, 0, 0]);
    expect(storeNull(t, 0, 0)).toEqual([0, MAX]);
    expect(storeNull(t, MAX, MAX)).toEqual([0, MAX]);
    expect(seen.map((r) => r.type)).toEqual(['wr_new_root', 'wr_new_root', 'wr_new_root']);
  });

  it('an empty store beside a bare entry leaves it: the widened range starts at 1', () => {
    const t = bare();
    const seen: WriteReport[] = [];
    t.onWrite = (r) => seen.push(r);
    expect(storeNull(t, 3, 5)).toEqual([1, MAX]);
    expect(storeNull(t, 1, 1)).toEqual([1, MAX]);
    expect(seen.map((r) => [r.type, r.nodesRequested])).toEqual([
      ['wr_store_root', 0],
      ['wr_store_root', 0],
    ]);
    expect([t.root, mt_height(t), t.allocator.allocated]).toEqual(['x', 0, 0]);
  });

  it('an empty store over the bare entry empties the tree', () => {
    const t = bare();
    expect(storeNull(t, 0, 5)).toEqual([0, MAX]);
    expect([t.root, mt_height(t)]).toEqual([null, 0]);
    const u = bare();
    expect(storeNull(u, 0, 0)).toEqual([0, MAX]);
    expect(u.root).toBeNull();
    const v = bare();
    expect(mtree_erase(v, 0)).toBe('x');
    expect(v.root).toBeNull();
    mt_validate(v);
  });

  it('a store at 0 over the bare entry replaces it in place, without a node', () => {
    const t = bare();
    expect(shape(write(t, 0, 0, 'y'))).toEqual(['wr_store_root', 0, 0]);
    expect([t.root, mt_height(t), t.allocator.allocated]).toEqual(['y', 0, 0]);
  });

  it('a store beside the bare entry expands the root into a leaf that keeps it', () => {
    const t = bare();
    expect(shape(write(t, 1, 3, 'y'))).toEqual(['wr_store_root', 1, 1]);
    expect(entries(t)).toEqual([
      [0, 0, 'x'],
      [1, 3, 'y'],
    ]);
    expect(mt_validate(t)).toMatchObject({ height: 1, nodes: 1, entries: 2 });
    const u = bare();
    write(u, 5, 9, 'y');
    expect(entries(u)).toEqual([
      [0, 0, 'x'],
      [5, 9, 'y'],
    ]);
    expect((u.root as MapleNode).end).toBe(3); // x, empty, y, empty
    const v = bare();
    write(v, 0, 5, 'y'); // over the bare entry: it goes
    expect(entries(v)).toEqual([[0, 5, 'y']]);
    expect((v.root as MapleNode).end).toBe(1);
    const w = bare();
    write(w, 2, MAX, 'y'); // to MAX: no empty tail
    expect(entries(w)).toEqual([
      [0, 0, 'x'],
      [2, MAX, 'y'],
    ]);
    expect((w.root as MapleNode).end).toBe(2);
  });

  it('a first store into the empty tree makes one leaf', () => {
    const t = mt_init_flags(0);
    expect(shape(write(t, 0, 5, 'y'))).toEqual(['wr_store_root', 1, 1]);
    expect(entries(t)).toEqual([[0, 5, 'y']]);
    expect((t.root as MapleNode).end).toBe(1);
    const u = mt_init_flags(0);
    write(u, 1, 5, 'y');
    expect(entries(u)).toEqual([[1, 5, 'y']]);
    expect((u.root as MapleNode).end).toBe(2);
  });

  it('a store over everything replaces any root by one leaf, and frees the old nodes', () => {
    const t = sequential(40);
    expect(shape(write(t, 0, MAX, 'all'))).toEqual(['wr_new_root', 1, 1]);
    expect(mt_validate(t)).toMatchObject({ height: 1, nodes: 1, entries: 1 });
    expect(t.allocator.live).toBe(1);
    const u = bare();
    expect(shape(write(u, 0, MAX, 'all'))).toEqual(['wr_new_root', 1, 1]);
    expect(entries(u)).toEqual([[0, MAX, 'all']]);
    const v = mt_init_flags(0);
    write(v, 0, MAX, 'all');
    expect(entries(v)).toEqual([[0, MAX, 'all']]);
    expect(shape(write(v, 0, MAX, null))).toEqual(['wr_new_root', 0, 0]);
    expect([v.root, mt_height(v), v.allocator.live]).toEqual([null, 0, 0]);
  });
});

describe('the generation moves on every write', () => {
  it('a maple state made after the first write of a tree finds what it wrote', () => {
    const t = mt_init_flags(0);
    expect(mtree_store_range(t, 0, 5, 'a')).toBe(0);
    expect(mas_find(MA_STATE(t, 0), MAX)).toBe('a');
    const u = mt_init_flags(0);
    expect(mtree_store_range(u, 0, 0, 'b')).toBe(0);
    expect(mas_find(MA_STATE(u, 0), MAX)).toBe('b');
  });
});

describe('RCU mode: what is stored in place and what is copied', () => {
  function rcuTree(): { t: MapleTree; rcu: Rcu } {
    const rcu = new Rcu();
    const t = mt_init_flags(0, { rcu });
    for (let i = 1; i <= 5; i++) expect(mtree_store_range(t, 10 * i, 10 * i + 4, `e${i}`)).toBe(0);
    mt_set_in_rcu(t);
    return { t, rcu };
  }

  it('an exact fit and a slot store change the leaf in place; append and node store copy it', () => {
    const { t, rcu } = rcuTree();
    const leaf = t.root;
    expect(shape(write(t, 20, 24, 'x'))).toEqual(['wr_exact_fit', 0, 0]);
    expect(shape(write(t, 22, 29, 'y'))).toEqual(['wr_slot_store', 1, 0]);
    expect(t.root).toBe(leaf);
    expect(shape(write(t, 60, 64, 'z'))).toEqual(['wr_append', 1, 1]);
    expect(t.root).not.toBe(leaf);
    const copy = t.root;
    expect(shape(write(t, 11, 12, 'w'))).toEqual(['wr_node_store', 1, 1]);
    expect(t.root).not.toBe(copy);
    rcu.synchronize();
    mt_validate(t);
    expect(entries(t, 0, 30)).toEqual([
      [10, 10, 'e1'],
      [11, 12, 'w'],
      [13, 14, 'e1'],
      [20, 21, 'x'],
      [22, 29, 'y'],
      [30, 34, 'e3'],
    ]);
  });
});

describe('mas_store_prealloc', () => {
  it('a split with exactly the nodes it needs, and an exact fit with none', () => {
    const t = sequential(15);
    const seen: WriteReport[] = [];
    t.onWrite = (r) => seen.push(r);
    const mas = MA_STATE(t, 20, 21);
    expect(mas_preallocate(mas, 'x')).toBe(0);
    expect(mas_allocated(mas)).toBe(3);
    expect(mas_store_prealloc(mas, 'x')).toBe(0);
    const exact = MA_STATE(t, 3, 3);
    expect(mas_preallocate(exact, 'y')).toBe(0);
    expect(mas_allocated(exact)).toBe(0);
    expect(mas_store_prealloc(exact, 'y')).toBe(0);
    expect(seen.map(shape)).toEqual([
      ['wr_split_store', 3, 3],
      ['wr_exact_fit', 0, 0],
    ]);
    expect(mt_validate(t)).toMatchObject({ height: 2, entries: 16 });
    expect(t.allocator.live).toBe(3);
  });

  it('too few nodes for the tree as it is now: PreallocShortError before anything changes', () => {
    const t = sequential(13); // 14 slots
    const mas = MA_STATE(t, 20, 21);
    expect(mas_preallocate(mas, 'x')).toBe(0);
    expect(mas_prealloc_record(mas)).toMatchObject({ storeType: 'wr_append', requested: 0 }); // to 16 slots
    expect(mtree_store_range(t, 13, 13, 13)).toBe(0); // 15 slots now: the store splits
    const before = entries(t);
    let error: unknown = null;
    try {
      mas_store_prealloc(mas, 'x');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PreallocShortError);
    expect(error).toMatchObject({ storeType: 'wr_split_store', needed: 3, available: 0 });
    expect(entries(t)).toEqual(before);
    mt_validate(t);
  });
});

describe('mas_wr_store and mas_nomem', () => {
  it('mas_wr_store asks with GFP_KERNEL unless told otherwise', () => {
    const t = sequential(15);
    const asked: string[] = [];
    t.allocator.plan = {
      shouldFail: (r) => {
        asked.push(r.gfp);
        return r.gfp === 'GFP_NOWAIT';
      },
      describe: () => 'records requests, fails non-blocking ones',
    };
    t.lock.lock();
    expect(mas_wr_store(t, 20, 21, 'x').ret).toBe(0);
    t.lock.unlock();
    expect(asked).toEqual(['GFP_NOWAIT', 'GFP_KERNEL', 'GFP_KERNEL', 'GFP_KERNEL']);
    mt_validate(t);
  });

  it('GFP_NOWAIT never drops the lock, even when the allocation fails under it', () => {
    const t = sequential(15); // a full leaf: the next slot splits it
    t.allocator.plan = failNonBlocking();
    let dropped = 0;
    t.lock.whileDropped = () => dropped++;
    t.lock.lock();
    const outcome = mas_wr_store(t, 20, 21, 'x', 'GFP_NOWAIT');
    t.lock.unlock();
    expect([outcome.ret, outcome.retries, dropped, t.lock.drops]).toEqual([-ENOMEM, 0, 0, 0]);
    expect(outcome.plan?.type).toBe('wr_split_store');
    mt_validate(t);
  });

  it('a caller that may sleep drops the lock once, and the retry succeeds', () => {
    const t = sequential(15);
    t.allocator.plan = failNonBlocking();
    let dropped = 0;
    t.lock.whileDropped = () => dropped++;
    t.lock.lock();
    const outcome = mas_wr_store(t, 20, 21, 'x'); // GFP_KERNEL by default
    t.lock.unlock();
    expect([outcome.ret, outcome.retries, dropped, t.lock.drops]).toEqual([0, 1, 1, 1]);
    expect([outcome.nodesRequested, outcome.nodesUsed]).toEqual([3, 3]);
    mt_validate(t);
  });

  it('an errno from the range chooser ends the write unplanned, with nothing changed or reported', () => {
    const t = fiveEntries();
    const before = entries(t);
    const seen: WriteReport[] = [];
    t.onWrite = (r) => seen.push(r);
    expect(mtree_insert_range(t, 23, 26, 'x')).toBe(-EEXIST);
    const outcome = mas_wr_store_chosen(t, 'x', 'GFP_KERNEL', () => -EEXIST);
    expect(outcome).toEqual({ ret: -EEXIST, plan: null, nodesRequested: 0, nodesUsed: 0, retries: 0 });
    expect(seen).toEqual([]);
    expect(entries(t)).toEqual(before);
  });

  it('reports what an empty store over nothing planned and used', () => {
    const t = sequential(15);
    const outcome = mas_wr_store(t, 30, 40, null);
    expect(outcome).toMatchObject({ ret: 0, nodesRequested: 0, nodesUsed: 0, retries: 0 });
    expect([outcome.plan?.index, outcome.plan?.last]).toEqual([15, MAX]);
    expect(outcome.plan?.type).toBe('wr_exact_fit');
  });
});

