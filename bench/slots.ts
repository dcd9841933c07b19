/**
 * The key layout every range-map workload uses, and the contents a workload expects, as
 * RangeSources (range-map.ts) computed from it.
 *
 * Measures nothing itself. Invariants it keeps:
 * - slot p (0 <= p < n) is the range [10p, 10p + 5] holding the entry p + 1 (a number, never
 *   null, never reserved); indices 10p + 6 .. 10p + 9 are never stored by a slot, so a structure
 *   holding some set of slots has exactly one entry per slot, with a gap between any two;
 * - a slot's value does not depend on when or in which order it was stored, so "the set of slots
 *   present" fully describes the contents, for every structure alike;
 * - a RangeSource built here is ascending and disjoint, and only reads its arrays (O(1) a range).
 */
import type { RangeSource } from './range-map/range-map.js';

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

/** The slots 0..k-1. */
export function firstSlots(k: number): Uint32Array {
  const a = new Uint32Array(k);
  for (let i = 0; i < k; i++) a[i] = i;
  return a;
}

/** The given slots (ascending, distinct) as ranges. */
export function slotSource(slots: Uint32Array): RangeSource {
  return {
    length: slots.length,
    first: (i) => slotFirst(slots[i]),
    last: (i) => slotLast(slots[i]),
    value: (i) => slotValue(slots[i]),
  };
}

/** Slots 0..k-1 as ranges, without an array. */
export function firstSlotsSource(k: number): RangeSource {
  return { length: k, first: slotFirst, last: slotLast, value: slotValue };
}

/** Ranges kept in three parallel arrays, appended in ascending order. */
export class RangeList implements RangeSource {
  private readonly firsts: number[] = [];
  private readonly lasts: number[] = [];
  private readonly values: number[] = [];

  get length(): number {
    return this.firsts.length;
  }

  push(first: number, last: number, value: number): void {
    const n = this.firsts.length;
    if (n > 0 && this.lasts[n - 1] >= first) throw new Error(`RangeList: [${first}, ${last}] does not follow [.., ${this.lasts[n - 1]}]`);
    if (first > last) throw new Error(`RangeList: empty range [${first}, ${last}]`);
    this.firsts.push(first);
    this.lasts.push(last);
    this.values.push(value);
  }

  first(i: number): number {
    return this.firsts[i];
  }
  last(i: number): number {
    return this.lasts[i];
  }
  value(i: number): number {
    return this.values[i];
  }
}
