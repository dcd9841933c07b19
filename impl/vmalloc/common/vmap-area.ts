/**
 * The vmap_area object the maple designs store in their trees, and the aligned-fit arithmetic of
 * alloc_vmap_area shared by both maple designs.
 *
 * Invariants:
 * - A MapleVmapArea is [start, end) with start < end, both page-aligned safe integers; its range
 *   never changes after creation (a tree entry is found by its range, so a moving range would
 *   make the tree lie). Its `state` says which set it is in: busy (in the busy index, or queued
 *   for publishing), lazy (freed, waiting for the purge).
 * - fitInBlock is the model's fit rule restated for one block (research §8.2): the aligned start is
 *   alignUp(max(block start, vstart), align), and it fits when the block still holds `size` bytes
 *   from there. It never forms `n + size` (that can leave the exact range of doubles near 2^53).
 */
import type { AreaRange, VmapArea } from '../surface.js';

export type VmapAreaState = 'busy' | 'lazy';

export class MapleVmapArea implements VmapArea {
  state: VmapAreaState = 'busy';

  constructor(
    readonly start: number,
    readonly end: number,
    readonly cpu: number,
  ) {}

  get size(): number {
    return this.end - this.start;
  }

  contains(addr: number): boolean {
    return this.start <= addr && addr < this.end;
  }

  /** What the surface hands out: a copy, so callers cannot touch the tree's object. */
  view(): VmapArea {
    return { start: this.start, end: this.end, cpu: this.cpu };
  }

  toString(): string {
    // Stryker disable next-line StringLiteral: a debug label for error messages, never parsed or compared
    return `va[${this.start}, ${this.end}) ${this.state} cpu${this.cpu}`;
  }
}

/** Rounds x up to a multiple of align (a power of two; exact in doubles, even for align = 2^63). */
export function alignUp(x: number, align: number): number {
  return Math.ceil(x / align) * align;
}

export function alignDown(x: number, align: number): number {
  return Math.floor(x / align) * align;
}

/**
 * The aligned start of an area of `size` (> 0) in free block [start, end) at or after vstart, or
 * -1. A start past the end gives a negative end - n, so no separate n <= end test is needed.
 */
export function fitInBlock(start: number, end: number, size: number, align: number, vstart: number): number {
  const n = alignUp(Math.max(start, vstart), align);
  return end - n >= size ? n : -1;
}

/** Does an area of `size` (> 0) at addr end at or before vend? (addr past vend: vend - addr < 0) */
export function endsBy(addr: number, size: number, vend: number): boolean {
  return vend - addr >= size;
}

/** Disjoint ranges sorted and joined where they touch (plain {start, end} copies). */
export function mergeTouching(ranges: readonly AreaRange[]): AreaRange[] {
  const sorted = ranges.map((r) => ({ start: r.start, end: r.end })).sort((a, b) => a.start - b.start);
  const merged: AreaRange[] = [];
  for (const r of sorted) {
    const top = merged[merged.length - 1];
    if (top !== undefined && top.end === r.start) merged[merged.length - 1] = { start: top.start, end: r.end };
    else merged.push(r);
  }
  return merged;
}
