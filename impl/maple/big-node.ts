/**
 * The big node: the ordered run of slots that one level of a write produces, before it is cut into
 * real nodes (the kernel's struct maple_big_node and its mab_* helpers).
 *
 * Invariants:
 * - `pivots[i]` is the last index covered by `slots[i]`; pivots ascend strictly; the run covers
 *   [min, pivots[len - 1]] with no hole.
 * - Slots are entries (or null) at the leaf level and child nodes at internal levels.
 */
import { MT_SLOTS, type MapleType } from './constants.js';
import type { MapleNode } from './node.js';

export class BigNode {
  readonly pivots: number[] = [];
  readonly slots: unknown[] = [];

  constructor(public min: number) {}

  get length(): number {
    return this.slots.length;
  }

  get max(): number {
    return this.pivots[this.pivots.length - 1];
  }

  push(pivot: number, slot: unknown): void {
    this.pivots.push(pivot);
    this.slots.push(slot);
  }

  /** mab_mas_cp: appends slots [from, to] of `node`, whose last slot ends at `nodeMax`. */
  copyFrom(node: MapleNode, nodeMax: number, from: number, to: number): void {
    for (let i = from; i <= to; i++) this.push(i < node.end ? node.pivots[i] : nodeMax, node.slots[i]);
  }

  /** Puts all slots of `node` (the neighbour ending at min - 1, starting at nodeMin) in front. */
  prependNode(node: MapleNode, nodeMin: number): void {
    const pivots: number[] = [];
    for (let i = 0; i <= node.end; i++) pivots.push(i < node.end ? node.pivots[i] : this.min - 1);
    this.pivots.unshift(...pivots);
    this.slots.unshift(...node.slots.slice(0, node.end + 1));
    this.min = nodeMin;
  }

  /** Lowest index covered by slot i of the run. */
  slotMin(i: number): number {
    return i === 0 ? this.min : this.pivots[i - 1] + 1;
  }
}

/**
 * How to cut a run of `length` slots into nodes of `type`: as few nodes as hold it, sizes as even
 * as possible (so every part of a run longer than one node holds at least half a node, which is
 * above the minimum occupancy). Returns the end (exclusive) of each part.
 */
export function mab_split_points(length: number, type: MapleType): number[] {
  const parts = Math.ceil(length / MT_SLOTS[type]);
  const ends: number[] = [];
  for (let p = 1; p <= parts; p++) ends.push(Math.round((length * p) / parts));
  return ends;
}
