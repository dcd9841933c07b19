/**
 * Example tests of ModelCursor against docs/semantics.md ("Advanced API: the maple state" and
 * "Empty-area search"): starting points, found-if conditions, overflow/underflow, error
 * stickiness, positions after writes, and the -EINVAL / -EBUSY paths.
 *
 * `state(c)` snapshots the four observable fields so each test states the whole cursor exactly.
 */
import { describe, it, expect } from 'vitest';
import {
  EBUSY,
  EINVAL,
  IntervalMap,
  MODEL_MAX_INDEX as MAX,
  ModelCursor,
  ModelInputError,
  type ModelStatus,
} from './index.js';

const A = { name: 'A' };
const B = { name: 'B' };
const C = { name: 'C' };
const RESERVED = { name: 'XA_ZERO_ENTRY' };
const isReserved = (v: unknown): boolean => v === RESERVED;

const BAD_INDICES: number[] = [
  -1,
  0.5,
  NaN,
  Infinity,
  -Infinity,
  MAX + 1,
  2 ** 53,
  '1' as unknown as number,
  undefined as unknown as number,
];

interface State {
  index: number;
  last: number;
  status: ModelStatus;
  error: number;
}

function state(c: ModelCursor): State {
  return { index: c.index, last: c.last, status: c.status, error: c.error };
}

function st(index: number, last: number, status: ModelStatus, error = 0): State {
  return { index, last, status, error };
}

/** A map holding [10,19]=A, [30,39]=B, [40,49]=C (B and C adjacent). */
function sample(): IntervalMap {
  const m = new IntervalMap({ isReserved });
  m.storeRange(10, 19, A);
  m.storeRange(30, 39, B);
  m.storeRange(40, 49, C);
  return m;
}

/** A cursor on `m` in the error status (error -EINVAL) at [index, last]. */
function errored(m: IntervalMap, index: number, last = index): ModelCursor {
  const c = new ModelCursor(m, index, last);
  c.find(-1); // a bad limit: status error, index and last kept (a bad set would keep the bad range)
  expect(state(c)).toEqual(st(index, last, 'error', -EINVAL));
  return c;
}

describe('construction and positioning', () => {
  it('starts at [index, last] in status start', () => {
    const m = sample();
    expect(state(new ModelCursor(m))).toEqual(st(0, 0, 'start'));
    expect(state(new ModelCursor(m, 7))).toEqual(st(7, 7, 'start'));
    expect(state(new ModelCursor(m, 7, MAX))).toEqual(st(7, MAX, 'start'));
    expect(Object.is(new ModelCursor(m, -0).index, 0)).toBe(true);
  });

  it('throws ModelInputError on a bad constructor range', () => {
    const m = sample();
    // (undefined is left out: it selects the parameter defaults, as in any JS call.)
    for (const bad of BAD_INDICES.filter((x) => x !== undefined)) {
      expect(() => new ModelCursor(m, bad)).toThrow(ModelInputError);
      expect(() => new ModelCursor(m, 0, bad)).toThrow(ModelInputError);
    }
    expect(() => new ModelCursor(m, 5, 4)).toThrow(ModelInputError);
  });

  it('set / setRange set index, last and status start, clearing an error', () => {
    const m = sample();
    const c = errored(m, 3);
    c.set(12);
    expect(state(c)).toEqual(st(12, 12, 'start'));
    c.setRange(5, MAX);
    expect(state(c)).toEqual(st(5, MAX, 'start'));
    c.setRange(0, 0);
    expect(state(c)).toEqual(st(0, 0, 'start'));
  });

  it('bad set / setRange input sets status error (-EINVAL) and keeps the bad range, which a write then refuses', () => {
    const m = sample();
    const c = new ModelCursor(m, 4, 8);
    for (const bad of BAD_INDICES) {
      c.setRange(4, 8);
      c.set(bad);
      expect(state(c)).toEqual(st(bad, bad, 'error', -EINVAL));
      c.setRange(bad, 8);
      expect(state(c)).toEqual(st(bad, 8, 'error', -EINVAL));
      c.setRange(0, bad);
      expect(state(c)).toEqual(st(0, bad, 'error', -EINVAL));
    }
    const before = m.ranges();
    c.setRange(9, 8);
    expect(state(c)).toEqual(st(9, 8, 'error', -EINVAL));
    expect(c.storeGfp('x')).toBe(-EINVAL);
    expect(m.ranges()).toEqual(before);
  });

  it('reset sets start and keeps index and last', () => {
    const m = sample();
    const c = errored(m, 3, 9);
    c.reset();
    expect(state(c)).toEqual(st(3, 9, 'start'));
  });

  it('pause turns active into pause and leaves every other status alone', () => {
    const m = sample();
    const c = new ModelCursor(m, 15);
    c.pause();
    expect(c.status).toBe('start');
    c.walk();
    c.pause();
    expect(state(c)).toEqual(st(10, 19, 'pause'));
    c.next(MAX);
    c.next(MAX);
    c.next(MAX);
    expect(c.status).toBe('overflow');
    c.pause();
    expect(c.status).toBe('overflow');
    const e = errored(m, 1);
    e.pause();
    expect(state(e)).toEqual(st(1, 1, 'error', -EINVAL));
  });
});

