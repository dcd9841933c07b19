/**
 * Small helpers shared by the example tests of impl/maple (examples-*.test.ts, bad-input.test.ts):
 * checked writes that run mt_validate after every step, and plain views of the contents.
 *
 * Invariants: every helper that changes a tree validates it before returning; views never
 * change the tree.
 */
import { expect } from 'vitest';
import {
  MA_STATE,
  MAX_INDEX,
  MT_FLAGS_ALLOC_RANGE,
  mas_walk,
  mt_for_each,
  mt_validate,
  mtree_erase,
  mtree_store_range,
  type MapleTree,
  type TreeFigures,
} from './index.js';

/** The two tree flavours every example runs on: [name, mt_init_flags flags]. */
export const FLAVOURS = [
  ['plain', 0],
  ['alloc-range', MT_FLAGS_ALLOC_RANGE],
] as const;

/** [first, last, entry] of one stored range (or of an empty range, entry null). */
export type Range = [number, number, unknown];

/** The tree's entries in [start, max], in order. */
export function entries(t: MapleTree, start = 0, max = MAX_INDEX): Range[] {
  return [...mt_for_each(t, start, max)].map(({ first, last, entry }): Range => [first, last, entry]);
}

/** Stores, expects 0, validates. */
export function store(t: MapleTree, first: number, last: number, entry: unknown): TreeFigures {
  expect(mtree_store_range(t, first, last, entry)).toBe(0);
  return mt_validate(t);
}

/** Erases the entry at i, validates, returns what was erased. */
export function erase(t: MapleTree, i: number): unknown {
  const old = mtree_erase(t, i);
  mt_validate(t);
  return old;
}

/** The range (entry or empty) holding i. */
export function rangeAt(t: MapleTree, i: number): Range {
  const mas = MA_STATE(t, i);
  const entry = mas_walk(mas);
  return [mas.index, mas.last, entry];
}

/** The error `body` throws (fails the test if it throws nothing). */
export function thrown(body: () => unknown): Error {
  try {
    body();
  } catch (e) {
    return e as Error;
  }
  throw new Error('nothing was thrown');
}
