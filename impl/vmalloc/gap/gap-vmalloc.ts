/**
 * The reviewers' design (seeds/000, Wilcox and Rezki): 'maple-gap'. One occupied tree
 * (occupied-tree.ts) holds busy and lazy areas; its gaps are the free space. Allocation is
 * mas_empty_area plus the store that publishes the vmap_area, and that store IS the reservation:
 * there is no free tree to keep in step, but also no retry queue — an area that could not be stored
 * would leave its range looking free to the next CPU, so a publish that cannot get its nodes fails
 * the allocation (-ENOMEM, nothing changed).
 *
 * Invariants (validate(), with the shared ones of common/maple-vmalloc-base.ts):
 * - the gaps inside the space, the busy entries and the lazy entries partition the space; the lazy
 *   entries are exactly the lazy queue's areas;
 * - every result equals the model's (exact lowest fit for every align); vfree is an exact-fit store
 *   of the lazy object over the busy one (no node needed outside RCU mode, and a lock-free reader
 *   sees one object or the other, never an empty range); the purge erases (may rebalance:
 *   GFP_NOFAIL).
 */
import type { Gfp, NodeAllocator } from '../../alloc/node-allocator.js';
import { mas_destroy, mas_set_range, mas_store_prealloc, newNodeAllocator, type MapleNode, type MaState } from '../../maple/index.js';
import { ENOMEM } from '../../errno.js';
import type { AreaRange, VmallocConfig, VmapArea } from '../surface.js';
import { MapleVmallocBase } from '../common/maple-vmalloc-base.js';
import type { MapleVmallocOptions } from '../common/options.js';
import { heldSuffices, preallocate } from '../common/prealloc.js';
import type { SteppedVmalloc } from '../common/steps.js';
import type { TreeWrite } from '../common/undo-log.js';
import { MapleVmapArea } from '../common/vmap-area.js';
import { OccupiedTree, type GapFit } from '../common/occupied-tree.js';

export class GapVmalloc extends MapleVmallocBase<GapFit, MaState | null> implements SteppedVmalloc<GapFit, MaState | null> {
  readonly design = 'maple-gap';
  readonly occupied: OccupiedTree;
  readonly faults: NodeAllocator<MapleNode>;
  protected readonly freeSpace: OccupiedTree;

  constructor(config: VmallocConfig, options: MapleVmallocOptions = {}) {
    super(config);
    if (options.percpuCache !== undefined && options.percpuCache !== false) throw new RangeError('maple-gap has no per-CPU overlay');
    this.faults = newNodeAllocator(options.faultPlan);
    this.occupied = this.freeSpace = new OccupiedTree(this.faults, config, options.rcu);
  }

  // ---- the steps (common/steps.ts) -------------------------------------------------------------

  preload(gfp: Gfp): MaState | null {
    return preallocate(this.occupied.tree, {}, gfp, null);
  }

  release(preload: MaState | null): void {
    if (preload !== null) mas_destroy(preload);
  }

  preloadComplete(preload: MaState | null): boolean {
    return preload !== null;
  }

  findFit(size: number, align: number, vstart: number, vend: number): GapFit | null {
    const lo = Math.max(vstart, this.config.start);
    const hi = Math.min(vend, this.config.end);
    // Stryker disable next-line ConditionalExpression,EqualityOperator: fast path only: with hi <= lo OccupiedTree.lowestFit's loop (vend - from >= size) never runs and returns null
    return hi > lo ? this.occupied.lowestFit(size, align, lo, hi) : null;
  }

  stillFree(fit: GapFit): boolean {
    return this.occupied.isFree(fit.addr, fit.size);
  }

  /** Publishes the area: the one store that reserves its range. 0, or -ENOMEM with nothing changed. */
  commit(fit: GapFit, cpu: number, preload: MaState | null, gfp: Gfp): number {
    const va = new MapleVmapArea(fit.addr, fit.addr + fit.size, cpu);
    const range = { first: va.start, last: va.end - 1 };
    let held = preload ?? preallocate(this.occupied.tree, va, gfp, range);
    if (held === null || !heldSuffices(held)) {
      if (held !== null) mas_destroy(held);
      held = preallocate(this.occupied.tree, va, 'GFP_NOWAIT', range);
    }
    if (held === null) return -ENOMEM;
    mas_set_range(held, range.first, range.last);
    mas_store_prealloc(held, va);
    return 0;
  }

  // ---- the tree side of the shared paths -------------------------------------------------------

  protected lookup(addr: number): MapleVmapArea | undefined {
    const va = this.occupied.find(addr);
    return va !== null && va.state === 'busy' ? va : undefined;
  }

  /** The busy entry stays in the tree until makeLazy or returnToFree replaces it. */
  protected unlinkBusy(addr: number): MapleVmapArea | null {
    return this.lookup(addr) ?? null;
  }

  protected makeLazy(va: MapleVmapArea): void {
    this.lazy.push(this.occupied.makeLazy(va));
  }

  /** reclaim_list_global / free_vmap_area: the entry is erased; its range becomes part of a gap. */
  protected returnToFree(va: MapleVmapArea, write: TreeWrite): void {
    write(this.occupied.tree, va.start, va.end - 1, null);
  }

  protected placePcpuArea(start: number, size: number, write: TreeWrite): number {
    return write(this.occupied.tree, start, start + size - 1, new MapleVmapArea(start, start + size, 0));
  }

  busyAreas(): VmapArea[] {
    return this.occupied
      .areas()
      .filter((va) => va.state === 'busy')
      .map((va) => va.view());
  }

  freeBlocks(): AreaRange[] {
    return this.occupied.gaps();
  }

  protected validateTrees(): void {
    this.occupied.validate();
    const lazyInTree = this.occupied.areas().filter((va) => va.state === 'lazy').length;
    if (lazyInTree !== this.lazy.length) throw new Error(`the tree holds ${lazyInTree} lazy areas, the queue ${this.lazy.length}`);
  }
}