describe('walk', () => {
  it('returns the entry at index and takes its range, status active', () => {
    const m = sample();
    const c = new ModelCursor(m, 15);
    expect(c.walk()).toBe(A);
    expect(state(c)).toEqual(st(10, 19, 'active'));
  });

  it('returns null on an empty index and takes the maximal empty range', () => {
    const m = sample();
    const c = new ModelCursor(m, 25, 27);
    expect(c.walk()).toBeNull();
    expect(state(c)).toEqual(st(20, 29, 'active'));
    c.set(MAX);
    expect(c.walk()).toBeNull();
    expect(state(c)).toEqual(st(50, MAX, 'active'));
    const empty = new ModelCursor(new IntervalMap());
    expect(empty.walk()).toBeNull();
    expect(state(empty)).toEqual(st(0, MAX, 'active'));
  });

  it('works from index whatever the non-error status', () => {
    const m = sample();
    const c = new ModelCursor(m, 45);
    c.find(MAX);
    c.find(MAX);
    c.find(MAX); // ran off the end: overflow at [40,49]
    expect(state(c)).toEqual(st(40, 49, 'overflow'));
    expect(c.walk()).toBe(C);
    expect(state(c)).toEqual(st(40, 49, 'active'));
  });

  it('returns null and changes nothing in the error status', () => {
    const m = sample();
    const c = errored(m, 15);
    expect(c.walk()).toBeNull();
    expect(state(c)).toEqual(st(15, 15, 'error', -EINVAL));
  });
});

