/**
 * VmallocModel: the reference model of the vmalloc allocator (research/vmalloc-model.md §8), three
 * sorted interval lists and nothing clever. Every design (impl/rbtree, the maple designs) must give
 * the same result for every call and hold the same free, busy and lazy sets after it.
 *
 * State and invariants (checked by validate()):
 * - free, busy and lazy are sorted, pairwise disjoint lists of half-open areas that together cover
 *   the space [config.start, config.end) exactly; free blocks never touch (a block that would touch
 *   another is merged with it), so the free list is the unique set of maximal free runs;
 * - lazy areas are kept one per freed area, never merged (the 6.9+ kernel's purge list);
 * - lazyPages === Σ lazy sizes / pageSize; after any call lazyPages <= lazyMaxPages.
 *
 * Semantics (§8.2-§8.4):
 * - alloc_vmap_area: -EINVAL for bad arguments (surface allocArgsValid, restated here). Lowest fit:
 *   scan free blocks in address order, n = alignUp(max(block.start, vstart), align), take the first
 *   block with n + size <= block.end (none: ENOENT); then n + size > vend is ERANGE. Both are
 *   internal: a caller that may sleep purges and retries once, then gets -EBUSY; GFP_NOWAIT gets
 *   -EBUSY at once. Clip the block (full fit, left edge, right edge, no edge: −1/0/0/+1 blocks).
 * - vfree: the busy area containing addr (interior pointers free the whole area) becomes lazy;
 *   -EINVAL for a misaligned address or one inside no busy area (unknown, double free); if
 *   lazyPages > lazyMaxPages it purges at once (the kernel's drain work, done synchronously).
 * - free_vmap_area: the same lookup, straight back to free. purge_vmap_area_lazy: every lazy area
 *   back to free, merging only on exact contact. find_vmap_area: the busy area containing addr.
 * - pcpu_get_vm_areas: the highest congruent base (pcpu-base.ts), purge and retry once, -EBUSY.
 * - The model allocates nothing, so it never returns -ENOMEM.
 *
 * Decision on align > PAGE_SIZE (research §8.2): exact lowest fit is required for EVERY align.
 * It is the strongest check (any address difference is a bug, there is no "only valid" loophole),
 * and every design can meet it: the rb-tree walks its augmented tree in address order pruning
 * subtrees whose subtree_max_size < size (not size + align - 1); a gap-based maple design repeats
 * mas_empty_area from past a gap whose aligned start does not fit. The kernel's padded search
 * (size + align - 1) is a speed trade whose answer depends on the tree's shape, not a contract
 * (test_vmalloc only checks for NULL); the price here is an O(n) worst case for near-miss blocks.
 *
 * Independence: the model shares no code with impl/. It imports only the surface's types (erased
 * at compile time) and restates the argument rules itself, so one bug cannot hide in both.
 */
import type { AllocOptions, AreaRange, FreeResult, VmallocConfig, VmapAllocator, VmapArea } from '../../impl/vmalloc/surface.js';
import { EBUSY, EINVAL } from '../errno.js';
import { checkVmallocSets, firstEndingAfter, indexContaining, insertSorted, type ModelArea } from './area-list.js';
import { highestCongruentBase } from './pcpu-base.js';

/** The internal errors of the fit search; callers only ever see -EBUSY. */
const ENOENT = 2;
const ERANGE = 34;

export type ClipKind = 'FL' | 'LE' | 'RE' | 'NE';

/** What happened, for coverage figures (the property asserts the rare cases were reached). */
export interface ModelVmallocStats {
  clips: Record<ClipKind, number>;
  /** purge_vmap_area_lazy runs (explicit, threshold or retry) that found lazy areas. */
  purges: number;
  areasPurged: number;
  /** Allocations that failed first and succeeded after the purge. */
  retriesAfterPurge: number;
  ebusy: number;
  einval: number;
  pcpuPlaced: number;
}

export function emptyModelStats(): ModelVmallocStats {
  return { clips: { FL: 0, LE: 0, RE: 0, NE: 0 }, purges: 0, areasPurged: 0, retriesAfterPurge: 0, ebusy: 0, einval: 0, pcpuPlaced: 0 };
}

interface BusyArea extends ModelArea {
  readonly cpu: number;
}

function isAddress(x: unknown): x is number {
  return typeof x === 'number' && Number.isSafeInteger(x) && x >= 0;
}

function isPowerOfTwo(x: number): boolean {
  if (typeof x !== 'number' || !(x >= 1) || !Number.isFinite(x)) return false;
  return 2 ** Math.round(Math.log2(x)) === x;
}

function alignUp(x: number, align: number): number {
  return Math.ceil(x / align) * align;
}

