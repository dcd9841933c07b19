/**
 * What rbtree-vmalloc.test.ts and the vmalloc properties leave open, found by mutation testing (npm
 * run mutate):
 * - the design's name (it goes into property names and replay lines) and the fault plan option;
 * - address 0 is an address like any other when the space starts there: allocated, found, not an
 *   error (the return contract is "negative is an errno");
 * - find_vmap_area answers undefined for a non-integer address, even inside a busy area;
 * - pcpu_get_vm_areas never places a group's base below the aligned start of the space, even when
 *   every area of the group would still land inside a free block (model/vmalloc/pcpu-base.ts);
 * - validate() catches a freed node still reachable, areas that stop short of the end of the
 *   space, a lazy page count that disagrees with the lazy areas, and one above lazyMaxPages.
 */
import { describe, expect, it } from 'vitest';
import { failFrom } from '../alloc/fault-plans.js';
import { EBUSY, ENOMEM } from '../errno.js';
import type { VmallocConfig } from '../vmalloc/surface.js';
import { RbVmapAllocator } from './rbtree-vmalloc.js';
import type { VmapAreaNode } from './vmap-area.js';

const P = 4096;
const S = 2 ** 32;
const config = (pages: number, start = S): VmallocConfig => ({ pageSize: P, start, end: start + pages * P, cpus: 2, lazyMaxPages: 64 });

/** The private state validate() checks, for corrupting it on purpose. */
interface Internals {
  lazy: VmapAreaNode[];
  lazyPageCount: number;
  lazyMaxPages: number;
  busy: { tree: { root: VmapAreaNode } };
}
const internals = (a: RbVmapAllocator): Internals => a as unknown as Internals;

describe('surface details', () => {
  it('names itself rbtree', () => {
    expect(new RbVmapAllocator(config(8)).design).toBe('rbtree');
  });

  it('allocates under the fault plan it was given', () => {
    const a = new RbVmapAllocator(config(8), { faultPlan: failFrom(1) });
    expect(a.alloc_vmap_area(P, 1, S, a.config.end)).toBe(-ENOMEM);
    a.validate();
  });

  it('address 0 is allocated, found and freed like any other', () => {
    const a = new RbVmapAllocator(config(16, 0));
    expect(a.alloc_vmap_area(P, 1, 0, a.config.end)).toBe(0);
    expect(a.find_vmap_area(0)).toEqual({ start: 0, end: P, cpu: 0 });
    expect(a.busyAreas()).toEqual([{ start: 0, end: P, cpu: 0 }]);
    a.validate();
    expect(a.alloc_vmap_area(P, 1, 0, a.config.end, { gfp: 'GFP_NOWAIT' })).toBe(P);
    expect(a.free_vmap_area(0)).toBe(0);
    a.validate();
  });

  it('find_vmap_area answers undefined for an address that is not a safe integer', () => {
    const a = new RbVmapAllocator(config(8));
    expect(a.alloc_vmap_area(2 * P, 1, S, a.config.end)).toBe(S);
    expect(a.find_vmap_area(S + P)).toEqual({ start: S, end: S + 2 * P, cpu: 0 });
    for (const addr of [S + 0.5, -1, Number.NaN, 2 ** 53]) expect(a.find_vmap_area(addr)).toBeUndefined();
  });

  it('pcpu_get_vm_areas keeps the base at or above the aligned start of the space', () => {
    const a = new RbVmapAllocator(config(8));
    // Busy [S+3p, S+8p): free [S, S+3p). Areas at base+2p and base+4p (one page each) both fit
    // only with base = S-2p, below the space: the group does not fit.
    expect(a.alloc_vmap_area(5 * P, 1, S + 3 * P, a.config.end)).toBe(S + 3 * P);
    expect(a.pcpu_get_vm_areas([2 * P, 4 * P], [P, P], P)).toBe(-EBUSY);
    expect(a.freeBlocks()).toEqual([{ start: S, end: S + 3 * P }]);
    a.validate();
    // With base = S allowed (areas at S and S+2p) it is placed there.
    expect(a.pcpu_get_vm_areas([0, 2 * P], [P, P], P)).toEqual([S, S + 2 * P]);
    a.validate();
  });
});

describe('validate catches', () => {
  it('a freed node that is still on the lazy list', () => {
    const a = new RbVmapAllocator(config(8));
    expect(a.vfree(a.alloc_vmap_area(P, 1, S, a.config.end))).toBe(0);
    a.validate();
    a.nodes.free(internals(a).lazy[0]);
    expect(() => a.validate()).toThrow(/freed node/);
  });

  it('areas that stop short of the end of the space', () => {
    const a = new RbVmapAllocator(config(8));
    expect(a.alloc_vmap_area(8 * P, 1, S, a.config.end)).toBe(S); // the whole space, one busy area
    a.validate();
    internals(a).busy.tree.root.end -= P;
    expect(() => a.validate()).toThrow(/not at the end of the space/);
  });

  it('a lazy page count the lazy areas do not add up to, and one above lazyMaxPages', () => {
    const a = new RbVmapAllocator(config(8));
    expect(a.vfree(a.alloc_vmap_area(2 * P, 1, S, a.config.end))).toBe(0);
    a.validate();
    internals(a).lazyPageCount++;
    expect(() => a.validate()).toThrow(/lazy areas hold/);
    internals(a).lazyPageCount--;
    internals(a).lazyMaxPages = 1;
    expect(() => a.validate()).toThrow(/above lazyMaxPages/);
  });
});
