/**
 * vmalloc() / vfree() on top of ANY VmapAllocator (research/vmalloc-model.md §8.3): the layer
 * lib/test_vmalloc.c calls, shared by every design so they are driven identically.
 *
 * Semantics:
 * - vmalloc(bytes): NULL (null) for 0 bytes or a size that is not a safe integer; otherwise
 *   size = roundUp(bytes, PAGE_SIZE), plus one guard page unless noGuard (VM_NO_GUARD), allocated
 *   with alloc_vmap_area(size, align, vstart, vend) over [VMALLOC_START, VMALLOC_END) unless other
 *   bounds are given. Any errno from the allocator is NULL (vmallocArea keeps the errno).
 * - The area the caller may touch is the first `size - guard` bytes; find_vmap_area (and so
 *   vmallocinfo) reports the full area, guard included.
 * - vfree(null) is a no-op; any other address goes to the allocator's vfree (lazy free; an
 *   unknown, double or misaligned address is refused with -EINVAL and changes nothing).
 * - vm_map_ram(count): an area of exactly count pages, no guard page (VM_MAP_RAM), page-aligned;
 *   vm_unmap_ram gives it back lazily, like vfree. The kernel serves count <= VMAP_MAX_ALLOC (64)
 *   from per-CPU vmap blocks instead; those are not modelled, so every count takes this path.
 * - vrealloc(p, bytes): vmalloc for p = null; vfree and null for 0 bytes; the same p when the area
 *   already holds `bytes` before its guard (shrinking, or growing within the area); otherwise a new
 *   area, the old one freed (the caller's bytes are copied by the caller, as memcpy in the kernel),
 *   or null with p left alone when no new area can be had.
 * Not modelled: the "exceeds total pages" check against RAM, vmalloc_huge, vm_map_ram's vmap
 * blocks; GFP_ATOMIC callers pass GFP_NOWAIT (surface.ts, AllocOptions).
 */
import { EINVAL } from '../errno.js';
import type { Gfp } from '../alloc/node-allocator.js';
import type { FreeResult, VmapAllocator } from './surface.js';

export interface VmallocOptions {
  /** Alignment in bytes, a power of two (default 1: page alignment is implied by the sizes). */
  align?: number;
  gfp?: Gfp;
  cpu?: number;
  /** VM_NO_GUARD: no guard page after the area. */
  noGuard?: boolean;
  /** Bounds other than [VMALLOC_START, VMALLOC_END) (__vmalloc_node_range). */
  vstart?: number;
  vend?: number;
}

/** The bytes alloc_vmap_area is asked for: whole pages plus the guard; null for a bad request. */
export function vmallocAreaSize(pageSize: number, bytes: number, noGuard = false): number | null {
  if (!Number.isSafeInteger(bytes) || bytes <= 0) return null;
  const size = Math.ceil(bytes / pageSize) * pageSize + (noGuard ? 0 : pageSize);
  return Number.isSafeInteger(size) ? size : null;
}

/** __vmalloc_node_range keeping the reason: the address, or a negative errno (-EINVAL for bad bytes). */
export function vmallocArea(a: VmapAllocator, bytes: number, options: VmallocOptions = {}): number {
  const size = vmallocAreaSize(a.config.pageSize, bytes, options.noGuard === true);
  if (size === null) return -EINVAL;
  // An undefined gfp or cpu is the allocator's default (every design reads them with ?? or mayPurge).
  return a.alloc_vmap_area(size, options.align ?? 1, options.vstart ?? a.config.start, options.vend ?? a.config.end, { gfp: options.gfp, cpu: options.cpu });
}

/** vmalloc / __vmalloc_node: the start of a fresh area of at least `bytes`, or null (NULL). */
export function vmalloc(a: VmapAllocator, bytes: number, options: VmallocOptions = {}): number | null {
  const addr = vmallocArea(a, bytes, options);
  return addr < 0 ? null : addr;
}

/** vfree: null is a no-op (0); otherwise the allocator's lazy free. */
export function vfree(a: VmapAllocator, addr: number | null): FreeResult {
  return addr === null ? 0 : a.vfree(addr);
}

/**
 * What a write to p's first `bytes` would touch: true when p starts a busy area that holds at
 * least `bytes` before its guard page (the test's `*((u8 *)p) = 0` on a real mapping).
 */
export function vmallocHolds(a: VmapAllocator, p: number, bytes: number, noGuard = false): boolean {
  const area = a.find_vmap_area(p);
  if (area === undefined || area.start !== p) return false;
  const usable = area.end - area.start - (noGuard ? 0 : a.config.pageSize);
  return usable >= bytes;
}

/** vm_map_ram(pages, count): count pages, no guard; null for a bad count or no space. */
export function vm_map_ram(a: VmapAllocator, count: number, options: Omit<VmallocOptions, 'noGuard' | 'align'> = {}): number | null {
  // A zero or negative count needs no test of its own: it asks vmalloc for <= 0 bytes, which is NULL.
  if (!Number.isSafeInteger(count)) return null;
  return vmalloc(a, count * a.config.pageSize, { ...options, noGuard: true });
}

/** vm_unmap_ram: gives a vm_map_ram area back (lazily). */
export function vm_unmap_ram(a: VmapAllocator, addr: number): FreeResult {
  return a.vfree(addr);
}

/** vrealloc: see the header. Returns the (possibly new) address, or null. */
export function vrealloc(a: VmapAllocator, p: number | null, bytes: number, options: VmallocOptions = {}): number | null {
  if (p === null) return vmalloc(a, bytes, options);
  if (bytes === 0) {
    vfree(a, p);
    return null;
  }
  if (vmallocHolds(a, p, bytes, options.noGuard === true)) return p;
  const moved = vmalloc(a, bytes, options);
  if (moved === null) return null;
  vfree(a, p);
  return moved;
}
