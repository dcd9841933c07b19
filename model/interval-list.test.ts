/**
 * Example tests of IntervalMap against docs/semantics.md ("Indices, ranges, entries", "Errors",
 * "Normal API", "Empty-area search"), plus one fast-check property that cross-checks the interval
 * surgery against an even simpler oracle: a per-index Map over the small index space 0..63.
 *
 * Every test that feeds bad input also checks that the map is unchanged afterwards, because the
 * contract says bad input never changes the tree.
 */
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import {
  EBUSY,
  EEXIST,
  EINVAL,
  IntervalMap,
  MODEL_MAX_INDEX as MAX,
  ModelInputError,
  isIndex,
  isSize,
} from './index.js';

const A = { name: 'A' };
const B = { name: 'B' };
const C = { name: 'C' };
const RESERVED = { name: 'XA_ZERO_ENTRY' };
const isReserved = (v: unknown): boolean => v === RESERVED;

/** Every kind of bad index the contract lists (as `number` so the calls type-check). */
const BAD_INDICES: number[] = [
  -1,
  -MAX,
  0.5,
  1.5,
  NaN,
  Infinity,
  -Infinity,
  MAX + 1,
  2 ** 53,
  2 ** 64,
  '1' as unknown as number,
  null as unknown as number,
  undefined as unknown as number,
  1n as unknown as number,
  {} as unknown as number,
];

function newMap(alloc = false): IntervalMap {
  return new IntervalMap({ allocRange: alloc, isReserved });
}

/** A map holding [10,19]=A, [30,39]=B, [40,49]=C (B and C adjacent). */
function sample(alloc = false): IntervalMap {
  const m = newMap(alloc);
  m.storeRange(10, 19, A);
  m.storeRange(30, 39, B);
  m.storeRange(40, 49, C);
  return m;
}

/** Runs `fn` and checks the map's entries are exactly as before (same values by identity). */
function expectUnchanged(m: IntervalMap, fn: () => void): void {
  const before = m.entries();
  fn();
  const after = m.entries();
  expect(after).toEqual(before);
  after.forEach((iv, k) => expect(iv.value).toBe(before[k].value));
}

function expectInputError(fn: () => unknown): void {
  let caught: unknown;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  expect(caught).toBeInstanceOf(ModelInputError);
  expect(caught).toBeInstanceOf(RangeError);
  expect((caught as ModelInputError).errno).toBe(-EINVAL);
  expect((caught as ModelInputError).code).toBe('EINVAL');
  expect((caught as ModelInputError).message.length).toBeGreaterThan(0);
}

describe('validators', () => {
  it('isIndex accepts exactly the safe integers 0..MAX_INDEX (and -0)', () => {
    expect(isIndex(0)).toBe(true);
    expect(isIndex(-0)).toBe(true);
    expect(isIndex(MAX)).toBe(true);
    for (const bad of BAD_INDICES) expect(isIndex(bad)).toBe(false);
  });

  it('isSize accepts exactly the integers 1..2^53', () => {
    expect(isSize(1)).toBe(true);
    expect(isSize(2 ** 53)).toBe(true);
    expect(isSize(MAX)).toBe(true);
    for (const bad of [0, -0, -1, 0.5, NaN, Infinity, 2 ** 53 + 2, '2' as unknown as number]) {
      expect(isSize(bad)).toBe(false);
    }
  });

  it('errno constants are the positive kernel numbers', () => {
    expect([EINVAL, EEXIST, EBUSY]).toEqual([22, 17, 16]);
  });
});

describe('an empty map', () => {
  it('is one empty range covering [0, MAX_INDEX]', () => {
    const m = newMap();
    expect(m.size).toBe(0);
    expect(m.entries()).toEqual([]);
    expect(m.ranges()).toEqual([{ first: 0, last: MAX, value: null }]);
    expect(m.load(0)).toBeNull();
    expect(m.load(MAX)).toBeNull();
    expect(m.rangeAt(12345)).toEqual({ first: 0, last: MAX, value: null });
  });
});