export class VmallocModel implements VmapAllocator {
  readonly design = 'model';
  readonly lazyMaxPages: number;
  private free: ModelArea[];
  private busy: BusyArea[] = [];
  private lazy: ModelArea[] = [];
  private lazyPageCount = 0;

  /** `stats` may be shared by many models (a property's coverage record counts across runs). */
  constructor(
    readonly config: VmallocConfig,
    readonly stats: ModelVmallocStats = emptyModelStats(),
  ) {
    const { pageSize, start, end, cpus, lazyMaxPages } = config;
    if (!isPowerOfTwo(pageSize) || !isAddress(start) || !isAddress(end) || start % pageSize !== 0 || end % pageSize !== 0 || start >= end) {
      throw new RangeError(`bad vmalloc space: page ${pageSize}, [${start}, ${end})`);
    }
    if (!Number.isSafeInteger(cpus) || cpus < 1) throw new RangeError(`bad cpu count ${cpus}`);
    if (lazyMaxPages !== undefined && !isAddress(lazyMaxPages)) throw new RangeError(`bad lazyMaxPages ${lazyMaxPages}`);
    // lazy_max_pages(): fls(cpus) * (32 MiB / PAGE_SIZE), restated from the kernel.
    this.lazyMaxPages = lazyMaxPages ?? (32 - Math.clz32(cpus)) * Math.floor((32 * 1024 * 1024) / pageSize);
    this.free = [{ start, end }];
  }

  get lazyPages(): number {
    return this.lazyPageCount;
  }

  alloc_vmap_area(size: number, align: number, vstart: number, vend: number, options: AllocOptions = {}): number {
    const { pageSize } = this.config;
    if (!isAddress(size) || size === 0 || size % pageSize !== 0 || !isPowerOfTwo(align) || align > 2 ** 63 || !isAddress(vstart) || !isAddress(vend)) {
      this.stats.einval++;
      return -EINVAL;
    }
    let addr = this.allocOnce(size, align, vstart, vend, options.cpu ?? 0);
    if (addr < 0 && options.gfp !== 'GFP_NOWAIT') {
      this.purge_vmap_area_lazy();
      addr = this.allocOnce(size, align, vstart, vend, options.cpu ?? 0);
      if (addr >= 0) this.stats.retriesAfterPurge++;
    }
    if (addr < 0) {
      this.stats.ebusy++;
      return -EBUSY;
    }
    return addr;
  }

  vfree(addr: number): FreeResult {
    const area = this.unlinkBusy(addr);
    if (area === null) return -EINVAL;
    insertSorted(this.lazy, { start: area.start, end: area.end });
    this.lazyPageCount += (area.end - area.start) / this.config.pageSize;
    if (this.lazyPageCount > this.lazyMaxPages) this.purge_vmap_area_lazy();
    return 0;
  }

  free_vmap_area(addr: number): FreeResult {
    const area = this.unlinkBusy(addr);
    if (area === null) return -EINVAL;
    this.addToFree(area);
    return 0;
  }

  purge_vmap_area_lazy(): number {
    const purged = this.lazy;
    this.lazy = [];
    this.lazyPageCount = 0;
    for (const area of purged) this.addToFree(area);
    if (purged.length > 0) this.stats.purges++;
    this.stats.areasPurged += purged.length;
    return purged.length;
  }

  find_vmap_area(addr: number): VmapArea | undefined {
    if (!isAddress(addr)) return undefined;
    const k = indexContaining(this.busy, addr);
    return k < 0 ? undefined : { ...this.busy[k] };
  }

  pcpu_get_vm_areas(offsets: readonly number[], sizes: readonly number[], align: number): number[] | number {
    if (!this.pcpuArgsValid(offsets, sizes, align)) {
      this.stats.einval++;
      return -EINVAL;
    }
    const lo = alignUp(this.config.start, align);
    const hi = Math.floor(this.config.end / align) * align;
    let base = highestCongruentBase(this.free, offsets, sizes, align, lo, hi);
    if (base === null) {
      this.purge_vmap_area_lazy();
      base = highestCongruentBase(this.free, offsets, sizes, align, lo, hi);
    }
    if (base === null) {
      this.stats.ebusy++;
      return -EBUSY;
    }
    const b = base;
    const starts = offsets.map((off) => b + off);
    starts.forEach((start, i) => {
      this.clip(indexContaining(this.free, start), start, sizes[i]);
      insertSorted(this.busy, { start, end: start + sizes[i], cpu: 0 });
    });
    this.stats.pcpuPlaced++;
    return starts;
  }

