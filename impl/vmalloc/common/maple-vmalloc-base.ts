/**
 * What both maple designs share above their trees: argument checks, the purge-and-retry of
 * alloc_vmap_area, lazy freeing with the lazy_max_pages threshold, pcpu_get_vm_areas' purge and
 * placement, and the rollback that makes -ENOMEM change nothing. A design supplies the tree side:
 * finding a fit, committing it, unlinking and returning areas, and its free-space view.
 *
 * Invariants:
 * - An allocation that returns -ENOMEM leaves every set and every tree as before the call: a purge
 *   it ran itself went through an UndoLog (its stores are GFP_NOFAIL, so the purge itself cannot
 *   fail) and is rolled back, with the lazy queue and the design's own extra state
 *   (saveExtra). A -EBUSY keeps the purge, as the model and the kernel do.
 * - vfree / free_vmap_area / purge never fail: their stores are GFP_NOFAIL.
 * - lazyPages <= lazyMaxPages after every call (vfree purges synchronously when it crosses it).
 */
import type { Gfp } from '../../alloc/node-allocator.js';
import { EBUSY, EINVAL, ENOMEM } from '../../errno.js';
import {
  allocArgsValid,
  freeAddrValid,
  lazyMaxPagesOf,
  mayPurge,
  pcpuArgsValid,
  type AllocOptions,
  type AreaRange,
  type FreeResult,
  type VmallocConfig,
  type VmapAllocator,
  type VmapArea,
} from '../surface.js';
import { LazyQueue } from './lazy-queue.js';
import { pcpuFindBase, type FreeSpaceView } from './pcpu-walk.js';
import { checkPartition } from './space-check.js';
import type { StepFit } from './steps.js';
import { UndoLog, storeNoFail, type TreeWrite } from './undo-log.js';
import type { MapleVmapArea } from './vmap-area.js';

export interface MapleVmallocStats {
  purges: number;
  /** Calls that returned -ENOMEM, and the purges they rolled back. */
  enomem: number;
  purgesRolledBack: number;
}

interface Txn {
  readonly log: UndoLog;
  /** GFP_NOFAIL stores into the log (the purge's). */
  readonly write: TreeWrite;
  /** Undoes everything since begin() and returns ret. */
  abort(ret: number): number;
}

export abstract class MapleVmallocBase<F extends StepFit, P> implements VmapAllocator {
  abstract readonly design: string;
  readonly lazyMaxPages: number;
  readonly lazy: LazyQueue;
  readonly baseStats: MapleVmallocStats = { purges: 0, enomem: 0, purgesRolledBack: 0 };

  constructor(readonly config: VmallocConfig) {
    this.lazyMaxPages = lazyMaxPagesOf(config);
    this.lazy = new LazyQueue(config.pageSize);
  }

  get lazyPages(): number {
    return this.lazy.pages;
  }

  // ---- what a design supplies ------------------------------------------------------------------

  abstract findFit(size: number, align: number, vstart: number, vend: number): F | null;
  /** Reserves and publishes a fit that is still free: 0, or -ENOMEM with nothing changed. */
  abstract commit(fit: F, cpu: number, preload: P | null, gfp: Gfp): number;
  /** The busy area containing addr, taken out of the busy set; null if none. */
  protected abstract unlinkBusy(addr: number): MapleVmapArea | null;
  /** A busy area becomes lazy (it was just unlinked). */
  protected abstract makeLazy(va: MapleVmapArea): void;
  /** An unlinked or purged area goes back to free space, merged. */
  protected abstract returnToFree(va: MapleVmapArea, write: TreeWrite): void;
  /** The busy area containing addr, or undefined (no change). */
  protected abstract lookup(addr: number): MapleVmapArea | undefined;
  /** pcpu_get_vm_areas' placement of one area: 0 or -ENOMEM (the caller rolls back). */
  protected abstract placePcpuArea(start: number, size: number, write: TreeWrite): number;
  protected abstract readonly freeSpace: FreeSpaceView;
  abstract busyAreas(): VmapArea[];
  abstract freeBlocks(): AreaRange[];
  /** The design's tree checks (validate() adds the partition check). */
  protected abstract validateTrees(): void;

  /** A design's own fast path before the global search (-1: not served). */
  protected fastPath(_size: number, _align: number, _vstart: number, _vend: number, _cpu: number, _gfp: Gfp): number {
    return -1;
  }

