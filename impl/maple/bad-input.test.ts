/**
 * Bad input never changes the tree (docs/semantics.md, "Errors").
 *
 * Every bad index (negative, fractional, NaN, +-Infinity, past MAX_INDEX, not a number), every
 * reversed range (index > last), every bad size, and every reserved value (XA_ZERO_ENTRY,
 * XA_RETRY_ENTRY, a stray MapleNode, the tree's own nodes) is given to each call that takes it:
 * - errno-returning calls (mtree_store_range, mtree_store, mtree_insert_range, mtree_insert,
 *   mtree_alloc_range, mtree_alloc_rrange, mas_store_gfp, mas_empty_area{,_rev}) return -EINVAL;
 * - entry-returning calls (mtree_load, mtree_erase, mt_find, mt_find_after, mt_for_each) throw
 *   MapleInputError (errno -EINVAL);
 * - maple-state calls (mas_find and friends with a bad limit, mas_set{,_range}, mas_store,
 *   mas_erase) return null and put the state in error status with -EINVAL.
 * Each combination is its own test case, on a plain and on an MT_FLAGS_ALLOC_RANGE tree of height
 * >= 2; each compares the full entry list (mt_for_each), mt_dump, the height and the node
 * allocator's counts before and after, and runs mt_validate.
 */
import { describe, expect, it } from 'vitest';
import { EINVAL } from '../errno.js';
import {
  MAX_INDEX,
  MA_STATE,
  MT_FLAGS_ALLOC_RANGE,
  MapleInputError,
  MapleNode,
  XA_RETRY_ENTRY,
  XA_ZERO_ENTRY,
  mas_empty_area,
  mas_empty_area_rev,
  mas_erase,
  mas_is_err,
  mas_preallocate,
  mas_store_prealloc,
  mas_find,
  mas_find_range,
  mas_find_range_rev,
  mas_find_rev,
  mas_next,
  mas_next_range,
  mas_prev,
  mas_prev_range,
  mas_reset,
  mas_set,
  mas_set_range,
  mas_store,
  mas_store_gfp,
  mas_walk,
  mt_dump,
  mt_find,
  mt_find_after,
  mt_for_each,
  mt_height,
  mt_init_flags,
  mt_validate,
  mtree_alloc_range,
  mtree_alloc_rrange,
  mtree_erase,
  mtree_insert,
  mtree_insert_range,
  mtree_load,
  mtree_store,
  mtree_store_range,
  type MaState,
  type MapleTree,
} from './index.js';
import { FLAVOURS } from './test-helpers.js';

const MAX = MAX_INDEX;

/**
 * Entries [10i, 10i + 5] = `e${i}` for i = 1..10, plus [0, 0] and [MAX, MAX]: height >= 2, with
 * empty ranges [6, 9], [16, 19], ... between entries.
 */
function deepTree(flags: number): MapleTree {
  const t = mt_init_flags(flags);
  const put = (first: number, last: number, entry: unknown): void => {
    expect(mtree_store_range(t, first, last, entry)).toBe(0);
    mt_validate(t);
  };
  put(0, 0, 'zero');
  for (let i = 1; i <= 10; i++) put(i * 10, i * 10 + 5, `e${i}`);
  put(MAX, MAX, 'max');
  expect(mt_height(t)).toBeGreaterThanOrEqual(2);
  return t;
}

function snapshot(t: MapleTree) {
  return {
    entries: [...mt_for_each(t)],
    dump: mt_dump(t),
    height: mt_height(t),
    root: t.root,
    allocated: t.allocator.allocated,
    freed: t.allocator.freed,
    live: t.allocator.live,
  };
}

/** Runs `call` on a fresh deep tree and checks the tree is exactly as before. */
function unchangedBy(flags: number, call: (t: MapleTree) => void): void {
  const t = deepTree(flags);
  const before = snapshot(t);
  call(t);
  mt_validate(t);
  expect(snapshot(t)).toEqual(before);
}

