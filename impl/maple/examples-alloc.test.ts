/**
 * Kernel-style example tests of the empty-area searches and range allocation (after
 * lib/test_maple_tree.c: check_alloc_range, check_alloc_rev_range, check_empty_area_window,
 * check_empty_area_fill), for the corners a random generator reaches rarely:
 * - mtree_alloc_range / mtree_alloc_rrange: exact fits at both ends of a hole and of the window,
 *   sizes one too big, the whole index space (size 2^53), a window of one index at MAX_INDEX,
 *   -EBUSY when nothing fits or the window is full, -EINVAL on a tree without MT_FLAGS_ALLOC_RANGE;
 * - filling a window to the last index with allocations until -EBUSY, in both directions;
 * - mas_empty_area / mas_empty_area_rev windows: exact fits at both ends, windows cutting a hole,
 *   -EBUSY (status error, index and last unchanged) and a new search from the error status;
 * - the same searches on plain trees (docs/semantics.md: the true answer, unlike the kernel), on an
 *   empty tree and on a bare root entry;
 * - a deep tree of one-index holes with one larger hole, found through the internal gaps.
 * mt_validate runs after every mutating step.
 */
import { describe, expect, it } from 'vitest';
import { EBUSY, EINVAL } from '../errno.js';
import {
  MAX_INDEX,
  MA_STATE,
  MT_FLAGS_ALLOC_RANGE,
  mas_empty_area,
  mas_empty_area_rev,
  mas_store_gfp,
  mas_walk,
  mt_dump,
  mt_for_each,
  mt_height,
  mt_init_flags,
  mt_validate,
  mtree_alloc_range,
  mtree_alloc_rrange,
  mtree_erase,
  mtree_load,
  mtree_store_range,
  type MapleTree,
} from './index.js';
import { entries, store, erase, rangeAt, type Range } from './test-helpers.js';

const MAX = MAX_INDEX;
/** The size of the whole index space, [0, MAX_INDEX]. */
const ALL = MAX_INDEX + 1;

/**
 * Entries a = [0, 9], b = [20, 24], c = [30, 99], d = [1000, 1999].
 * Holes: [10, 19] (10), [25, 29] (5), [100, 999] (900), [2000, MAX] (2^53 - 2000).
 */
function holeyTree(flags: number): MapleTree {
  const t = mt_init_flags(flags);
  store(t, 0, 9, 'a');
  store(t, 20, 24, 'b');
  store(t, 30, 99, 'c');
  store(t, 1000, 1999, 'd');
  return t;
}

const HOLEY: Range[] = [
  [0, 9, 'a'],
  [20, 24, 'b'],
  [30, 99, 'c'],
  [1000, 1999, 'd'],
];

function withRange(list: readonly Range[], r: Range): Range[] {
  return [...list, r].sort((x, y) => x[0] - y[0]);
}

/** [size, min, max, expected start or errno]. */
type AllocCase = [number, number, number, number];

const LOWEST: AllocCase[] = [
  [1, 0, MAX, 10],
  [10, 0, MAX, 10], // exactly the first hole
  [11, 0, MAX, 100],
  [5, 21, MAX, 25], // exactly the second hole
  [5, 26, MAX, 100],
  [900, 0, MAX, 100], // exactly the third hole
  [901, 0, MAX, 2000],
  [10, 10, 19, 10], // the window is exactly the hole
  [9, 11, 19, 11], // exact fit at the window's right end
  [9, 10, 18, 10], // exact fit at the window's left end
  [1, 0, 9, -EBUSY], // the window is inside an entry
  [6, 20, 29, -EBUSY], // the only hole in the window is one too small
  [11, 10, 1000, 100],
  [901, 0, 1999, -EBUSY],
  [1, MAX, MAX, MAX],
  [ALL - 2000, 0, MAX, 2000], // exactly the last hole, up to MAX_INDEX
  [ALL - 1999, 0, MAX, -EBUSY],
  [ALL, 0, MAX, -EBUSY],
  [10, 11, 19, -EINVAL], // the window is smaller than the size
];

