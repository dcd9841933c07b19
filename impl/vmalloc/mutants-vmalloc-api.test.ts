/**
 * The vmalloc() layer (vmalloc-api.ts) where vmalloc-api.test.ts left it open, found by mutation
 * testing: the CPU and GFP flags a caller names reach the allocator (find_vmap_area reports it); address 0 is
 * an address, not NULL; vm_map_ram refuses a zero, negative or fractional count; and vrealloc
 * measures what an area holds with or without its guard page, as the caller's noGuard says.
 */
import { describe, expect, it } from 'vitest';
import { RbVmapAllocator } from '../rbtree/index.js';
import type { VmallocConfig } from './surface.js';
import { vm_map_ram, vmalloc, vrealloc } from './vmalloc-api.js';

const P = 4096;
const config: VmallocConfig = { pageSize: P, start: 0, end: 64 * P, cpus: 4, lazyMaxPages: 64 };

describe('vmalloc passes its caller through', () => {
  it('the allocating CPU is the one named (default 0)', () => {
    const a = new RbVmapAllocator(config);
    const p = vmalloc(a, P, { cpu: 3 }) as number;
    const q = vmalloc(a, P) as number;
    expect([a.find_vmap_area(p)?.cpu, a.find_vmap_area(q)?.cpu]).toEqual([3, 0]);
  });

  it('a GFP_NOWAIT caller does not purge: NULL while the only room is lazy; GFP_KERNEL purges and gets it', () => {
    const a = new RbVmapAllocator(config);
    const p = vmalloc(a, 63 * P) as number; // the whole space with its guard
    a.vfree(p);
    expect(vmalloc(a, P, { gfp: 'GFP_NOWAIT' })).toBeNull();
    expect(a.lazyAreas()).toEqual([{ start: 0, end: 64 * P }]);
    expect(vmalloc(a, P, { gfp: 'GFP_KERNEL' })).toBe(0);
  });

  it('an area at address 0 is returned, not NULL', () => {
    const a = new RbVmapAllocator(config);
    expect(vmalloc(a, P)).toBe(0);
    expect(vm_map_ram(a, 2)).toBe(2 * P);
  });
});

describe('vm_map_ram counts', () => {
  it('refuses zero, negative and fractional counts without allocating', () => {
    const a = new RbVmapAllocator(config);
    for (const bad of [0, -1, 0.5, 2 ** 53]) expect(vm_map_ram(a, bad)).toBeNull();
    expect(a.busyAreas()).toEqual([]);
  });
});

describe('vrealloc and the guard page', () => {
  it('without a guard the whole area counts: growing to its size keeps the area', () => {
    const a = new RbVmapAllocator(config);
    const p = vmalloc(a, 2 * P, { noGuard: true }) as number;
    expect(vrealloc(a, p, 2 * P, { noGuard: true })).toBe(p);
    expect(a.busyAreas()).toEqual([{ start: p, end: p + 2 * P, cpu: 0 }]);
  });

  it('with a guard the last page does not count: growing into it moves the area', () => {
    const a = new RbVmapAllocator(config);
    const p = vmalloc(a, P) as number; // one page and its guard
    expect(vrealloc(a, p, P)).toBe(p);
    const q = vrealloc(a, p, 2 * P);
    expect(q).not.toBe(p);
    expect(a.busyAreas()).toEqual([{ start: q, end: (q as number) + 3 * P, cpu: 0 }]);
    expect(a.lazyAreas()).toEqual([{ start: p, end: p + 2 * P }]);
  });
});