function expectInputError(fn: () => unknown): void {
  let thrown: unknown = null;
  try {
    fn();
  } catch (err) {
    thrown = err;
  }
  expect(thrown).toBeInstanceOf(MapleInputError);
  expect((thrown as MapleInputError).errno).toBe(-EINVAL);
}

/** A maple state on the empty range [1, 9] (walked from 5), status active, for the state calls. */
function stateAt(t: MapleTree): MaState {
  const mas = MA_STATE(t, 5, 5);
  expect(mas_walk(mas)).toBeNull(); // [1, 9] is empty: index/last become [1, 9], status active
  return mas;
}

function expectStateError(mas: MaState, index: number, last: number): void {
  expect([mas.status, mas.error, mas.index, mas.last]).toEqual(['error', -EINVAL, index, last]);
}

interface Bad {
  label: string;
  value: unknown;
}

const BAD_INDICES: Bad[] = [
  { label: '-1', value: -1 },
  { label: '-MAX_INDEX', value: -MAX },
  { label: '0.5', value: 0.5 },
  { label: '-0.5', value: -0.5 },
  { label: '10.25', value: 10.25 },
  { label: 'NaN', value: NaN },
  { label: 'Infinity', value: Infinity },
  { label: '-Infinity', value: -Infinity },
  { label: 'MAX_INDEX + 1 (2^53)', value: MAX + 1 },
  { label: '2^64', value: 2 ** 64 },
  { label: "the string '7'", value: '7' },
  { label: 'null', value: null },
  { label: 'a bigint 7n', value: 7n },
];

const BAD_SIZES: Bad[] = [
  { label: '0', value: 0 },
  { label: '-1', value: -1 },
  { label: '0.5', value: 0.5 },
  { label: '1.5', value: 1.5 },
  { label: 'NaN', value: NaN },
  { label: 'Infinity', value: Infinity },
  { label: '-Infinity', value: -Infinity },
  { label: '2^53 + 2 (more than the index space)', value: 2 ** 53 + 2 },
  { label: "the string '1'", value: '1' },
];

interface Reserved {
  label: string;
  value: (t: MapleTree) => unknown;
}

const RESERVED: Reserved[] = [
  { label: 'XA_ZERO_ENTRY', value: () => XA_ZERO_ENTRY },
  { label: 'XA_RETRY_ENTRY', value: () => XA_RETRY_ENTRY },
  { label: 'a stray MapleNode', value: () => new MapleNode() },
  { label: "the tree's own root node", value: (t) => t.root },
  { label: 'a leaf of the tree', value: (t) => (t.root as MapleNode).slots[0] },
];

/** `x` is the bad value; the calls are written so that every other argument is good. */
type ErrnoCall = [string, (t: MapleTree, x: number) => number];

const box = () => ({ start: -1 });

/** Checks that a state call left the state in error on [index, last]; passes `ret` through. */
function masErrno(mas: MaState, ret: number, index: number, last: number): number {
  expectStateError(mas, index, last);
  return ret;
}