describe('find (mas_find)', () => {
  it('from start counts the range at index and reports the full range (not clipped)', () => {
    const m = sample();
    const c = new ModelCursor(m, 15);
    expect(c.find(16)).toBe(A);
    expect(state(c)).toEqual(st(10, 19, 'active'));
  });

  it('iterates the entries, then overflows leaving index and last unchanged', () => {
    const m = sample();
    const c = new ModelCursor(m, 0);
    expect(c.find(MAX)).toBe(A);
    expect(c.find(MAX)).toBe(B);
    expect(state(c)).toEqual(st(30, 39, 'active'));
    expect(c.find(MAX)).toBe(C);
    expect(state(c)).toEqual(st(40, 49, 'active'));
    expect(c.find(MAX)).toBeNull();
    expect(state(c)).toEqual(st(40, 49, 'overflow'));
    // Overflow continues from the unchanged index and last.
    expect(c.find(MAX)).toBeNull();
    expect(state(c)).toEqual(st(40, 49, 'overflow'));
    m.store(1000, B);
    expect(c.find(MAX)).toBe(B);
    expect(state(c)).toEqual(st(1000, 1000, 'active'));
  });

  it('is found only if max(first, p) <= max', () => {
    const m = sample();
    const c = new ModelCursor(m, 20);
    expect(c.find(29)).toBeNull(); // B starts at 30 > 29
    expect(state(c)).toEqual(st(20, 20, 'overflow'));
    c.set(20);
    expect(c.find(30)).toBe(B); // first == max counts
    expect(state(c)).toEqual(st(30, 39, 'active'));
    c.set(15);
    expect(c.find(14)).toBeNull(); // A starts at 10 <= 14 but p = 15 > 14
    expect(state(c)).toEqual(st(15, 15, 'overflow'));
    c.set(15);
    expect(c.find(15)).toBe(A);
  });

  it('continues from last + 1 after active and pause alike', () => {
    const m = sample();
    const c = new ModelCursor(m, 0);
    c.find(MAX);
    c.pause();
    expect(c.find(MAX)).toBe(B);
    c.setRange(5, 35);
    c.walk(); // active at [0,9]
    expect(c.find(MAX)).toBe(A);
  });

  it('finds an entry at MAX_INDEX, then overflows (no p past MAX_INDEX)', () => {
    const m = new IntervalMap();
    m.store(MAX, A);
    const c = new ModelCursor(m, 0);
    expect(c.find(MAX)).toBe(A);
    expect(state(c)).toEqual(st(MAX, MAX, 'active'));
    expect(c.find(MAX)).toBeNull();
    expect(state(c)).toEqual(st(MAX, MAX, 'overflow'));
  });

  it('a bad max sets error -EINVAL and returns null; error is sticky until set/reset', () => {
    const m = sample();
    for (const bad of BAD_INDICES) {
      const c = new ModelCursor(m, 12);
      expect(c.find(bad)).toBeNull();
      expect(state(c)).toEqual(st(12, 12, 'error', -EINVAL));
      expect(c.find(MAX)).toBeNull();
      expect(c.next(MAX)).toBeNull();
      expect(c.findRange(MAX)).toBeNull();
      expect(c.nextRange(MAX)).toBeNull();
      expect(c.findRev(0)).toBeNull();
      expect(c.prev(0)).toBeNull();
      expect(c.findRangeRev(0)).toBeNull();
      expect(c.prevRange(0)).toBeNull();
      expect(state(c)).toEqual(st(12, 12, 'error', -EINVAL));
      c.reset();
      expect(c.find(MAX)).toBe(A);
    }
  });

  it('keeps the original errno when a sticky error meets another bad limit', () => {
    const m = new IntervalMap();
    m.store(0, A);
    const c = new ModelCursor(m);
    expect(c.emptyArea(0, 0, 1)).toBe(-EBUSY);
    expect(c.find(-1)).toBeNull();
    expect(state(c)).toEqual(st(0, 0, 'error', -EBUSY));
  });
});

describe('next (mas_next)', () => {
  it('from start begins one past the range at index', () => {
    const m = sample();
    const c = new ModelCursor(m, 15); // inside A
    expect(c.next(MAX)).toBe(B);
    expect(state(c)).toEqual(st(30, 39, 'active'));
    c.set(5); // inside the empty [0,9]: p = 10
    expect(c.next(MAX)).toBe(A);
    expect(state(c)).toEqual(st(10, 19, 'active'));
    c.set(5);
    expect(c.next(9)).toBeNull();
    expect(state(c)).toEqual(st(5, 5, 'overflow'));
  });

  it('from start overflows when the range at index ends at MAX_INDEX', () => {
    const c = new ModelCursor(new IntervalMap(), 0);
    expect(c.next(MAX)).toBeNull();
    expect(state(c)).toEqual(st(0, 0, 'overflow'));
    const m = sample();
    const d = new ModelCursor(m, 60);
    expect(d.next(MAX)).toBeNull();
    expect(state(d)).toEqual(st(60, 60, 'overflow'));
  });

  it('walks adjacent entries and overflows at the end', () => {
    const m = sample();
    const c = new ModelCursor(m, 0);
    expect(c.next(MAX)).toBe(A);
    expect(c.next(MAX)).toBe(B);
    expect(c.next(MAX)).toBe(C);
    expect(c.next(MAX)).toBeNull();
    expect(state(c)).toEqual(st(40, 49, 'overflow'));
  });

  it('overflows from an active state whose last is MAX_INDEX', () => {
    const m = new IntervalMap();
    m.storeRange(5, MAX, A);
    const c = new ModelCursor(m, 7);
    expect(c.walk()).toBe(A);
    expect(c.next(MAX)).toBeNull();
    expect(state(c)).toEqual(st(5, MAX, 'overflow'));
  });

  it('a bad max sets error', () => {
    const c = new ModelCursor(sample(), 0);
    expect(c.next(NaN)).toBeNull();
    expect(state(c)).toEqual(st(0, 0, 'error', -EINVAL));
  });
});

