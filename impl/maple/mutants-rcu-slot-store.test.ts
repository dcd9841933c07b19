/**
 * The RCU-mode in-place slot store's choice of order (rcu-slot-store.ts), found open by mutation
 * testing (npm run mutate): the random writes of rcu-publication.test.ts and properties/rcu only
 * ever need the kernel's order (slots before pivots), so the safety condition that chooses an order
 * was never put to a case where that order is unsafe. Here mas_wr_slot_store_rcu is handed planned
 * leaf contents directly (a BigNode, as mas_wr_plan builds it), on the leaf
 *   [0, 99] empty, [100, 103] a, [104, 105] b, [106, 109] c, [110, MAX] empty,
 * and the contracts pinned are:
 * - after every single-word store every index reads its old or its new entry and the pivots
 *   ascend: the kernel's order when it is safe, else the first safe order of the others (here a
 *   pivot before a slot), else false, leaving the leaf alone for the caller to copy;
 * - more than MAX_WORDS (5) changed words: false, the leaf untouched; five: in place;
 * - true only once the leaf holds exactly the planned contents (also when not recording);
 * - the deliberately broken writer 'pivot-before-slot' stores the pivots first, unchecked.
 */
import { describe, expect, it } from 'vitest';
import { Rcu } from '../rcu/rcu.js';
import { MAX_INDEX, MapleNode, mt_init_flags, mt_set_in_rcu, mt_validate, mtree_load, mtree_store_range, type MapleTree } from './index.js';
import { BigNode } from './big-node.js';
import { Publication, takePublication } from './publish.js';
import { mas_wr_slot_store_rcu } from './rcu-slot-store.js';
import type { BrokenRcuWriter } from './tree.js';
import type { WritePlan } from './write.js';

const OLD: readonly (readonly [number, unknown])[] = [
  [99, null],
  [103, 'a'],
  [105, 'b'],
  [109, 'c'],
  [MAX_INDEX, null],
];

function leafTree(broken?: BrokenRcuWriter): { mt: MapleTree; leaf: MapleNode } {
  const mt = mt_init_flags(0, { rcu: new Rcu({ history: false }), brokenRcu: broken });
  expect(mtree_store_range(mt, 100, 103, 'a')).toBe(0);
  expect(mtree_store_range(mt, 104, 105, 'b')).toBe(0);
  expect(mtree_store_range(mt, 106, 109, 'c')).toBe(0);
  mt_set_in_rcu(mt);
  const leaf = mt.root as MapleNode;
  expect(contents(leaf)).toEqual(OLD);
  return { mt, leaf };
}

/** The leaf's [pivot, slot] pairs, the last pivot being its max. */
function contents(leaf: MapleNode): [number, unknown][] {
  const out: [number, unknown][] = [];
  for (let i = 0; i <= leaf.end; i++) out.push([i < leaf.end ? leaf.pivots[i] : MAX_INDEX, leaf.slots[i]]);
  return out;
}

function planFor(leaf: MapleNode, planned: readonly (readonly [number, unknown])[]): WritePlan {
  const big = new BigNode(0);
  for (const [pivot, slot] of planned) big.push(pivot, slot);
  return { type: 'wr_slot_store', index: 0, last: 0, entry: null, left: leaf, right: leaf, offset: 0, big };
}

/** Runs the slot store under a recording publication; its result and the words it stored, in order. */
function recorded(mt: MapleTree, leaf: MapleNode, planned: readonly (readonly [number, unknown])[]): { ok: boolean; words: string[] } {
  mt.publication = new Publication();
  const ok = mas_wr_slot_store_rcu(mt, planFor(leaf, planned));
  const words = takePublication(mt).map((step) => {
    expect(step.kind).toBe('store');
    return step.label.replace(` of ${leaf}`, '');
  });
  return { ok, words };
}

