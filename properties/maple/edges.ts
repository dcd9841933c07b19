/**
 * Edge coverage of the maple property: counts of the rarely-hit cases a command list reached
 * (index 0, MAX_INDEX, one-index stores, partial overwrites, stores replacing many ranges, erase
 * of absent indices, -EEXIST, -EBUSY), taken from the model so they say what happened to the
 * contents, whatever the tree did. The suites assert each was reached instead of hoping.
 *
 * Invariants: counting never changes either system; a store is counted only when it succeeded.
 */
import { MAX_INDEX } from '../../impl/maple/index.js';
import type { IntervalMap } from '../../model/index.js';

export const EDGES = [
  'store at index 0',
  'store reaching MAX_INDEX',
  'store of one index',
  'store over part of a range',
  'store replacing >= 32 ranges',
  'erase of an absent index',
  'insert refused -EEXIST',
  'alloc refused -EBUSY',
] as const;

export type Edge = (typeof EDGES)[number];
export type EdgeCounts = Record<Edge, number>;

/** A range this wide in entries spans at least three leaves (a leaf holds at most 16 slots). */
export const MANY_RANGES = 32;

export function emptyEdges(): EdgeCounts {
  return Object.fromEntries(EDGES.map((e) => [e, 0])) as EdgeCounts;
}

/** What a store of [first, last] will do to the model's contents, read before the store. */
export interface StoreShape {
  first: number;
  last: number;
  /** Entries overlapping [first, last]. */
  overlapped: number;
  /** Some overlapping entry reaches outside [first, last], so part of it survives. */
  partial: boolean;
}

export function storeShape(map: IntervalMap, first: number, last: number): StoreShape {
  let overlapped = 0;
  let partial = false;
  for (const e of map.entries()) {
    if (e.last < first || e.first > last) continue;
    overlapped++;
    if (e.first < first || e.last > last) partial = true;
  }
  return { first, last, overlapped, partial };
}

/** Counts the edges a successful store of `shape` reached. */
export function noteStore(edges: EdgeCounts, shape: StoreShape): void {
  if (shape.first === 0) edges['store at index 0']++;
  if (shape.last === MAX_INDEX) edges['store reaching MAX_INDEX']++;
  if (shape.first === shape.last) edges['store of one index']++;
  if (shape.partial) edges['store over part of a range']++;
  if (shape.overlapped >= MANY_RANGES) edges['store replacing >= 32 ranges']++;
}