const HIGHEST: AllocCase[] = [
  [1, 0, MAX, MAX],
  [10, 0, 1999, 990],
  [10, 0, 999, 990], // exact fit at the window's right end
  [10, 0, 99, 10], // exactly the first hole
  [5, 0, 29, 25], // exactly the second hole
  [6, 0, 29, 14],
  [900, 0, 1999, 100],
  [901, 0, 1999, -EBUSY],
  [1, 0, 9, -EBUSY],
  [9, 10, 18, 10], // the window is exactly the size, inside a hole
  [9, 11, 19, 11],
  [1, MAX, MAX, MAX],
  [1, 2000, 2000, 2000],
  [ALL - 2000, 0, MAX, 2000],
  [ALL - 1999, 0, MAX, -EBUSY],
  [2, 0, 0, -EINVAL],
];

const ALLOCATORS = [
  ['mtree_alloc_range (check_alloc_range)', mtree_alloc_range, LOWEST],
  ['mtree_alloc_rrange (check_alloc_rev_range)', mtree_alloc_rrange, HIGHEST],
] as const;

describe.each(ALLOCATORS)('%s', (_name, alloc, table) => {
  it.each(table)('size %d in [%d, %d] gives %d', (size, min, max, want) => {
    const t = holeyTree(MT_FLAGS_ALLOC_RANGE);
    const dump = mt_dump(t);
    const box = { start: -1 };
    const ret = alloc(t, box, 'new', size, min, max);
    mt_validate(t);
    if (want < 0) {
      expect(ret).toBe(want);
      expect(box.start).toBe(-1);
      expect(mt_dump(t)).toBe(dump);
      return;
    }
    expect(ret).toBe(0);
    expect(box.start).toBe(want);
    expect(rangeAt(t, want)).toEqual([want, want + (size - 1), 'new']);
    expect(entries(t)).toEqual(withRange(HOLEY, [want, want + (size - 1), 'new']));
  });
});

