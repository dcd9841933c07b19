/**
 * The key layout every throughput workload uses, and the two structures under comparison behind
 * one small interface.
 *
 * Measures nothing itself. Invariants it keeps:
 * - slot p (0 <= p < n) is the range [10p, 10p + 5] holding the entry p + 1 (a number, never
 *   null, never reserved); indices 10p + 6 .. 10p + 9 are never stored by a workload, so a
 *   structure holding some set of slots has exactly one entry per slot, with a gap between any two;
 * - a slot's value does not depend on when or in which order it was stored, so "the set of slots
 *   present" fully describes the contents, for the tree and for the model alike;
 * - `TreeTarget` and `ModelTarget` do the same calls (mtree_store_range / storeRange, mtree_load /
 *   load, mtree_erase / erase) and add nothing else to the measured path;
 * - the content checks (`assertTreeHolds`, `assertModelHolds`) are O(n) and never run while a
 *   clock is running.
 */
import {
  isReservedEntry,
  mt_for_each,
  mtree_erase,
  mtree_load,
  mtree_store_range,
  type MapleTree,
} from '../impl/maple/index.js';
import { IntervalMap, type Interval } from '../model/index.js';

export const SLOT_STRIDE = 10;
export const SLOT_LENGTH = 6; // [10p, 10p + 5]

export function slotFirst(p: number): number {
  return SLOT_STRIDE * p;
}
export function slotLast(p: number): number {
  return SLOT_STRIDE * p + SLOT_LENGTH - 1;
}
export function slotValue(p: number): number {
  return p + 1;
}

/** What a load at index x returns when every slot is present: the slot's value, or 0 for a gap. */
export function fullLoadValue(x: number): number {
  return x % SLOT_STRIDE < SLOT_LENGTH ? slotValue(Math.floor(x / SLOT_STRIDE)) : 0;
}

/** The three operations the workloads time, on either structure. */
export interface Target {
  storeRange(first: number, last: number, entry: number): number;
  load(index: number): unknown;
  erase(index: number): unknown;
}

export class TreeTarget implements Target {
  constructor(readonly tree: MapleTree) {}
  storeRange(first: number, last: number, entry: number): number {
    return mtree_store_range(this.tree, first, last, entry);
  }
  load(index: number): unknown {
    return mtree_load(this.tree, index);
  }
  erase(index: number): unknown {
    return mtree_erase(this.tree, index);
  }
}

export class ModelTarget implements Target {
  constructor(readonly map: IntervalMap) {}
  storeRange(first: number, last: number, entry: number): number {
    return this.map.storeRange(first, last, entry);
  }
  load(index: number): unknown {
    return this.map.load(index);
  }
  erase(index: number): unknown {
    return this.map.erase(index);
  }
}

/** A fresh model configured like the property tests' (makeSystems): the tree's reserved values. */
export function newModel(): IntervalMap {
  return new IntervalMap({ allocRange: false, isReserved: isReservedEntry });
}

/**
 * A model holding exactly the given slots (ascending, distinct), built in O(n).
 *
 * The model's public API is O(n) per call, so reaching 10^6 entries through it would take
 * O(n^2) work (many minutes) before the first measured operation. Only this prefill reaches into
 * IntervalMap's private sorted `list`; what it builds is checked with the model's own
 * assertInvariants and size, and every operation the benchmark times goes through the public API.
 */
export function modelWithSlots(slots: Uint32Array): IntervalMap {
  const map = newModel();
  // Built by push, never `new Array(n)`: V8 gives a large preallocated array slow (dictionary or
  // holey) elements, which would slow the model down; pushing keeps the packed elements kind the
  // model's own list (grown by splice from []) has.
  const list: Interval[] = [];
  for (let k = 0; k < slots.length; k++) {
    const p = slots[k];
    if (k > 0 && slots[k - 1] >= p) throw new Error('modelWithSlots: slots must ascend');
    list.push({ first: slotFirst(p), last: slotLast(p), value: slotValue(p) });
  }
  const holder = map as unknown as { list?: unknown };
  if (!Array.isArray(holder.list) || holder.list.length !== 0) {
    throw new Error('IntervalMap no longer keeps its entries in a private `list` array: update bench/slots.ts');
  }
  holder.list = list;
  map.assertInvariants();
  if (map.size !== slots.length) throw new Error(`model prefill holds ${map.size} entries, wanted ${slots.length}`);
  return map;
}

/** Throws unless the tree holds exactly the given slots (ascending), in order, with their values. */
export function assertTreeHolds(tree: MapleTree, slots: Uint32Array, what: string): void {
  let k = 0;
  for (const got of mt_for_each(tree)) {
    const p = slots[k];
    if (k >= slots.length || got.first !== slotFirst(p) || got.last !== slotLast(p) || got.entry !== slotValue(p)) {
      throw new Error(`${what}: tree entry ${k} is [${got.first}, ${got.last}] = ${String(got.entry)}, wanted slot ${p}`);
    }
    k++;
  }
  if (k !== slots.length) throw new Error(`${what}: tree holds ${k} entries, wanted ${slots.length}`);
}

/** Throws unless the model holds exactly the given slots (ascending), in order, with their values. */
export function assertModelHolds(map: IntervalMap, slots: Uint32Array, what: string): void {
  const entries = map.entries();
  if (entries.length !== slots.length) throw new Error(`${what}: model holds ${entries.length} entries, wanted ${slots.length}`);
  for (let k = 0; k < slots.length; k++) {
    const p = slots[k];
    const e = entries[k];
    if (e.first !== slotFirst(p) || e.last !== slotLast(p) || e.value !== slotValue(p)) {
      throw new Error(`${what}: model entry ${k} is [${e.first}, ${e.last}] = ${String(e.value)}, wanted slot ${p}`);
    }
  }
}

/** The slots 0..k-1. */
export function firstSlots(k: number): Uint32Array {
  const a = new Uint32Array(k);
  for (let i = 0; i < k; i++) a[i] = i;
  return a;
}
