/**
 * The RFC's design (seeds/001) on our maple trees: 'maple-two-tree'. A free-space tree of free
 * blocks (free-tree.ts: va_clip is one store, purge coalescing is one store), a busy tree of
 * vmap_areas that keeps lazy areas until the purge, so its gaps are the free space and the lowest
 * fit is a mas_empty_area search (busy-tree.ts; RFC patch 7's in-use index), the retry queue, the
 * lazy purge queue as a list (common/lazy-queue.ts), and optionally the per-CPU chunk overlay
 * (percpu-cache.ts, RFC patches 10-12). Every allocation writes both trees; the price of keeping
 * two indexes in step is measured in the benchmarks.
 *
 * Invariants (validate(), with the shared ones of common/maple-vmalloc-base.ts):
 * - free blocks, busy areas, lazy areas (and, with the overlay, the chunks' areas and cached
 *   ranges) partition the space exactly; the busy tree and the free tree never share an address;
 * - each tree has its own node allocator (mt_validate accounts a tree against its allocator); one
 *   SharedFaultSeam (`faults`) plans and numbers the requests of both;
 * - with the overlay off every result equals the model's (exact lowest fit for every align).
 * A publish that cannot get busy-tree nodes under GFP_NOWAIT goes to the retry queue: the
 * allocation still succeeds and the area is findable and freeable (the RFC's patch 5). The clip's
 * nodes are required: without them nothing is clipped and the call returns -ENOMEM.
 */
import type { Gfp } from '../../alloc/node-allocator.js';
import { mas_destroy, mas_set_range, mas_store_prealloc, newNodeAllocator, type MaState } from '../../maple/index.js';
import { ENOMEM } from '../../errno.js';
import type { AreaRange, VmallocConfig, VmapArea } from '../surface.js';
import { SharedFaultSeam } from '../common/fault-seam.js';
import { MapleVmallocBase } from '../common/maple-vmalloc-base.js';
import type { MapleVmallocOptions, PercpuCacheOptions } from '../common/options.js';
import { heldSuffices, preallocate } from '../common/prealloc.js';
import type { SteppedVmalloc } from '../common/steps.js';
import type { TreeWrite } from '../common/undo-log.js';
import { MapleVmapArea, mergeTouching } from '../common/vmap-area.js';
import { BusyTree } from './busy-tree.js';
import { FreeTree, clipKind, type ClipKind, type Fit } from './free-tree.js';
import { PercpuCache } from './percpu-cache.js';

export interface TwoTreePreload {
  free: MaState | null;
  busy: MaState | null;
}

export interface TwoTreeStats {
  clips: Record<ClipKind, number>;
  /** Publishes that went to the retry queue, and queued areas indexed later. */
  queued: number;
  drained: number;
}

export class TwoTreeVmalloc extends MapleVmallocBase<Fit, TwoTreePreload> implements SteppedVmalloc<Fit, TwoTreePreload> {
  readonly design = 'maple-two-tree';
  readonly free: FreeTree;
  readonly busy: BusyTree;
  readonly cache: PercpuCache | null;
  readonly faults: SharedFaultSeam;
  readonly stats: TwoTreeStats = { clips: { FL: 0, LE: 0, RE: 0, NE: 0 }, queued: 0, drained: 0 };
  protected readonly freeSpace: FreeTree;
  /** How the lowest fit is found (see findFit). */
  readonly search: 'in-use-index' | 'free-tree-walk';

  constructor(config: VmallocConfig, options: MapleVmallocOptions = {}) {
    super(config);
    const freeNodes = newNodeAllocator();
    const busyNodes = newNodeAllocator();
    this.faults = new SharedFaultSeam([freeNodes, busyNodes], options.faultPlan);
    this.free = this.freeSpace = new FreeTree(freeNodes, config);
    this.busy = new BusyTree(busyNodes, config, options.rcu);
    this.search = options.search ?? 'in-use-index';
    const cacheOptions: PercpuCacheOptions | null = options.percpuCache === true ? {} : options.percpuCache || null;
    this.cache = cacheOptions === null ? null : new PercpuCache(config, this.free, cacheOptions);
  }

