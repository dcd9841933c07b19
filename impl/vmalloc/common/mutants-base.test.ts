/**
 * The shared driver's (maple-vmalloc-base.ts) figures and edges, found by mutation testing (npm run
 * mutate), pinned through the designs' public API:
 * - baseStats: `purges` counts purges that returned something (an empty purge is not one);
 *   `enomem` counts calls that returned -ENOMEM; `purgesRolledBack` counts only those -ENOMEMs
 *   that undid a purge of their own (and the state shows nothing of it);
 * - address 0 is an address: the fast path may serve it and find_vmap_area finds the area there;
 * - the driver's last resort (reclaimMore: the two-tree overlay giving empty chunks back) runs only
 *   when the purge found no fit, so a fit the purge made is taken as it is (lowest fit after the
 *   purge, the chunk kept);
 * - the gap design's search figure: one descent before the purge and one after it.
 */
import { describe, expect, it } from 'vitest';
import { failFrom } from '../../alloc/fault-plans.js';
import { EBUSY, ENOMEM } from '../../errno.js';
import { GapVmalloc } from '../gap/index.js';
import { PAGE as P, S, shown, smallConfig } from '../maple-designs.test-helpers.js';
import { TwoTreeVmalloc } from '../two-tree/index.js';

describe('baseStats', () => {
  it('counts purges that returned areas, not empty ones', () => {
    const v = new GapVmalloc(smallConfig(8, { lazyMaxPages: 1000 }));
    expect(v.purge_vmap_area_lazy()).toBe(0);
    expect(v.baseStats.purges).toBe(0);
    expect(v.vfree(v.alloc_vmap_area(P, P, S, S + 8 * P))).toBe(0);
    expect(v.purge_vmap_area_lazy()).toBe(1);
    expect(v.baseStats.purges).toBe(1);
  });

  it('counts an -ENOMEM without a purge of its own as not rolling one back', () => {
    const v = new GapVmalloc(smallConfig(8, { lazyMaxPages: 1000 }));
    v.faults.plan = failFrom(1);
    expect(v.alloc_vmap_area(P, P, S, S + 8 * P)).toBe(-ENOMEM);
    expect(v.baseStats).toEqual({ purges: 0, enomem: 1, purgesRolledBack: 0 });
  });

  it('counts an -ENOMEM that undid its own purge, and the state shows nothing of it', () => {
    const v = new GapVmalloc(smallConfig(8, { lazyMaxPages: 1000 }));
    expect(v.vfree(v.alloc_vmap_area(8 * P, P, S, S + 8 * P))).toBe(0);
    const before = shown(v);
    v.faults.plan = failFrom(1);
    expect(v.alloc_vmap_area(P, P, S, S + 8 * P)).toBe(-ENOMEM);
    expect(v.baseStats).toEqual({ purges: 1, enomem: 1, purgesRolledBack: 1 });
    expect(shown(v)).toEqual(before);
    v.validate();
  });

  it('counts a pcpu_get_vm_areas -ENOMEM', () => {
    const v = new GapVmalloc(smallConfig(8, { lazyMaxPages: 1000 }));
    v.faults.plan = failFrom(1);
    expect(v.pcpu_get_vm_areas([0], [P], P)).toBe(-ENOMEM);
    expect(v.baseStats.enomem).toBe(1);
    expect(v.baseStats.purgesRolledBack).toBe(0);
  });
});

describe('address 0', () => {
  it('is served by the fast path and found by find_vmap_area', () => {
    const v = new TwoTreeVmalloc(smallConfig(16, { start: 0, end: 16 * P }), { percpuCache: { chunkPages: 4 } });
    expect(v.alloc_vmap_area(P, P, 0, 16 * P)).toBe(0);
    expect(v.find_vmap_area(0)).toEqual({ start: 0, end: P, cpu: 0 });
    v.validate();
  });
  it('is found by find_vmap_area in the gap design', () => {
    const v = new GapVmalloc(smallConfig(16, { start: 0, end: 16 * P }));
    expect(v.alloc_vmap_area(2 * P, P, 0, 16 * P, { cpu: 1 })).toBe(0);
    expect(v.find_vmap_area(0)).toEqual({ start: 0, end: 2 * P, cpu: 1 });
    expect(v.find_vmap_area(-1)).toBeUndefined();
  });
});

describe('the last resort runs only when the purge found no fit', () => {
  it('keeps an empty chunk when the purge made room', () => {
    const v = new TwoTreeVmalloc(smallConfig(8, { lazyMaxPages: 1000 }), { percpuCache: { chunkPages: 4 } });
    const small = v.alloc_vmap_area(P, P, S, S + 8 * P);
    expect(small).toBe(S); // the chunk [S, S + 4P) for cpu 0
    expect(v.vfree(small)).toBe(0);
    expect(v.purge_vmap_area_lazy()).toBe(1); // the chunk is empty now, but still cpu 0's
    const big = v.alloc_vmap_area(4 * P, P, S, S + 8 * P);
    expect(big).toBe(S + 4 * P);
    expect(v.vfree(big)).toBe(0);
    // No fit until the purge frees [S + 4P, S + 8P); then that is the answer, the chunk stays.
    expect(v.alloc_vmap_area(4 * P, P, S, S + 8 * P)).toBe(S + 4 * P);
    expect(v.cache?.stats.chunksReturned).toBe(0);
    v.validate();
  });
  it('in the gap design (no last resort), a failed allocation searches once before and once after its purge', () => {
    const v = new GapVmalloc(smallConfig(8, { lazyMaxPages: 1000 }));
    expect(v.alloc_vmap_area(8 * P, P, S, S + 8 * P)).toBe(S);
    const before = v.occupied.searches;
    expect(v.alloc_vmap_area(P, P, S, S + 8 * P)).toBe(-EBUSY);
    expect(v.occupied.searches - before).toBe(2);
  });
});
