/**
 * The vmalloc()/vfree() layer (research §8.3) on the rb-tree design: sizes with the guard page,
 * NULL for a zero or bad size and for no space, vfree(NULL), interior and double frees, and the
 * worked example of research §8.5 written with vmalloc calls.
 */
import { describe, expect, it } from 'vitest';
import { EINVAL } from '../errno.js';
import { RbVmapAllocator } from '../rbtree/index.js';
import type { VmallocConfig } from './surface.js';
import { vfree, vm_map_ram, vm_unmap_ram, vmalloc, vmallocArea, vmallocAreaSize, vmallocHolds, vrealloc } from './vmalloc-api.js';

const P = 4096;
const S = 2 ** 36;
const config: VmallocConfig = { pageSize: P, start: S, end: S + 1024 * P, cpus: 2, lazyMaxPages: 512 };

describe('vmalloc sizes', () => {
  it('rounds up to pages and adds the guard page unless VM_NO_GUARD', () => {
    expect(vmallocAreaSize(P, 1)).toBe(2 * P);
    expect(vmallocAreaSize(P, P)).toBe(2 * P);
    expect(vmallocAreaSize(P, P + 1)).toBe(3 * P);
    expect(vmallocAreaSize(P, 3 * P, true)).toBe(3 * P);
    for (const bad of [0, -1, 0.5, Number.NaN, 2 ** 53]) expect(vmallocAreaSize(P, bad)).toBeNull();
  });

  it('NULL for zero bytes, a bad align and no space; the area holds what was asked, not its guard', () => {
    const a = new RbVmapAllocator(config);
    expect(vmalloc(a, 0)).toBeNull();
    expect(vmallocArea(a, 0)).toBe(-EINVAL);
    expect(vmalloc(a, P, { align: 3 })).toBeNull();
    expect(vmalloc(a, 1024 * P)).toBeNull(); // the guard does not fit
    const p = vmalloc(a, 1024 * P, { noGuard: true });
    expect(p).toBe(S);
    expect(vmallocHolds(a, S, 1024 * P, true)).toBe(true);
    expect(vfree(a, p)).toBe(0);
    const q = vmalloc(a, 10, { vstart: S, vend: S + 2 * P }); // purges the lazy area and retries
    expect(q).toBe(S);
    expect(vmallocHolds(a, S, P)).toBe(true);
    expect(vmallocHolds(a, S, P + 1)).toBe(false); // the second page is the guard
    expect(vmallocHolds(a, S + P, 1)).toBe(false); // not the start of an area
  });

  it('vfree(NULL) is a no-op; an interior page frees the area; a double free is refused', () => {
    const a = new RbVmapAllocator(config);
    expect(vfree(a, null)).toBe(0);
    const p = vmalloc(a, 3 * P) as number;
    expect(vfree(a, p + 2 * P)).toBe(0);
    expect(a.lazyAreas()).toEqual([{ start: p, end: p + 4 * P }]);
    expect(vfree(a, p)).toBe(-EINVAL);
  });
});

describe('the worked example (research §8.5) through vmalloc', () => {
  it('gives the same addresses as alloc_vmap_area does in the model\'s example', () => {
    const a = new RbVmapAllocator(config);
    const A = vmalloc(a, P);
    const B = vmalloc(a, 3 * P);
    expect([A, B]).toEqual([S, S + 2 * P]);
    vfree(a, A);
    expect(vmalloc(a, P)).toBe(S + 6 * P); // c: the lazy hole is not free yet
    a.purge_vmap_area_lazy();
    expect(vmalloc(a, P)).toBe(S); // d: a full fit of the purged hole
    vfree(a, B);
    a.purge_vmap_area_lazy();
    expect(vmalloc(a, P, { align: 8 * P })).toBe(S + 8 * P); // e: past the hole, 32 KiB aligned
    expect(a.clips).toEqual({ FL: 1, LE: 4, RE: 0, NE: 0 });
    a.validate();
  });
});

describe('vm_map_ram and vrealloc', () => {
  it('vm_map_ram gives exactly count pages with no guard; vm_unmap_ram frees lazily; bad counts are NULL', () => {
    const a = new RbVmapAllocator(config);
    const v = vm_map_ram(a, 3) as number;
    expect(a.find_vmap_area(v)).toEqual({ start: v, end: v + 3 * P, cpu: 0 });
    expect(vm_unmap_ram(a, v)).toBe(0);
    expect(a.lazyAreas()).toEqual([{ start: v, end: v + 3 * 4096 }]);
    expect(vm_map_ram(a, 0)).toBeNull();
    expect(vm_map_ram(a, 1.5)).toBeNull();
  });

  it('vrealloc: NULL allocates, growing past the area moves and frees the old one, shrinking and regrowing stay, 0 frees', () => {
    const a = new RbVmapAllocator(config);
    const p = vrealloc(a, null, 4096) as number;
    const q = vrealloc(a, p, 4 * 4096) as number;
    expect(q).not.toBe(p);
    expect(a.find_vmap_area(p)).toBeUndefined();
    expect(vmallocHolds(a, q, 4 * 4096)).toBe(true);
    expect(vrealloc(a, q, 4096)).toBe(q);
    expect(vrealloc(a, q, 2048)).toBe(q);
    expect(vrealloc(a, q, 4 * 4096)).toBe(q); // still within the area
    expect(vrealloc(a, q, 0)).toBeNull();
    expect(a.busyAreas()).toEqual([]);
  });

  it('vrealloc that cannot grow returns NULL and leaves the old area alone', () => {
    const a = new RbVmapAllocator(config);
    const p = vrealloc(a, null, 4096) as number;
    expect(vrealloc(a, p, 10_000 * 4096)).toBeNull();
    expect(vmallocHolds(a, p, 4096)).toBe(true);
  });
});