describe('load / store / storeRange', () => {
  it('stores a single index (last == index), including index 0 and MAX_INDEX', () => {
    const m = newMap();
    expect(m.store(0, A)).toBe(0);
    expect(m.store(MAX, B)).toBe(0);
    expect(m.load(0)).toBe(A);
    expect(m.load(1)).toBeNull();
    expect(m.load(MAX)).toBe(B);
    expect(m.load(MAX - 1)).toBeNull();
    expect(m.ranges()).toEqual([
      { first: 0, last: 0, value: A },
      { first: 1, last: MAX - 1, value: null },
      { first: MAX, last: MAX, value: B },
    ]);
  });

  it('stores a range ending at MAX_INDEX and the whole index space', () => {
    const m = newMap();
    expect(m.storeRange(MAX - 5, MAX, A)).toBe(0);
    expect(m.rangeAt(MAX - 2)).toEqual({ first: MAX - 5, last: MAX, value: A });
    expect(m.rangeAt(0)).toEqual({ first: 0, last: MAX - 6, value: null });
    expect(m.storeRange(0, MAX, B)).toBe(0);
    expect(m.entries()).toEqual([{ first: 0, last: MAX, value: B }]);
    expect(m.ranges()).toEqual([{ first: 0, last: MAX, value: B }]);
  });

  it('keeps entries by identity and accepts falsy entries', () => {
    const m = newMap();
    m.store(1, 0);
    m.store(2, false);
    m.store(3, '');
    m.store(4, NaN);
    m.store(5, A);
    expect(m.load(1)).toBe(0);
    expect(m.load(2)).toBe(false);
    expect(m.load(3)).toBe('');
    expect(Number.isNaN(m.load(4))).toBe(true);
    expect(m.load(5)).toBe(A);
    expect(m.size).toBe(5);
  });

  it('splits an entry in two on a partial overwrite in its middle', () => {
    const m = newMap();
    m.storeRange(10, 20, A);
    m.storeRange(14, 15, B);
    expect(m.entries()).toEqual([
      { first: 10, last: 13, value: A },
      { first: 14, last: 15, value: B },
      { first: 16, last: 20, value: A },
    ]);
    // The two halves are separate ranges: erasing one leaves the other.
    expect(m.erase(11)).toBe(A);
    expect(m.load(10)).toBeNull();
    expect(m.load(16)).toBe(A);
    expect(m.rangeAt(16)).toEqual({ first: 16, last: 20, value: A });
  });

  it('clips entries overlapping the left and right edges and drops covered ones', () => {
    const m = sample(); // [10,19]=A [30,39]=B [40,49]=C
    m.storeRange(15, 44, A);
    expect(m.entries()).toEqual([
      { first: 10, last: 14, value: A },
      { first: 15, last: 44, value: A },
      { first: 45, last: 49, value: C },
    ]);
  });

  it('never merges adjacent equal entries', () => {
    const m = newMap();
    m.storeRange(1, 5, A);
    m.storeRange(6, 9, A);
    expect(m.size).toBe(2);
    expect(m.rangeAt(5)).toEqual({ first: 1, last: 5, value: A });
    expect(m.rangeAt(6)).toEqual({ first: 6, last: 9, value: A });
    expect(m.erase(3)).toBe(A);
    expect(m.load(6)).toBe(A);
    expect(m.rangeAt(3)).toEqual({ first: 0, last: 5, value: null });
  });

  it('storing an empty value (null or undefined) empties the range and splits entries', () => {
    const m = newMap();
    m.storeRange(10, 20, A);
    expect(m.storeRange(12, 13, null)).toBe(0);
    expect(m.store(18, undefined)).toBe(0);
    expect(m.entries()).toEqual([
      { first: 10, last: 11, value: A },
      { first: 14, last: 17, value: A },
      { first: 19, last: 20, value: A },
    ]);
    expect(m.rangeAt(12)).toEqual({ first: 12, last: 13, value: null });
    // Emptying over an empty range changes nothing.
    expectUnchanged(m, () => expect(m.storeRange(100, 200, null)).toBe(0));
  });

  it('accepts -0 as index 0 and hands out +0', () => {
    const m = newMap();
    expect(m.storeRange(-0, -0, A)).toBe(0);
    expect(Object.is(m.entries()[0].first, 0)).toBe(true);
    expect(m.load(-0)).toBe(A);
    expect(Object.is(m.rangeAt(-0).first, 0)).toBe(true);
  });

  it('returns -EINVAL for every bad index, first > last and reserved values, changing nothing', () => {
    const m = sample();
    expectUnchanged(m, () => {
      for (const bad of BAD_INDICES) {
        expect(m.storeRange(bad, 50, A)).toBe(-EINVAL);
        expect(m.storeRange(5, bad, A)).toBe(-EINVAL);
        expect(m.store(bad, A)).toBe(-EINVAL);
        expect(m.store(bad, null)).toBe(-EINVAL);
      }
      expect(m.storeRange(20, 19, A)).toBe(-EINVAL);
      expect(m.storeRange(MAX, 0, null)).toBe(-EINVAL);
      expect(m.storeRange(0, 100, RESERVED)).toBe(-EINVAL);
      expect(m.store(15, RESERVED)).toBe(-EINVAL);
    });
  });

  it('load throws ModelInputError on a bad index', () => {
    const m = sample();
    expectUnchanged(m, () => {
      for (const bad of BAD_INDICES) expectInputError(() => m.load(bad));
    });
  });
});