describe('findRange / nextRange (mas_find_range, mas_next_range)', () => {
  it('visits every range of the partition, empty ones included, then overflows', () => {
    const m = sample();
    const c = new ModelCursor(m, 5);
    const seen: Array<[number, number, unknown]> = [];
    for (;;) {
      const v = c.findRange(MAX);
      if (c.status !== 'active') break;
      seen.push([c.index, c.last, v]);
    }
    expect(seen).toEqual([
      [0, 9, null],
      [10, 19, A],
      [20, 29, null],
      [30, 39, B],
      [40, 49, C],
      [50, MAX, null],
    ]);
    expect(state(c)).toEqual(st(50, MAX, 'overflow'));
  });

  it('is found only if max(first, p) <= max', () => {
    const m = sample();
    const c = new ModelCursor(m, 25);
    expect(c.findRange(24)).toBeNull(); // p = 25 > 24
    expect(state(c)).toEqual(st(25, 25, 'overflow'));
    c.set(25);
    expect(c.findRange(25)).toBeNull(); // found: the empty [20,29]
    expect(state(c)).toEqual(st(20, 29, 'active'));
    expect(c.findRange(29)).toBeNull(); // p = 30 > 29
    expect(state(c)).toEqual(st(20, 29, 'overflow'));
    expect(c.findRange(30)).toBe(B);
    expect(state(c)).toEqual(st(30, 39, 'active'));
  });

  it('nextRange from start begins one past the range at index', () => {
    const m = sample();
    const c = new ModelCursor(m, 5);
    expect(c.nextRange(MAX)).toBe(A);
    expect(state(c)).toEqual(st(10, 19, 'active'));
    expect(c.nextRange(MAX)).toBeNull();
    expect(state(c)).toEqual(st(20, 29, 'active'));
    c.set(60);
    expect(c.nextRange(MAX)).toBeNull();
    expect(state(c)).toEqual(st(60, 60, 'overflow'));
  });

  it('a bad max sets error', () => {
    const c = new ModelCursor(sample(), 0);
    expect(c.findRange(MAX + 1)).toBeNull();
    expect(state(c)).toEqual(st(0, 0, 'error', -EINVAL));
    c.reset();
    expect(c.nextRange(0.5)).toBeNull();
    expect(state(c)).toEqual(st(0, 0, 'error', -EINVAL));
  });
});

