/**
 * The upstream vmalloc design on an augmented red-black tree (mm/vmalloc.c before the maple RFC),
 * on the common surface (impl/vmalloc/surface.ts): the differential oracle and the performance
 * baseline of the maple designs.
 *
 * Structure: a free tree augmented with subtree_max_size (free-tree.ts), a busy tree keyed by
 * address (busy-tree.ts), a lazy list of freed areas waiting for a purge, and one preloaded node
 * for a split (the kernel's ne_fit_preload_node). Every vmap_area comes from one NodeAllocator.
 *
 * Invariants (validate):
 * - both trees valid (red-black rules, order, subtree_max_size everywhere); free blocks never
 *   touch; free ∪ busy ∪ lazy cover [config.start, config.end) exactly, pairwise disjoint;
 * - lazyPages === Σ lazy sizes / pageSize <= lazyMaxPages;
 * - node accounting: the allocator's live nodes are exactly the free, busy and lazy areas plus the
 *   preloaded node; no freed node is reachable.
 * Failure: alloc_vmap_area and pcpu_get_vm_areas take every node they may need (the busy area and
 * the split's spare) before they look at the trees; a refused request returns -ENOMEM with
 * nothing changed. vfree, free_vmap_area, purge and find allocate nothing.
 * Cost: alloc O(log n) for align <= PAGE_SIZE (exact lowest fit for larger aligns may visit
 * near-miss blocks: free-tree.ts), vfree / find O(log n), purge O(k log n) for k lazy areas.
 */
import { failNothing } from '../alloc/fault-plans.js';
import { NodeAllocator, type FaultPlan, type Gfp } from '../alloc/node-allocator.js';
import { EBUSY, EINVAL, ENOENT, ENOMEM, ERANGE } from '../errno.js';
import {
  allocArgsValid,
  freeAddrValid,
  lazyMaxPagesOf,
  mayPurge,
  pcpuArgsValid,
  requireValidConfig,
  type AllocOptions,
  type AreaRange,
  type FaultSeam,
  type FreeResult,
  type VmallocConfig,
  type VmapAllocator,
  type VmapArea,
} from '../vmalloc/surface.js';
import { pcpuFindBase, type FreeSpaceView } from '../vmalloc/common/pcpu-walk.js';
import { BusyTree } from './busy-tree.js';
import { FreeTree, type ClipKind } from './free-tree.js';
import { VmapAreaNode } from './vmap-area.js';

export interface RbVmallocOptions {
  /** The plan the vmap_area allocations start under (default: fail nothing). */
  faultPlan?: FaultPlan;
}

export class RbVmapAllocator implements VmapAllocator {
  readonly design = 'rbtree';
  readonly lazyMaxPages: number;
  readonly nodes: NodeAllocator<VmapAreaNode>;
  /** Clip cases done, for figures. */
  readonly clips: Record<ClipKind, number> = { FL: 0, LE: 0, RE: 0, NE: 0 };
  private readonly free: FreeTree;
  /** The free tree as pcpu_get_vm_areas' walk sees it (the walk is shared with the maple designs). */
  private readonly freeView: FreeSpaceView = { blockAtOrBelow: (addr) => this.free.findEnclosing(addr) };
  private readonly busy = new BusyTree();
  private lazy: VmapAreaNode[] = [];
  private lazyPageCount = 0;
  /** ne_fit_preload_node: a node ready for the left part of a no-edge split. */
  private preload: VmapAreaNode | null = null;

  constructor(
    readonly config: VmallocConfig,
    options: RbVmallocOptions = {},
  ) {
    requireValidConfig(config);
    this.lazyMaxPages = lazyMaxPagesOf(config);
    this.nodes = new NodeAllocator(() => new VmapAreaNode(), options.faultPlan ?? failNothing);
    this.free = new FreeTree(this.nodes);
    const space = this.nodes.alloc('GFP_NOFAIL') as VmapAreaNode; // vmap_init_free_space cannot fail
    space.start = config.start;
    space.end = config.end;
    this.free.addBlock(space);
  }

  get faults(): FaultSeam {
    return this.nodes;
  }

  get lazyPages(): number {
    return this.lazyPageCount;
  }

  alloc_vmap_area(size: number, align: number, vstart: number, vend: number, options: AllocOptions = {}): number {
    if (!allocArgsValid(this.config, size, align, vstart, vend)) return -EINVAL;
    const gfp: Gfp = options.gfp ?? 'GFP_KERNEL';
    const va = this.nodes.alloc(gfp);
    if (va === null) return -ENOMEM;
    if (this.preload === null) {
      this.preload = this.nodes.alloc(gfp);
      if (this.preload === null) {
        this.nodes.free(va);
        return -ENOMEM;
      }
    }
    let addr = this.allocOnce(va, size, align, vstart, vend, options.cpu ?? 0);
    if (addr < 0 && mayPurge(options.gfp)) {
      this.purge_vmap_area_lazy();
      addr = this.allocOnce(va, size, align, vstart, vend, options.cpu ?? 0);
    }
    if (addr < 0) {
      this.nodes.free(va);
      return -EBUSY;
    }
    return addr;
  }

  vfree(addr: number): FreeResult {
    const va = this.unlinkBusy(addr);
    if (va === null) return -EINVAL;
    this.lazy.push(va);
    this.lazyPageCount += va.size / this.config.pageSize;
    if (this.lazyPageCount > this.lazyMaxPages) this.purge_vmap_area_lazy();
    return 0;
  }