  // ---- the steps (common/steps.ts) -------------------------------------------------------------

  preload(gfp: Gfp): TwoTreePreload {
    return { free: preallocate(this.free.tree, null, gfp, null), busy: preallocate(this.busy.tree, {}, gfp, null) };
  }

  release(preload: TwoTreePreload): void {
    if (preload.free !== null) mas_destroy(preload.free);
    if (preload.busy !== null) mas_destroy(preload.busy);
  }

  preloadComplete(preload: TwoTreePreload): boolean {
    return preload.free !== null && preload.busy !== null;
  }

  /**
   * The lowest fit: by mas_empty_area over the in-use index (RFC patch 7: one descent per gap
   * tried, skipping subtrees without room) while its gaps are exactly the free blocks — no area
   * waits in the retry queue and no per-CPU chunk exists; otherwise (or when asked) by the walk of
   * the free tree, which is linear in the blocks below the fit.
   */
  findFit(size: number, align: number, vstart: number, vend: number): Fit | null {
    const lo = Math.max(vstart, this.config.start);
    const hi = Math.min(vend, this.config.end);
    if (this.search === 'free-tree-walk' || this.busy.retryQueue.length > 0 || this.cache !== null) return this.free.lowestFit(size, align, lo, hi);
    // Stryker disable next-line ConditionalExpression,EqualityOperator: fast path only: with hi <= lo OccupiedTree.lowestFit's loop (vend - from >= size) never runs and returns null
    const fit = hi > lo ? this.busy.index.lowestFit(size, align, lo, hi) : null;
    return fit === null ? null : { ...fit, block: this.free.blockContaining(fit.addr) as AreaRange };
  }

  stillFree(fit: Fit): boolean {
    return this.free.isFree(fit.addr, fit.size);
  }

  /**
   * va_clip and the publish. Without a preload (alloc_vmap_area), the nodes are preallocated here
   * for the exact stores, the busy tree's first: a sleeping caller that cannot have them gets
   * -ENOMEM before anything changed; a GFP_NOWAIT caller without busy-tree nodes still clips, and
   * its area waits in the retry queue. With a preload (the concurrent path) that no longer covers
   * a tree that grew meanwhile, the clip asks again with GFP_NOWAIT (it is under the lock).
   */
  commit(fit: Fit, cpu: number, preload: TwoTreePreload | null, gfp: Gfp): number {
    // Every publisher first tries to index what waits in the retry queue (under the lock: without
    // sleeping); a failed drain changes nothing observable.
    // Stryker disable next-line ConditionalExpression,EqualityOperator: fast path only: drain() of an empty queue makes no request and returns 0
    if (this.busy.retryQueue.length > 0) this.stats.drained += this.busy.drain('GFP_NOWAIT');
    const va = new MapleVmapArea(fit.addr, fit.addr + fit.size, cpu);
    const range = { first: fit.addr, last: fit.addr + fit.size - 1 };
    const busyHeld = preload !== null ? preload.busy : preallocate(this.busy.tree, va, gfp, range);
    if (busyHeld === null && gfp !== 'GFP_NOWAIT' && preload === null) return -ENOMEM;
    let clipHeld = preload !== null ? preload.free : preallocate(this.free.tree, null, gfp, range);
    if (clipHeld === null || !heldSuffices(clipHeld)) {
      if (clipHeld !== null) mas_destroy(clipHeld);
      clipHeld = preallocate(this.free.tree, null, 'GFP_NOWAIT', range);
    }
    if (clipHeld === null) {
      if (busyHeld !== null) mas_destroy(busyHeld);
      return -ENOMEM;
    }
    this.stats.clips[clipKind(fit)]++;
    const held = clipHeld;
    this.free.clip(fit, (_tree, first, last, entry) => {
      mas_set_range(held, first, last);
      return mas_store_prealloc(held, entry);
    });
    if (this.busy.publish(va, busyHeld) === 'queued') this.stats.queued++;
    return 0;
  }

