/**
 * Kernel-style example tests of the maple tree's read side and its maple state (after
 * lib/test_maple_tree.c: check_find, check_find_2, check_prev_entry, check_next_entry,
 * check_mas_store_gfp), written for the corners a random generator reaches rarely:
 * - mt_find / mt_find_after / mt_for_each with a `max` limit, box.index > max, a range straddling
 *   max, and the wrap of box.index to 0 after an entry ending at MAX_INDEX;
 * - mas_find / mas_next / mas_prev / mas_find_rev from `start` status (inside an entry and inside
 *   an empty range), across leaf boundaries of a height >= 3 tree, and at both ends, where they
 *   report overflow / underflow and, as docs/semantics.md fixes, keep index and last so a later
 *   call continues from there;
 * - mas_find_range / mas_next_range / mas_find_range_rev / mas_prev_range over the whole partition;
 * - mas_pause then resume, with the tree changed in between;
 * - a state whose tree changed under it (spanning store, erase of its range, destroy): every call
 *   works from index, last and status only;
 * - writes through a maple state (mas_store_gfp, mas_erase) and where they leave the state.
 * Every test runs on a plain and on an MT_FLAGS_ALLOC_RANGE tree and calls mt_validate after every
 * mutating step.
 */
import { describe, expect, it } from 'vitest';
import {
  MAX_INDEX,
  MA_STATE,
  MT_FLAGS_ALLOC_RANGE,
  mas_erase,
  mas_find,
  mas_find_range,
  mas_find_range_rev,
  mas_find_rev,
  mas_next,
  mas_next_range,
  mas_pause,
  mas_prev,
  mas_prev_range,
  mas_reset,
  mas_set,
  mas_set_range,
  mas_store,
  mas_store_gfp,
  mt_find,
  mt_find_after,
  mt_for_each,
  mt_height,
  mt_init_flags,
  mt_validate,
  mtree_destroy,
  mtree_erase,
  mtree_insert,
  mtree_store_range,
  type MaState,
  type MapleTree,
} from './index.js';
import { entries, store, type Range, FLAVOURS } from './test-helpers.js';

const MAX = MAX_INDEX;

/** Entries [10i, 10i + 5] = i for i in [from, to). */
function spacedTree(flags: number, from: number, to: number): MapleTree {
  const t = mt_init_flags(flags);
  for (let i = from; i < to; i++) store(t, i * 10, i * 10 + 5, i);
  return t;
}

/** index, last, status and the entry a call returned, in one comparable value. */
function seen(mas: MaState, entry: unknown): [number, number, string, unknown] {
  return [mas.index, mas.last, mas.status, entry];
}

