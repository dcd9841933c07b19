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
 * - Argument rules (allocArgsValid, freeAddrValid, pcpuArgsValid below, shared by every design so
 *   they agree to the letter): a size, address or bound that is not a safe integer >= 0 is -EINVAL;
 *   align may be any power of two up to 2^63 (align_shift_alloc_test asks for 1 << 63), it is not
 *   limited to safe integers. vstart >= vend is not bad input: nothing fits, so -EBUSY.
 * - Lowest fit is exact for every align (model/vmalloc's header gives the reason): the kernel's
 *   padded search (size + align - 1 when align > PAGE_SIZE) is a speed trade the designs do not
 *   copy, so results are comparable address for address.
 */
import type { FaultPlan, Gfp } from '../alloc/node-allocator.js';

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

/** Throws a RangeError unless config is a usable space (designs call it in their constructors). */
export function requireValidConfig(config: VmallocConfig): void {
  const { pageSize, start, end, cpus, lazyMaxPages } = config;
  const safe = (x: number): boolean => Number.isSafeInteger(x) && x >= 0;
  if (!isPowerOfTwo(pageSize) || !safe(start) || !safe(end) || start % pageSize !== 0 || end % pageSize !== 0 || start >= end) {
    throw new RangeError(`bad vmalloc space: page ${pageSize}, [${start}, ${end})`);
  }
  if (!Number.isSafeInteger(cpus) || cpus < 1) throw new RangeError(`bad cpu count ${cpus}`);
  if (lazyMaxPages !== undefined && !safe(lazyMaxPages)) throw new RangeError(`bad lazyMaxPages ${lazyMaxPages}`);
}

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
  /**
   * GFP_KERNEL (and GFP_NOFAIL) may purge and retry; GFP_NOWAIT callers never purge. GFP_ATOMIC is
   * GFP_NOWAIT here: both may not sleep, which is all the allocator distinguishes.
   */
  readonly gfp?: Gfp;
  /** The allocating CPU (default 0). */
  readonly cpu?: number;
}

/** Result of vfree / free_vmap_area: 0, or a negative errno with nothing changed (the kernel WARNs). */
export type FreeResult = 0 | number;

/**
 * Where forced allocation failures enter a design (impl/alloc): a NodeAllocator has this shape; a
 * design with several allocators may offer one object that sets the plan on all and sums counts.
 */
export interface FaultSeam {
  plan: FaultPlan;
  /** Requests refused so far: a call that returned -ENOMEM must have raised this. */
  readonly failures: number;
  readonly requests: number;
}

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
  /**
   * Immediate free (error paths): straight back to free, merged, without passing through lazy.
   * The same lookup and errors as vfree.
   */
  free_vmap_area(addr: number): FreeResult;
  /** __purge_vmap_area_lazy: every lazy area back to free, merged; returns the number purged. */
  purge_vmap_area_lazy(): number;
  /** find_vmap_area: the busy area containing addr, or undefined. */
  find_vmap_area(addr: number): VmapArea | undefined;
  /**
   * pcpu_get_vm_areas: top-down placement of congruent areas at the end of the space; returns the
   * start of each area (offsets[i] + base) or a negative errno with nothing changed: -EINVAL for
   * bad input (pcpuArgsValid; the kernel's BUG_ON/WARN), -ENOMEM for a refused allocation, -EBUSY
   * when no base fits even after the one purge the kernel does (the purge stays done).
   * The base is the highest one that fits: a multiple of align, base >= alignUp(start, align),
   * base + max(offsets[i] + sizes[i]) <= alignDown(end, align), every area inside one free block.
   * The areas become busy on cpu 0.
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
  /** The design's fault seam, if it allocates through impl/alloc (the fault properties need it). */
  readonly faults?: FaultSeam;
}

/** x is 2^k for some integer k >= 0 (exact: 2 ** k is exact in a double). */
export function isPowerOfTwo(x: number): boolean {
  // Number.isFinite is false for every non-number, so no typeof test is needed.
  if (!Number.isFinite(x) || !(x >= 1)) return false;
  return 2 ** Math.round(Math.log2(x)) === x;
}

function isAddress(x: number): boolean {
  return Number.isSafeInteger(x) && x >= 0; // false for every non-number too
}

/** alloc_vmap_area's arguments are good (else -EINVAL): a positive page multiple, a power-of-two align. */
export function allocArgsValid(config: VmallocConfig, size: number, align: number, vstart: number, vend: number): boolean {
  return isAddress(size) && size > 0 && size % config.pageSize === 0 && isPowerOfTwo(align) && align <= 2 ** 63 && isAddress(vstart) && isAddress(vend);
}

/** vfree / free_vmap_area's address is well formed (else -EINVAL): a page-aligned safe integer. */
export function freeAddrValid(config: VmallocConfig, addr: number): boolean {
  return isAddress(addr) && addr % config.pageSize === 0;
}

/**
 * pcpu_get_vm_areas' arguments are good (else -EINVAL): as many offsets as sizes (at least one);
 * align a power of two and a page multiple; offsets and positive sizes multiples of align; no two
 * areas overlap; and the whole group fits in the aligned space (the kernel WARNs and fails).
 */
export function pcpuArgsValid(config: VmallocConfig, offsets: readonly number[], sizes: readonly number[], align: number): boolean {
  if (!Array.isArray(offsets) || !Array.isArray(sizes) || offsets.length === 0 || offsets.length !== sizes.length) return false;
  // No upper bound on align is needed: from 2^53 up no safe positive size is a multiple of it, so
  // the size check below refuses it.
  if (!isPowerOfTwo(align) || align < config.pageSize) return false;
  let lastEnd = 0;
  for (let i = 0; i < offsets.length; i++) {
    const [off, size] = [offsets[i], sizes[i]];
    if (!isAddress(off) || !isAddress(size) || size === 0 || off % align !== 0 || size % align !== 0 || !isAddress(off + size)) return false;
    for (let j = 0; j < i; j++) if (offsets[j] < off + size && off < offsets[j] + sizes[j]) return false;
    lastEnd = Math.max(lastEnd, off + size);
  }
  const lo = Math.ceil(config.start / align) * align;
  const hi = Math.floor(config.end / align) * align;
  return hi - lo >= lastEnd; // lastEnd > 0, so an empty or inverted aligned space (hi <= lo) fails too
}

/** May this caller purge lazy areas and retry (may it sleep)? */
export function mayPurge(gfp: Gfp | undefined): boolean {
  return gfp !== 'GFP_NOWAIT';
}
