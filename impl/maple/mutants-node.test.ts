/**
 * What the example tests left open about maple nodes (node.ts), found by mutation testing
 * (npm run mutate):
 * - a node names itself `type#number` in failure reports and dumps (the form validate's oracle
 *   tests read), and no two nodes share a name;
 * - a node written by a store holds nothing past its end (no slot or pivot word copied one too
 *   far), in trees of every height, as mt_validate checks after every step;
 * - the largest empty range of a leaf and of an arange_64 node is the largest one, found wherever
 *   it lies (first, middle or last slot), as mt_validate's maxGap and mas_empty_area see it.
 */
import { describe, expect, it } from 'vitest';
import { EBUSY } from '../errno.js';
import {
  MA_STATE,
  MAX_INDEX,
  MT_FLAGS_ALLOC_RANGE,
  MapleNode,
  mas_empty_area,
  mas_empty_area_rev,
  mt_init_flags,
  mt_validate,
  type MapleTree,
} from './index.js';
import { FLAVOURS, erase, store } from './test-helpers.js';

describe('node names', () => {
  it('are type#number, one per node', () => {
    const plain = mt_init_flags(0);
    const alloc = mt_init_flags(MT_FLAGS_ALLOC_RANGE);
    for (let i = 0; i < 40; i++) {
      store(plain, 10 * i, 10 * i + 5, i);
      store(alloc, 10 * i, 10 * i + 5, i);
    }
    const plainRoot = plain.root as MapleNode;
    const allocRoot = alloc.root as MapleNode;
    expect(String(plainRoot)).toMatch(/^range_64#[1-9]\d*$/);
    expect(String(allocRoot)).toMatch(/^arange_64#[1-9]\d*$/);
    const leaves = [...plainRoot.slots.slice(0, plainRoot.end + 1), ...allocRoot.slots.slice(0, allocRoot.end + 1)];
    const names = leaves.map(String);
    for (const name of names) expect(name).toMatch(/^leaf_64#[1-9]\d*$/);
    expect(new Set([...names, String(plainRoot), String(allocRoot)]).size).toBe(names.length + 2);
  });
});

describe('nodes hold nothing past their end', () => {
  it.each(FLAVOURS)('%s: grown from one slot to three levels and back, validated after every step', (_name, flags) => {
    const t = mt_init_flags(flags);
    store(t, 5, 5, 'five'); // a root leaf of three slots: [0, 4] empty, 5, [6, MAX] empty
    store(t, 0, 0, 'zero'); // an exactly full start
    for (let i = 1; i < 15; i++) store(t, i, i, i); // [0, 14] one by one, then [15, MAX] empty: a full leaf
    expect((t.root as MapleNode).end).toBe(15);
    for (let i = 2; i < 300; i++) store(t, 10 * i, 10 * i + 3, i);
    expect(t.height).toBeGreaterThanOrEqual(3);
    for (let i = 299; i >= 2; i--) erase(t, 10 * i);
    for (let i = 14; i >= 1; i--) erase(t, i);
    expect(t.height).toBe(1);
    store(t, 0, MAX_INDEX, 'all'); // one slot, ending at MAX_INDEX
    expect(mt_validate(t).entries).toBe(1);
  });
});

/** Entries with empty ranges of the given sizes between them, from 0, the last one running to MAX_INDEX. */
function holey(flags: number, holes: readonly number[]): MapleTree {
  const t = mt_init_flags(flags);
  let at = 0;
  for (const [i, hole] of holes.entries()) {
    store(t, at, at + 2, `e${i}`);
    at += 3 + hole;
  }
  store(t, at, MAX_INDEX, 'tail');
  return t;
}

describe('the largest empty range', () => {
  const cases: [string, number[]][] = [
    ['first', [9, 1, 2, 3]],
    ['middle', [1, 2, 9, 3, 1]],
    ['last', [1, 2, 3, 9]],
    ['tied', [4, 9, 1, 9, 2]],
  ];
  it.each(cases)('in one leaf, the %s hole', (_where, holes) => {
    for (const [, flags] of FLAVOURS) expect(mt_validate(holey(flags, holes)).maxGap).toBe(9);
  });

  it('under arange_64 nodes: found by size wherever it lies, and nothing larger', () => {
    // 200 holes of sizes 1..4, one of 11 in the middle and one of 12 near the end.
    const holes = Array.from({ length: 200 }, (_, i) => 1 + (i % 4));
    holes[90] = 11;
    holes[170] = 12;
    const t = holey(MT_FLAGS_ALLOC_RANGE, holes);
    expect(t.height).toBeGreaterThanOrEqual(2);
    expect(mt_validate(t).maxGap).toBe(12);
    const start = (k: number): number => holes.slice(0, k).reduce((a, h) => a + 3 + h, 0) + 3;
    const mas = MA_STATE(t);
    expect(mas_empty_area(mas, 0, MAX_INDEX, 12)).toBe(0);
    expect(mas.index).toBe(start(170));
    const low = MA_STATE(t);
    expect(mas_empty_area(low, 0, MAX_INDEX, 11)).toBe(0);
    expect(low.index).toBe(start(90));
    const rev = MA_STATE(t);
    expect(mas_empty_area_rev(rev, 0, MAX_INDEX, 11)).toBe(0);
    expect(rev.index).toBe(start(170) + 1);
    expect(mas_empty_area(MA_STATE(t), 0, MAX_INDEX, 13)).toBe(-EBUSY);
  });
});