const INDEX_ERRNO_CALLS: ErrnoCall[] = [
  ['mtree_store_range(x, 100)', (t, x) => mtree_store_range(t, x, 100, 'new')],
  ['mtree_store_range(7, x)', (t, x) => mtree_store_range(t, 7, x, 'new')],
  ['mtree_store_range(x, x)', (t, x) => mtree_store_range(t, x, x, 'new')],
  ['mtree_store_range(x, 100, null)', (t, x) => mtree_store_range(t, x, 100, null)],
  ['mtree_store(x)', (t, x) => mtree_store(t, x, 'new')],
  ['mtree_store(x, null)', (t, x) => mtree_store(t, x, null)],
  ['mtree_insert_range(x, 8)', (t, x) => mtree_insert_range(t, x, 8, 'new')],
  ['mtree_insert_range(7, x)', (t, x) => mtree_insert_range(t, 7, x, 'new')],
  ['mtree_insert(x)', (t, x) => mtree_insert(t, x, 'new')],
  [
    'mtree_alloc_range(size 1, min x)',
    (t, x) => {
      const b = box();
      const ret = mtree_alloc_range(t, b, 'new', 1, x, MAX);
      expect(b.start).toBe(-1);
      return ret;
    },
  ],
  [
    'mtree_alloc_range(size 1, max x)',
    (t, x) => {
      const b = box();
      const ret = mtree_alloc_range(t, b, 'new', 1, 0, x);
      expect(b.start).toBe(-1);
      return ret;
    },
  ],
  [
    'mtree_alloc_rrange(size 1, min x)',
    (t, x) => {
      const b = box();
      const ret = mtree_alloc_rrange(t, b, 'new', 1, x, MAX);
      expect(b.start).toBe(-1);
      return ret;
    },
  ],
  [
    'mtree_alloc_rrange(size 1, max x)',
    (t, x) => {
      const b = box();
      const ret = mtree_alloc_rrange(t, b, 'new', 1, 0, x);
      expect(b.start).toBe(-1);
      return ret;
    },
  ],
  [
    'mas_store_gfp with index x',
    (t, x) => {
      const mas = MA_STATE(t, 7, 8);
      mas.index = x;
      return masErrno(mas, mas_store_gfp(mas, 'new'), x, 8);
    },
  ],
  [
    'mas_store_gfp with last x',
    (t, x) => {
      const mas = MA_STATE(t, 7, 8);
      mas.last = x;
      return masErrno(mas, mas_store_gfp(mas, 'new'), 7, x);
    },
  ],
  [
    'mas_store_gfp(null) with index x',
    (t, x) => {
      const mas = MA_STATE(t, 7, 8);
      mas.index = x;
      return masErrno(mas, mas_store_gfp(mas, null), x, 8);
    },
  ],
  [
    'mas_empty_area(min x)',
    (t, x) => {
      const mas = stateAt(t);
      const ret = mas_empty_area(mas, x, MAX, 1);
      expect([mas.status, mas.index, mas.last]).toEqual(['active', 1, 9]);
      return ret;
    },
  ],
  [
    'mas_empty_area_rev(max x)',
    (t, x) => {
      const mas = stateAt(t);
      const ret = mas_empty_area_rev(mas, 0, x, 1);
      expect([mas.status, mas.index, mas.last]).toEqual(['active', 1, 9]);
      return ret;
    },
  ],
];

/** Calls that must throw MapleInputError for a bad `x`. */
type ThrowingCall = [string, (t: MapleTree, x: number) => unknown];

const INDEX_THROWING_CALLS: ThrowingCall[] = [
  ['mtree_load(x)', (t, x) => mtree_load(t, x)],
  ['mtree_erase(x)', (t, x) => mtree_erase(t, x)],
  [
    'mt_find({ index: x }, MAX)',
    (t, x) => {
      const b = { index: x };
      try {
        return mt_find(t, b, MAX);
      } finally {
        expect(b.index).toBe(x);
      }
    },
  ],
  [
    'mt_find({ index: 0 }, x)',
    (t, x) => {
      const b = { index: 0 };
      try {
        return mt_find(t, b, x);
      } finally {
        expect(b.index).toBe(0);
      }
    },
  ],
  ['mt_find_after({ index: x }, MAX)', (t, x) => mt_find_after(t, { index: x }, MAX)],
  ['mt_find_after({ index: 5 }, x)', (t, x) => mt_find_after(t, { index: 5 }, x)],
  ['mt_for_each(start x)', (t, x) => [...mt_for_each(t, x)]],
  ['mt_for_each(max x)', (t, x) => [...mt_for_each(t, 0, x)]],
];

/** Maple-state searches with a bad limit: null, status error, index and last unchanged. */
const LIMIT_CALLS: Array<[string, (mas: MaState, x: number) => unknown]> = [
  ['mas_find(x)', mas_find],
  ['mas_next(x)', mas_next],
  ['mas_find_range(x)', mas_find_range],
  ['mas_next_range(x)', mas_next_range],
  ['mas_find_rev(x)', mas_find_rev],
  ['mas_prev(x)', mas_prev],
  ['mas_find_range_rev(x)', mas_find_range_rev],
  ['mas_prev_range(x)', mas_prev_range],
];

