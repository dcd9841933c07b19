/**
 * pcpu_get_vm_areas' search for a base, as mm/vmalloc.c does it: a downward walk over the free
 * blocks from the top of the space, moving the base down whenever an area does not fit in the
 * block under it, until every area fits at one base (or the base falls below the space). All
 * designs, the rb-tree one included, share it and differ only in how they show their free blocks
 * (FreeSpaceView); the model states the answer declaratively (the highest base that fits), so
 * the two methods check each other.
 *
 * Invariants: the base only moves down; each move is to the highest aligned end of some block
 * below, so no fitting base above the answer is skipped; the walk ends (every move lowers the base
 * or steps to a lower block, and there are finitely many). Arguments were checked by the caller
 * (surface pcpuArgsValid).
 */
import type { AreaRange } from '../surface.js';
import { alignDown, alignUp } from './vmap-area.js';

export interface FreeSpaceView {
  /** The free block containing addr, or else the highest one starting below it; null if none. */
  blockAtOrBelow(addr: number): AreaRange | null;
}

export interface PcpuSpace {
  readonly start: number;
  readonly end: number;
}

/** The base for pcpu_get_vm_areas, or null when no base fits. */
export function pcpuFindBase(view: FreeSpaceView, space: PcpuSpace, offsets: readonly number[], sizes: readonly number[], align: number): number | null {
  const lo = alignUp(space.start, align);
  const hi = alignDown(space.end, align);
  const n = offsets.length;
  const ends = offsets.map((off, i) => off + sizes[i]);
  let last = 0;
  // Stryker disable next-line ConditionalExpression,EqualityOperator: performance only: the walk returns only after every area fits at one base, from any start area; a start area other than the highest-ended cannot overshoot hi, as ends are multiples of align and hi - alignDown(end) < align
  for (let i = 1; i < n; i++) if (ends[i] > ends[last]) last = i;

  // Stryker disable next-line ConditionalExpression: both views answer null below address 0 (nothing free lies there); the guard only avoids asking
  const prev = (va: AreaRange): AreaRange | null => (va.start === 0 ? null : view.blockAtOrBelow(va.start - 1));
  // pvm_determine_end_from_reverse: from va downwards, the first block with room below its
  // aligned end (capped at the aligned top of the space); that end, with the block, or null.
  const determineEnd = (from: AreaRange | null): { va: AreaRange; end: number } | null => {
    for (let va = from; va !== null; va = prev(va)) {
      const end = Math.min(alignDown(va.end, align), hi);
      // Stryker disable next-line EqualityOperator: performance only: a block with no room (end = start) gives a base whose area starts below the block, so the next step moves on to prev(va) as the strict test does
      if (va.start < end) return { va, end };
    }
    return null;
  };

  let area = last;
  let term = last;
  let top = determineEnd(view.blockAtOrBelow(hi));
  if (top === null) return null;
  let va: AreaRange | null = top.va;
  // Stryker disable next-line ArithmeticOperator: performance only: a base above the block makes the area overrun it, and the next step sets base = top.end - ends[area] from the same block
  let base = top.end - ends[area];
  for (;;) {
    if (base < lo || va === null) return null;
    const start = base + offsets[area];
    const end = base + ends[area];
    if (end > va.end || start < va.start) {
      // Too wide for this block, or the block starts above the area: move the base down to the
      // highest aligned end at or below this block (or the one before it).
      top = determineEnd(end > va.end ? va : prev(va));
      if (top === null) return null;
      va = top.va;
      base = top.end - ends[area];
      term = area;
      continue;
    }
    // This area fits; go on with the previous one (cyclically) until we are back at term.
    // Stryker disable next-line ArithmeticOperator: the order only: the walk returns after all n areas fit at one base in a row, whichever way it cycles
    area = (area + n - 1) % n;
    if (area === term) return base;
    va = view.blockAtOrBelow(base + ends[area]);
  }
}