  /** A last resort after the purge found no fit (true: something was freed, search again). */
  protected reclaimMore(_write: TreeWrite): boolean {
    return false;
  }

  /** Saves the design's extra state a purge may change; the result restores it. */
  protected saveExtra(): () => void {
    return () => {};
  }

  // ---- the surface -----------------------------------------------------------------------------

  alloc_vmap_area(size: number, align: number, vstart: number, vend: number, options: AllocOptions = {}): number {
    if (!allocArgsValid(this.config, size, align, vstart, vend)) return -EINVAL;
    const gfp = options.gfp ?? 'GFP_KERNEL';
    const cpu = options.cpu ?? 0;
    const fast = this.fastPath(size, align, vstart, vend, cpu, gfp);
    if (fast >= 0) return fast;
    let fit = this.findFit(size, align, vstart, vend);
    let txn: Txn | null = null;
    if (fit === null && mayPurge(gfp)) {
      txn = this.begin();
      this.purgeWith(txn.write);
      fit = this.findFit(size, align, vstart, vend);
      if (fit === null && this.reclaimMore(txn.write)) fit = this.findFit(size, align, vstart, vend);
    }
    if (fit === null) return -EBUSY;
    const ret = this.commit(fit, cpu, null, gfp);
    if (ret < 0) return (txn ?? this.begin()).abort(ret);
    return fit.addr;
  }

  vfree(addr: number): FreeResult {
    const va = freeAddrValid(this.config, addr) ? this.unlinkBusy(addr) : null;
    if (va === null) return -EINVAL;
    this.makeLazy(va);
    if (this.lazy.pages > this.lazyMaxPages) this.purge_vmap_area_lazy();
    return 0;
  }

  free_vmap_area(addr: number): FreeResult {
    const va = freeAddrValid(this.config, addr) ? this.unlinkBusy(addr) : null;
    if (va === null) return -EINVAL;
    this.returnToFree(va, storeNoFail);
    return 0;
  }

  purge_vmap_area_lazy(): number {
    return this.purgeWith(storeNoFail);
  }

  /** __purge_vmap_area_lazy: every lazy area back to free space (any order: merging is associative). */
  protected purgeWith(write: TreeWrite): number {
    const purged = this.lazy.takeAll();
    for (const va of purged) this.returnToFree(va, write);
    if (purged.length > 0) this.baseStats.purges++;
    return purged.length;
  }

  find_vmap_area(addr: number): VmapArea | undefined {
    if (!Number.isSafeInteger(addr) || addr < 0) return undefined;
    return this.lookup(addr)?.view();
  }

  pcpu_get_vm_areas(offsets: readonly number[], sizes: readonly number[], align: number): number[] | number {
    if (!pcpuArgsValid(this.config, offsets, sizes, align)) return -EINVAL;
    const txn = this.begin();
    let base = pcpuFindBase(this.freeSpace, this.config, offsets, sizes, align);
    if (base === null) {
      this.purgeWith(txn.write);
      base = pcpuFindBase(this.freeSpace, this.config, offsets, sizes, align);
    }
    if (base === null) return -EBUSY; // the purge stays done, as in the kernel
    const starts = offsets.map((off) => (base as number) + off);
    const place = txn.log.writer('GFP_KERNEL');
    for (let i = 0; i < starts.length; i++) {
      if (this.placePcpuArea(starts[i], sizes[i], place) !== 0) return txn.abort(-ENOMEM);
    }
    return starts;
  }

  lazyAreas(): AreaRange[] {
    return this.lazy.sorted();
  }

  validate(): void {
    this.validateTrees();
    this.lazy.validate();
    checkPartition(this.config, this.freeBlocks(), this.busyAreas(), this.lazyAreas(), this.lazyPages);
  }

  /** From here on the call may have to undo what it changes: a log, and the state to put back. */
  private begin(): Txn {
    const log = new UndoLog();
    const lazyBefore = this.lazy.snapshot();
    const restoreExtra = this.saveExtra();
    const abort = (ret: number): number => {
      if (log.size > 0) this.baseStats.purgesRolledBack++;
      log.rollback();
      this.lazy.restore(lazyBefore);
      restoreExtra();
      // Stryker disable next-line ConditionalExpression: abort is only ever given -ENOMEM (commit's one failure, pcpu placement's), so counting unconditionally is the same
      if (ret === -ENOMEM) this.baseStats.enomem++;
      return ret;
    };
    return { log, write: log.writer('GFP_NOFAIL'), abort };
  }
}