describe.each(FLAVOURS)('%s tree', (_name, flags) => {
  describe('mt_find and mt_find_after (check_find)', () => {
    function fourRanges(): MapleTree {
      const t = mt_init_flags(flags);
      store(t, 10, 19, 'a');
      store(t, 30, 39, 'b');
      store(t, 1000, 1999, 'c');
      store(t, MAX - 9, MAX, 'top');
      return t;
    }

    it('steps from entry to entry, wrapping box.index to 0 after the one ending at MAX_INDEX', () => {
      const t = fourRanges();
      const box = { index: 0 };
      expect(mt_find(t, box, MAX)).toBe('a');
      expect(box.index).toBe(20);
      expect(mt_find(t, box, MAX)).toBe('b');
      expect(box.index).toBe(40);
      expect(mt_find(t, box, MAX)).toBe('c');
      expect(box.index).toBe(2000);
      expect(mt_find(t, box, MAX)).toBe('top');
      expect(box.index).toBe(0);
      // The wrap: mt_find_after treats index 0 as "done"; mt_find starts again.
      expect(mt_find_after(t, box, MAX)).toBeNull();
      expect(box.index).toBe(0);
      expect(mt_find(t, box, MAX)).toBe('a');
    });

    it('visits every entry once with the mt_for_each idiom (mt_find, then mt_find_after)', () => {
      const t = fourRanges();
      const found: unknown[] = [];
      const box = { index: 0 };
      for (let e = mt_find(t, box, MAX); e !== null; e = mt_find_after(t, box, MAX)) found.push(e);
      expect(found).toEqual(['a', 'b', 'c', 'top']);
      expect(box.index).toBe(0);
    });

    it('honours max: an entry is found if it starts at or below max, and the box moves past it', () => {
      const t = fourRanges();
      const box = { index: 0 };
      expect(mt_find(t, box, 9)).toBeNull();
      expect(box.index).toBe(0);
      expect(mt_find(t, box, 10)).toBe('a');
      expect(box.index).toBe(20);
      expect(mt_find(t, box, 29)).toBeNull();
      expect(box.index).toBe(20);
      box.index = 40;
      expect(mt_find(t, box, 999)).toBeNull();
      expect(box.index).toBe(40);
      expect(mt_find(t, box, 1000)).toBe('c');
      expect(box.index).toBe(2000);
      // box.index > max: nothing, even with an entry right there.
      box.index = 35;
      expect(mt_find(t, box, 34)).toBeNull();
      expect(box.index).toBe(35);
      // An index inside an entry finds that entry.
      expect(mt_find(t, box, 35)).toBe('b');
      expect(box.index).toBe(40);
      box.index = MAX;
      expect(mt_find(t, box, MAX)).toBe('top');
      expect(box.index).toBe(0);
      box.index = MAX - 10;
      expect(mt_find(t, box, MAX - 10)).toBeNull();
      expect(box.index).toBe(MAX - 10);
      expect(mt_find_after(t, { index: 1 }, MAX)).toBe('a');
    });

    it('works on an empty tree and on a bare root entry', () => {
      const t = mt_init_flags(flags);
      expect(mt_find(t, { index: 0 }, MAX)).toBeNull();
      store(t, 0, 0, 'root');
      const box = { index: 0 };
      expect(mt_find(t, box, 0)).toBe('root');
      expect(box.index).toBe(1);
      expect(mt_find(t, box, MAX)).toBeNull();
      expect(box.index).toBe(1);
      expect(mt_find_after(t, { index: 0 }, MAX)).toBeNull();
    });

    it('walks a deep tree with mt_find and mt_for_each under a limit', () => {
      const t = spacedTree(flags, 0, 300);
      expect(mt_height(t)).toBeGreaterThanOrEqual(3);
      const box = { index: 0 };
      const found: unknown[] = [];
      for (let e = mt_find(t, box, 2500); e !== null; e = mt_find_after(t, box, 2500)) found.push(e);
      expect(found).toEqual(Array.from({ length: 251 }, (_, i) => i));
      expect(box.index).toBe(2506);
      // mt_for_each counts the entry holding `start` and stops at entries starting past max.
      expect(entries(t, 1003, 1030)).toEqual([
        [1000, 1005, 100],
        [1010, 1015, 101],
        [1020, 1025, 102],
        [1030, 1035, 103],
      ]);
      expect(entries(t, 1006, 1009)).toEqual([]);
      expect(entries(t, 2995, MAX)).toEqual([[2990, 2995, 299]]);
    });
  });

  describe('mas_next and mas_prev walks (check_next_entry, check_prev_entry)', () => {
    it('walks forward to the end, then overflows keeping index and last', () => {
      const n = 40;
      const t = spacedTree(flags, 0, n);
      const mas = MA_STATE(t, 0);
      expect(mas_find(mas, MAX)).toBe(0);
      for (let i = 1; i < n; i++) expect(seen(mas, mas_next(mas, MAX))).toEqual([i * 10, i * 10 + 5, 'active', i]);
      expect(seen(mas, mas_next(mas, MAX))).toEqual([390, 395, 'overflow', null]);
      expect(seen(mas, mas_next(mas, MAX))).toEqual([390, 395, 'overflow', null]);
      // Overflow continues from the unchanged index and last: a new entry after them is next.
      store(t, 400, 400, 'new');
      expect(seen(mas, mas_next(mas, MAX))).toEqual([400, 400, 'active', 'new']);
    });

    it('walks backward to the start, then underflows keeping index and last', () => {
      const n = 40;
      const t = spacedTree(flags, 1, n);
      const mas = MA_STATE(t, MAX);
      expect(mas_find_rev(mas, 0)).toBe(n - 1);
      for (let i = n - 2; i >= 1; i--) expect(seen(mas, mas_prev(mas, 0))).toEqual([i * 10, i * 10 + 5, 'active', i]);
      expect(seen(mas, mas_prev(mas, 0))).toEqual([10, 15, 'underflow', null]);
      expect(seen(mas, mas_prev(mas, 0))).toEqual([10, 15, 'underflow', null]);
      store(t, 2, 3, 'new');
      expect(seen(mas, mas_prev(mas, 0))).toEqual([2, 3, 'active', 'new']);
      // An entry starting at 0 has nothing before it.
      store(t, 0, 1, 'zero');
      expect(seen(mas, mas_prev(mas, 0))).toEqual([0, 1, 'active', 'zero']);
      expect(seen(mas, mas_prev(mas, 0))).toEqual([0, 1, 'underflow', null]);
    });

    it('overflows after an entry ending at MAX_INDEX and underflows from index 0', () => {
      const t = mt_init_flags(flags);
      store(t, 5, 5, 'five');
      store(t, MAX - 2, MAX, 'top');
      const mas = MA_STATE(t, 6);
      expect(seen(mas, mas_next(mas, MAX))).toEqual([MAX - 2, MAX, 'active', 'top']);
      expect(seen(mas, mas_next(mas, MAX))).toEqual([MAX - 2, MAX, 'overflow', null]);
      const fromMax = MA_STATE(t, MAX);
      expect(seen(fromMax, mas_next(fromMax, MAX))).toEqual([MAX, MAX, 'overflow', null]);
      const fromZero = MA_STATE(t, 0);
      expect(seen(fromZero, mas_prev(fromZero, 0))).toEqual([0, 0, 'underflow', null]);
      expect(seen(fromZero, mas_find_rev(fromZero, 0))).toEqual([0, 0, 'underflow', null]);
      // Past the last entry, in the empty range reaching MAX_INDEX.
      store(t, MAX - 2, MAX, null);
      const tail = MA_STATE(t, 2 ** 40);
      expect(seen(tail, mas_next(tail, MAX))).toEqual([2 ** 40, 2 ** 40, 'overflow', null]);
      mas_reset(tail);
      expect(seen(tail, mas_find(tail, MAX))).toEqual([2 ** 40, 2 ** 40, 'overflow', null]);
      mas_reset(tail);
      expect(seen(tail, mas_prev(tail, 0))).toEqual([5, 5, 'active', 'five']);
    });

    it('starts from the range at index in start status: next/prev skip it, find/find_rev count it', () => {
      const t = spacedTree(flags, 0, 10);
      // 23 is inside entry 2 = [20, 25]; 27 is in the empty range [26, 29].
      const cases: Array<[number, (m: MaState) => unknown, Range]> = [
        [23, (m) => mas_next(m, MAX), [30, 35, 3]],
        [23, (m) => mas_find(m, MAX), [20, 25, 2]],
        [23, (m) => mas_prev(m, 0), [10, 15, 1]],
        [23, (m) => mas_find_rev(m, 0), [20, 25, 2]],
        [27, (m) => mas_next(m, MAX), [30, 35, 3]],
        [27, (m) => mas_find(m, MAX), [30, 35, 3]],
        [27, (m) => mas_prev(m, 0), [20, 25, 2]],
        [27, (m) => mas_find_rev(m, 0), [20, 25, 2]],
        [20, (m) => mas_prev(m, 0), [10, 15, 1]],
        [25, (m) => mas_next(m, MAX), [30, 35, 3]],
      ];
      for (const [index, call, [first, last, entry]] of cases) {
        const mas = MA_STATE(t, index);
        expect(seen(mas, call(mas)), `${index} ${call}`).toEqual([first, last, 'active', entry]);
      }
    });

    it('applies limits to the range found, and reports the full range, never clipped', () => {
      const t = spacedTree(flags, 0, 10);
      const mas = MA_STATE(t, 20);
      expect(mas_find(mas, MAX)).toBe(2);
      // Entry 3 = [30, 35] starts past 29: overflow, and the state stays on entry 2.
      expect(seen(mas, mas_next(mas, 29))).toEqual([20, 25, 'overflow', null]);
      // Continuing with a looser limit finds it; a limit inside it still reports [30, 35].
      expect(seen(mas, mas_next(mas, 30))).toEqual([30, 35, 'active', 3]);
      expect(seen(mas, mas_prev(mas, 26))).toEqual([30, 35, 'underflow', null]);
      expect(seen(mas, mas_prev(mas, 25))).toEqual([20, 25, 'active', 2]);
      // find from start inside an entry: max(first, p) <= max counts p, not first.
      const inside = MA_STATE(t, 33);
      expect(seen(inside, mas_find(inside, 33))).toEqual([30, 35, 'active', 3]);
      // find_rev from the empty [56, 59]: entry 5 = [50, 55] is found only if min(last, p) >= min.
      const rev = MA_STATE(t, 57);
      expect(seen(rev, mas_find_rev(rev, 56))).toEqual([57, 57, 'underflow', null]);
      mas_set(rev, 57);
      expect(seen(rev, mas_find_rev(rev, 55))).toEqual([50, 55, 'active', 5]);
    });

    it('crosses every leaf boundary of a height >= 3 tree in both directions', () => {
      const n = 250;
      const t = spacedTree(flags, 0, n);
      expect(mt_height(t)).toBeGreaterThanOrEqual(3);
      const mas = MA_STATE(t, 0);
      const forward: unknown[] = [mas_find(mas, MAX)];
      for (let e = mas_next(mas, MAX); e !== null; e = mas_next(mas, MAX)) {
        expect([mas.index, mas.last]).toEqual([(e as number) * 10, (e as number) * 10 + 5]);
        forward.push(e);
      }
      expect(forward).toEqual(Array.from({ length: n }, (_, i) => i));
      expect(mas.status).toBe('overflow');
      const backward: unknown[] = [];
      for (let e = mas_prev(mas, 0); e !== null; e = mas_prev(mas, 0)) {
        expect([mas.index, mas.last]).toEqual([(e as number) * 10, (e as number) * 10 + 5]);
        backward.push(e);
      }
      expect(backward).toEqual(forward.slice(0, -1).reverse());
      expect(seen(mas, null)).toEqual([0, 5, 'underflow', null]);
    });

    it('sees every entry after each insert and after each erase (check_find_2)', () => {
      const t = mt_init_flags(flags);
      const count = (): number[] => {
        const mas = MA_STATE(t, 0);
        const out: number[] = [];
        for (let e = mas_find(mas, MAX); e !== null; e = mas_find(mas, MAX)) out.push(e as number);
        return out;
      };
      const n = 120;
      for (let i = 0; i < n; i++) {
        expect(mtree_insert(t, i, i)).toBe(0);
        mt_validate(t);
        expect(count()).toEqual(Array.from({ length: i + 1 }, (_, k) => k));
      }
      expect(mt_height(t)).toBeGreaterThanOrEqual(2);
      for (let i = 0; i < n; i++) {
        expect(mtree_erase(t, i)).toBe(i);
        mt_validate(t);
        expect(count()).toEqual(Array.from({ length: n - i - 1 }, (_, k) => k + i + 1));
      }
      expect(t.root).toBeNull();
    });
  });

  describe('range walks over the whole partition', () => {
    it('mas_find_range then mas_next_range tile [0, MAX_INDEX], entries and empty ranges alternating', () => {
      const n = 200;
      const t = spacedTree(flags, 1, n);
      const mas = MA_STATE(t, 0);
      const first = mas_find_range(mas, MAX);
      expect(mas.status).toBe('active');
      const ranges: Range[] = [[mas.index, mas.last, first]];
      for (;;) {
        const e = mas_next_range(mas, MAX);
        if (mas.status !== 'active') break;
        ranges.push([mas.index, mas.last, e]);
      }
      expect(mas.status).toBe('overflow');
      expect([mas.index, mas.last]).toEqual([(n - 1) * 10 + 6, MAX]);
      expect(ranges).toHaveLength(2 * n - 1); // n - 1 entries, n empty ranges
      expect(ranges[0]).toEqual([0, 9, null]);
      for (let k = 0; k < ranges.length; k++) {
        if (k > 0) expect(ranges[k][0]).toBe(ranges[k - 1][1] + 1);
        expect(ranges[k][2] === null).toBe(k % 2 === 0);
      }
      expect(ranges[ranges.length - 1][1]).toBe(MAX);

      const back = MA_STATE(t, MAX);
      const reversed: Range[] = [];
      let e = mas_find_range_rev(back, 0);
      while (back.status === 'active') {
        reversed.push([back.index, back.last, e]);
        e = mas_prev_range(back, 0);
      }
      expect(back.status).toBe('underflow');
      expect([back.index, back.last]).toEqual([0, 9]);
      expect(reversed).toEqual([...ranges].reverse());
    });

    it('applies the limit to max(first, p) for range walks', () => {
      const t = spacedTree(flags, 1, 5);
      const mas = MA_STATE(t, 17);
      // The range at 17 is the empty [16, 19]: it counts, although it starts before 17.
      expect(seen(mas, mas_find_range(mas, 17))).toEqual([16, 19, 'active', null]);
      expect(seen(mas, mas_next_range(mas, 19))).toEqual([16, 19, 'overflow', null]);
      expect(seen(mas, mas_next_range(mas, 20))).toEqual([20, 25, 'active', 2]);
      expect(seen(mas, mas_prev_range(mas, 20))).toEqual([20, 25, 'underflow', null]);
      expect(seen(mas, mas_prev_range(mas, 19))).toEqual([16, 19, 'active', null]);
      const top = MA_STATE(t, MAX);
      expect(seen(top, mas_next_range(top, MAX))).toEqual([MAX, MAX, 'overflow', null]);
      // Still overflow: it continues after last == MAX_INDEX, where there is nothing.
      expect(seen(top, mas_find_range(top, MAX))).toEqual([MAX, MAX, 'overflow', null]);
      mas_reset(top);
      expect(seen(top, mas_find_range(top, MAX))).toEqual([46, MAX, 'active', null]);
      expect(seen(top, mas_next_range(top, MAX))).toEqual([46, MAX, 'overflow', null]);
    });
  });

  describe('mas_pause then resume', () => {
    it('resumes a forward walk after the last range seen, with the tree changed in between', () => {
      const n = 200;
      const t = spacedTree(flags, 0, n);
      const mas = MA_STATE(t, 0);
      const found: unknown[] = [];
      for (let e = mas_find(mas, MAX); e !== null; e = mas_find(mas, MAX)) {
        found.push(e);
        if (typeof e !== 'number' || (e + 1) % 7 !== 0) continue;
        mas_pause(mas);
        expect(mas.status).toBe('pause');
        const i = e;
        // Behind the cursor: never seen. The current entry erased: the walk still goes on after it.
        // Ahead of the cursor: seen.
        if (i >= 1) store(t, i * 10 - 2, i * 10 - 1, `behind${i}`);
        expect(mtree_erase(t, i * 10)).toBe(i);
        mt_validate(t);
        store(t, i * 10 + 7, i * 10 + 7, `ahead${i}`);
      }
      expect(mas.status).toBe('overflow');
      const expected: unknown[] = [];
      for (let i = 0; i < n; i++) {
        expected.push(i);
        if ((i + 1) % 7 === 0) expected.push(`ahead${i}`);
      }
      expect(found).toEqual(expected);
    });

    it('resumes a backward walk before the last range seen', () => {
      const n = 200;
      const t = spacedTree(flags, 0, n);
      const mas = MA_STATE(t, MAX);
      const found: unknown[] = [];
      for (let e = mas_find_rev(mas, 0); e !== null; e = mas_prev(mas, 0)) {
        found.push(e);
        mas_pause(mas);
        const i = e as number;
        if (i % 5 === 0) store(t, i * 10 + 7, i * 10 + 8, 'behind'); // after the cursor: never seen
      }
      expect(found).toEqual(Array.from({ length: n }, (_, i) => n - 1 - i));
      expect(mas.status).toBe('underflow');
    });

    it('leaves start, overflow and underflow alone', () => {
      const t = spacedTree(flags, 1, 4);
      const mas = MA_STATE(t, 10);
      mas_pause(mas);
      expect(mas.status).toBe('start');
      expect(mas_find(mas, MAX)).toBe(1);
      mas_set(mas, 35);
      expect(mas_next(mas, MAX)).toBeNull();
      mas_pause(mas);
      expect(seen(mas, null)).toEqual([35, 35, 'overflow', null]);
      mas_set(mas, 5);
      expect(mas_prev(mas, 0)).toBeNull();
      mas_pause(mas);
      expect(seen(mas, null)).toEqual([5, 5, 'underflow', null]);
    });
  });

  describe('a state whose tree changed under it, without mas_pause', () => {
    it('continues from index and last after a spanning store removed the leaves it was in', () => {
      const t = spacedTree(flags, 0, 300);
      const mas = MA_STATE(t, 1000);
      expect(mas_find(mas, MAX)).toBe(100);
      store(t, 500, 2500, null);
      // Entry 250 = [2500, 2505] lost its first index.
      expect(seen(mas, mas_next(mas, MAX))).toEqual([2501, 2505, 'active', 250]);
      expect(seen(mas, mas_prev(mas, 0))).toEqual([490, 495, 'active', 49]);
      expect(seen(mas, mas_next_range(mas, MAX))).toEqual([496, 2500, 'active', null]);
    });

    it('reports the whole merged range when the range it was on is erased', () => {
      const t = spacedTree(flags, 0, 300);
      const mas = MA_STATE(t, 1000);
      expect(mas_find(mas, MAX)).toBe(100);
      expect(mtree_erase(t, 1003)).toBe(100);
      mt_validate(t);
      // p = last + 1 = 1006 lies in the merged empty range [996, 1009], reported in full.
      expect(seen(mas, mas_next_range(mas, MAX))).toEqual([996, 1009, 'active', null]);
      expect(seen(mas, mas_prev(mas, 0))).toEqual([990, 995, 'active', 99]);
    });

    it('overflows and underflows on a tree destroyed under it', () => {
      const t = spacedTree(flags, 0, 300);
      const mas = MA_STATE(t, 1000);
      expect(mas_find(mas, MAX)).toBe(100);
      mtree_destroy(t);
      mt_validate(t);
      expect(seen(mas, mas_next(mas, MAX))).toEqual([1000, 1005, 'overflow', null]);
      expect(seen(mas, mas_prev(mas, 0))).toEqual([1000, 1005, 'underflow', null]);
      expect(seen(mas, mas_prev_range(mas, 0))).toEqual([0, MAX, 'active', null]);
    });
  });

  describe('writes through a maple state (check_mas_store_gfp)', () => {
    it('an empty store across leaves leaves the state on the whole merged empty range', () => {
      const t = spacedTree(flags, 0, 300);
      const mas = MA_STATE(t, 13, 2007);
      expect(mas_store_gfp(mas, null)).toBe(0);
      mt_validate(t);
      expect(seen(mas, null)).toEqual([13, 2009, 'active', null]);
      mas_set(mas, 2013);
      expect(mas_erase(mas)).toBe(201);
      mt_validate(t);
      // [2010, 2015] joins the empty ranges on both sides.
      expect(seen(mas, null)).toEqual([13, 2019, 'active', null]);
    });

    it('mas_store_gfp leaves the state on the stored range, or on the maximal empty range', () => {
      const t = spacedTree(flags, 0, 50);
      const mas = MA_STATE(t, 12, 33);
      expect(mas_store_gfp(mas, 'x')).toBe(0);
      mt_validate(t);
      expect(seen(mas, null)).toEqual([12, 33, 'active', null]);
      mas_set_range(mas, 14, 14);
      expect(mas_store_gfp(mas, null)).toBe(0);
      mt_validate(t);
      expect(seen(mas, null)).toEqual([14, 14, 'active', null]);
      // Null over [10, 35] (x and what is left of entries 1 and 3) widens to [6, 39].
      mas_set_range(mas, 10, 35);
      expect(mas_store_gfp(mas, null)).toBe(0);
      mt_validate(t);
      expect(seen(mas, null)).toEqual([6, 39, 'active', null]);
      expect(mas_next(mas, MAX)).toBe(4);
      mas_set(mas, 43);
      expect(mas_store(mas, 'over')).toBe(4);
      mt_validate(t);
      expect(seen(mas, null)).toEqual([43, 43, 'active', null]);
      expect(entries(t, 40, 50)).toEqual([
        [40, 42, 4],
        [43, 43, 'over'],
        [44, 45, 4],
        [50, 55, 5],
      ]);
      mas_set(mas, 47);
      expect(mas_store(mas, 'in a gap')).toBeNull();
      mt_validate(t);
    });

    it('mas_erase empties the whole entry and positions the state on the empty range', () => {
      const t = spacedTree(flags, 0, 50);
      const mas = MA_STATE(t, 203);
      expect(mas_erase(mas)).toBe(20);
      mt_validate(t);
      expect(seen(mas, null)).toEqual([196, 209, 'active', null]);
      mas_set(mas, 207);
      expect(mas_erase(mas)).toBeNull();
      mt_validate(t);
      expect(seen(mas, null)).toEqual([196, 209, 'active', null]);
      // And from there the walk goes on both ways.
      expect(mas_next(mas, MAX)).toBe(21);
      mas_set(mas, 205);
      expect(mas_prev(mas, 0)).toBe(19);
    });
  });
});