describe('allocation edge cases', () => {
  it('allocates the whole index space in an empty tree, then nothing more fits', () => {
    const t = mt_init_flags(MT_FLAGS_ALLOC_RANGE);
    const box = { start: -1 };
    expect(mtree_alloc_range(t, box, 'all', ALL, 0, MAX)).toBe(0);
    mt_validate(t);
    expect(box.start).toBe(0);
    expect(entries(t)).toEqual([[0, MAX, 'all']]);
    expect(mtree_alloc_range(t, box, 'more', 1, 0, MAX)).toBe(-EBUSY);
    expect(mtree_alloc_rrange(t, box, 'more', 1, 0, MAX)).toBe(-EBUSY);
    expect(box.start).toBe(0);
    expect(erase(t, 77)).toBe('all');
    expect(mtree_alloc_rrange(t, box, 'all again', ALL, 0, MAX)).toBe(0);
    mt_validate(t);
    expect(box.start).toBe(0);
  });

  it('allocates index 0 of an empty tree as the bare root, then index 1', () => {
    const t = mt_init_flags(MT_FLAGS_ALLOC_RANGE);
    const box = { start: -1 };
    expect(mtree_alloc_range(t, box, 'first', 1, 0, MAX)).toBe(0);
    mt_validate(t);
    expect(box.start).toBe(0);
    expect(t.root).toBe('first');
    expect(mtree_alloc_range(t, box, 'second', 1, 0, MAX)).toBe(0);
    mt_validate(t);
    expect(box.start).toBe(1);
    expect(mtree_alloc_range(t, box, 'third', 1, 0, 1)).toBe(-EBUSY);
    expect(mtree_alloc_rrange(t, box, 'top', 1, 0, MAX)).toBe(0);
    mt_validate(t);
    expect(box.start).toBe(MAX);
    expect(entries(t)).toEqual([
      [0, 0, 'first'],
      [1, 1, 'second'],
      [MAX, MAX, 'top'],
    ]);
  });

  it('refuses with -EINVAL on a tree without MT_FLAGS_ALLOC_RANGE, changing nothing', () => {
    const t = holeyTree(0);
    const dump = mt_dump(t);
    const box = { start: -1 };
    expect(mtree_alloc_range(t, box, 'x', 1, 0, MAX)).toBe(-EINVAL);
    expect(mtree_alloc_rrange(t, box, 'x', 1, 0, MAX)).toBe(-EINVAL);
    mt_validate(t);
    expect(box.start).toBe(-1);
    expect(mt_dump(t)).toBe(dump);
  });

  it('fills a window index by index to height >= 3, lowest first, then -EBUSY; frees are reused lowest first', () => {
    const t = mt_init_flags(MT_FLAGS_ALLOC_RANGE);
    store(t, 300, 300, 'fence');
    const box = { start: -1 };
    for (let i = 0; i < 300; i++) {
      expect(mtree_alloc_range(t, box, i, 1, 0, 299)).toBe(0);
      mt_validate(t);
      expect(box.start).toBe(i);
    }
    expect(mt_height(t)).toBeGreaterThanOrEqual(3);
    expect(mtree_alloc_range(t, box, 'full', 1, 0, 299)).toBe(-EBUSY);
    expect(mtree_alloc_rrange(t, box, 'full', 1, 0, 299)).toBe(-EBUSY);
    expect(box.start).toBe(299);
    mt_validate(t);
    for (const i of [250, 7, 131]) expect(erase(t, i)).toBe(i);
    for (const i of [7, 131, 250]) {
      expect(mtree_alloc_range(t, box, `again${i}`, 1, 0, 299)).toBe(0);
      mt_validate(t);
      expect(box.start).toBe(i);
    }
    expect(mtree_alloc_range(t, box, 'full', 1, 0, 299)).toBe(-EBUSY);
    // Just past the window there is room.
    expect(mtree_alloc_range(t, box, 'outside', 1, 0, 301)).toBe(0);
    mt_validate(t);
    expect(box.start).toBe(301);
  });

  it('fills a window from the top with size-3 allocations, then -EBUSY', () => {
    const t = mt_init_flags(MT_FLAGS_ALLOC_RANGE);
    const box = { start: -1 };
    for (let k = 1; k <= 100; k++) {
      expect(mtree_alloc_rrange(t, box, k, 3, 1000, 1299)).toBe(0);
      mt_validate(t);
      expect(box.start).toBe(1300 - 3 * k);
    }
    expect(mt_height(t)).toBeGreaterThanOrEqual(2);
    expect(mtree_alloc_rrange(t, box, 'full', 1, 1000, 1299)).toBe(-EBUSY);
    expect(mtree_alloc_range(t, box, 'full', 1, 1000, 1299)).toBe(-EBUSY);
    mt_validate(t);
    expect(rangeAt(t, 999)).toEqual([0, 999, null]);
    expect(rangeAt(t, 1300)).toEqual([1300, MAX, null]);
    expect(mtree_load(t, 1000)).toBe(100);
  });
});