describe('insert / insertRange', () => {
  it('inserts into empty ranges, including touching neighbours and the whole space', () => {
    const m = sample(); // [10,19]=A [30,39]=B [40,49]=C
    expect(m.insertRange(20, 29, B)).toBe(0);
    expect(m.insert(0, C)).toBe(0);
    expect(m.insert(MAX, C)).toBe(0);
    expect(m.load(20)).toBe(B);
    expect(m.load(29)).toBe(B);
    expect(m.load(0)).toBe(C);
    expect(m.load(MAX)).toBe(C);
    const e = newMap();
    expect(e.insertRange(0, MAX, A)).toBe(0);
    expect(e.entries()).toEqual([{ first: 0, last: MAX, value: A }]);
  });

  it('returns -EEXIST on any overlap (exact, partial left/right, containing, contained)', () => {
    const m = sample();
    expectUnchanged(m, () => {
      expect(m.insert(10, B)).toBe(-EEXIST);
      expect(m.insert(19, B)).toBe(-EEXIST);
      expect(m.insertRange(10, 19, B)).toBe(-EEXIST);
      expect(m.insertRange(5, 10, B)).toBe(-EEXIST);
      expect(m.insertRange(19, 25, B)).toBe(-EEXIST);
      expect(m.insertRange(0, MAX, B)).toBe(-EEXIST);
      expect(m.insertRange(12, 14, B)).toBe(-EEXIST);
      expect(m.insertRange(20, 30, B)).toBe(-EEXIST);
    });
  });

  it('an empty entry stores nothing: 0 over an empty range, -EEXIST over an entry', () => {
    const m = sample();
    expectUnchanged(m, () => {
      expect(m.insertRange(20, 29, null)).toBe(0);
      expect(m.insert(0, undefined)).toBe(0);
      expect(m.insertRange(15, 25, null)).toBe(-EEXIST);
    });
  });

  it('returns -EINVAL for bad input (before -EEXIST), changing nothing', () => {
    const m = sample();
    expectUnchanged(m, () => {
      for (const bad of BAD_INDICES) {
        expect(m.insertRange(bad, 5, A)).toBe(-EINVAL);
        expect(m.insertRange(0, bad, A)).toBe(-EINVAL);
        expect(m.insert(bad, A)).toBe(-EINVAL);
      }
      expect(m.insertRange(5, 4, A)).toBe(-EINVAL);
      expect(m.insert(0, RESERVED)).toBe(-EINVAL);
      expect(m.insert(10, RESERVED)).toBe(-EINVAL); // reserved beats occupied
      expect(m.insertRange(19, 10, A)).toBe(-EINVAL); // bad range beats occupied
    });
  });
});

