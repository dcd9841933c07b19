/**
 * The vmalloc surface every design implements: the maple two-tree design (the RFC, seeds/001), the
 * maple gap-based design (one occupied tree whose gaps are the free space, seeds/000), the
 * augmented rb-tree baseline (impl/rbtree, upstream mm/vmalloc.c) and the reference model
 * (model/vmalloc). Properties, scenarios and benchmarks are written once against this file.
 *
 * Invariants of the contract (../shared/research/vmalloc-model.md §8):
 * - Addresses and sizes are integers in [0, MAX_INDEX] (JavaScript numbers, exact below 2^53);
 *   areas are half-open [start, end). The space [config.start, config.end) is split into free,
 *   busy and lazy areas that are pairwise disjoint and together cover it; free blocks never touch.
 * - alloc_vmap_area returns the address (>= 0) or a negative errno, never throws for bad input:
 *   -EINVAL (size 0, size not a page multiple, align not a power of two or below 1),
 *   -EBUSY (no fit even after a purge, or no fit for a non-blocking caller, which never purges),
 *   -ENOMEM (a node or vmap_area allocation failed: everything is as before the call).
 *   Lowest fit: for align <= pageSize the address equals the model's exact lowest fit. A design
 *   with the per-CPU overlay enabled (options.percpuCache) is only held to validity (aligned,
 *   inside [vstart, vend), disjoint from every busy and lazy area).
 * - A freed area is not reusable until a purge: vfree moves it to lazy; the purge (automatic when
 *   lazyPages > lazyMaxPages, or explicit) returns lazy areas to free, merging with touching blocks.
 * - Throwing is reserved for bugs (an overlap on insert, a broken invariant): the kernel's BUG/WARN.
 */
import type { Gfp } from '../alloc/node-allocator.js';

export interface VmallocConfig {
  /** Page size in bytes; a power of two. */
  readonly pageSize: number;
  /** The vmalloc space [start, end): VMALLOC_START and VMALLOC_END. Page-aligned. */
  readonly start: number;
  readonly end: number;
  /** Online CPUs: lazy_max_pages = fls(cpus) * (32 MiB / pageSize) unless lazyMaxPages is given. */
  readonly cpus: number;
  readonly lazyMaxPages?: number;
}

/** Defaults: x86-64 sizes (4 KiB pages, 32 TiB of space) at a base below 2^53, 2 CPUs. */
export const DEFAULT_VMALLOC_CONFIG: VmallocConfig = {
  pageSize: 4096,
  start: 2 ** 44,
  end: 2 ** 44 + 2 ** 45,
  cpus: 2,
};

/** fls(cpus) * (32 MiB / pageSize), as lazy_max_pages() in mm/vmalloc.c. */
export function lazyMaxPagesOf(config: VmallocConfig): number {
  if (config.lazyMaxPages !== undefined) return config.lazyMaxPages;
  const fls = 32 - Math.clz32(config.cpus);
  return fls * ((32 * 1024 * 1024) / config.pageSize);
}

export interface AreaRange {
  readonly start: number;
  readonly end: number;
}

/** A busy vmap_area as vmallocinfo / find_vmap_area see it. */
export interface VmapArea extends AreaRange {
  /** The CPU that allocated it (the per-CPU overlay and the concurrency properties use it). */
  readonly cpu: number;
}

export interface AllocOptions {
  /** GFP_KERNEL may purge and retry; GFP_NOWAIT / GFP_ATOMIC callers never purge. */
  readonly gfp?: Gfp;
  /** The allocating CPU (default 0). */
  readonly cpu?: number;
}

/** Result of vfree / free_vmap_area: 0, or a negative errno with nothing changed (the kernel WARNs). */
export type FreeResult = 0 | number;

export interface VmapAllocator {
  readonly config: VmallocConfig;
  /** A short name for reports: 'model', 'rbtree', 'maple-two-tree', 'maple-gap'. */
  readonly design: string;

  /** alloc_vmap_area: the lowest fit of `size` bytes at `align` inside [vstart, vend). */
  alloc_vmap_area(size: number, align: number, vstart: number, vend: number, options?: AllocOptions): number;
  /**
   * Lazy free (vfree / free_vmap_area_noflush): the busy area containing addr becomes lazy;
   * -EINVAL for an address inside no busy area (unknown, double free) or not page-aligned.
   */
  vfree(addr: number): FreeResult;
  /** Immediate free (error paths): straight back to free, merged, without passing through lazy. */
  free_vmap_area(addr: number): FreeResult;
  /** __purge_vmap_area_lazy: every lazy area back to free, merged; returns the number purged. */
  purge_vmap_area_lazy(): number;
  /** find_vmap_area: the busy area containing addr, or undefined. */
  find_vmap_area(addr: number): VmapArea | undefined;
  /**
   * pcpu_get_vm_areas: top-down placement of congruent areas at the end of the space; returns the
   * start of each area (offsets[i] + base) or a negative errno with nothing changed.
   */
  pcpu_get_vm_areas(offsets: readonly number[], sizes: readonly number[], align: number): number[] | number;

  /** Busy areas in address order (vmallocinfo, vread). */
  busyAreas(): VmapArea[];
  /** Free blocks in address order. */
  freeBlocks(): AreaRange[];
  /** Lazy areas in address order. */
  lazyAreas(): AreaRange[];
  /** Sum of lazy sizes in pages. */
  readonly lazyPages: number;
  /** Throws an Error naming the broken invariant (the design's own checks, e.g. mt_validate). */
  validate(): void;
}
