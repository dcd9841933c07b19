/**
 * What the example tests left open about the nodes a write takes from the allocator and the nodes
 * it takes out of the tree (node-pool.ts), found by mutation testing (npm run mutate):
 * - a write whose preallocation is too small throws PreallocExhaustedError (the kernel's BUG_ON in
 *   mas_pop_node), typed, named, and telling how many nodes were asked for;
 * - mas_store_prealloc with a short pool throws PreallocShortError with its typed fields;
 * - a write that went round mas_nomem asks the allocator for exactly the nodes it needs, and its
 *   report counts the nodes it used;
 * - in RCU mode a replaced node is published dead before it is released, and the deliberately
 *   broken 'free-without-call-rcu' writer frees it at once instead of through call_rcu.
 */
import { describe, expect, it } from 'vitest';
import { failNth } from '../alloc/fault-plans.js';
import { Rcu } from '../rcu/rcu.js';
import {
  MA_STATE,
  MapleNode,
  MapleTree,
  PreallocExhaustedError,
  PreallocShortError,
  mas_preallocate,
  mas_store_prealloc,
  mas_walk,
  mt_init_flags,
  mt_set_in_rcu,
  mt_validate,
  mtree_load,
  mtree_store_range,
  type PreallocPolicy,
} from './index.js';
import { Publication, takePublication } from './publish.js';
import type { BrokenRcuWriter, WriteReport } from './tree.js';
import { store, thrown } from './test-helpers.js';

/** A policy that asks for `n` nodes whatever the write. */
const exactly = (n: number): PreallocPolicy => ({ name: `exactly ${n}`, count: () => n });


/** [i, i] = i for i < 15: one full leaf, so storing [20, 21] splits it (3 nodes: two leaves, a root). */
function fullLeaf(options: { prealloc?: PreallocPolicy } = {}): MapleTree {
  const t = new MapleTree(options);
  for (let i = 0; i < 15; i++) expect(mtree_store_range(t, i, i, i)).toBe(0);
  expect([t.height, (t.root as MapleNode).end]).toEqual([1, 15]);
  return t;
}

describe('running out of preallocated nodes', () => {
  it('an empty pool: PreallocExhaustedError, typed and named, nothing allocated', () => {
    const t = new MapleTree({ prealloc: exactly(0) });
    const error = thrown(() => mtree_store_range(t, 5, 9, 'x'));
    expect(error).toBeInstanceOf(PreallocExhaustedError);
    expect(error.name).toBe('PreallocExhaustedError');
    expect((error as PreallocExhaustedError).requested).toBe(0);
    expect(t.allocator.allocated).toBe(0);
    expect(t.pooled).toBe(0);
  });

  it('a split given one node: the error tells the one node asked for, and the node goes back', () => {
    const t = fullLeaf();
    t.prealloc = exactly(1);
    const allocated = t.allocator.allocated;
    const error = thrown(() => mtree_store_range(t, 20, 21, 'x'));
    expect(error).toBeInstanceOf(PreallocExhaustedError);
    expect((error as PreallocExhaustedError).requested).toBe(1);
    expect(t.allocator.allocated).toBe(allocated + 1);
    expect(t.pooled).toBe(0);
  });
});

describe('mas_store_prealloc with a short pool', () => {
  it('throws PreallocShortError naming the store type, the nodes needed and those in hand', () => {
    const t = new MapleTree();
    for (let i = 0; i < 14; i++) store(t, i, i, i);
    const mas = MA_STATE(t, 5, 5);
    expect(mas_preallocate(mas, 'replaced')).toBe(0); // an exact fit: no node needed
    store(t, 4, 5, 'y');
    store(t, 20, 20, 'z'); // now storing [5, 5] splits the full leaf
    const error = thrown(() => mas_store_prealloc(mas, 'replaced'));
    expect(error).toBeInstanceOf(PreallocShortError);
    expect(error.name).toBe('PreallocShortError');
    const short = error as PreallocShortError;
    expect([short.storeType, short.needed, short.available]).toEqual(['wr_split_store', 3, 0]);
    expect(short.why).toMatch(/the tree changed since/);
    expect(t.pooled).toBe(0);
    mt_validate(t);
  });
});