describe('erase', () => {
  it('empties the whole range of the entry and returns it', () => {
    const m = sample();
    expect(m.erase(35)).toBe(B);
    expect(m.load(30)).toBeNull();
    expect(m.load(39)).toBeNull();
    expect(m.load(40)).toBe(C);
    expect(m.rangeAt(35)).toEqual({ first: 20, last: 39, value: null });
  });

  it('leaves maximal empty ranges: the emptied range merges with empty neighbours', () => {
    const m = newMap();
    m.storeRange(0, 4, A);
    m.storeRange(5, 9, B);
    m.storeRange(10, 14, C);
    expect(m.erase(7)).toBe(B);
    expect(m.rangeAt(7)).toEqual({ first: 5, last: 9, value: null });
    expect(m.erase(0)).toBe(A);
    expect(m.rangeAt(7)).toEqual({ first: 0, last: 9, value: null });
    expect(m.erase(14)).toBe(C);
    expect(m.ranges()).toEqual([{ first: 0, last: MAX, value: null }]);
  });

  it('erases an entry at MAX_INDEX', () => {
    const m = newMap();
    m.storeRange(MAX - 1, MAX, A);
    expect(m.erase(MAX)).toBe(A);
    expect(m.size).toBe(0);
  });

  it('returns null and changes nothing on an empty index', () => {
    const m = sample();
    expectUnchanged(m, () => {
      expect(m.erase(0)).toBeNull();
      expect(m.erase(20)).toBeNull();
      expect(m.erase(MAX)).toBeNull();
    });
  });

  it('throws on a bad index, changing nothing', () => {
    const m = sample();
    expectUnchanged(m, () => {
      for (const bad of BAD_INDICES) expectInputError(() => m.erase(bad));
    });
  });
});

describe('rangeAt / ranges / entries', () => {
  it('gives the entry range or the maximal gap around an index', () => {
    const m = sample(); // [10,19]=A [30,39]=B [40,49]=C
    expect(m.rangeAt(0)).toEqual({ first: 0, last: 9, value: null });
    expect(m.rangeAt(9)).toEqual({ first: 0, last: 9, value: null });
    expect(m.rangeAt(10)).toEqual({ first: 10, last: 19, value: A });
    expect(m.rangeAt(25)).toEqual({ first: 20, last: 29, value: null });
    expect(m.rangeAt(39)).toEqual({ first: 30, last: 39, value: B });
    expect(m.rangeAt(40)).toEqual({ first: 40, last: 49, value: C });
    expect(m.rangeAt(MAX)).toEqual({ first: 50, last: MAX, value: null });
    expect(m.ranges()).toEqual([
      { first: 0, last: 9, value: null },
      { first: 10, last: 19, value: A },
      { first: 20, last: 29, value: null },
      { first: 30, last: 39, value: B },
      { first: 40, last: 49, value: C },
      { first: 50, last: MAX, value: null },
    ]);
  });

  it('has no gap before an entry at 0 nor after one ending at MAX_INDEX', () => {
    const m = newMap();
    m.storeRange(0, 3, A);
    m.storeRange(7, MAX, B);
    expect(m.ranges()).toEqual([
      { first: 0, last: 3, value: A },
      { first: 4, last: 6, value: null },
      { first: 7, last: MAX, value: B },
    ]);
  });

  it('hands out copies that cannot corrupt the map', () => {
    const m = sample();
    const copy = m.entries();
    copy[0].first = 0;
    copy[0].value = B;
    m.rangeAt(10).last = 1000;
    expect(m.rangeAt(10)).toEqual({ first: 10, last: 19, value: A });
    m.assertInvariants();
  });

  it('throws on a bad index', () => {
    const m = sample();
    for (const bad of BAD_INDICES) expectInputError(() => m.rangeAt(bad));
  });
});

