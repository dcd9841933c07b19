/**
 * Lowest-fit gap search: the same fragmented space held by a maple alloc-range tree (busy ranges
 * stored; the empty ranges between them are the free space, found by mas_empty_area through the
 * per-slot gaps) and by the augmented rb-tree of the vmalloc baseline (impl/rbtree FreeTree: the
 * free blocks themselves, found by lowestFit through subtree_max_size), and the same queries on
 * both: the lowest window of `size` indices starting at or above `min`.
 *
 * Layout at size n: n busy ranges of 1..16 indices; before each, and after the last, a free gap of
 * 1..4096 indices, log-uniform (most small, a few large), so a large request must search far.
 * Queries: size log-uniform in 1..4096, min uniform where a window of that size still fits in the
 * space (mas_empty_area refuses others with -EINVAL); some find nothing (-EBUSY / null), which both
 * must say alike.
 *
 * Invariants: one Prng draws the layout and the queries; both structures are built from the same
 * layout and checked to hold it (maple: its entries; rb-tree: its block count and validate());
 * every query's answer is recorded (one typed-array store, on both sides) and compared query by
 * query after the clocks stopped, and every 97th query is also checked against a plain scan of the
 * layout's free gaps; a disagreement throws instead of being timed.
 */
import { EBUSY } from '../impl/errno.js';
import { failNothing, NodeAllocator } from '../impl/alloc/node-allocator.js';
import { MA_STATE, MT_FLAGS_ALLOC_RANGE, mas_empty_area, mt_for_each, mt_init_flags, mtree_store_range, type MapleTree } from '../impl/maple/index.js';
import { FreeTree, VmapAreaNode } from '../impl/rbtree/index.js';
import type { Prng } from './prng.js';
import type { Span } from './range-cell.js';

/** The answer recorded for a query that found no window. */
const NONE = -1;

export interface GapLayout {
  n: number;
  /** Busy range i is [busyFirst[i], busyLast[i]]; the space is [0, space). */
  busyFirst: Float64Array;
  busyLast: Float64Array;
  space: number;
}

export interface GapQueries {
  size: Float64Array;
  min: Float64Array;
}

function logUniform(rng: Prng, max: number): number {
  return Math.min(max, Math.floor(2 ** (rng.float() * Math.log2(max + 1))));
}

export function gapLayout(n: number, rng: Prng): GapLayout {
  const busyFirst = new Float64Array(n);
  const busyLast = new Float64Array(n);
  let cursor = 0;
  for (let i = 0; i < n; i++) {
    busyFirst[i] = cursor + Math.max(1, logUniform(rng, 4096));
    busyLast[i] = busyFirst[i] + rng.int(16);
    cursor = busyLast[i] + 1;
  }
  return { n, busyFirst, busyLast, space: cursor + Math.max(1, logUniform(rng, 4096)) };
}

export function gapQueries(count: number, layout: GapLayout, rng: Prng): GapQueries {
  const size = new Float64Array(count);
  const min = new Float64Array(count);
  for (let q = 0; q < count; q++) {
    size[q] = Math.max(1, logUniform(rng, 4096));
    min[q] = rng.int(layout.space - size[q] + 1); // the window [min, min + size) fits in the space
  }
  return { size, min };
}

/** The alloc-range tree holding the layout's busy ranges (entry i + 1 each), checked. */
export function mapleGapTree(layout: GapLayout): MapleTree {
  const tree = mt_init_flags(MT_FLAGS_ALLOC_RANGE);
  for (let i = 0; i < layout.n; i++) {
    if (mtree_store_range(tree, layout.busyFirst[i], layout.busyLast[i], i + 1) !== 0) throw new Error('gap search: maple store failed');
  }
  let i = 0;
  for (const e of mt_for_each(tree)) {
    if (e.first !== layout.busyFirst[i] || e.last !== layout.busyLast[i] || e.entry !== i + 1) throw new Error(`gap search: maple entry ${i} is wrong`);
    i++;
  }
  if (i !== layout.n) throw new Error(`gap search: maple holds ${i} ranges, wanted ${layout.n}`);
  return tree;
}

/** The free tree holding the layout's free gaps as half-open blocks, checked. */
export function rbFreeTree(layout: GapLayout): FreeTree {
  const free = new FreeTree(new NodeAllocator(() => new VmapAreaNode(), failNothing));
  const add = (start: number, end: number): void => {
    const va = new VmapAreaNode();
    va.start = start;
    va.end = end;
    free.addBlock(va);
  };
  let start = 0;
  for (let i = 0; i < layout.n; i++) {
    add(start, layout.busyFirst[i]);
    start = layout.busyLast[i] + 1;
  }
  add(start, layout.space);
  if (free.count !== layout.n + 1) throw new Error(`gap search: rb-tree holds ${free.count} blocks, wanted ${layout.n + 1}`);
  free.validate();
  return free;
}

/** Runs every query on the maple tree: mas_empty_area(mas, min, space - 1, size). */
export function mapleQueries(tree: MapleTree, layout: GapLayout, q: GapQueries, answers: Float64Array): Span {
  const mas = MA_STATE(tree);
  const max = layout.space - 1;
  const t0 = performance.now();
  for (let k = 0; k < answers.length; k++) {
    const ret = mas_empty_area(mas, q.min[k], max, q.size[k]);
    if (ret !== 0 && ret !== -EBUSY) throw new Error(`gap search: mas_empty_area returned ${ret} for a valid query`);
    answers[k] = ret === 0 ? mas.index : NONE;
  }
  return { ops: answers.length, ms: performance.now() - t0 };
}

/** Runs every query on the rb-tree: find_vmap_lowest_match(size, align 1, vstart = min). */
export function rbQueries(free: FreeTree, q: GapQueries, answers: Float64Array): Span {
  const t0 = performance.now();
  for (let k = 0; k < answers.length; k++) {
    const found = free.lowestFit(q.size[k], 1, q.min[k]);
    answers[k] = found === null ? NONE : found.addr;
  }
  return { ops: answers.length, ms: performance.now() - t0 };
}

/** The answer by a plain scan of the layout's gaps (the oracle for spot checks). */
export function scanAnswer(layout: GapLayout, size: number, min: number): number {
  let start = 0;
  for (let i = 0; i <= layout.n; i++) {
    const end = i < layout.n ? layout.busyFirst[i] : layout.space; // the gap is [start, end)
    const at = Math.max(start, min);
    if (end - at >= size) return at;
    if (i < layout.n) start = layout.busyLast[i] + 1;
  }
  return NONE;
}

/** Throws at the first query the two disagree on, or a spot-checked one the scan answers otherwise. */
export function compareAnswers(layout: GapLayout, q: GapQueries, maple: Float64Array, rb: Float64Array): void {
  for (let k = 0; k < maple.length; k++) {
    if (maple[k] !== rb[k]) throw new Error(`gap search n=${layout.n}: query ${k} (size ${q.size[k]}, min ${q.min[k]}): maple ${maple[k]}, rb-tree ${rb[k]}`);
    if (k % 97 === 0) {
      const want = scanAnswer(layout, q.size[k], q.min[k]);
      if (maple[k] !== want) throw new Error(`gap search n=${layout.n}: query ${k}: both answered ${maple[k]}, the scan ${want}`);
    }
  }
}