describe('RCU slot store: the order of the words', () => {
  it("the kernel's order when it is safe: the slot, then the pivot", () => {
    const { mt, leaf } = leafTree();
    // b over [104, 107] too: "overwrite the range and a part of the next one".
    const planned = [[99, null], [103, 'a'], [107, 'd'], [109, 'c'], [MAX_INDEX, null]] as const;
    expect(recorded(mt, leaf, planned)).toEqual({ ok: true, words: ['slot 2 = "d"', 'pivot 2 = 107'] });
  });

  it('a pivot first where the slot first would show a third entry', () => {
    const { mt, leaf } = leafTree();
    // a grows over 104, and b's slot (now [105, 105]) becomes d: storing d first would show d at 104.
    const planned = [[99, null], [104, 'a'], [105, 'd'], [109, 'c'], [MAX_INDEX, null]] as const;
    expect(recorded(mt, leaf, planned)).toEqual({ ok: true, words: ['pivot 1 = 104', 'slot 2 = "d"'] });
    const steps = recorded(mt, leaf, planned);
    expect(steps.ok).toBe(true);
  });

  it('a pivot first where the slot first would show a third entry at the start of a range', () => {
    const { mt, leaf } = leafTree();
    // The empty range grows over 100, and a's slot (now [101, 103]) becomes d: storing d first
    // would show d at 100.
    const planned = [[100, null], [103, 'd'], [105, 'b'], [109, 'c'], [MAX_INDEX, null]] as const;
    expect(recorded(mt, leaf, planned)).toEqual({ ok: true, words: ['pivot 0 = 100', 'slot 1 = "d"'] });
  });

  it('pivots never meet: a growing range moves the farther pivot first', () => {
    const { mt, leaf } = leafTree();
    // a grows to [100, 105], b moves to [106, 107]: pivot 1 first would equal pivot 2 (105).
    const planned = [[99, null], [105, 'a'], [107, 'b'], [109, 'c'], [MAX_INDEX, null]] as const;
    expect(recorded(mt, leaf, planned)).toEqual({ ok: true, words: ['pivot 2 = 107', 'pivot 1 = 105'] });
  });

  it('no safe order: false, and the leaf is left alone', () => {
    const { mt, leaf } = leafTree();
    // a shrinks to [100, 100], b moves to [101, 101]: pivot 1 first shows b at 102, pivot 2 first
    // makes the pivots descend.
    const planned = [[99, null], [100, 'a'], [101, 'b'], [109, 'c'], [MAX_INDEX, null]] as const;
    expect(recorded(mt, leaf, planned)).toEqual({ ok: false, words: [] });
    expect(contents(leaf)).toEqual(OLD);
  });

  it("the leaf's last slot is a word too", () => {
    const { mt, leaf } = leafTree();
    const planned = [[99, null], [103, 'a'], [105, 'b'], [109, 'c'], [MAX_INDEX, 'z']] as const;
    expect(recorded(mt, leaf, planned)).toEqual({ ok: true, words: ['slot 4 = "z"'] });
    const both = [[99, null], [103, 'd'], [105, 'b'], [109, 'c'], [MAX_INDEX, 'z']] as const;
    expect(recorded(mt, leaf, both)).toEqual({ ok: true, words: ['slot 1 = "d"', 'slot 4 = "z"'] });
  });

  it('applied at once when not recording: the leaf holds exactly the planned contents', () => {
    const { mt, leaf } = leafTree();
    const planned = [[99, null], [104, 'a'], [105, 'd'], [109, 'c'], [MAX_INDEX, null]] as const;
    expect(mas_wr_slot_store_rcu(mt, planFor(leaf, planned))).toBe(true);
    expect(contents(leaf)).toEqual(planned);
    expect(mt.root).toBe(leaf);
    mt_validate(mt);
    expect([103, 104, 105, 106].map((i) => mtree_load(mt, i))).toEqual(['a', 'a', 'd', 'c']);
  });
});

describe('RCU slot store: how many words', () => {
  it('five changed words are stored in place, slots first', () => {
    const { mt, leaf } = leafTree();
    // One entry d over [100, 109], still in three slots (planned contents need not be tidy).
    const planned = [[99, null], [100, 'd'], [101, 'd'], [109, 'd'], [MAX_INDEX, null]] as const;
    expect(recorded(mt, leaf, planned)).toEqual({
      ok: true,
      words: ['slot 1 = "d"', 'slot 2 = "d"', 'slot 3 = "d"', 'pivot 1 = 100', 'pivot 2 = 101'],
    });
  });

  it('six changed words: false, the leaf is copied instead', () => {
    const { mt, leaf } = leafTree();
    // The same, from 99 on: a safe order exists (slots first), but six words are too many.
    const planned = [[98, null], [100, 'd'], [101, 'd'], [109, 'd'], [MAX_INDEX, null]] as const;
    expect(recorded(mt, leaf, planned)).toEqual({ ok: false, words: [] });
    expect(contents(leaf)).toEqual(OLD);
  });
});

describe("the broken writer 'pivot-before-slot'", () => {
  it('stores the pivots first, safe or not', () => {
    const { mt, leaf } = leafTree('pivot-before-slot');
    const planned = [[99, null], [103, 'a'], [107, 'd'], [109, 'c'], [MAX_INDEX, null]] as const;
    expect(recorded(mt, leaf, planned)).toEqual({ ok: true, words: ['pivot 2 = 107', 'slot 2 = "d"'] });
  });
});