describe('a write that goes round mas_nomem', () => {
  it('asks the allocator for exactly the nodes it needs, and reports the nodes it used', () => {
    const t = fullLeaf();
    const seen: WriteReport[] = [];
    t.onWrite = (r) => seen.push(r);
    const before = t.allocator.allocated;
    t.allocator.plan = failNth(t.allocator.requests + 1); // the first try under the lock fails
    expect(mtree_store_range(t, 20, 21, 'x')).toBe(0);
    expect(seen).toEqual([expect.objectContaining({ type: 'wr_split_store', ret: 0, retries: 1, nodesRequested: 3, nodesUsed: 3 })]);
    expect(t.allocator.allocated - before).toBe(3);
    expect(t.allocator.freed).toBe(1); // the old leaf, and no unused node
    expect(mt_validate(t).nodes).toBe(3);
    expect(mtree_load(t, 21)).toBe('x');
  });
});

/** Entries [10i, 10i + 5] = i for i < 60, then RCU mode, with an RCU domain. */
function rcuTree(broken?: BrokenRcuWriter): { t: MapleTree; rcu: Rcu } {
  const rcu = new Rcu({ history: false });
  const t = mt_init_flags(0, { rcu, brokenRcu: broken });
  for (let i = 0; i < 60; i++) store(t, 10 * i, 10 * i + 5, i);
  mt_set_in_rcu(t);
  return { t, rcu };
}

function leafOf(t: MapleTree, index: number): MapleNode {
  const mas = MA_STATE(t, index);
  mas_walk(mas);
  return mas.node as MapleNode;
}

describe('taking a node out of an RCU-mode tree', () => {
  it('publishes the replaced node dead, then releases it, after the new node is in place', () => {
    const { t, rcu } = rcuTree();
    const leaf = leafOf(t, 100);
    t.publication = new Publication();
    expect(mtree_store_range(t, 101, 101, 'new')).toBe(0);
    const steps = takePublication(t);
    const kinds = steps.map((s) => s.kind);
    const dead = kinds.indexOf('dead');
    const release = kinds.indexOf('release');
    expect(dead).toBeGreaterThan(kinds.indexOf('publish'));
    expect(release).toBeGreaterThan(dead);
    expect(kinds.filter((k) => k === 'dead')).toHaveLength(1);
    expect(kinds.filter((k) => k === 'release')).toHaveLength(1);
    expect(leaf.dead).toBe(false); // undone: nothing is published yet
    for (const s of steps) s.apply();
    expect(leaf.dead).toBe(true);
    expect(leaf.freed).toBe(false); // released through call_rcu
    expect(t.awaitingRcu).toBe(1);
    rcu.synchronize();
    expect(leaf.freed).toBe(true);
    expect(t.awaitingRcu).toBe(0);
    mt_validate(t);
  });

  it("the broken 'free-without-call-rcu' writer frees the replaced node at once", () => {
    const { t, rcu } = rcuTree('free-without-call-rcu');
    const leaf = leafOf(t, 100);
    store(t, 101, 101, 'new');
    expect(leaf.dead).toBe(true);
    expect(leaf.freed).toBe(true);
    expect(t.awaitingRcu).toBe(0);
    expect(rcu.stats().pending).toBe(0);
  });

  it('the sound writer frees it only through call_rcu', () => {
    const { t, rcu } = rcuTree();
    const leaf = leafOf(t, 100);
    store(t, 101, 101, 'new');
    expect(leaf.freed).toBe(false);
    expect(rcu.stats().pending).toBe(1);
    rcu.synchronize();
    expect(leaf.freed).toBe(true);
  });
});