describe('find (mt_find)', () => {
  it('finds the lowest entry with last >= box.index and first <= max', () => {
    const m = sample(); // [10,19]=A [30,39]=B [40,49]=C
    const box = { index: 0 };
    expect(m.find(box, 100)).toBe(A);
    expect(box.index).toBe(20);
    expect(m.find(box, 100)).toBe(B);
    expect(box.index).toBe(40);
    expect(m.find(box, 100)).toBe(C);
    expect(box.index).toBe(50);
    expect(m.find(box, MAX)).toBeNull();
    expect(box.index).toBe(50);
  });

  it('counts an entry containing box.index and moves past its end', () => {
    const m = sample();
    const box = { index: 15 };
    expect(m.find(box, 15)).toBe(A);
    expect(box.index).toBe(20);
  });

  it('needs first <= max: an entry starting exactly at max counts, one past it does not', () => {
    const m = sample();
    const box = { index: 20 };
    expect(m.find(box, 29)).toBeNull();
    expect(box.index).toBe(20);
    expect(m.find(box, 30)).toBe(B);
    expect(box.index).toBe(40);
  });

  it('returns null with the box unchanged when box.index > max', () => {
    const m = sample();
    const box = { index: 15 };
    expect(m.find(box, 14)).toBeNull();
    expect(box.index).toBe(15);
  });

  it('wraps box.index to 0 after an entry ending at MAX_INDEX', () => {
    const m = newMap();
    m.storeRange(MAX - 3, MAX, A);
    const box = { index: 0 };
    expect(m.find(box, MAX)).toBe(A);
    expect(box.index).toBe(0);
    const box2 = { index: MAX };
    expect(m.find(box2, MAX)).toBe(A);
    expect(box2.index).toBe(0);
  });

  it('throws on a bad box.index or max (even when box.index > max), box unchanged', () => {
    const m = sample();
    for (const bad of BAD_INDICES) {
      const box = { index: bad };
      expectInputError(() => m.find(box, 100));
      expect(Object.is(box.index, bad)).toBe(true);
      const box2 = { index: 5 };
      expectInputError(() => m.find(box2, bad));
      expect(box2.index).toBe(5);
    }
    expectInputError(() => m.find({ index: 5 }, -1));
  });
});

describe('findAfter (mt_find_after)', () => {
  it('returns null when box.index is 0, else behaves as find', () => {
    const m = newMap();
    m.store(0, A);
    m.store(5, B);
    expect(m.findAfter({ index: 0 }, MAX)).toBeNull();
    const box = { index: 1 };
    expect(m.findAfter(box, MAX)).toBe(B);
    expect(box.index).toBe(6);
  });

  it('stops a find / find_after loop after the wrap at MAX_INDEX', () => {
    const m = newMap();
    m.store(3, A);
    m.storeRange(MAX - 1, MAX, B);
    const seen: unknown[] = [];
    const box = { index: 0 };
    for (let e = m.find(box, MAX); e !== null; e = m.findAfter(box, MAX)) seen.push(e);
    expect(seen).toEqual([A, B]);
    expect(box.index).toBe(0);
  });

  it('throws on bad input even when box.index is 0', () => {
    const m = sample();
    expectInputError(() => m.findAfter({ index: 0 }, NaN));
    expectInputError(() => m.findAfter({ index: -1 }, 5));
  });
});

describe('empty-area helpers', () => {
  it('checkArgsEmptyArea follows the contract', () => {
    const m = newMap();
    expect(m.checkArgsEmptyArea(0, MAX, 2 ** 53)).toBe(true);
    expect(m.checkArgsEmptyArea(5, 5, 1)).toBe(true);
    expect(m.checkArgsEmptyArea(5, 14, 10)).toBe(true);
    expect(m.checkArgsEmptyArea(5, 14, 11)).toBe(false); // size - 1 > max - min
    expect(m.checkArgsEmptyArea(6, 5, 1)).toBe(false); // min > max
    expect(m.checkArgsEmptyArea(0, MAX, 2 ** 53 + 2)).toBe(false);
    expect(m.checkArgsEmptyArea(0, 10, 0)).toBe(false);
    expect(m.checkArgsEmptyArea(0, 10, 1.5)).toBe(false);
    expect(m.checkArgsEmptyArea(0, 10, NaN)).toBe(false);
    for (const bad of BAD_INDICES) {
      expect(m.checkArgsEmptyArea(bad, MAX, 1)).toBe(false);
      expect(m.checkArgsEmptyArea(0, bad, 1)).toBe(false);
    }
  });

  it('lowestEmpty / highestEmpty find the lowest start / highest end, with no alignment', () => {
    const m = sample(); // gaps [0,9] [20,29] [50,MAX]
    expect(m.lowestEmpty(0, MAX, 10)).toBe(0);
    expect(m.lowestEmpty(0, MAX, 11)).toBe(50);
    expect(m.lowestEmpty(5, MAX, 10)).toBe(20);
    expect(m.lowestEmpty(5, MAX, 5)).toBe(5);
    expect(m.lowestEmpty(21, 29, 9)).toBe(21);
    expect(m.lowestEmpty(10, 49, 11)).toBeNull();
    expect(m.lowestEmpty(10, 19, 1)).toBeNull();
    expect(m.highestEmpty(0, MAX, 1)).toBe(MAX);
    expect(m.highestEmpty(0, 49, 10)).toBe(29);
    expect(m.highestEmpty(0, 49, 11)).toBeNull();
    expect(m.highestEmpty(0, 25, 3)).toBe(25);
    expect(m.highestEmpty(0, 21, 3)).toBe(9); // [20,21] is too short
    expect(m.highestEmpty(0, 9, 10)).toBe(9);
  });

  it('a window of 2^53 fits only an empty map', () => {
    const m = newMap();
    expect(m.lowestEmpty(0, MAX, 2 ** 53)).toBe(0);
    expect(m.highestEmpty(0, MAX, 2 ** 53)).toBe(MAX);
    m.store(MAX, A);
    expect(m.lowestEmpty(0, MAX, 2 ** 53)).toBeNull();
    expect(m.highestEmpty(0, MAX, 2 ** 53)).toBeNull();
    expect(m.lowestEmpty(0, MAX, 2 ** 53 - 1)).toBe(0);
  });

  it('throw on bad arguments', () => {
    const m = sample();
    expectInputError(() => m.lowestEmpty(21, 29, 10));
    expectInputError(() => m.highestEmpty(5, 4, 1));
    expectInputError(() => m.lowestEmpty(0, MAX, 0));
  });
});