/** Reversed ranges (index > last) and windows too small for their size. */
const REVERSED_CALLS: ErrnoCall[] = [
  ['mtree_store_range(101, 100)', (t) => mtree_store_range(t, 101, 100, 'new')],
  ['mtree_store_range(MAX, MAX - 1)', (t) => mtree_store_range(t, MAX, MAX - 1, 'new')],
  ['mtree_store_range(1, 0, null)', (t) => mtree_store_range(t, 1, 0, null)],
  ['mtree_insert_range(9, 6)', (t) => mtree_insert_range(t, 9, 6, 'new')],
  ['mtree_insert_range(MAX, 0)', (t) => mtree_insert_range(t, MAX, 0, 'new')],
  ['mtree_alloc_range(min 100 > max 99)', (t) => mtree_alloc_range(t, box(), 'new', 1, 100, 99)],
  ['mtree_alloc_rrange(min 100 > max 99)', (t) => mtree_alloc_rrange(t, box(), 'new', 1, 100, 99)],
  ['mtree_alloc_range(size 4 in [6, 8])', (t) => mtree_alloc_range(t, box(), 'new', 4, 6, 8)],
  ['mtree_alloc_rrange(size 4 in [6, 8])', (t) => mtree_alloc_rrange(t, box(), 'new', 4, 6, 8)],
  ['mtree_alloc_range(size 2 in [MAX, MAX])', (t) => mtree_alloc_range(t, box(), 'new', 2, MAX, MAX)],
  ['mtree_alloc_rrange(size 2^53 in [1, MAX])', (t) => mtree_alloc_rrange(t, box(), 'new', MAX + 1, 1, MAX)],
  [
    'mas_store_gfp over [9, 6]',
    (t) => {
      const mas = MA_STATE(t, 9, 6);
      return masErrno(mas, mas_store_gfp(mas, 'new'), 9, 6);
    },
  ],
  [
    'mas_empty_area(min 9 > max 6)',
    (t) => {
      const mas = stateAt(t);
      const ret = mas_empty_area(mas, 9, 6, 1);
      expect([mas.status, mas.index, mas.last]).toEqual(['active', 1, 9]);
      return ret;
    },
  ],
  [
    'mas_empty_area_rev(size 5 in [6, 9])',
    (t) => {
      const mas = stateAt(t);
      const ret = mas_empty_area_rev(mas, 6, 9, 5);
      expect([mas.status, mas.index, mas.last]).toEqual(['active', 1, 9]);
      return ret;
    },
  ],
];

type SizeCall = [string, (t: MapleTree, size: number) => number];

const SIZE_CALLS: SizeCall[] = [
  [
    'mtree_alloc_range(size x)',
    (t, size) => {
      const b = box();
      const ret = mtree_alloc_range(t, b, 'new', size, 0, MAX);
      expect(b.start).toBe(-1);
      return ret;
    },
  ],
  ['mtree_alloc_rrange(size x)', (t, size) => mtree_alloc_rrange(t, box(), 'new', size, 0, MAX)],
  [
    'mas_empty_area(size x)',
    (t, size) => {
      const mas = stateAt(t);
      const ret = mas_empty_area(mas, 0, MAX, size);
      expect([mas.status, mas.index, mas.last]).toEqual(['active', 1, 9]);
      return ret;
    },
  ],
  [
    'mas_empty_area_rev(size x)',
    (t, size) => {
      const mas = stateAt(t);
      const ret = mas_empty_area_rev(mas, 0, MAX, size);
      expect([mas.status, mas.index, mas.last]).toEqual(['active', 1, 9]);
      return ret;
    },
  ],
];

type ReservedCall = [string, (t: MapleTree, value: unknown) => unknown];

