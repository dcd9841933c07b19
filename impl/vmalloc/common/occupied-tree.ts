/**
 * The in-use index: an alloc-range maple tree (MT_FLAGS_ALLOC_RANGE) holding every busy AND every
 * lazy vmap_area over [start, end - 1], so that its gaps inside the space are the free space. It is
 * the one tree of the gap-based design (the reviewers' proposal, seeds/000) and the busy tree of
 * the two-tree design, where the RFC made it "the authoritative index on the allocation hot path"
 * (patch 7, occupied_vmap_area_mt) beside the free tree.
 *
 * Invariants (validate()):
 * - every entry is a MapleVmapArea stored over exactly its own range, inside the space; the tree
 *   passes mt_validate (its gap bookkeeping included);
 * - a lazy area stays an occupied entry until the purge erases it (research §8.4 design note):
 *   erasing it at vfree would make it reusable at once, which the model forbids.
 * lowestFit: mas_empty_area(size) finds the lowest gap with room for `size` from `from`; if the
 * aligned start does not fit in that gap, the search repeats from past the gap. So the answer is
 * the exact lowest aligned fit (the model's), never the padded search's (size + align - 1), and each
 * step is one descent that skips subtrees whose recorded gap is too small.
 */
import type { NodeAllocator } from '../../alloc/node-allocator.js';
import {
  MA_STATE,
  MT_FLAGS_ALLOC_RANGE,
  MT_FLAGS_USE_RCU,
  mas_empty_area,
  mas_find,
  mas_find_range_rev,
  mas_walk,
  mt_for_each,
  mt_init_flags,
  mt_validate,
  mtree_load,
  type MapleNode,
  type MapleTree,
} from '../../maple/index.js';
import type { Rcu } from '../../rcu/rcu.js';
import type { AreaRange } from '../surface.js';
import type { FreeSpaceView } from './pcpu-walk.js';
import { storeNoFail } from './undo-log.js';
import { MapleVmapArea, endsBy, fitInBlock } from './vmap-area.js';

export interface GapFit {
  readonly addr: number;
  readonly size: number;
}

export class OccupiedTree implements FreeSpaceView {
  readonly tree: MapleTree;
  /** Empty-area searches made (a figure: descents per allocation). */
  searches = 0;

  constructor(
    allocator: NodeAllocator<MapleNode>,
    private readonly space: AreaRange,
    rcu?: Rcu,
  ) {
    // With an RCU domain the index is in RCU mode from the start: lock-free readers may walk it.
    // Stryker disable next-line ConditionalExpression: { allocator, rcu: undefined } is the same option set as { allocator } (the tree reads options.rcu ?? null)
    this.tree = mt_init_flags(MT_FLAGS_ALLOC_RANGE | (rcu !== undefined ? MT_FLAGS_USE_RCU : 0), rcu !== undefined ? { allocator, rcu } : { allocator });
  }

  /** The free gap containing addr (clipped to the space), or null if addr is occupied or outside. */
  gapContaining(addr: number): AreaRange | null {
    if (addr < this.space.start || addr >= this.space.end) return null;
    const mas = MA_STATE(this.tree, addr);
    if (mas_walk(mas) !== null) return null;
    return { start: Math.max(mas.index, this.space.start), end: Math.min(mas.last + 1, this.space.end) };
  }

  /** The lowest aligned fit inside [vstart, vend) (already clipped to the space), or null. */
  lowestFit(size: number, align: number, vstart: number, vend: number): GapFit | null {
    const mas = MA_STATE(this.tree);
    let from = vstart;
    while (vend - from >= size) {
      this.searches++;
      // Stryker disable next-line ArithmeticOperator: a search up to vend + 1 finds the same lowest gap whenever one with room below vend exists, and otherwise a gap whose fit fitInBlock clips to vend and rejects, after which from >= vend ends the loop
      if (mas_empty_area(mas, from, vend - 1, size) !== 0) return null;
      const gap = this.gapContaining(mas.index) as AreaRange;
      const addr = fitInBlock(mas.index, Math.min(gap.end, vend), size, align, vstart);
      if (addr >= 0) return endsBy(addr, size, vend) ? { addr, size } : null;
      from = gap.end;
    }
    return null;
  }

  /** Is [addr, addr + size) still wholly free? (the re-validation under the lock) */
  isFree(addr: number, size: number): boolean {
    const gap = this.gapContaining(addr);
    return gap !== null && gap.end - addr >= size;
  }

  blockAtOrBelow(addr: number): AreaRange | null {
    // The range at addr, else the empty range below the entry there: the highest gap at or below.
    const mas = MA_STATE(this.tree, Math.min(addr, this.space.end - 1));
    for (let e = mas_find_range_rev(mas, this.space.start); mas.status === 'active'; e = mas_find_range_rev(mas, this.space.start)) {
      if (e === null) {
        const start = Math.max(mas.index, this.space.start);
        const end = Math.min(mas.last + 1, this.space.end);
        // Stryker disable next-line ConditionalExpression,EqualityOperator: redundant guard: mas_find_range_rev(mas, space.start) yields only ranges reaching space.start, from at most space.end - 1, so the clipped range is never empty
        return start < end ? { start, end } : null;
      }
    }
    return null;
  }

  /**
   * vfree: the busy entry is replaced in place by a lazy copy (an exact-fit store, no node needed
   * outside RCU mode; a lock-free reader sees one object or the other, never an empty range).
   */
  makeLazy(va: MapleVmapArea): MapleVmapArea {
    const lazyVa = new MapleVmapArea(va.start, va.end, va.cpu);
    lazyVa.state = 'lazy';
    storeNoFail(this.tree, va.start, va.end - 1, lazyVa);
    return lazyVa;
  }

  find(addr: number): MapleVmapArea | null {
    const hit = mtree_load(this.tree, addr);
    return hit instanceof MapleVmapArea ? hit : null;
  }

  /** Is there any entry in [first, last]? */
  occupied(first: number, last: number): boolean {
    return mas_find(MA_STATE(this.tree, first), last) !== null;
  }

  areas(): MapleVmapArea[] {
    return [...mt_for_each(this.tree)].map((r) => r.entry as MapleVmapArea);
  }

  /** The gaps inside the space, in order: the free blocks. */
  gaps(): AreaRange[] {
    const out: AreaRange[] = [];
    let at = this.space.start;
    // Stryker disable next-line ArithmeticOperator: scanning to end + 1 also meets an entry starting at end (same gap [at, end)) or end + 1, and no entry starts at end + 1: entries are page-aligned, as is end
    for (const { first, last } of mt_for_each(this.tree, this.space.start, this.space.end - 1)) {
      if (first > at) out.push({ start: at, end: first });
      at = last + 1;
    }
    if (at < this.space.end) out.push({ start: at, end: this.space.end });
    return out;
  }

  validate(): void {
    mt_validate(this.tree);
    for (const { first, last, entry } of mt_for_each(this.tree)) {
      if (!(entry instanceof MapleVmapArea) || entry.start !== first || entry.end !== last + 1) throw new Error(`occupied tree holds ${String(entry)} at [${first}, ${last}]`);
      if (first < this.space.start || last >= this.space.end) throw new Error(`${entry} is outside the space`);
    }
  }
}