describe('allocRange / allocRRange', () => {
  it('stores over the lowest window and sets box.start', () => {
    const m = newMap(true);
    m.storeRange(0, 9, A);
    m.storeRange(20, 29, A);
    const box = { start: -1 };
    expect(m.allocRange(box, B, 10, 0, 100)).toBe(0);
    expect(box.start).toBe(10);
    expect(m.rangeAt(15)).toEqual({ first: 10, last: 19, value: B });
    expect(m.allocRange(box, C, 3, 0, 100)).toBe(0);
    expect(box.start).toBe(30); // no alignment: right after [20,29]
    expect(m.rangeAt(31)).toEqual({ first: 30, last: 32, value: C });
    expect(m.allocRange(box, C, 5, 40, 44)).toBe(0); // window exactly [min, max]
    expect(box.start).toBe(40);
  });

  it('stores over the highest window and sets box.start', () => {
    const m = newMap(true);
    m.storeRange(90, 100, A);
    const box = { start: -1 };
    expect(m.allocRRange(box, B, 10, 0, 100)).toBe(0);
    expect(box.start).toBe(80);
    expect(m.rangeAt(85)).toEqual({ first: 80, last: 89, value: B });
    expect(m.allocRRange(box, C, 1, 0, MAX)).toBe(0);
    expect(box.start).toBe(MAX);
    expect(m.allocRRange(box, C, 7, 3, 9)).toBe(0); // window exactly [min, max]
    expect(box.start).toBe(3);
  });

  it('allocates the whole index space (size 2^53) over an empty map', () => {
    const m = newMap(true);
    const box = { start: -1 };
    expect(m.allocRange(box, A, 2 ** 53, 0, MAX)).toBe(0);
    expect(box.start).toBe(0);
    expect(m.entries()).toEqual([{ first: 0, last: MAX, value: A }]);
    const r = newMap(true);
    expect(r.allocRRange(box, B, 2 ** 53, 0, MAX)).toBe(0);
    expect(box.start).toBe(0);
    expect(r.entries()).toEqual([{ first: 0, last: MAX, value: B }]);
  });

  it('returns -EBUSY when no window fits, changing nothing', () => {
    const m = newMap(true);
    m.storeRange(10, 19, A);
    m.store(MAX, A);
    const box = { start: 7 };
    expectUnchanged(m, () => {
      expect(m.allocRange(box, B, 2 ** 53, 0, MAX)).toBe(-EBUSY);
      expect(m.allocRange(box, B, 11, 0, 20)).toBe(-EBUSY);
      expect(m.allocRRange(box, B, 11, 0, 20)).toBe(-EBUSY);
      expect(m.allocRange(box, B, 1, 10, 19)).toBe(-EBUSY);
    });
    expect(box.start).toBe(7);
  });

  it('an empty entry stores nothing but still reports the window', () => {
    const m = newMap(true);
    m.storeRange(0, 9, A);
    const box = { start: -1 };
    expectUnchanged(m, () => expect(m.allocRange(box, null, 5, 0, 100)).toBe(0));
    expect(box.start).toBe(10);
  });

  it('returns -EINVAL without the alloc-range flag, for reserved entries and bad arguments', () => {
    const plain = newMap(false);
    const box = { start: 7 };
    expectUnchanged(plain, () => {
      expect(plain.allocRange(box, A, 1, 0, 10)).toBe(-EINVAL);
      expect(plain.allocRRange(box, A, 1, 0, 10)).toBe(-EINVAL);
    });
    const m = sample(true);
    expectUnchanged(m, () => {
      for (const f of [m.allocRange.bind(m), m.allocRRange.bind(m)]) {
        expect(f(box, RESERVED, 1, 0, 10)).toBe(-EINVAL);
        expect(f(box, A, 1, 11, 10)).toBe(-EINVAL); // min > max
        expect(f(box, A, 0, 0, 10)).toBe(-EINVAL);
        expect(f(box, A, -1, 0, 10)).toBe(-EINVAL);
        expect(f(box, A, 2.5, 0, 10)).toBe(-EINVAL);
        expect(f(box, A, NaN, 0, 10)).toBe(-EINVAL);
        expect(f(box, A, Infinity, 0, MAX)).toBe(-EINVAL);
        expect(f(box, A, 2 ** 53 + 2, 0, MAX)).toBe(-EINVAL);
        expect(f(box, A, 12, 0, 10)).toBe(-EINVAL); // size - 1 > max - min
        for (const bad of BAD_INDICES) {
          expect(f(box, A, 1, bad, MAX)).toBe(-EINVAL);
          expect(f(box, A, 1, 0, bad)).toBe(-EINVAL);
        }
      }
    });
    expect(box.start).toBe(7);
  });
});

