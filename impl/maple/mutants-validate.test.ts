/**
 * What the example tests leave open in mt_validate (validate.ts) and the gap upkeep (gap.ts), found
 * by mutation testing (npm run mutate). The contracts pinned here:
 * - the accounting failure names the nodes awaiting an RCU grace period when there are any (and
 *   only then), both for a tree without nodes and for a tree with nodes, so a leak report tells a
 *   leak from deferred frees;
 * - the figures mt_validate returns for trees without nodes: an empty tree holds no entry and one
 *   empty range of MAX_INDEX + 1 indices; a bare entry at 0 is one entry and leaves [1, MAX_INDEX];
 * - { accounting: false } (shared allocators) skips the leak check for trees without nodes too.
 */
import { describe, expect, it } from 'vitest';
import { Rcu } from '../rcu/index.js';
import { MAX_INDEX, MapleValidationError, mt_init_flags, mt_set_in_rcu, mt_validate, mtree_destroy, mtree_store, type MapleTree } from './index.js';
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