describe.each([
  ['plain', 0],
  ['alloc-range', MT_FLAGS_ALLOC_RANGE],
] as const)('mas_empty_area on a %s tree', (_name, flags) => {
  /**
   * Entries [10i, 10i + 9] for i = 1..60, except i = 16, 17 and 50.
   * Holes: [0, 9] (10), [160, 179] (20), [500, 509] (10), [610, MAX].
   */
  function windowTree(): MapleTree {
    const t = mt_init_flags(flags);
    for (let i = 1; i <= 60; i++) store(t, i * 10, i * 10 + 9, i);
    for (const i of [16, 17, 50]) expect(erase(t, i * 10 + 4)).toBe(i);
    return t;
  }

  /** [min, max, size, expected [index, last] or null for -EBUSY]. */
  type WindowCase = [number, number, number, [number, number] | null];

  const LOWEST_WINDOWS: WindowCase[] = [
    [0, 100, 10, [0, 9]], // exact fit at the start of the tree and of the window
    [0, 100, 11, null],
    [5, 100, 5, [5, 9]], // exact fit at the hole's end
    [5, 100, 6, null],
    [100, 600, 20, [160, 179]],
    [100, 600, 21, null],
    [165, 600, 10, [165, 174]],
    [165, 600, 15, [165, 179]],
    [165, 600, 16, null],
    [170, 509, 10, [170, 179]],
    [180, 509, 10, [500, 509]], // exact fit at the window's end
    [180, 508, 10, null],
    [501, 610, 1, [501, 501]],
    [510, 610, 1, [610, 610]],
    [0, MAX, ALL - 610, [610, MAX]], // exact fit up to MAX_INDEX
    [0, MAX, ALL - 609, null],
    [MAX, MAX, 1, [MAX, MAX]],
  ];

  const HIGHEST_WINDOWS: WindowCase[] = [
    [0, 100, 10, [0, 9]],
    [0, 600, 10, [500, 509]],
    [0, 600, 11, [169, 179]],
    [0, 600, 20, [160, 179]],
    [0, 175, 10, [166, 175]], // the window's end cuts the hole
    [0, 169, 10, [160, 169]], // exact fit at the hole's start
    [0, 168, 10, [0, 9]],
    [0, 8, 9, [0, 8]],
    [1, 8, 8, [1, 8]],
    [0, 609, 1, [509, 509]],
    [10, 159, 1, null],
    [10, 609, 21, null],
    [0, MAX, 1, [MAX, MAX]],
    [610, MAX, ALL - 610, [610, MAX]],
    [609, MAX, ALL - 609, null],
  ];

  const WINDOW_SEARCHES = [
    ['lowest', mas_empty_area, LOWEST_WINDOWS],
    ['highest', mas_empty_area_rev, HIGHEST_WINDOWS],
  ] as const;

  describe.each(WINDOW_SEARCHES)('%s', (_name, search, windows) => {
    it.each(windows)('[%d, %d] size %d -> %j', (min, max, size, want) => {
      const t = windowTree();
      const mas = MA_STATE(t, 7, 8);
      const ret = search(mas, min, max, size);
      if (want === null) {
        expect([ret, mas.status, mas.index, mas.last]).toEqual([-EBUSY, 'error', 7, 8]);
        return;
      }
      expect([ret, mas.status, mas.index, mas.last]).toEqual([0, 'active', ...want]);
      // The answer is usable: store there and check nothing else moved.
      const before = entries(t);
      expect(mas_store_gfp(mas, 'here')).toBe(0);
      mt_validate(t);
      expect(entries(t)).toEqual(withRange(before, [want[0], want[1], 'here']));
    });
  });

  it('searches afresh from the error status left by -EBUSY', () => {
    const t = windowTree();
    const mas = MA_STATE(t, 7, 8);
    expect(mas_empty_area(mas, 10, 159, 1)).toBe(-EBUSY);
    expect(mas.status).toBe('error');
    expect(mas_empty_area_rev(mas, 10, 159, 1)).toBe(-EBUSY);
    expect(mas_empty_area(mas, 10, 500, 1)).toBe(0);
    expect([mas.index, mas.last, mas.status]).toEqual([160, 160, 'active']);
    expect(mas_empty_area_rev(mas, 0, 609, 20)).toBe(0);
    expect([mas.index, mas.last, mas.status]).toEqual([160, 179, 'active']);
  });

  it('answers on an empty tree and on a bare root entry', () => {
    const t = mt_init_flags(flags);
    const mas = MA_STATE(t);
    expect(mas_empty_area(mas, 0, MAX, ALL)).toBe(0);
    expect([mas.index, mas.last]).toEqual([0, MAX]);
    expect(mas_empty_area_rev(mas, 0, MAX, ALL)).toBe(0);
    expect([mas.index, mas.last]).toEqual([0, MAX]);
    expect(mas_empty_area_rev(mas, 0, MAX, 1)).toBe(0);
    expect([mas.index, mas.last]).toEqual([MAX, MAX]);
    store(t, 0, 0, 'root');
    expect(mas_empty_area(mas, 0, MAX, 1)).toBe(0);
    expect([mas.index, mas.last]).toEqual([1, 1]);
    expect(mas_empty_area(mas, 0, MAX, ALL - 1)).toBe(0);
    expect([mas.index, mas.last]).toEqual([1, MAX]);
    expect(mas_empty_area(mas, 0, MAX, ALL)).toBe(-EBUSY);
    expect(mas_empty_area(mas, 0, 0, 1)).toBe(-EBUSY);
    expect(mas_empty_area_rev(mas, 0, 5, 6)).toBe(-EBUSY);
    expect(mas_empty_area_rev(mas, 0, 5, 5)).toBe(0);
    expect([mas.index, mas.last]).toEqual([1, 5]);
    expect(mas_empty_area_rev(mas, 0, MAX, 1)).toBe(0);
    expect([mas.index, mas.last]).toEqual([MAX, MAX]);
  });

  it('fills [0, 511] with empty_area + mas_store_gfp for several sizes (check_empty_area_fill)', () => {
    for (const size of [1, 3, 16, 100]) {
      const t = mt_init_flags(flags);
      store(t, 512, 512, 'fence');
      const mas = MA_STATE(t);
      let k = 0;
      while (mas_empty_area(mas, 0, 511, size) === 0) {
        expect([mas.index, mas.last]).toEqual([k * size, k * size + size - 1]);
        expect(mas_store_gfp(mas, k)).toBe(0);
        mt_validate(t);
        k++;
      }
      expect(k).toBe(Math.floor(512 / size));
      expect(mas.status).toBe('error');
      const left = 512 - k * size;
      // What is left at the end is smaller than size, and still found for smaller sizes.
      if (left > 0) {
        expect(mas_empty_area_rev(mas, 0, 511, left)).toBe(0);
        expect([mas.index, mas.last]).toEqual([k * size, 511]);
      } else {
        expect(mas_empty_area_rev(mas, 0, 511, 1)).toBe(-EBUSY);
      }
      expect(mas_empty_area(mas, 0, 511, left + 1)).toBe(-EBUSY);
      if (size === 1) expect(mt_height(t)).toBeGreaterThanOrEqual(3);
    }
  });

  it('finds the one larger hole among many one-index holes in a deep tree', () => {
    const t = mt_init_flags(flags);
    // Entries at the even indices 0..1198: holes of one index at every odd index below 1199.
    for (let i = 0; i < 600; i++) store(t, 2 * i, 2 * i, i);
    expect(mt_height(t)).toBeGreaterThanOrEqual(3);
    // Erase 700, 702, 704: one hole [699, 705] of 7.
    for (const i of [350, 351, 352]) expect(erase(t, 2 * i)).toBe(i);
    const mas = MA_STATE(t);
    expect(mas_empty_area(mas, 0, 1198, 2)).toBe(0);
    expect([mas.index, mas.last]).toEqual([699, 700]);
    expect(mas_empty_area(mas, 0, 1198, 7)).toBe(0);
    expect([mas.index, mas.last]).toEqual([699, 705]);
    expect(mas_empty_area(mas, 0, 1198, 8)).toBe(-EBUSY);
    expect(mas_empty_area_rev(mas, 0, 1198, 2)).toBe(0);
    expect([mas.index, mas.last]).toEqual([704, 705]);
    expect(mas_empty_area_rev(mas, 0, 1198, 1)).toBe(0);
    expect([mas.index, mas.last]).toEqual([1197, 1197]);
    expect(mas_empty_area(mas, 0, MAX, 8)).toBe(0);
    expect([mas.index, mas.last]).toEqual([1199, 1206]);
    // Fill the big hole; then only the tail fits 2.
    mas_empty_area(mas, 0, 1198, 7);
    expect(mas_store_gfp(mas, 'plug')).toBe(0);
    mt_validate(t);
    expect(mas_empty_area(mas, 0, MAX, 2)).toBe(0);
    expect([mas.index, mas.last]).toEqual([1199, 1200]);
    expect(mas_empty_area(mas, 0, 1198, 2)).toBe(-EBUSY);
  });
});
