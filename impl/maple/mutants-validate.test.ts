/**
 * What the example tests leave open in mt_validate (validate.ts) and the gap upkeep (gap.ts), found
 * by mutation testing (npm run mutate). The contracts pinned here:
 * - the accounting failure names the nodes awaiting an RCU grace period when there are any (and
 *   only then), both for a tree without nodes and for a tree with nodes, so a leak report tells a
 *   leak from deferred frees;
 * - the figures mt_validate returns for trees without nodes: an empty tree holds no entry and one
 *   empty range of MAX_INDEX + 1 indices; a bare entry at 0 is one entry and leaves [1, MAX_INDEX];
 * - { accounting: false } (shared allocators) skips the leak check for trees without nodes too;
 * - the figures of a tree with nodes: height, every reachable node, leaves, entries and the largest
 *   empty range, counted independently here;
 * - what mt_validate must accept: a root leaf holding one slot (one entry over the whole index
 *   space, or one entry after an empty range); a non-root leaf holding exactly the minimum
 *   MT_MIN_SLOTS + 1 slots; gap words in nodes that have none in the kernel (range_64 internal
 *   nodes, leaves): only arange_64 gaps are checked.
 */
import { describe, expect, it } from 'vitest';
import { Rcu } from '../rcu/index.js';
import { MAX_INDEX, MT_FLAGS_ALLOC_RANGE, MT_MIN_SLOTS, MapleNode, MapleValidationError, mt_init_flags, mt_set_in_rcu, mt_validate, mtree_destroy, mtree_store, mtree_store_range, type MapleTree } from './index.js';
import { nodeMax, nodeMin } from './node.js';
import { store } from './test-helpers.js';

/** The message of the MapleValidationError mt_validate throws (the test fails if it throws nothing). */
function failure(t: MapleTree): string {
  try {
    mt_validate(t);
  } catch (error) {
    expect(error).toBeInstanceOf(MapleValidationError);
    return (error as Error).message;
  }
  throw new Error('expected mt_validate to fail, it passed');
}

/** A tree in RCU mode with a few leaves of entries. */
function rcuTree(rcu: Rcu): MapleTree {
  const t = mt_init_flags(0, { rcu });
  for (let i = 0; i < 60; i++) store(t, 10 * i, 10 * i + 5, i);
  mt_set_in_rcu(t);
  return t;
}

describe('accounting failures name the nodes awaiting RCU', () => {
  it('a tree without nodes: destroyed in RCU mode, plus one leaked node', () => {
    const rcu = new Rcu();
    const t = rcuTree(rcu);
    mtree_destroy(t);
    const waiting = t.awaitingRcu;
    expect(waiting).toBeGreaterThan(0);
    mt_validate(t);
    expect(t.allocator.alloc()).not.toBeNull(); // leaked: neither reachable, pooled nor awaiting RCU
    expect(failure(t)).toBe(
      `maple tree invalid: ${waiting + 1} live nodes but none reachable (leak); 0 held in preallocation pools, ${waiting} awaiting RCU`,
    );
    rcu.synchronize();
    expect(t.awaitingRcu).toBe(0);
    expect(failure(t)).toBe('maple tree invalid: 1 live nodes but none reachable (leak); 0 held in preallocation pools');
  });

  it('a tree with nodes: a replaced leaf awaiting RCU, plus one leaked node', () => {
    const rcu = new Rcu();
    const t = rcuTree(rcu);
    rcu.readLock('reader');
    store(t, 101, 101, 'new');
    const waiting = t.awaitingRcu;
    expect(waiting).toBeGreaterThan(0);
    const reachable = mt_validate(t).nodes;
    expect(t.allocator.alloc()).not.toBeNull();
    expect(failure(t)).toBe(
      `maple tree invalid: ${reachable + waiting + 1} live nodes but ${reachable} reachable (leak or lost node); 0 held in preallocation pools, ${waiting} awaiting RCU`,
    );
    rcu.readUnlock('reader');
    rcu.synchronize();
    expect(failure(t)).toBe(
      `maple tree invalid: ${reachable + 1} live nodes but ${reachable} reachable (leak or lost node); 0 held in preallocation pools`,
    );
  });
});

describe('figures of trees without nodes', () => {
  it('an empty tree: no entry, one empty range of MAX_INDEX + 1 indices', () => {
    const t = mt_init_flags(0);
    expect(mt_validate(t)).toEqual({ height: 0, nodes: 0, leaves: 0, entries: 0, maxGap: MAX_INDEX + 1 });
  });

  it('a bare entry at 0: one entry, the empty range [1, MAX_INDEX]', () => {
    const t = mt_init_flags(0);
    expect(mtree_store(t, 0, 'bare')).toBe(0);
    expect(t.root).toBe('bare');
    expect(mt_validate(t)).toEqual({ height: 0, nodes: 0, leaves: 0, entries: 1, maxGap: MAX_INDEX });
  });
});

