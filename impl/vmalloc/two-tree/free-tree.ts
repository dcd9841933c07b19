/**
 * The free-space tree of the two-tree design (the RFC's free_vmap_area tree on a maple tree):
 * every free block [start, end) is one entry over [start, end - 1]; everything else (busy, lazy,
 * outside the space) is empty.
 *
 * Invariants (validate()):
 * - every entry is the FREE_BLOCK marker over a range inside the space, and no two entries touch
 *   (a freed area that touches a block is merged with it in the same store);
 * - the tree passes mt_validate.
 * Operations:
 * - lowestFit walks the blocks from vstart in address order (mas_find; the state's node cache makes
 *   each step O(1) amortised) and stops at the first that holds an aligned area: the exact lowest
 *   fit. The walk is linear in the blocks below the fit: a plain maple tree keeps no per-subtree
 *   "largest block" to skip on (the rb-tree's subtree_max_size), only alloc trees keep gaps, and
 *   the free blocks are entries here, not gaps. So the design searches its in-use index instead
 *   when it can (two-tree-vmalloc.ts findFit), and walks here otherwise.
 * - clip is the RFC's va_clip as one store of NULL over the allocated sub-range: full fit, left
 *   edge, right edge and no edge fit are the same store, leaving 0, 1, 1 or 2 entries.
 * - insertMerged (merge_or_add_vmap_area) is one store over the area widened to a touching
 *   predecessor and successor block.
 */
import { MA_STATE, mas_find, mas_find_rev, mas_walk, mt_for_each, mt_init_flags, mt_validate, type MapleNode, type MapleTree } from '../../maple/index.js';
import type { NodeAllocator } from '../../alloc/node-allocator.js';
import type { AreaRange } from '../surface.js';
import { storeNoFail, type TreeWrite } from '../common/undo-log.js';
import { endsBy, fitInBlock } from '../common/vmap-area.js';
import type { FreeSpaceView } from '../common/pcpu-walk.js';

/** The entry every free block holds (the range carries the bounds). */
// Stryker disable next-line StringLiteral: the marker's name only labels it in mt_dump output and error messages; identity is what the code compares
export const FREE_BLOCK = Object.freeze({ toString: () => 'free vmap block' });

export type ClipKind = 'FL' | 'LE' | 'RE' | 'NE';

/** A chosen area and the free block it comes out of. */
export interface Fit {
  readonly addr: number;
  readonly size: number;
  readonly block: AreaRange;
}

export function clipKind(fit: Fit): ClipKind {
  const left = fit.block.start < fit.addr;
  const right = fit.addr + fit.size < fit.block.end;
  return left && right ? 'NE' : left ? 'RE' : right ? 'LE' : 'FL';
}

export class FreeTree implements FreeSpaceView {
  readonly tree: MapleTree;

  constructor(
    allocator: NodeAllocator<MapleNode>,
    private readonly space: AreaRange,
  ) {
    this.tree = mt_init_flags(0, { allocator });
    storeNoFail(this.tree, space.start, space.end - 1, FREE_BLOCK);
  }

  /** The lowest aligned fit inside [vstart, vend), or null. */
  lowestFit(size: number, align: number, vstart: number, vend: number): Fit | null {
    // Stryker disable next-line ConditionalExpression,EqualityOperator: fast path only: with vend <= vstart the state's index is past mas_find's max, so the loop finds nothing and returns null too
    if (vend <= vstart) return null;
    const mas = MA_STATE(this.tree, vstart);
    // Stryker disable next-line ArithmeticOperator: a block mas_find reaches past vend - 1 starts at or after vend, so its fit cannot end by vend: null either way
    for (let e = mas_find(mas, vend - 1); e !== null; e = mas_find(mas, vend - 1)) {
      const block = { start: mas.index, end: mas.last + 1 };
      const addr = fitInBlock(block.start, block.end, size, align, vstart);
      // The first block that fits decides: if its area passes vend, every later one does too.
      if (addr >= 0) return endsBy(addr, size, vend) ? { addr, size, block } : null;
    }
    return null;
  }

  /** The free block containing addr, or null. */
  blockContaining(addr: number): AreaRange | null {
    const mas = MA_STATE(this.tree, addr);
    return mas_walk(mas) === FREE_BLOCK ? { start: mas.index, end: mas.last + 1 } : null;
  }

  /** Is [addr, addr + size) still inside one free block? (the re-validation under the lock) */
  isFree(addr: number, size: number): boolean {
    const block = this.blockContaining(addr);
    return block !== null && block.end - addr >= size;
  }

  blockAtOrBelow(addr: number): AreaRange | null {
    // Stryker disable next-line ArithmeticOperator: nothing is stored at or above space.end, so the reverse search from end - 1 or end + 1 stops at the same block
    const mas = MA_STATE(this.tree, Math.min(addr, this.space.end - 1));
    return mas_find_rev(mas, 0) === null ? null : { start: mas.index, end: mas.last + 1 };
  }

  /** va_clip: [addr, addr + size) leaves its free block, in one store of NULL. */
  clip(fit: Fit, write: TreeWrite): number {
    return write(this.tree, fit.addr, fit.addr + fit.size - 1, null);
  }

  /** merge_or_add_vmap_area: [start, end) becomes free, merged with the blocks it touches. */
  insertMerged(start: number, end: number, write: TreeWrite = storeNoFail): number {
    const mas = MA_STATE(this.tree, start);
    if (mas_walk(mas) !== null || mas.last < end - 1) throw new Error(`BUG: freeing [${start}, ${end}) over a free block`);
    let first = start;
    let last = end - 1;
    // The empty range around [start, end - 1] ends exactly there only when a block touches it.
    if (mas.index === start && start > this.space.start) first = (this.blockContaining(start - 1) as AreaRange).start;
    if (mas.last === end - 1 && end < this.space.end) last = (this.blockContaining(end) as AreaRange).end - 1;
    return write(this.tree, first, last, FREE_BLOCK);
  }

  blocks(): AreaRange[] {
    return [...mt_for_each(this.tree)].map((r) => ({ start: r.first, end: r.last + 1 }));
  }

  validate(): void {
    mt_validate(this.tree);
    let prevEnd = -1;
    for (const { first, last, entry } of mt_for_each(this.tree)) {
      if (entry !== FREE_BLOCK) throw new Error(`free tree holds ${String(entry)} at [${first}, ${last}]`);
      if (first < this.space.start || last >= this.space.end) throw new Error(`free block [${first}, ${last + 1}) is outside the space`);
      if (first === prevEnd) throw new Error(`free blocks touch at ${first}`);
      prevEnd = last + 1;
    }
  }
}
