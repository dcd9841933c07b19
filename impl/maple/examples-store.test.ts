/**
 * Kernel-style example tests of the maple tree's write path (after lib/test_maple_tree.c:
 * check_root_expand, check_seq, check_rev_seq, check_upper/lower_bound_split, check_mid_split,
 * check_ranges, check_node_overwrite, check_spanning_relatives, check_erase_testset), written for
 * the corners a random command generator reaches rarely:
 * - the root as a bare entry at 0, and its expansion into a node (also from a non-zero index);
 * - stores at MAX_INDEX and over [0, MAX_INDEX], single-index ranges (last == index);
 * - overwriting the left end, right end and middle of a range (one range split into three);
 * - erase (absent indices, whole-range erase, merging of the empty ranges around it);
 * - ascending and descending sequential inserts up to height >= 3;
 * - spanning stores over many leaves, and their erase;
 * - rebalancing a deep tree by erasing until it is a single root leaf, then empty;
 * - mtree_insert_range's -EEXIST, partial overlaps included;
 * - mtree_destroy and the node allocator's accounting.
 * Every test runs on a plain tree and on an MT_FLAGS_ALLOC_RANGE tree, and calls mt_validate after
 * every mutating step. Expected values follow docs/semantics.md.
 */
import { describe, expect, it } from 'vitest';
import { EEXIST } from '../errno.js';
import {
  MAX_INDEX,
  MA_STATE,
  MT_FLAGS_ALLOC_RANGE,
  MapleNode,
  mas_walk,
  mt_dump,
  mt_for_each,
  mt_height,
  mt_init_flags,
  mt_validate,
  mtree_destroy,
  mtree_erase,
  mtree_insert,
  mtree_insert_range,
  mtree_load,
  mtree_store,
  mtree_store_range,
  type MapleTree,
  type TreeFigures,
} from './index.js';
import { entries, store, erase, type Range, FLAVOURS } from './test-helpers.js';

const MAX = MAX_INDEX;

/** The expected partition after storing `entry` over [first, last] (a list of entry ranges). */
function refStore(list: readonly Range[], first: number, last: number, entry: unknown): Range[] {
  const out: Range[] = [];
  for (const [a, b, e] of list) {
    if (b < first || a > last) {
      out.push([a, b, e]);
      continue;
    }
    if (a < first) out.push([a, first - 1, e]);
    if (b > last) out.push([last + 1, b, e]);
  }
  if (entry !== null && entry !== undefined) out.push([first, last, entry]);
  return out.sort((x, y) => x[0] - y[0]);
}

/** The expected partition after erasing the entry at i. */
function refErase(list: readonly Range[], i: number): Range[] {
  return list.filter(([a, b]) => i < a || i > b);
}

/** The range (entry or empty) holding i, as mas_walk reports it. */
function rangeAt(t: MapleTree, i: number): Range {
  const mas = MA_STATE(t, i);
  const entry = mas_walk(mas);
  return [mas.index, mas.last, entry];
}

/** A tree holding `count` entries [10i, 10i + 5] = i (i from 0), so every entry has a gap after it. */
function spacedTree(flags: number, count: number): MapleTree {
  const t = mt_init_flags(flags);
  for (let i = 0; i < count; i++) {
    expect(mtree_store_range(t, i * 10, i * 10 + 5, i)).toBe(0);
    mt_validate(t);
  }
  return t;
}

function spacedRanges(count: number): Range[] {
  return Array.from({ length: count }, (_, i): Range => [i * 10, i * 10 + 5, i]);
}