describe('accounting: false skips the leak check', () => {
  it('an empty tree and a bare-entry tree with a leaked node pass without accounting', () => {
    for (const bare of [false, true]) {
      const t = mt_init_flags(0);
      if (bare) expect(mtree_store(t, 0, 'bare')).toBe(0);
      expect(t.allocator.alloc()).not.toBeNull();
      expect(failure(t)).toMatch(/1 live nodes but none reachable \(leak\)/);
      expect(mt_validate(t, { accounting: false }).entries).toBe(bare ? 1 : 0);
    }
  });
});

/** Every node reachable from the root, with its depth. */
function nodesOf(t: MapleTree): { node: MapleNode; depth: number }[] {
  const out: { node: MapleNode; depth: number }[] = [];
  const visit = (node: MapleNode, depth: number): void => {
    out.push({ node, depth });
    if (node.type !== 'leaf_64') for (let i = 0; i <= node.end; i++) visit(node.slots[i] as MapleNode, depth + 1);
  };
  if (t.root instanceof MapleNode) visit(t.root, 0);
  return out;
}

/**
 * Entries [10i, 10i + 9 - h] for i < 300, h = 1 + (i % 7) every third i: empty ranges of 1..7
 * indices between entries, then [3000, MAX] empty.
 */
function irregular(flags: number): MapleTree {
  const t = mt_init_flags(flags);
  for (let i = 0; i < 300; i++) {
    const h = i % 3 === 0 ? 1 + (i % 7) : 0;
    expect(mtree_store_range(t, 10 * i, 10 * i + 9 - h, `v${i}`)).toBe(0);
  }
  return t;
}

describe.each([
  ['plain', 0],
  ['alloc-range', MT_FLAGS_ALLOC_RANGE],
] as const)('figures of a tree with nodes (%s)', (_name, flags) => {
  it('height, nodes, leaves, entries and the largest empty range', () => {
    const t = irregular(flags);
    const all = nodesOf(t);
    const leafCount = all.filter(({ node }) => node.type === 'leaf_64').length;
    expect(t.height).toBeGreaterThanOrEqual(3);
    expect(leafCount).toBeGreaterThan(10);
    expect(mt_validate(t)).toEqual({ height: t.height, nodes: all.length, leaves: leafCount, entries: 300, maxGap: MAX_INDEX - 3000 + 1 });
    // The largest empty range is inside the tree once the tail is filled: [10i + 9 - h + 1, 10i + 9], h = 7.
    expect(mtree_store_range(t, 3000, MAX_INDEX, 'tail')).toBe(0);
    expect(mt_validate(t)).toMatchObject({ entries: 301, maxGap: 7 });
  });
});

describe('trees mt_validate accepts', () => {
  it('a root leaf holding one slot', () => {
    for (const flags of [0, MT_FLAGS_ALLOC_RANGE]) {
      const whole = mt_init_flags(flags);
      expect(mtree_store_range(whole, 0, MAX_INDEX, 'all')).toBe(0);
      expect(whole.root).toBeInstanceOf(MapleNode);
      expect((whole.root as MapleNode).end).toBe(0);
      expect(mt_validate(whole)).toEqual({ height: 1, nodes: 1, leaves: 1, entries: 1, maxGap: 0 });
    }
  });

  it('a non-root leaf holding exactly the minimum number of slots', () => {
    const t = irregular(0);
    const leaf = nodesOf(t).find(({ node }) => node.type === 'leaf_64' && node.parent !== null && node.end > MT_MIN_SLOTS.leaf_64)!.node;
    // Rewrite it as MT_MIN_SLOTS + 1 entries over its own range: still a valid plain tree.
    const count = MT_MIN_SLOTS.leaf_64 + 1;
    const [min, max] = [nodeMin(leaf), nodeMax(leaf)];
    const before = mt_validate(t).entries;
    const removed = leaf.slots.slice(0, leaf.end + 1).filter((x) => x !== null).length;
    for (let i = 0; i < leaf.slots.length; i++) leaf.slots[i] = i < count ? `m${i}` : null;
    for (let i = 0; i < leaf.pivots.length; i++) leaf.pivots[i] = i < count - 1 ? min + i : 0;
    leaf.pivots[count - 1] = max;
    leaf.end = count - 1;
    expect(mt_validate(t).entries).toBe(before - removed + count);
  });

  it('stray gap words in range_64 and leaf nodes are not checked', () => {
    const plain = irregular(0);
    for (const { node } of nodesOf(plain)) node.gaps.fill(7);
    mt_validate(plain);
    const alloc = irregular(MT_FLAGS_ALLOC_RANGE);
    for (const { node } of nodesOf(alloc)) if (node.type === 'leaf_64') node.gaps.fill(7);
    mt_validate(alloc);
  });
});