describe('findRev / prev (mas_find_rev, mas_prev)', () => {
  it('from start counts the range at index and reports the full range', () => {
    const m = sample();
    const c = new ModelCursor(m, 15);
    expect(c.findRev(12)).toBe(A);
    expect(state(c)).toEqual(st(10, 19, 'active'));
  });

  it('iterates backwards, then underflows leaving index and last unchanged', () => {
    const m = sample();
    const c = new ModelCursor(m, MAX);
    expect(c.findRev(0)).toBe(C);
    expect(c.findRev(0)).toBe(B);
    expect(c.findRev(0)).toBe(A);
    expect(state(c)).toEqual(st(10, 19, 'active'));
    expect(c.findRev(0)).toBeNull();
    expect(state(c)).toEqual(st(10, 19, 'underflow'));
    m.store(3, C);
    expect(c.findRev(0)).toBe(C); // continues from the unchanged index
    expect(state(c)).toEqual(st(3, 3, 'active'));
  });

  it('is found only if min(last, p) >= min', () => {
    const m = sample();
    const c = new ModelCursor(m, 25);
    expect(c.findRev(20)).toBeNull(); // A ends at 19 < 20
    expect(state(c)).toEqual(st(25, 25, 'underflow'));
    c.set(25);
    expect(c.findRev(19)).toBe(A); // last == min counts
    c.set(15);
    expect(c.findRev(16)).toBeNull(); // A ends at 19 >= 16 but p = 15 < 16
    expect(state(c)).toEqual(st(15, 15, 'underflow'));
  });

  it('underflows at index 0', () => {
    const m = new IntervalMap();
    m.store(0, A);
    const c = new ModelCursor(m, 0);
    expect(c.findRev(0)).toBe(A);
    expect(state(c)).toEqual(st(0, 0, 'active'));
    expect(c.findRev(0)).toBeNull();
    expect(state(c)).toEqual(st(0, 0, 'underflow'));
    c.set(0);
    expect(c.prev(0)).toBeNull(); // the range at 0 starts at 0: no p
    expect(state(c)).toEqual(st(0, 0, 'underflow'));
  });

  it('prev from start begins one before the range at index', () => {
    const m = sample();
    const c = new ModelCursor(m, 35); // inside B
    expect(c.prev(0)).toBe(A);
    expect(state(c)).toEqual(st(10, 19, 'active'));
    c.set(45); // inside C, adjacent to B
    expect(c.prev(0)).toBe(B);
    c.set(25); // inside the empty [20,29]: p = 19
    expect(c.prev(0)).toBe(A);
    c.set(5); // the empty [0,9] starts at 0
    expect(c.prev(0)).toBeNull();
    expect(state(c)).toEqual(st(5, 5, 'underflow'));
    const e = new ModelCursor(new IntervalMap(), MAX);
    expect(e.prev(0)).toBeNull();
    expect(state(e)).toEqual(st(MAX, MAX, 'underflow'));
  });

  it('prev walks back to the first entry and underflows', () => {
    const m = sample();
    const c = new ModelCursor(m, MAX);
    expect(c.prev(0)).toBe(C);
    expect(c.prev(0)).toBe(B);
    expect(c.prev(0)).toBe(A);
    expect(c.prev(0)).toBeNull();
    expect(state(c)).toEqual(st(10, 19, 'underflow'));
  });

  it('a bad min sets error -EINVAL, sticky for later searches', () => {
    const m = sample();
    for (const bad of BAD_INDICES) {
      const c = new ModelCursor(m, 35);
      expect(c.findRev(bad)).toBeNull();
      expect(state(c)).toEqual(st(35, 35, 'error', -EINVAL));
      expect(c.prev(0)).toBeNull();
      expect(state(c)).toEqual(st(35, 35, 'error', -EINVAL));
      c.set(35);
      expect(c.prev(bad)).toBeNull();
      expect(state(c)).toEqual(st(35, 35, 'error', -EINVAL));
    }
  });
});

describe('findRangeRev / prevRange (mas_find_range_rev, mas_prev_range)', () => {
  it('visits every range backwards, empty ones included, then underflows', () => {
    const m = sample();
    const c = new ModelCursor(m, MAX);
    const seen: Array<[number, number, unknown]> = [];
    for (;;) {
      const v = c.findRangeRev(0);
      if (c.status !== 'active') break;
      seen.push([c.index, c.last, v]);
    }
    expect(seen).toEqual([
      [50, MAX, null],
      [40, 49, C],
      [30, 39, B],
      [20, 29, null],
      [10, 19, A],
      [0, 9, null],
    ]);
    expect(state(c)).toEqual(st(0, 9, 'underflow'));
  });

  it('is found only if min(last, p) >= min', () => {
    const m = sample();
    const c = new ModelCursor(m, 25);
    expect(c.findRangeRev(26)).toBeNull(); // p = 25 < 26
    expect(state(c)).toEqual(st(25, 25, 'underflow'));
    c.set(25);
    expect(c.findRangeRev(25)).toBeNull(); // found: the empty [20,29]
    expect(state(c)).toEqual(st(20, 29, 'active'));
    expect(c.findRangeRev(20)).toBeNull(); // p = 19 < 20
    expect(state(c)).toEqual(st(20, 29, 'underflow'));
    expect(c.findRangeRev(19)).toBe(A);
    expect(state(c)).toEqual(st(10, 19, 'active'));
  });

  it('prevRange from start begins one before the range at index', () => {
    const m = sample();
    const c = new ModelCursor(m, 35);
    expect(c.prevRange(0)).toBeNull();
    expect(state(c)).toEqual(st(20, 29, 'active'));
    expect(c.prevRange(0)).toBe(A);
    c.set(3);
    expect(c.prevRange(0)).toBeNull();
    expect(state(c)).toEqual(st(3, 3, 'underflow'));
  });

  it('a bad min sets error', () => {
    const c = new ModelCursor(sample(), 5);
    expect(c.prevRange(-Infinity)).toBeNull();
    expect(state(c)).toEqual(st(5, 5, 'error', -EINVAL));
    c.reset();
    expect(c.findRangeRev(NaN)).toBeNull();
    expect(state(c)).toEqual(st(5, 5, 'error', -EINVAL));
  });
});