describe('destroy', () => {
  it('empties the map', () => {
    const m = sample();
    m.destroy();
    expect(m.size).toBe(0);
    expect(m.ranges()).toEqual([{ first: 0, last: MAX, value: null }]);
  });
});

// -----------------------------------------------------------------------------------------------
// Property: IntervalMap agrees with a per-index oracle over 0..63.
//
// The oracle keeps, for each index 0..63, the value and the id of the store that wrote it. A
// range of the partition is then a maximal run of indices with the same id (entries) or of empty
// indices (gaps; the run touching 63 extends to MAX_INDEX, as nothing is ever stored above 63).
// Ids make "never merged, even when equal" and "a split entry becomes two ranges" observable.

const SPACE = 64;
const VALUES: unknown[] = [A, B, C, 0, '', null, undefined];

type Cmd =
  | { op: 'storeRange'; first: number; last: number; value: unknown }
  | { op: 'insertRange'; first: number; last: number; value: unknown }
  | { op: 'erase'; i: number }
  | { op: 'find'; index: number; max: number }
  | { op: 'alloc'; rev: boolean; size: number; min: number; max: number; value: unknown };

const indexArb = fc.integer({ min: 0, max: SPACE - 1 });
const rangeArb = fc.tuple(indexArb, indexArb).map(([a, b]) => (a <= b ? [a, b] : [b, a]));
const valueArb = fc.constantFrom(...VALUES);
const cmdArb: fc.Arbitrary<Cmd> = fc.oneof(
  fc.record({ op: fc.constant('storeRange' as const), r: rangeArb, value: valueArb }).map(
    ({ op, r, value }) => ({ op, first: r[0], last: r[1], value }),
  ),
  fc.record({ op: fc.constant('insertRange' as const), r: rangeArb, value: valueArb }).map(
    ({ op, r, value }) => ({ op, first: r[0], last: r[1], value }),
  ),
  fc.record({ op: fc.constant('erase' as const), i: indexArb }),
  fc.record({ op: fc.constant('find' as const), index: indexArb, max: indexArb }),
  fc
    .record({
      op: fc.constant('alloc' as const),
      rev: fc.boolean(),
      r: rangeArb,
      size: fc.integer({ min: 1, max: 8 }),
      value: valueArb,
    })
    .filter(({ r, size }) => size - 1 <= r[1] - r[0])
    .map(({ op, rev, r, size, value }) => ({ op, rev, size, min: r[0], max: r[1], value })),
);