  busyAreas(): VmapArea[] {
    return this.busy.map((a) => ({ ...a }));
  }

  freeBlocks(): AreaRange[] {
    return this.free.map((a) => ({ start: a.start, end: a.end }));
  }

  lazyAreas(): AreaRange[] {
    return this.lazy.map((a) => ({ start: a.start, end: a.end }));
  }

  validate(): void {
    checkVmallocSets(this.config, { free: this.free, busy: this.busy, lazy: this.lazy, lazyPages: this.lazyPageCount });
    if (this.lazyPageCount > this.lazyMaxPages) throw new Error(`lazyPages ${this.lazyPageCount} above lazyMaxPages ${this.lazyMaxPages}`);
  }

  /** One search without purging: the address, or -ENOENT / -ERANGE. */
  private allocOnce(size: number, align: number, vstart: number, vend: number, cpu: number): number {
    const fit = this.lowestFit(size, align, vstart);
    if (fit === null) return -ENOENT;
    if (fit.addr + size > vend) return -ERANGE;
    this.clip(fit.index, fit.addr, size);
    insertSorted(this.busy, { start: fit.addr, end: fit.addr + size, cpu });
    return fit.addr;
  }

  /** The first free block, in address order, that holds an aligned area of `size` at or after vstart. */
  private lowestFit(size: number, align: number, vstart: number): { index: number; addr: number } | null {
    for (let k = 0; k < this.free.length; k++) {
      const { start, end } = this.free[k];
      // alignUp past the end of the space (or past 2^53) cannot fit: the kernel's overflow checks.
      const n = alignUp(Math.max(start, vstart), align);
      if (n <= end && end - n >= size) return { index: k, addr: n };
    }
    return null;
  }

  /** Takes [addr, addr + size) out of free block k: the four cases of va_clip. */
  private clip(k: number, addr: number, size: number): void {
    const block: ModelArea | undefined = this.free[k];
    const end = addr + size;
    if (block === undefined || block.start > addr || block.end < end) throw new Error(`model bug: [${addr}, ${end}) is not inside one free block`);
    const pieces: ModelArea[] = [];
    if (block.start < addr) pieces.push({ start: block.start, end: addr });
    if (end < block.end) pieces.push({ start: end, end: block.end });
    const kind: ClipKind = pieces.length === 2 ? 'NE' : pieces.length === 0 ? 'FL' : block.start === addr ? 'LE' : 'RE';
    this.stats.clips[kind]++;
    this.free.splice(k, 1, ...pieces);
  }

  /** merge_or_add_vmap_area: the area joins the free list, merged with a block it exactly touches. */
  private addToFree(area: ModelArea): void {
    let { start, end } = area;
    const k = firstEndingAfter(this.free, start);
    const next = this.free[k];
    const prev = this.free[k - 1];
    if (next !== undefined && next.start < end) throw new Error(`model bug: freeing [${start}, ${end}) over free [${next.start}, ${next.end})`);
    let from = k;
    let to = k;
    if (prev !== undefined && prev.end === start) {
      start = prev.start;
      from = k - 1;
    }
    if (next !== undefined && next.start === end) {
      end = next.end;
      to = k + 1;
    }
    this.free.splice(from, to - from, { start, end });
  }

  /** Removes and returns the busy area containing addr; null (nothing changed) for a bad address. */
  private unlinkBusy(addr: number): BusyArea | null {
    if (!isAddress(addr) || addr % this.config.pageSize !== 0) return null;
    const k = indexContaining(this.busy, addr);
    if (k < 0) return null;
    return this.busy.splice(k, 1)[0];
  }

  /** The surface's pcpuArgsValid, restated (see the header on independence). */
  private pcpuArgsValid(offsets: readonly number[], sizes: readonly number[], align: number): boolean {
    if (!Array.isArray(offsets) || !Array.isArray(sizes) || offsets.length === 0 || offsets.length !== sizes.length) return false;
    if (!isPowerOfTwo(align) || align < this.config.pageSize || align > 2 ** 52) return false;
    const areas: ModelArea[] = [];
    for (let i = 0; i < offsets.length; i++) {
      const [off, size] = [offsets[i], sizes[i]];
      if (!isAddress(off) || !isAddress(size) || size === 0 || off % align !== 0 || size % align !== 0 || !isAddress(off + size)) return false;
      if (areas.some((a) => a.start < off + size && off < a.end)) return false;
      areas.push({ start: off, end: off + size });
    }
    const lastEnd = Math.max(...areas.map((a) => a.end));
    const lo = alignUp(this.config.start, align);
    const hi = Math.floor(this.config.end / align) * align;
    return hi >= lo && hi - lo >= lastEnd;
  }
}