  // ---- the tree side of the shared paths -------------------------------------------------------

  protected override fastPath(size: number, align: number, vstart: number, vend: number, cpu: number, gfp: Gfp): number {
    return this.cache === null ? -1 : this.cache.alloc(size, align, vstart, vend, cpu, gfp);
  }

  protected override reclaimMore(write: TreeWrite): boolean {
    // Stryker disable next-line EqualityOperator: when no chunk was dropped nothing changed, so the extra search finds no fit again (performance only)
    return this.cache !== null && this.cache.dropEmptyChunks(write) > 0;
  }

  protected override saveExtra(): () => void {
    if (this.cache === null) return () => {};
    const cache = this.cache;
    const saved = cache.snapshot();
    return () => cache.restore(saved);
  }

  protected lookup(addr: number): MapleVmapArea | undefined {
    return this.cache?.find(addr) ?? this.busy.find(addr);
  }

  /** A chunk-resident area leaves its chunk's back-pointers now; an indexed one stays until makeLazy/returnToFree. */
  protected unlinkBusy(addr: number): MapleVmapArea | null {
    return this.cache?.unlink(addr) ?? this.busy.find(addr) ?? null;
  }

  protected makeLazy(va: MapleVmapArea): void {
    this.lazy.push(this.cache?.owns(va) ? va : this.busy.makeLazy(va));
  }

  protected returnToFree(va: MapleVmapArea, write: TreeWrite): void {
    if (this.cache?.owns(va)) {
      this.cache.release(va, write);
      return;
    }
    this.busy.erase(va, write);
    this.free.insertMerged(va.start, va.end, write);
  }

  protected placePcpuArea(start: number, size: number, write: TreeWrite): number {
    const fit = { addr: start, size, block: this.free.blockContaining(start) as AreaRange };
    const va = new MapleVmapArea(start, start + size, 0);
    // Stryker disable next-line UnaryOperator: the only caller (pcpu_get_vm_areas) tests !== 0 and returns its own -ENOMEM
    if (this.free.clip(fit, write) !== 0 || write(this.busy.tree, va.start, va.end - 1, va) !== 0) return -ENOMEM;
    this.stats.clips[clipKind(fit)]++;
    return 0;
  }

  busyAreas(): VmapArea[] {
    const areas = this.busy.areas();
    const cached = this.cache?.areas() ?? [];
    // Stryker disable next-line ConditionalExpression: performance only: busy.areas() is already in address order, so sorting it gives the same list
    const all = cached.length === 0 ? areas : [...areas, ...cached].sort((a, b) => a.start - b.start);
    return all.map((va) => va.view());
  }

  freeBlocks(): AreaRange[] {
    return this.cache === null ? this.free.blocks() : this.cache.withCachedRanges(this.free.blocks());
  }

  protected validateTrees(): void {
    this.free.validate();
    const cache = this.cache;
    this.busy.validate(this.lazy.areas().filter((va) => !cache?.owns(va)).length);
    cache?.validate();
    // The two trees in step: the in-use index's gaps are the free blocks, the queued areas and
    // the chunks, exactly.
    const gaps = this.busy.index.gaps();
    const expected = mergeTouching([...this.free.blocks(), ...this.busy.retryQueue, ...(cache?.chunkRanges() ?? [])]);
    if (JSON.stringify(gaps) !== JSON.stringify(expected)) {
      throw new Error(`the in-use index's gaps ${JSON.stringify(gaps.slice(0, 4))}... are not the free blocks, queued areas and chunks ${JSON.stringify(expected.slice(0, 4))}...`);
    }
  }
}