/** Deterministic pseudo-random permutation of 0..n-1 (LCG-driven Fisher-Yates). */
function shuffled(n: number, seed: number): number[] {
  const out = Array.from({ length: n }, (_, i) => i);
  let s = seed >>> 0;
  for (let i = n - 1; i > 0; i--) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

describe.each(FLAVOURS)('%s tree', (_name, flags) => {
  describe('root entry and root expansion (check_root_expand)', () => {
    it('keeps an entry stored at index 0 of an empty tree as the bare root, with no nodes', () => {
      const t = mt_init_flags(flags);
      store(t, 0, 0, 'zero');
      expect(t.root).toBe('zero');
      expect(mt_height(t)).toBe(0);
      expect(t.allocator.live).toBe(0);
      expect(mtree_load(t, 0)).toBe('zero');
      expect(mtree_load(t, 1)).toBeNull();
      expect(mtree_load(t, MAX)).toBeNull();
      expect(entries(t)).toEqual([[0, 0, 'zero']]);
      expect(rangeAt(t, 0)).toEqual([0, 0, 'zero']);
      expect(rangeAt(t, 12345)).toEqual([1, MAX, null]);
      expect(mt_dump(t)).toContain('bare root entry');
      // Overwriting the bare root keeps it bare.
      store(t, 0, 0, 'zero again');
      expect(t.root).toBe('zero again');
      expect(t.allocator.live).toBe(0);
    });

    it('expands the bare root into a root leaf on a store at index 1', () => {
      const t = mt_init_flags(flags);
      store(t, 0, 0, 'a');
      const figures = store(t, 1, 1, 'b');
      expect(t.root).toBeInstanceOf(MapleNode);
      expect(figures.height).toBe(1);
      expect(t.allocator.live).toBe(1);
      expect(entries(t)).toEqual([
        [0, 0, 'a'],
        [1, 1, 'b'],
      ]);
      expect(rangeAt(t, 2)).toEqual([2, MAX, null]);
    });

    it('expands the bare root when an entry is stored far away (at MAX_INDEX)', () => {
      const t = mt_init_flags(flags);
      store(t, 0, 0, 'a');
      store(t, MAX, MAX, 'top');
      expect(mt_height(t)).toBe(1);
      expect(entries(t)).toEqual([
        [0, 0, 'a'],
        [MAX, MAX, 'top'],
      ]);
      expect(rangeAt(t, 1)).toEqual([1, MAX - 1, null]);
    });

    it('expands an empty tree into a root leaf for an entry at a non-zero index', () => {
      const t = mt_init_flags(flags);
      const figures = store(t, 5, 5, 'five');
      expect(t.root).toBeInstanceOf(MapleNode);
      expect(figures.height).toBe(1);
      expect(mtree_load(t, 4)).toBeNull();
      expect(mtree_load(t, 5)).toBe('five');
      expect(mtree_load(t, 6)).toBeNull();
      expect(rangeAt(t, 0)).toEqual([0, 4, null]);
      expect(rangeAt(t, 4)).toEqual([0, 4, null]);
      expect(rangeAt(t, 6)).toEqual([6, MAX, null]);
      // Then index 0 as well: a second slot in front.
      store(t, 0, 0, 'zero');
      expect(entries(t)).toEqual([
        [0, 0, 'zero'],
        [5, 5, 'five'],
      ]);
      expect(rangeAt(t, 1)).toEqual([1, 4, null]);
    });

    it('does not treat a range starting at 0 but longer than one index as a bare root', () => {
      const t = mt_init_flags(flags);
      store(t, 0, 1, 'pair');
      expect(t.root).toBeInstanceOf(MapleNode);
      expect(entries(t)).toEqual([[0, 1, 'pair']]);
      expect(mtree_load(t, 1)).toBe('pair');
    });

    it('empties the tree when the bare root is erased or overwritten with null', () => {
      const t = mt_init_flags(flags);
      store(t, 0, 0, 'a');
      expect(erase(t, 1)).toBeNull();
      expect(t.root).toBe('a');
      expect(erase(t, 0)).toBe('a');
      expect(t.root).toBeNull();
      expect(entries(t)).toEqual([]);
      store(t, 0, 0, 'b');
      store(t, 0, 0, null);
      expect(t.root).toBeNull();
      expect(rangeAt(t, 0)).toEqual([0, MAX, null]);
      // Storing null into an empty tree changes nothing.
      store(t, 7, 9, null);
      expect(t.root).toBeNull();
      expect(t.allocator.live).toBe(0);
    });

    it('turns the bare root into a leaf when its range is widened', () => {
      const t = mt_init_flags(flags);
      store(t, 0, 0, 'a');
      store(t, 0, 9, 'wide');
      expect(entries(t)).toEqual([[0, 9, 'wide']]);
      expect(mt_height(t)).toBe(1);
    });
  });

  describe('the ends of the index space', () => {
    it('stores and finds an entry at MAX_INDEX', () => {
      const t = mt_init_flags(flags);
      store(t, MAX, MAX, 'max');
      expect(mtree_load(t, MAX)).toBe('max');
      expect(mtree_load(t, MAX - 1)).toBeNull();
      expect(rangeAt(t, 0)).toEqual([0, MAX - 1, null]);
      expect(entries(t)).toEqual([[MAX, MAX, 'max']]);
      store(t, MAX - 1, MAX, 'top two');
      expect(entries(t)).toEqual([[MAX - 1, MAX, 'top two']]);
      store(t, MAX, MAX, 'last');
      expect(entries(t)).toEqual([
        [MAX - 1, MAX - 1, 'top two'],
        [MAX, MAX, 'last'],
      ]);
      expect(erase(t, MAX - 1)).toBe('top two');
      expect(erase(t, MAX)).toBe('last');
      expect(entries(t)).toEqual([]);
      expect(t.root).toBeNull();
      expect(t.allocator.live).toBe(0);
    });

    it('stores [0, MAX_INDEX] as one range, and erasing any index of it empties the tree', () => {
      const t = mt_init_flags(flags);
      store(t, 0, MAX, 'all');
      expect(entries(t)).toEqual([[0, MAX, 'all']]);
      for (const i of [0, 1, 2 ** 32, MAX - 1, MAX]) expect(mtree_load(t, i)).toBe('all');
      expect(rangeAt(t, 2 ** 40)).toEqual([0, MAX, 'all']);
      expect(erase(t, 2 ** 40)).toBe('all');
      expect(t.root).toBeNull();
      expect(t.allocator.live).toBe(0);
    });

    it('replaces a deep tree by one [0, MAX_INDEX] store, freeing every old node', () => {
      const t = spacedTree(flags, 200);
      expect(mt_height(t)).toBeGreaterThanOrEqual(3);
      const figures = store(t, 0, MAX, 'all');
      expect(figures.nodes).toBe(t.allocator.live);
      expect(figures.height).toBe(1);
      expect(entries(t)).toEqual([[0, MAX, 'all']]);
      store(t, 0, MAX, null);
      expect(t.root).toBeNull();
      expect(t.allocator.live).toBe(0);
      expect(t.allocator.freed).toBe(t.allocator.allocated);
    });

    it('stores [1, MAX_INDEX - 1] over a deep tree, keeping the two ends', () => {
      const t = spacedTree(flags, 200);
      store(t, MAX, MAX, 'max');
      store(t, 1, MAX - 1, 'middle');
      expect(entries(t)).toEqual([
        [0, 0, 0],
        [1, MAX - 1, 'middle'],
        [MAX, MAX, 'max'],
      ]);
    });

    it('treats a one-index range (last == index) exactly like mtree_store', () => {
      const a = mt_init_flags(flags);
      const b = mt_init_flags(flags);
      for (const i of [3, 0, MAX, 17, 16, 18, 2 ** 40]) {
        expect(mtree_store(a, i, `v${i}`)).toBe(0);
        mt_validate(a);
        store(b, i, i, `v${i}`);
      }
      expect(entries(a)).toEqual(entries(b));
      expect(entries(a)).toEqual([0, 3, 16, 17, 18, 2 ** 40, MAX].map((i): Range => [i, i, `v${i}`]));
      expect(mt_dump(a).replace(/#\d+/g, '')).toBe(mt_dump(b).replace(/#\d+/g, ''));
    });

    it('inserts growing powers of two up to MAX_INDEX (check_upper_bound_split)', () => {
      const t = mt_init_flags(flags);
      const keys: number[] = [];
      for (let i = 4096; i <= 2 ** 52; i *= 2) keys.push(i);
      keys.push(MAX);
      for (const [n, k] of keys.entries()) {
        expect(mtree_insert(t, k, k)).toBe(0);
        mt_validate(t);
        for (const j of keys.slice(0, n + 1)) expect(mtree_load(t, j)).toBe(j);
        expect(mtree_load(t, k - 1)).toBeNull();
      }
      expect(entries(t)).toEqual(keys.map((k): Range => [k, k, k]));
      expect(mt_height(t)).toBeGreaterThanOrEqual(2);
    });

    it('inserts halving keys from a huge one down to 1, then 0 (check_lower_bound_split, check_mid_split)', () => {
      const t = mt_init_flags(flags);
      const keys: number[] = [];
      for (let k = 2 ** 52; k >= 1; k /= 2) keys.push(k);
      store(t, 8_000_000_000, 8_000_000_000, 'mid');
      for (const k of keys) {
        expect(mtree_insert(t, k, k)).toBe(0);
        mt_validate(t);
        expect(mtree_load(t, k)).toBe(k);
      }
      expect(mtree_insert(t, 0, 0)).toBe(0);
      mt_validate(t);
      const expected = [...keys, 0].map((k): Range => [k, k, k]);
      expected.push([8_000_000_000, 8_000_000_000, 'mid']);
      expect(entries(t)).toEqual(expected.sort((x, y) => x[0] - y[0]));
    });
  });

  describe('overwriting part of a range', () => {
    it('cuts the left end, the right end, then the middle of a range into three', () => {
      const t = mt_init_flags(flags);
      store(t, 100, 200, 'A');
      store(t, 100, 120, 'L');
      expect(entries(t)).toEqual([
        [100, 120, 'L'],
        [121, 200, 'A'],
      ]);
      store(t, 180, 200, 'R');
      expect(entries(t)).toEqual([
        [100, 120, 'L'],
        [121, 179, 'A'],
        [180, 200, 'R'],
      ]);
      store(t, 140, 150, 'M');
      expect(entries(t)).toEqual([
        [100, 120, 'L'],
        [121, 139, 'A'],
        [140, 150, 'M'],
        [151, 179, 'A'],
        [180, 200, 'R'],
      ]);
      // An empty store in the middle of M splits it too; the hole is exactly that index.
      store(t, 145, 145, null);
      expect(rangeAt(t, 145)).toEqual([145, 145, null]);
      expect(mtree_load(t, 144)).toBe('M');
      expect(mtree_load(t, 146)).toBe('M');
      // Both pieces of A are separate ranges: erasing one leaves the other.
      expect(erase(t, 125)).toBe('A');
      expect(rangeAt(t, 130)).toEqual([121, 139, null]);
      expect(mtree_load(t, 160)).toBe('A');
    });

    it('overlaps a range from outside on either side', () => {
      const t = mt_init_flags(flags);
      store(t, 100, 200, 'A');
      store(t, 90, 105, 'left');
      store(t, 195, 210, 'right');
      expect(entries(t)).toEqual([
        [90, 105, 'left'],
        [106, 194, 'A'],
        [195, 210, 'right'],
      ]);
      store(t, 106, 194, 'exact');
      expect(entries(t)).toEqual([
        [90, 105, 'left'],
        [106, 194, 'exact'],
        [195, 210, 'right'],
      ]);
      store(t, 100, 200, null);
      expect(entries(t)).toEqual([
        [90, 99, 'left'],
        [201, 210, 'right'],
      ]);
      expect(rangeAt(t, 150)).toEqual([100, 200, null]);
    });

    it('never merges adjacent ranges holding the same entry', () => {
      const t = mt_init_flags(flags);
      const same = { name: 'same' };
      store(t, 0, 9, same);
      store(t, 10, 19, same);
      store(t, 20, 29, same);
      expect(entries(t)).toEqual([
        [0, 9, same],
        [10, 19, same],
        [20, 29, same],
      ]);
      expect(erase(t, 15)).toBe(same);
      expect(entries(t)).toEqual([
        [0, 9, same],
        [20, 29, same],
      ]);
    });

    it('splits entries inside a deep tree the way a flat list of ranges does', () => {
      const t = spacedTree(flags, 200);
      let expected = spacedRanges(200);
      const stores: Array<[number, number, unknown]> = [];
      for (let i = 0; i < 200; i += 5) {
        const b = i * 10;
        stores.push([b + 2, b + 3, `mid${i}`]); // middle of an entry: one range becomes three
        stores.push([b + 5, b + 7, `edge${i}`]); // right end of an entry and the gap after it
        stores.push([b + 8, b + 9, `gap${i}`]); // exactly the gap
        stores.push([b + 1, b + 1, null]); // a hole in an entry
      }
      for (const [first, last, entry] of stores) {
        store(t, first, last, entry);
        expected = refStore(expected, first, last, entry);
      }
      expect(entries(t)).toEqual(expected);
    });
  });

  describe('erase (check_erase_testset)', () => {
    it('returns null and changes nothing for an absent index', () => {
      const empty = mt_init_flags(flags);
      expect(erase(empty, 0)).toBeNull();
      expect(erase(empty, MAX)).toBeNull();
      expect(empty.root).toBeNull();

      const t = spacedTree(flags, 300);
      const dump = mt_dump(t);
      const { allocated, freed } = t.allocator;
      for (const i of [6, 9, 1506, 2989, 2996, MAX]) expect(erase(t, i)).toBeNull();
      expect(mt_dump(t)).toBe(dump);
      expect(t.allocator.allocated).toBe(allocated);
      expect(t.allocator.freed).toBe(freed);
    });

    it('empties the whole range of the entry and merges the empty ranges around it', () => {
      const t = mt_init_flags(flags);
      store(t, 10, 19, 'a');
      store(t, 20, 29, 'b');
      store(t, 30, 39, 'c');
      expect(erase(t, 25)).toBe('b');
      expect(rangeAt(t, 25)).toEqual([20, 29, null]);
      expect(erase(t, 10)).toBe('a');
      expect(rangeAt(t, 25)).toEqual([0, 29, null]);
      expect(erase(t, 39)).toBe('c');
      expect(t.root).toBeNull();
    });

    it('erases a pattern of entries from a deep tree and stores them back', () => {
      const n = 250;
      const t = spacedTree(flags, n);
      let expected = spacedRanges(n);
      // Every third entry, by an index in its middle.
      for (let i = 0; i < n; i += 3) {
        expect(erase(t, i * 10 + 3)).toBe(i);
        expected = refErase(expected, i * 10 + 3);
      }
      expect(entries(t)).toEqual(expected);
      // A run of neighbours (a run of leaves), by their last index.
      for (let i = 150; i < 200; i++) {
        expect(erase(t, i * 10 + 5)).toBe(i % 3 === 0 ? null : i);
        expected = refErase(expected, i * 10 + 5);
      }
      expect(entries(t)).toEqual(expected);
      expect(rangeAt(t, 1750)).toEqual([1496, 1999, null]);
      // Store them all back.
      for (let i = 0; i < n; i++) {
        if (mtree_load(t, i * 10) === null) {
          expect(mtree_insert_range(t, i * 10, i * 10 + 5, i)).toBe(0);
          mt_validate(t);
        }
      }
      expect(entries(t)).toEqual(spacedRanges(n));
    });
  });

  describe('sequential inserts (check_seq, check_rev_seq)', () => {
    it('inserts 0, 1, 2, ... ascending to height >= 3, every entry loadable after each step', () => {
      const t = mt_init_flags(flags);
      const n = 250;
      for (let i = 0; i < n; i++) {
        expect(mtree_insert(t, i, i + 1)).toBe(0);
        const figures = mt_validate(t);
        expect(figures.entries).toBe(i + 1);
        for (let j = Math.max(0, i - 10); j <= i; j++) expect(mtree_load(t, j)).toBe(j + 1);
        expect(mtree_load(t, i + 1)).toBeNull();
      }
      expect(mt_height(t)).toBeGreaterThanOrEqual(3);
      for (let i = 0; i < n; i++) expect(mtree_load(t, i)).toBe(i + 1);
      expect(rangeAt(t, n)).toEqual([n, MAX, null]);
    });

    it('inserts descending to height >= 3, every entry loadable after each step', () => {
      const t = mt_init_flags(flags);
      const n = 250;
      for (let i = n - 1; i >= 0; i--) {
        expect(mtree_insert(t, i, i + 1)).toBe(0);
        mt_validate(t);
        for (let j = i; j < Math.min(n, i + 10); j++) expect(mtree_load(t, j)).toBe(j + 1);
        if (i > 0) expect(mtree_load(t, i - 1)).toBeNull();
      }
      expect(mt_height(t)).toBeGreaterThanOrEqual(3);
      for (let i = 0; i < n; i++) expect(mtree_load(t, i)).toBe(i + 1);
      expect(entries(t)).toHaveLength(n);
    });

    it('inserts spaced ranges descending from high indices (gaps between every pair)', () => {
      const t = mt_init_flags(flags);
      const n = 150;
      for (let i = n - 1; i >= 0; i--) {
        expect(mtree_insert_range(t, 2 ** 40 + i * 100, 2 ** 40 + i * 100 + 49, i)).toBe(0);
        mt_validate(t);
      }
      expect(mt_height(t)).toBeGreaterThanOrEqual(3);
      for (let i = 0; i < n; i++) {
        const base = 2 ** 40 + i * 100;
        expect(rangeAt(t, base + 10)).toEqual([base, base + 49, i]);
        expect(rangeAt(t, base + 60)).toEqual([base + 50, i === n - 1 ? MAX : base + 99, null]);
      }
      expect(rangeAt(t, 0)).toEqual([0, 2 ** 40 - 1, null]);
    });
  });

  describe('spanning stores (check_spanning_relatives, check_node_overwrite)', () => {
    it('stores [15, 9000] over 1000 entries, then erases it', () => {
      const t = spacedTree(flags, 1000);
      expect(mt_height(t)).toBeGreaterThanOrEqual(3);
      const before = mt_validate(t);
      const figures = store(t, 15, 9000, 'span');
      expect(figures.nodes).toBeLessThan(before.nodes);
      const expected = refStore(spacedRanges(1000), 15, 9000, 'span');
      expect(entries(t)).toEqual(expected);
      expect(expected.slice(0, 4)).toEqual([
        [0, 5, 0],
        [10, 14, 1],
        [15, 9000, 'span'],
        [9001, 9005, 900],
      ]);
      expect(mtree_load(t, 14)).toBe(1);
      expect(mtree_load(t, 15)).toBe('span');
      expect(mtree_load(t, 9000)).toBe('span');
      expect(mtree_load(t, 9001)).toBe(900);
      expect(erase(t, 4321)).toBe('span');
      expect(rangeAt(t, 4321)).toEqual([15, 9000, null]);
      expect(entries(t)).toEqual(refErase(expected, 4321));
      expect(mtree_load(t, 9995)).toBe(999);
    });

    it('stores null over many leaves, leaving one maximal empty range', () => {
      const t = spacedTree(flags, 400);
      store(t, 13, 3007, null);
      expect(rangeAt(t, 2000)).toEqual([13, 3009, null]);
      expect(entries(t)).toEqual(refStore(spacedRanges(400), 13, 3007, null));
    });

    it('agrees with a flat list of ranges for spanning stores ending in entries, gaps and boundaries', () => {
      const cases: Array<[number, number, unknown]> = [
        [0, 2000, 'from zero'],
        [4, 1999, 'entry to entry'],
        [6, 2409, 'gap to gap'],
        [10, 2405, 'exact ends'],
        [9, 2406, 'gaps around'],
        [995, 3005, null],
        [1333, MAX, 'to the end'],
        [1, 2994, 'nearly all'],
      ];
      for (const [first, last, entry] of cases) {
        const t = spacedTree(flags, 300);
        store(t, first, last, entry);
        expect(entries(t), `[${first}, ${last}]`).toEqual(refStore(spacedRanges(300), first, last, entry));
        // And then a spanning store across the new range's edges.
        store(t, first + 1, last === MAX ? MAX : last + 20, 'second');
        expect(entries(t)).toEqual(refStore(refStore(spacedRanges(300), first, last, entry), first + 1, last === MAX ? MAX : last + 20, 'second'));
      }
    });

    it('overwrites ever larger ranges from the same start (check_node_overwrite)', () => {
      const t = spacedTree(flags, 300);
      let expected = spacedRanges(300);
      for (let span = 1; span < 3000; span = span * 2 + 3) {
        store(t, 2002, 2002 + span, `span${span}`);
        expected = refStore(expected, 2002, 2002 + span, `span${span}`);
        expect(entries(t)).toEqual(expected);
      }
    });
  });

  describe('rebalance and collapse', () => {
    const orders: Array<[string, (n: number) => number[]]> = [
      ['ascending', (n) => Array.from({ length: n }, (_, i) => i)],
      ['descending', (n) => Array.from({ length: n }, (_, i) => n - 1 - i)],
      ['middle out', (n) => Array.from({ length: n }, (_, k) => (k % 2 === 0 ? n / 2 + k / 2 : n / 2 - (k + 1) / 2))],
      ['pseudo-random', (n) => shuffled(n, 0x5eed)],
    ];
    it.each(orders)('erases a height-3 tree %s down to a single root leaf, then to nothing', (_order, orderOf) => {
      const n = 200;
      const t = mt_init_flags(flags);
      for (let i = 0; i < n; i++) {
        expect(mtree_store(t, i * 3 + 1, i)).toBe(0);
        mt_validate(t);
      }
      expect(mt_height(t)).toBeGreaterThanOrEqual(3);
      const order = orderOf(n);
      expect(new Set(order).size).toBe(n);
      let lastHeight = mt_height(t);
      for (let k = 0; k < n - 1; k++) {
        const i = order[k];
        expect(mtree_erase(t, i * 3 + 1)).toBe(i);
        const figures = mt_validate(t);
        expect(figures.entries).toBe(n - 1 - k);
        expect(figures.height).toBeLessThanOrEqual(lastHeight);
        lastHeight = figures.height;
        if (k % 37 === 0) {
          for (const j of order.slice(k + 1)) expect(mtree_load(t, j * 3 + 1)).toBe(j);
        }
      }
      const survivor = order[n - 1];
      expect(mt_height(t)).toBe(1);
      expect(t.allocator.live).toBe(1);
      expect(entries(t)).toEqual([[survivor * 3 + 1, survivor * 3 + 1, survivor]]);
      expect(erase(t, survivor * 3 + 1)).toBe(survivor);
      expect(t.root).toBeNull();
      expect(t.allocator.live).toBe(0);
    });

    it('shrinks when most entries are erased, keeping every 16th', () => {
      const t = spacedTree(flags, 320);
      const tall = mt_height(t);
      expect(tall).toBeGreaterThanOrEqual(3);
      for (let i = 0; i < 320; i++) {
        if (i % 16 === 0) continue;
        expect(erase(t, i * 10)).toBe(i);
      }
      const expected = spacedRanges(320).filter(([, , i]) => (i as number) % 16 === 0);
      expect(entries(t)).toEqual(expected);
      expect(mt_height(t)).toBeLessThan(tall);
      expect(mt_height(t)).toBeLessThanOrEqual(2);
    });
  });

  describe('mtree_insert_range and -EEXIST', () => {
    it('refuses any overlap with an entry, and changes nothing when it does', () => {
      const t = mt_init_flags(flags);
      expect(mtree_insert_range(t, 10, 20, 'x')).toBe(0);
      mt_validate(t);
      const dump = mt_dump(t);
      const refused: Array<[number, number]> = [
        [10, 20], // the same range
        [5, 10], // overlaps the first index
        [20, 25], // overlaps the last index
        [12, 13], // inside
        [0, MAX], // around
        [15, 15],
      ];
      for (const [first, last] of refused) {
        expect(mtree_insert_range(t, first, last, 'y'), `[${first}, ${last}]`).toBe(-EEXIST);
        mt_validate(t);
        expect(mt_dump(t)).toBe(dump);
      }
      expect(mtree_insert(t, 10, 'y')).toBe(-EEXIST);
      expect(mtree_insert(t, 20, 'y')).toBe(-EEXIST);
      expect(mtree_insert_range(t, 12, 13, null)).toBe(-EEXIST);
      expect(mt_dump(t)).toBe(dump);
      // Touching neighbours are fine.
      expect(mtree_insert_range(t, 5, 9, 'left')).toBe(0);
      mt_validate(t);
      expect(mtree_insert(t, 21, 'right')).toBe(0);
      mt_validate(t);
      // An empty entry over an empty range stores nothing.
      expect(mtree_insert_range(t, 100, 200, null)).toBe(0);
      mt_validate(t);
      expect(entries(t)).toEqual([
        [5, 9, 'left'],
        [10, 20, 'x'],
        [21, 21, 'right'],
      ]);
    });

    it('refuses at the ends of the index space and over the bare root', () => {
      const t = mt_init_flags(flags);
      expect(mtree_insert(t, 0, 'zero')).toBe(0);
      mt_validate(t);
      expect(mtree_insert(t, 0, 'again')).toBe(-EEXIST);
      expect(mtree_insert_range(t, 0, 5, 'again')).toBe(-EEXIST);
      expect(t.root).toBe('zero');
      expect(mtree_insert(t, MAX, 'max')).toBe(0);
      mt_validate(t);
      expect(mtree_insert(t, MAX, 'again')).toBe(-EEXIST);
      expect(mtree_insert_range(t, MAX - 5, MAX, 'again')).toBe(-EEXIST);
      expect(mtree_insert_range(t, 1, MAX - 1, 'between')).toBe(0);
      mt_validate(t);
      expect(entries(t)).toEqual([
        [0, 0, 'zero'],
        [1, MAX - 1, 'between'],
        [MAX, MAX, 'max'],
      ]);
    });

    it('sees entries in other leaves of a deep tree, and only entries', () => {
      const t = spacedTree(flags, 300);
      expect(mt_height(t)).toBeGreaterThanOrEqual(3);
      const dump = mt_dump(t);
      // Both ends of these ranges are empty; the entries between them are in other leaves.
      for (const [first, last] of [
        [6, 2009],
        [1006, 1019],
        [1496, 2996],
        [16, MAX],
      ]) {
        expect(mtree_insert_range(t, first, last, 'spanning'), `[${first}, ${last}]`).toBe(-EEXIST);
        mt_validate(t);
      }
      expect(mt_dump(t)).toBe(dump);
      // All of [6, 9] is empty: it fits exactly.
      expect(mtree_insert_range(t, 6, 9, 'fits')).toBe(0);
      mt_validate(t);
      expect(mtree_insert_range(t, 6, 9, 'again')).toBe(-EEXIST);
      expect(mtree_erase(t, 6)).toBe('fits');
      mt_validate(t);
      expect(mt_dump(t).replace(/#\d+/g, '')).toBe(dump.replace(/#\d+/g, ''));
      expect(mtree_insert_range(t, 2996, 2 ** 50, 'far')).toBe(0);
      mt_validate(t);
      expect(mtree_insert_range(t, 2996, 2996, 'again')).toBe(-EEXIST);
      expect(mtree_insert_range(t, 2 ** 50, 2 ** 50, 'again')).toBe(-EEXIST);
      expect(mtree_insert_range(t, 2 ** 50 + 1, MAX, 'rest')).toBe(0);
      mt_validate(t);
      expect(entries(t).slice(-2)).toEqual([
        [2996, 2 ** 50, 'far'],
        [2 ** 50 + 1, MAX, 'rest'],
      ]);
    });
  });

  describe('mtree_destroy', () => {
    it('empties a deep tree and frees every node', () => {
      const t = spacedTree(flags, 300);
      const figures = mt_validate(t);
      expect(figures.height).toBeGreaterThanOrEqual(3);
      expect(t.allocator.live).toBe(figures.nodes);
      const allocated = t.allocator.allocated;
      mtree_destroy(t);
      mt_validate(t);
      expect(t.root).toBeNull();
      expect(mt_height(t)).toBe(0);
      expect(t.allocator.live).toBe(0);
      expect(t.allocator.allocated).toBe(allocated);
      expect(t.allocator.freed).toBe(allocated);
      expect(entries(t)).toEqual([]);
      expect(mtree_load(t, 10)).toBeNull();
      expect(rangeAt(t, 10)).toEqual([0, MAX, null]);
      // The tree is usable again.
      store(t, 10, 20, 'again');
      expect(entries(t)).toEqual([[10, 20, 'again']]);
      mtree_destroy(t);
      mt_validate(t);
      expect(t.allocator.live).toBe(0);
    });

    it('empties a bare-root tree and an empty tree, with no node left', () => {
      const t = mt_init_flags(flags);
      mtree_destroy(t);
      mt_validate(t);
      expect(t.root).toBeNull();
      store(t, 0, 0, 'root');
      mtree_destroy(t);
      mt_validate(t);
      expect(t.root).toBeNull();
      expect(t.allocator.live).toBe(0);
      expect(t.allocator.freed).toBe(t.allocator.allocated);
      expect(entries(t)).toEqual([]);
    });
  });
});