describe('the map changing under the cursor', () => {
  it('every call works from index, last and status only', () => {
    const m = sample();
    const c = new ModelCursor(m, 0);
    expect(c.find(MAX)).toBe(A); // [10,19]
    m.erase(15);
    m.storeRange(12, 25, B); // overlaps the old range and beyond
    expect(c.find(MAX)).toBe(B); // p = 20 lies inside [12,25]: full range reported
    expect(state(c)).toEqual(st(12, 25, 'active'));
    m.destroy();
    expect(c.prev(0)).toBeNull();
    expect(state(c)).toEqual(st(12, 25, 'underflow'));
  });
});

describe('storeGfp (mas_store_gfp)', () => {
  it('stores over [index, last] and keeps that range, status active', () => {
    const m = sample();
    const c = new ModelCursor(m, 15, 32);
    expect(c.storeGfp(C)).toBe(0);
    expect(state(c)).toEqual(st(15, 32, 'active'));
    expect(m.entries()).toEqual([
      { first: 10, last: 14, value: A },
      { first: 15, last: 32, value: C },
      { first: 33, last: 39, value: B },
      { first: 40, last: 49, value: C },
    ]);
  });

  it('an empty store reports the whole maximal empty range', () => {
    const m = sample();
    const c = new ModelCursor(m, 30, 39);
    expect(c.storeGfp(null)).toBe(0);
    expect(state(c)).toEqual(st(20, 39, 'active'));
    c.setRange(0, 10); // clips A to [11,19]
    expect(c.storeGfp(undefined)).toBe(0);
    expect(state(c)).toEqual(st(0, 10, 'active'));
    c.setRange(11, 19);
    expect(c.storeGfp(null)).toBe(0);
    expect(state(c)).toEqual(st(0, 39, 'active'));
    c.setRange(45, 45); // splits C
    expect(c.storeGfp(null)).toBe(0);
    expect(state(c)).toEqual(st(45, 45, 'active'));
    expect(m.rangeAt(44)).toEqual({ first: 40, last: 44, value: C });
  });

  it('stores ending at MAX_INDEX and over the whole space', () => {
    const m = sample();
    const c = new ModelCursor(m, MAX);
    expect(c.storeGfp(A)).toBe(0);
    expect(state(c)).toEqual(st(MAX, MAX, 'active'));
    c.setRange(0, MAX);
    expect(c.storeGfp(B)).toBe(0);
    expect(m.entries()).toEqual([{ first: 0, last: MAX, value: B }]);
    expect(c.storeGfp(null)).toBe(0);
    expect(state(c)).toEqual(st(0, MAX, 'active'));
    expect(m.size).toBe(0);
  });

  it('works from any status, error included, and clears the error', () => {
    const m = sample();
    const c = errored(m, 22, 24);
    expect(c.storeGfp(A)).toBe(0);
    expect(state(c)).toEqual(st(22, 24, 'active'));
    expect(m.load(23)).toBe(A);
    const o = new ModelCursor(m, 45);
    o.next(MAX); // overflow, index/last stay [45,45]
    expect(o.status).toBe('overflow');
    expect(o.storeGfp(B)).toBe(0);
    expect(state(o)).toEqual(st(45, 45, 'active'));
  });

  it('a reserved entry or a bad range: -EINVAL, status error, map unchanged', () => {
    const m = sample();
    const before = m.entries();
    const c = new ModelCursor(m, 10, 19);
    expect(c.storeGfp(RESERVED)).toBe(-EINVAL);
    expect(state(c)).toEqual(st(10, 19, 'error', -EINVAL));
    c.index = 20; // fields are public: a hand-made bad range is refused
    c.status = 'active';
    expect(c.storeGfp(A)).toBe(-EINVAL);
    expect(state(c)).toEqual(st(20, 19, 'error', -EINVAL));
    c.index = NaN;
    expect(c.storeGfp(A)).toBe(-EINVAL);
    expect(m.entries()).toEqual(before);
  });
});

