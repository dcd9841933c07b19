/**
 * The RFC's design (seeds/001) on our maple trees: 'maple-two-tree'. A free-space tree of free
 * blocks (free-tree.ts), a busy tree of vmap_areas with the retry queue (busy-tree.ts), the lazy
 * purge queue as a list (common/lazy-queue.ts), and optionally the per-CPU chunk overlay
 * (percpu-cache.ts, RFC patches 10-12).
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
import { MapleVmapArea } from '../common/vmap-area.js';
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

  constructor(config: VmallocConfig, options: MapleVmallocOptions = {}) {
    super(config);
    const freeNodes = newNodeAllocator();
    const busyNodes = newNodeAllocator();
    this.faults = new SharedFaultSeam([freeNodes, busyNodes], options.faultPlan);
    this.free = this.freeSpace = new FreeTree(freeNodes, config);
    this.busy = new BusyTree(busyNodes);
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

  findFit(size: number, align: number, vstart: number, vend: number): Fit | null {
    return this.free.lowestFit(size, align, Math.max(vstart, this.config.start), Math.min(vend, this.config.end));
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

  protected unlinkBusy(addr: number): MapleVmapArea | null {
    const cached = this.cache?.unlink(addr);
    if (cached !== undefined) return cached;
    const va = this.busy.find(addr);
    if (va === undefined) return null;
    this.busy.unlink(va);
    return va;
  }

  protected makeLazy(va: MapleVmapArea): void {
    this.lazy.push(va);
  }

  protected returnToFree(va: MapleVmapArea, write: TreeWrite): void {
    if (this.cache?.owns(va)) this.cache.release(va, write);
    else this.free.insertMerged(va.start, va.end, write);
  }

  protected placePcpuArea(start: number, size: number, write: TreeWrite): number {
    const fit = { addr: start, size, block: this.free.blockContaining(start) as AreaRange };
    const va = new MapleVmapArea(start, start + size, 0);
    if (this.free.clip(fit, write) !== 0 || write(this.busy.tree, va.start, va.end - 1, va) !== 0) return -ENOMEM;
    this.stats.clips[clipKind(fit)]++;
    return 0;
  }

  busyAreas(): VmapArea[] {
    const areas = this.busy.areas();
    const cached = this.cache?.areas() ?? [];
    const all = cached.length === 0 ? areas : [...areas, ...cached].sort((a, b) => a.start - b.start);
    return all.map((va) => va.view());
  }

  freeBlocks(): AreaRange[] {
    return this.cache === null ? this.free.blocks() : this.cache.withCachedRanges(this.free.blocks());
  }

  protected validateTrees(): void {
    this.free.validate();
    this.busy.validate();
    this.cache?.validate();
  }
}