/** Calls storing a reserved value; each checks its own result. */
const RESERVED_CALLS: ReservedCall[] = [
  ['mtree_store_range over an empty range', (t, v) => expect(mtree_store_range(t, 6, 9, v)).toBe(-EINVAL)],
  ['mtree_store_range over entries', (t, v) => expect(mtree_store_range(t, 12, 44, v)).toBe(-EINVAL)],
  ['mtree_store_range over [0, MAX]', (t, v) => expect(mtree_store_range(t, 0, MAX, v)).toBe(-EINVAL)],
  ['mtree_store at 0', (t, v) => expect(mtree_store(t, 0, v)).toBe(-EINVAL)],
  ['mtree_store at 7', (t, v) => expect(mtree_store(t, 7, v)).toBe(-EINVAL)],
  ['mtree_insert_range over an empty range', (t, v) => expect(mtree_insert_range(t, 6, 9, v)).toBe(-EINVAL)],
  ['mtree_insert_range over an entry', (t, v) => expect(mtree_insert_range(t, 10, 15, v)).toBe(-EINVAL)],
  ['mtree_insert at 7', (t, v) => expect(mtree_insert(t, 7, v)).toBe(-EINVAL)],
  [
    'mtree_alloc_range',
    (t, v) => {
      const b = box();
      expect(mtree_alloc_range(t, b, v, 1, 0, MAX)).toBe(-EINVAL);
      expect(b.start).toBe(-1);
    },
  ],
  ['mtree_alloc_rrange', (t, v) => expect(mtree_alloc_rrange(t, box(), v, 1, 0, MAX)).toBe(-EINVAL)],
  [
    'mas_store_gfp over [6, 9]',
    (t, v) => {
      const mas = MA_STATE(t, 6, 9);
      expect(mas_store_gfp(mas, v)).toBe(-EINVAL);
      expectStateError(mas, 6, 9);
    },
  ],
  [
    'mas_store_gfp over the entry [10, 15]',
    (t, v) => {
      const mas = MA_STATE(t, 10, 15);
      expect(mas_store_gfp(mas, v)).toBe(-EINVAL);
      expectStateError(mas, 10, 15);
    },
  ],
  [
    'mas_store over the entry [10, 15]',
    (t, v) => {
      const mas = MA_STATE(t, 10, 15);
      expect(mas_store(mas, v)).toBeNull();
      expectStateError(mas, 10, 15);
    },
  ],
];

function cross<A extends [string, unknown], B extends { label: string }>(calls: A[], values: B[]): Array<{ name: string; call: A[1]; bad: B }> {
  return calls.flatMap(([callName, call]) => values.map((bad) => ({ name: `${callName} with x = ${bad.label}`, call: call as A[1], bad })));
}