describe('store (mas_store)', () => {
  it('returns the entry that was at index before', () => {
    const m = sample();
    const c = new ModelCursor(m, 5, 15);
    expect(c.store(B)).toBeNull(); // index 5 was empty, though [10,15] was not
    expect(state(c)).toEqual(st(5, 15, 'active'));
    c.setRange(16, 16);
    expect(c.store(C)).toBe(A);
    c.setRange(5, 5);
    expect(c.store(null)).toBe(B);
    expect(state(c)).toEqual(st(0, 5, 'active'));
    expect(m.rangeAt(6)).toEqual({ first: 6, last: 15, value: B });
  });

  it('a reserved entry: null, status error (-EINVAL), map unchanged', () => {
    const m = sample();
    const before = m.entries();
    const c = new ModelCursor(m, 12);
    expect(c.store(RESERVED)).toBeNull();
    expect(state(c)).toEqual(st(12, 12, 'error', -EINVAL));
    expect(m.entries()).toEqual(before);
    // ...and it is not sticky for writes.
    expect(c.store(B)).toBe(A);
    expect(state(c)).toEqual(st(12, 12, 'active'));
  });
});

describe('erase (mas_erase)', () => {
  it('empties the whole entry at index, reports the maximal empty range and returns it', () => {
    const m = sample();
    const c = new ModelCursor(m, 35);
    expect(c.erase()).toBe(B);
    expect(state(c)).toEqual(st(20, 39, 'active'));
    expect(m.load(30)).toBeNull();
    expect(m.load(40)).toBe(C);
    c.set(40);
    expect(c.erase()).toBe(C);
    expect(state(c)).toEqual(st(20, MAX, 'active'));
  });

  it('on an empty index returns null and takes that empty range', () => {
    const m = sample();
    const before = m.entries();
    const c = new ModelCursor(m, 25, 35);
    expect(c.erase()).toBeNull();
    expect(state(c)).toEqual(st(20, 29, 'active'));
    expect(m.entries()).toEqual(before);
  });

  it('erases entries at 0 and MAX_INDEX', () => {
    const m = new IntervalMap();
    m.store(0, A);
    m.store(MAX, B);
    const c = new ModelCursor(m, 0);
    expect(c.erase()).toBe(A);
    expect(state(c)).toEqual(st(0, MAX - 1, 'active'));
    c.set(MAX);
    expect(c.erase()).toBe(B);
    expect(state(c)).toEqual(st(0, MAX, 'active'));
  });

  it('works from the error status', () => {
    const m = sample();
    const c = errored(m, 12);
    expect(c.erase()).toBe(A);
    expect(state(c)).toEqual(st(0, 29, 'active'));
  });
});