  free_vmap_area(addr: number): FreeResult {
    const va = this.unlinkBusy(addr);
    if (va === null) return -EINVAL;
    this.free.mergeOrAdd(va);
    return 0;
  }

  purge_vmap_area_lazy(): number {
    const purged = this.lazy;
    this.lazy = [];
    this.lazyPageCount = 0;
    for (const va of purged) this.free.mergeOrAdd(va);
    return purged.length;
  }

  find_vmap_area(addr: number): VmapArea | undefined {
    // A negative address lies below config.start >= 0, where the busy tree holds nothing: no extra check.
    if (!Number.isSafeInteger(addr)) return undefined;
    const va = this.busy.find(addr);
    return va === null ? undefined : { start: va.start, end: va.end, cpu: va.cpu };
  }

  pcpu_get_vm_areas(offsets: readonly number[], sizes: readonly number[], align: number): number[] | number {
    if (!pcpuArgsValid(this.config, offsets, sizes, align)) return -EINVAL;
    const vas = this.nodes.allocBulk(offsets.length);
    if (vas === null) return -ENOMEM;
    const spares = this.nodes.allocBulk(offsets.length);
    if (spares === null) {
      for (const va of vas) this.nodes.free(va);
      return -ENOMEM;
    }
    let base = pcpuFindBase(this.freeView, this.config, offsets, sizes, align);
    if (base === null) {
      this.purge_vmap_area_lazy();
      base = pcpuFindBase(this.freeView, this.config, offsets, sizes, align);
    }
    if (base === null) {
      for (const va of [...vas, ...spares]) this.nodes.free(va);
      return -EBUSY;
    }
    const starts = offsets.map((off) => (base as number) + off);
    starts.forEach((start, i) => {
      const block = this.free.findEnclosing(start);
      if (block === null) throw new Error(`vmalloc bug: pcpu area at 0x${start.toString(16)} has no free block`);
      const spare = spares[spares.length - 1];
      if (this.clipFree(block, start, sizes[i], spare) === 'NE') spares.pop();
      vas[i].start = start;
      vas[i].end = start + sizes[i];
      vas[i].cpu = 0;
      this.busy.insert(vas[i]);
    });
    for (const spare of spares) this.nodes.free(spare);
    return starts;
  }

  busyAreas(): VmapArea[] {
    const out: VmapArea[] = [];
    this.busy.tree.forEach((va) => out.push({ start: va.start, end: va.end, cpu: va.cpu }));
    return out;
  }

  freeBlocks(): AreaRange[] {
    return this.free.blocks();
  }

  lazyAreas(): AreaRange[] {
    return this.lazy.map((va) => ({ start: va.start, end: va.end })).sort((a, b) => a.start - b.start);
  }

  validate(): void {
    this.free.validate();
    this.busy.validate();
    const all: VmapAreaNode[] = [...this.lazy];
    this.free.tree.forEach((va) => all.push(va));
    this.busy.tree.forEach((va) => all.push(va));
    all.sort((a, b) => a.start - b.start);
    let next = this.config.start;
    for (const va of all) {
      if (va.freed) throw new Error(`rbtree vmalloc: freed node ${va} is still reachable`);
      if (va.start !== next) throw new Error(`rbtree vmalloc: free, busy and lazy do not partition the space at 0x${next.toString(16)} (next ${va})`);
      next = va.end;
    }
    if (next !== this.config.end) throw new Error(`rbtree vmalloc: the areas end at 0x${next.toString(16)}, not at the end of the space`);
    const lazyBytes = this.lazy.reduce((sum, va) => sum + va.size, 0);
    if (lazyBytes / this.config.pageSize !== this.lazyPageCount) throw new Error(`rbtree vmalloc: lazyPages ${this.lazyPageCount}, lazy areas hold ${lazyBytes} bytes`);
    if (this.lazyPageCount > this.lazyMaxPages) throw new Error(`rbtree vmalloc: lazyPages ${this.lazyPageCount} above lazyMaxPages ${this.lazyMaxPages}`);
    const held = all.length + (this.preload === null ? 0 : 1);
    if (this.nodes.live !== held) throw new Error(`rbtree vmalloc: ${this.nodes.live} live vmap_area nodes, ${held} held (a leak or a lost area)`);
  }

  /** One search without purging: the address, or -ENOENT / -ERANGE (nothing changed). */
  private allocOnce(va: VmapAreaNode, size: number, align: number, vstart: number, vend: number, cpu: number): number {
    const fit = this.free.lowestFit(size, align, vstart);
    if (fit === null) return -ENOENT;
    if (fit.addr + size > vend) return -ERANGE;
    if (this.clipFree(fit.va, fit.addr, size, this.preload) === 'NE') this.preload = null;
    va.start = fit.addr;
    va.end = fit.addr + size;
    va.cpu = cpu;
    this.busy.insert(va);
    return fit.addr;
  }

  private clipFree(block: VmapAreaNode, addr: number, size: number, spare: VmapAreaNode | null): ClipKind {
    const kind = this.free.clip(block, addr, size, spare);
    this.clips[kind]++;
    return kind;
  }

  /** The busy area containing addr, taken out of the busy tree; null (nothing changed) if none. */
  private unlinkBusy(addr: number): VmapAreaNode | null {
    if (!freeAddrValid(this.config, addr)) return null;
    const va = this.busy.find(addr);
    if (va !== null) this.busy.erase(va);
    return va;
  }
}
