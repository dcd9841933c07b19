/**
 * RCU-mode freeing (part of the RCU issue): in RCU mode a node a write replaces is marked dead at
 * once but freed only through call_rcu, after a grace period; a reader that still holds it can read
 * it and sees it is dead; mt_validate counts nodes awaiting RCU; mtree_destroy defers too. Without
 * an RCU domain (the broken set-up) the node is freed at once and the reader's next use of it is a
 * use-after-free.
 */
import { describe, expect, it } from 'vitest';
import { UseAfterFreeError, requireUnfreed } from '../alloc/node-allocator.js';
import { Rcu } from '../rcu/index.js';
import { MA_STATE, MapleNode, mas_walk, mt_init_flags, mt_set_in_rcu, mt_validate, mtree_destroy, mtree_load, type MapleTree } from './index.js';
import { store } from './test-helpers.js';

function tree(rcu: Rcu | null): MapleTree {
  const t = mt_init_flags(0, rcu === null ? {} : { rcu });
  for (let i = 0; i < 60; i++) store(t, 10 * i, 10 * i + 5, i);
  mt_set_in_rcu(t);
  return t;
}

/** A reader's view: the leaf holding index 100, as a walk left it. */
function leafOf(t: MapleTree, index: number): MapleNode {
  const mas = MA_STATE(t, index);
  mas_walk(mas);
  return mas.node as MapleNode;
}

describe('RCU-mode freeing', () => {
  it('a replaced node waits for the grace period while a reader is inside', () => {
    const rcu = new Rcu();
    const t = tree(rcu);
    rcu.readLock('reader');
    const leaf = leafOf(t, 100);
    store(t, 101, 101, 'new'); // rewrites the leaf: in RCU mode into a new node
    expect(leafOf(t, 100)).not.toBe(leaf);
    expect(leaf.dead).toBe(true);
    expect(leaf.freed).toBe(false);
    expect(t.awaitingRcu).toBeGreaterThan(0);
    expect(() => requireUnfreed(leaf)).not.toThrow(); // the reader may still read it
    mt_validate(t); // live == reachable + awaiting RCU
    expect(rcu.advance()).toBe(true); // the grace period the callback was queued in ends...
    expect(rcu.advance()).toBe(false); // ...but the next one waits for the reader
    expect(leaf.freed).toBe(false);
    rcu.readUnlock('reader');
    rcu.synchronize();
    expect(leaf.freed).toBe(true);
    expect(t.awaitingRcu).toBe(0);
    mt_validate(t);
    expect(mtree_load(t, 101)).toBe('new');
  });

  it('mtree_destroy in RCU mode frees every node after a grace period', () => {
    const rcu = new Rcu();
    const t = tree(rcu);
    const live = t.allocator.live;
    mtree_destroy(t);
    expect(t.awaitingRcu).toBe(live);
    mt_validate(t);
    rcu.synchronize();
    expect(t.allocator.live).toBe(0);
    mt_validate(t);
  });

  it('broken set-up: RCU mode without an RCU domain frees at once, and the reader is caught', () => {
    const t = tree(null);
    const leaf = leafOf(t, 100);
    store(t, 101, 101, 'new');
    expect(leaf.freed).toBe(true);
    expect(() => requireUnfreed(leaf)).toThrow(UseAfterFreeError);
  });
});