class Oracle {
  value: unknown[] = new Array(SPACE).fill(null);
  id: number[] = new Array(SPACE).fill(0); // 0 = empty
  nextId = 1;

  write(first: number, last: number, v: unknown): void {
    const value = v === undefined ? null : v;
    const id = value === null ? 0 : this.nextId++;
    for (let i = first; i <= last; i++) {
      this.value[i] = value;
      this.id[i] = id;
    }
  }

  /** The run of equal ids around i, as the partition range at i. */
  rangeAt(i: number): { first: number; last: number; value: unknown } {
    let first = i;
    let last = i;
    while (first > 0 && this.id[first - 1] === this.id[i]) first--;
    while (last < SPACE - 1 && this.id[last + 1] === this.id[i]) last++;
    if (this.id[i] === 0 && last === SPACE - 1) last = MAX;
    return { first, last, value: this.value[i] };
  }

  isEmpty(first: number, last: number): boolean {
    for (let i = first; i <= last; i++) if (this.id[i] !== 0) return false;
    return true;
  }
}

describe('property: IntervalMap agrees with a per-index oracle on 0..63', () => {
  it('after every command, load and rangeAt agree everywhere', () => {
    fc.assert(
      fc.property(fc.array(cmdArb, { maxLength: 40 }), (cmds) => {
        const m = new IntervalMap({ allocRange: true });
        const o = new Oracle();
        for (const c of cmds) {
          switch (c.op) {
            case 'storeRange':
              expect(m.storeRange(c.first, c.last, c.value)).toBe(0);
              o.write(c.first, c.last, c.value);
              break;
            case 'insertRange': {
              const free = o.isEmpty(c.first, c.last);
              expect(m.insertRange(c.first, c.last, c.value)).toBe(free ? 0 : -EEXIST);
              if (free) o.write(c.first, c.last, c.value);
              break;
            }
            case 'erase': {
              const r = o.rangeAt(c.i);
              expect(m.erase(c.i)).toBe(r.value);
              if (r.value !== null) o.write(r.first, r.last, null);
              break;
            }
            case 'find': {
              let expected: { value: unknown; next: number } | null = null;
              for (let i = c.index; i <= c.max && expected === null; i++) {
                if (o.id[i] !== 0) expected = { value: o.value[i], next: o.rangeAt(i).last + 1 };
              }
              const box = { index: c.index };
              expect(m.find(box, c.max)).toBe(expected === null ? null : expected.value);
              expect(box.index).toBe(expected === null ? c.index : expected.next);
              break;
            }
            case 'alloc': {
              // Brute force over every candidate window.
              const starts: number[] = [];
              for (let s = c.min; s + c.size - 1 <= c.max; s++) {
                if (o.isEmpty(s, s + c.size - 1)) starts.push(s);
              }
              const want = starts.length === 0 ? null : c.rev ? starts[starts.length - 1] : starts[0];
              expect(m.lowestEmpty(c.min, c.max, c.size)).toBe(want === null ? null : starts[0]);
              expect(m.highestEmpty(c.min, c.max, c.size)).toBe(
                want === null ? null : starts[starts.length - 1] + c.size - 1,
              );
              const box = { start: -1 };
              const ret = c.rev
                ? m.allocRRange(box, c.value, c.size, c.min, c.max)
                : m.allocRange(box, c.value, c.size, c.min, c.max);
              expect(ret).toBe(want === null ? -EBUSY : 0);
              expect(box.start).toBe(want === null ? -1 : want);
              if (want !== null) o.write(want, want + c.size - 1, c.value);
              break;
            }
          }
          m.assertInvariants();
          for (let i = 0; i < SPACE; i++) {
            expect(m.load(i)).toBe(o.value[i]);
            expect(m.rangeAt(i)).toEqual(o.rangeAt(i));
          }
          expect(m.load(MAX)).toBeNull();
        }
      }),
      { numRuns: 200 },
    );
  }, 30_000);
});