describe('emptyArea / emptyAreaRev (mas_empty_area, mas_empty_area_rev)', () => {
  it('finds the lowest window: index = s, last = s + size - 1, active, 0', () => {
    const m = sample(); // gaps [0,9] [20,29] [50,MAX]
    const c = new ModelCursor(m);
    expect(c.emptyArea(0, MAX, 10)).toBe(0);
    expect(state(c)).toEqual(st(0, 9, 'active'));
    expect(c.emptyArea(0, MAX, 11)).toBe(0);
    expect(state(c)).toEqual(st(50, 60, 'active'));
    expect(c.emptyArea(23, 100, 3)).toBe(0);
    expect(state(c)).toEqual(st(23, 25, 'active'));
    expect(m.size).toBe(3); // a search stores nothing
  });

  it('finds the highest window: last = e, index = e - size + 1', () => {
    const m = sample();
    const c = new ModelCursor(m);
    expect(c.emptyAreaRev(0, MAX, 1)).toBe(0);
    expect(state(c)).toEqual(st(MAX, MAX, 'active'));
    expect(c.emptyAreaRev(0, 49, 10)).toBe(0);
    expect(state(c)).toEqual(st(20, 29, 'active'));
    expect(c.emptyAreaRev(0, 27, 3)).toBe(0);
    expect(state(c)).toEqual(st(25, 27, 'active'));
    expect(c.emptyAreaRev(0, 21, 3)).toBe(0);
    expect(state(c)).toEqual(st(7, 9, 'active'));
  });

  it('a window of 2^53 over an empty map is the whole space', () => {
    const c = new ModelCursor(new IntervalMap(), 5);
    expect(c.emptyArea(0, MAX, 2 ** 53)).toBe(0);
    expect(state(c)).toEqual(st(0, MAX, 'active'));
    c.set(5);
    expect(c.emptyAreaRev(0, MAX, 2 ** 53)).toBe(0);
    expect(state(c)).toEqual(st(0, MAX, 'active'));
  });

  it('none: -EBUSY, status error, index and last unchanged; sticky for walks', () => {
    const m = sample();
    const c = new ModelCursor(m, 3, 4);
    expect(c.emptyArea(10, 19, 1)).toBe(-EBUSY);
    expect(state(c)).toEqual(st(3, 4, 'error', -EBUSY));
    expect(c.walk()).toBeNull();
    expect(c.next(MAX)).toBeNull();
    expect(state(c)).toEqual(st(3, 4, 'error', -EBUSY));
    expect(c.emptyAreaRev(0, 49, 11)).toBe(-EBUSY);
    expect(state(c)).toEqual(st(3, 4, 'error', -EBUSY));
    // A fresh search works from the error status and clears it.
    expect(c.emptyAreaRev(0, 49, 10)).toBe(0);
    expect(state(c)).toEqual(st(20, 29, 'active'));
  });

  it('searches the whole window afresh whatever the status', () => {
    const m = sample();
    const c = new ModelCursor(m, 60);
    c.next(MAX); // overflow at [60,60]
    expect(c.emptyArea(0, MAX, 5)).toBe(0);
    expect(state(c)).toEqual(st(0, 4, 'active'));
    c.pause();
    expect(c.emptyArea(0, MAX, 5)).toBe(0);
    expect(state(c)).toEqual(st(0, 4, 'active'));
  });

  it('bad arguments: -EINVAL and the cursor is left exactly as it was', () => {
    const m = sample();
    const bads: Array<[number, number, number]> = [
      [5, 4, 1], // min > max
      [0, 10, 0], // size 0
      [0, 10, -1],
      [0, 10, 1.5],
      [0, 10, NaN],
      [0, MAX, Infinity],
      [0, MAX, 2 ** 53 + 2],
      [0, 10, 12], // size - 1 > max - min
      [-1, 10, 1],
      [0.5, 10, 1],
      [0, MAX + 1, 1],
      [NaN, 10, 1],
      [0, Infinity, 1],
    ];
    for (const [min, max, size] of bads) {
      for (const c of [new ModelCursor(m, 3, 7), errored(m, 3, 7)]) {
        c.walk(); // active at [0,9] unless in error
        const before = state(c);
        expect(c.emptyArea(min, max, size)).toBe(-EINVAL);
        expect(state(c)).toEqual(before);
        expect(c.emptyAreaRev(min, max, size)).toBe(-EINVAL);
        expect(state(c)).toEqual(before);
      }
    }
    expect(m.size).toBe(3);
  });
});