describe.each(FLAVOURS)('bad input on a %s tree of height >= 2', (_name, flags) => {
  describe('bad indices to errno-returning calls give -EINVAL', () => {
    it.each(cross(INDEX_ERRNO_CALLS, BAD_INDICES))('$name', ({ call, bad }) => {
      unchangedBy(flags, (t) => expect(call(t, bad.value as number)).toBe(-EINVAL));
    });
  });

  describe('bad indices to entry-returning calls throw MapleInputError', () => {
    it.each(cross(INDEX_THROWING_CALLS, BAD_INDICES))('$name', ({ call, bad }) => {
      unchangedBy(flags, (t) => expectInputError(() => call(t, bad.value as number)));
    });
  });

  describe('bad limits to maple-state searches give null and status error', () => {
    it.each(cross(LIMIT_CALLS, BAD_INDICES))('$name', ({ call, bad }) => {
      unchangedBy(flags, (t) => {
        const mas = stateAt(t);
        expect(call(mas, bad.value as number)).toBeNull();
        expectStateError(mas, 1, 9);
      });
    });
  });

  describe('bad indices to mas_set, mas_set_range and mas_erase put the state in error', () => {
    // Each call returns the [index, last] the state must keep.
    // mas_set and mas_set_range keep the bad range, so a store that follows refuses it.
    const calls: Array<[string, (mas: MaState, x: number) => [number, number]]> = [
      ['mas_set(x)', (mas, x) => (mas_set(mas, x), [x, x])],
      ['mas_set_range(x, 12)', (mas, x) => (mas_set_range(mas, x, 12), [x, 12])],
      ['mas_set_range(3, x)', (mas, x) => (mas_set_range(mas, 3, x), [3, x])],
      [
        'mas_erase with index x',
        (mas, x) => {
          mas.index = x;
          expect(mas_erase(mas)).toBeNull();
          return [x, 9];
        },
      ],
    ];
    it.each(cross(calls, BAD_INDICES))('$name', ({ call, bad }) => {
      unchangedBy(flags, (t) => {
        const mas = stateAt(t);
        const [index, last] = call(mas, bad.value as number);
        expectStateError(mas, index, last);
      });
    });
  });

  describe('a store after a bad mas_set_range refuses the bad range, never the one held before', () => {
    const stores: Array<[string, (mas: MaState) => unknown, unknown]> = [
      ['mas_store_gfp', (mas) => mas_store_gfp(mas, 'v'), -EINVAL],
      ['mas_store', (mas) => mas_store(mas, 'v'), null],
      ['mas_preallocate', (mas) => mas_preallocate(mas, 'v'), -EINVAL],
      ['mas_store_prealloc', (mas) => mas_store_prealloc(mas, 'v'), -EINVAL],
    ];
    it.each(stores)('%s after mas_set_range(9, 3)', (_name, store, refused) => {
      unchangedBy(flags, (t) => {
        const mas = stateAt(t);
        mas_set_range(mas, 9, 3);
        expect(store(mas)).toBe(refused);
        expect(mas_is_err(mas)).toBe(true);
      });
    });
  });

  describe('reversed ranges and windows smaller than the size give -EINVAL', () => {
    it.each(REVERSED_CALLS.map(([name, call]) => ({ name, call })))('$name', ({ call }) => {
      unchangedBy(flags, (t) => expect(call(t, 0)).toBe(-EINVAL));
    });
  });

  describe('bad sizes give -EINVAL', () => {
    it.each(cross(SIZE_CALLS, BAD_SIZES))('$name', ({ call, bad }) => {
      unchangedBy(flags, (t) => expect(call(t, bad.value as number)).toBe(-EINVAL));
    });
  });

  describe('reserved values are refused', () => {
    it.each(cross(RESERVED_CALLS, RESERVED))('$name', ({ call, bad }) => {
      unchangedBy(flags, (t) => {
        call(t, bad.value(t));
      });
    });
  });

  describe('what bad input is not', () => {
    it('-0 is index 0', () => {
      const t = deepTree(flags);
      expect(mtree_load(t, -0)).toBe('zero');
      expect(mtree_store(t, -0, 'minus zero')).toBe(0);
      mt_validate(t);
      expect(mtree_load(t, 0)).toBe('minus zero');
      const b = { index: -0 };
      expect(mt_find(t, b, MAX)).toBe('minus zero');
      expect(b.index).toBe(1);
      expect(mtree_erase(t, -0)).toBe('minus zero');
      mt_validate(t);
      expect(mtree_load(t, 0)).toBeNull();
    });

    it('undefined as an entry means empty, not bad input', () => {
      const t = deepTree(flags);
      expect(mtree_store_range(t, 10, 15, undefined)).toBe(0);
      mt_validate(t);
      expect(mtree_load(t, 12)).toBeNull();
      expect(mtree_insert_range(t, 6, 19, undefined)).toBe(0);
      mt_validate(t);
    });

    it('a state in error status returns null from walks until it is reset, but still writes', () => {
      const t = deepTree(flags);
      const mas = MA_STATE(t, 10);
      expect(mas_find(mas, NaN)).toBeNull();
      expectStateError(mas, 10, 10);
      expect(mas_next(mas, MAX)).toBeNull();
      expect(mas_prev(mas, 0)).toBeNull();
      expect(mas_walk(mas)).toBeNull();
      expectStateError(mas, 10, 10);
      mas_reset(mas);
      expect(mas_find(mas, MAX)).toBe('e1');
      expect(mas_find(mas, Infinity)).toBeNull();
      expect(mas.status).toBe('error');
      // Writes work from index and last whatever the status.
      expect(mas_store_gfp(mas, 'written')).toBe(0);
      mt_validate(t);
      expect([mas.status, mas.index, mas.last]).toEqual(['active', 10, 15]);
      expect(mtree_load(t, 12)).toBe('written');
    });
  });
});
