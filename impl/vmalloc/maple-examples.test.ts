/**
 * Kernel-style worked examples for both maple designs (research/vmalloc-model.md §8.5 and §8.6):
 * the lazy hole that is not reusable before a purge, the four clip cases, alignment, [vstart,
 * vend), the errors, and pcpu_get_vm_areas at the top of the space. Every expected address is the
 * one the research notes derive by hand; validate() runs after every call.
 */
import { describe, expect, it } from 'vitest';
import { EBUSY, EINVAL } from '../errno.js';
import { MAPLE_DESIGNS, PAGE, S, shown, smallConfig } from './maple-designs.test-helpers.js';

const K = 1024;

describe.each(MAPLE_DESIGNS)('%s: worked examples', (_name, make) => {
  it('research §8.5: vmalloc / vfree / purge / align 32K, step by step', () => {
    const v = make(smallConfig());
    const vmalloc = (bytes: number, align = 1) => {
      const addr = v.alloc_vmap_area(Math.ceil(bytes / PAGE) * PAGE + PAGE, align, v.config.start, v.config.end);
      v.validate();
      return addr;
    };
    const a = vmalloc(4096);
    expect(a).toBe(S);
    expect(vmalloc(3 * 4096)).toBe(S + 8 * K);
    expect(v.vfree(a)).toBe(0);
    expect(v.lazyAreas()).toEqual([{ start: S, end: S + 8 * K }]);
    expect(v.lazyPages).toBe(2);
    expect(vmalloc(4096)).toBe(S + 24 * K); // the lazy hole is not free yet
    expect(v.purge_vmap_area_lazy()).toBe(1);
    v.validate();
    expect(v.freeBlocks()).toEqual([
      { start: S, end: S + 8 * K },
      { start: S + 32 * K, end: v.config.end },
    ]);
    expect(vmalloc(4096)).toBe(S); // full fit of the 2-page hole
    expect(v.vfree(S + 8 * K)).toBe(0);
    expect(v.purge_vmap_area_lazy()).toBe(1);
    v.validate();
    expect(v.freeBlocks()[0]).toEqual({ start: S + 8 * K, end: S + 24 * K }); // merged with neither
    expect(vmalloc(4096, 32 * K)).toBe(S + 32 * K); // the 16K hole has no 32K-aligned start
    expect(v.busyAreas().map((b) => b.start)).toEqual([S, S + 24 * K, S + 32 * K]);
  });

  it('the four clip cases: full fit, left edge, right edge, no edge', () => {
    const v = make(smallConfig(64));
    const blocks = () => v.freeBlocks().length;
    for (let i = 0; i < 8; i++) v.alloc_vmap_area(2 * PAGE, PAGE, S, v.config.end);
    v.vfree(S + 2 * PAGE); // [2, 4) and [6, 10) become holes
    v.vfree(S + 6 * PAGE);
    v.vfree(S + 8 * PAGE);
    v.purge_vmap_area_lazy();
    expect(v.freeBlocks().map((b) => [(b.start - S) / PAGE, (b.end - S) / PAGE])).toEqual([[2, 4], [6, 10], [16, 64]]);
    expect(v.alloc_vmap_area(2 * PAGE, PAGE, S, v.config.end)).toBe(S + 2 * PAGE); // full fit
    expect(blocks()).toBe(2);
    expect(v.alloc_vmap_area(PAGE, PAGE, S, v.config.end)).toBe(S + 6 * PAGE); // left edge
    expect(blocks()).toBe(2);
    expect(v.alloc_vmap_area(PAGE, 4 * PAGE, S + 8 * PAGE, v.config.end)).toBe(S + 8 * PAGE); // no edge
    expect(blocks()).toBe(3);
    expect(v.alloc_vmap_area(PAGE, PAGE, S + 9 * PAGE, S + 10 * PAGE)).toBe(S + 9 * PAGE); // right edge
    expect(blocks()).toBe(2);
    v.validate();
  });

  it('vstart / vend: the fit honours both; past vend nothing fits (-EBUSY, after the purge)', () => {
    const v = make(smallConfig(64));
    expect(v.alloc_vmap_area(PAGE, PAGE, S + 10 * PAGE, S + 12 * PAGE)).toBe(S + 10 * PAGE);
    expect(v.alloc_vmap_area(2 * PAGE, PAGE, S + 10 * PAGE, S + 12 * PAGE)).toBe(-EBUSY);
    expect(v.alloc_vmap_area(PAGE, PAGE, S + 12 * PAGE, S + 12 * PAGE)).toBe(-EBUSY); // vstart >= vend
    expect(v.alloc_vmap_area(PAGE, PAGE, 0, S + PAGE)).toBe(S); // bounds wider than the space
    v.vfree(S);
    // A GFP_NOWAIT caller does not purge; a GFP_KERNEL caller purges and gets the hole.
    expect(v.alloc_vmap_area(PAGE, PAGE, S, S + PAGE, { gfp: 'GFP_NOWAIT' })).toBe(-EBUSY);
    expect(v.lazyPages).toBe(1);
    expect(v.alloc_vmap_area(PAGE, PAGE, S, S + PAGE)).toBe(S);
    expect(v.lazyPages).toBe(0);
    v.validate();
  });

  it('bad arguments and bad frees are -EINVAL and change nothing', () => {
    const v = make(smallConfig(64));
    const a = v.alloc_vmap_area(2 * PAGE, PAGE, S, v.config.end);
    const before = shown(v);
    for (const [size, align] of [[0, PAGE], [PAGE + 1, PAGE], [PAGE, 3], [PAGE, 0], [-PAGE, PAGE], [PAGE, 2 ** 64]]) {
      expect(v.alloc_vmap_area(size, align, S, v.config.end)).toBe(-EINVAL);
    }
    expect(v.alloc_vmap_area(PAGE, PAGE, -1, v.config.end)).toBe(-EINVAL);
    expect(v.vfree(a + 1)).toBe(-EINVAL); // misaligned
    expect(v.vfree(S + 10 * PAGE)).toBe(-EINVAL); // unknown
    expect(v.free_vmap_area(S + 10 * PAGE)).toBe(-EINVAL);
    expect(shown(v)).toEqual(before);
    expect(v.vfree(a + PAGE)).toBe(0); // an interior pointer frees the whole area
    expect(v.vfree(a)).toBe(-EINVAL); // double free
    expect(v.lazyAreas()).toEqual([{ start: a, end: a + 2 * PAGE }]);
    v.validate();
  });

  it('align_shift_alloc_test: 1 << 0 .. 1 << 63, one page each: fails from some shift upward, never throws', () => {
    const v = make(smallConfig(1024));
    const results = Array.from({ length: 64 }, (_, i) => v.alloc_vmap_area(PAGE, 2 ** i, S, v.config.end));
    v.validate();
    const firstFailure = results.findIndex((r) => r < 0);
    expect(firstFailure).toBeGreaterThan(12);
    expect(results.slice(firstFailure).every((r) => r === -EBUSY)).toBe(true);
    results.slice(0, firstFailure).forEach((addr, i) => expect(addr % 2 ** i).toBe(0));
  });

  it('lazy_max_pages: the vfree that crosses it purges at once', () => {
    const v = make(smallConfig(64, { lazyMaxPages: 4 }));
    const areas = Array.from({ length: 6 }, () => v.alloc_vmap_area(PAGE, PAGE, S, v.config.end));
    for (const a of areas.slice(0, 4)) v.vfree(a);
    expect(v.lazyPages).toBe(4);
    v.vfree(areas[4]);
    expect(v.lazyPages).toBe(0);
    expect(v.freeBlocks()[0]).toEqual({ start: S, end: S + 5 * PAGE });
    v.validate();
  });

  it('free_vmap_area returns the area at once, merged with both neighbours', () => {
    const v = make(smallConfig(8));
    const areas = Array.from({ length: 8 }, () => v.alloc_vmap_area(PAGE, PAGE, S, v.config.end));
    expect(v.alloc_vmap_area(PAGE, PAGE, S, v.config.end)).toBe(-EBUSY);
    v.free_vmap_area(areas[3]);
    v.free_vmap_area(areas[5]);
    v.free_vmap_area(areas[4]);
    expect(v.freeBlocks()).toEqual([{ start: S + 3 * PAGE, end: S + 6 * PAGE }]);
    expect(v.find_vmap_area(areas[4])).toBeUndefined();
    expect(v.find_vmap_area(areas[6] + 5)).toEqual({ start: areas[6], end: areas[6] + PAGE, cpu: 0 });
    v.validate();
  });

  it('pcpu_get_vm_areas: congruent areas at the top of the space, below what is taken there', () => {
    const v = make(smallConfig(256));
    const unit = 16 * PAGE;
    const top = v.config.end;
    expect(v.pcpu_get_vm_areas([0, 2 * unit], [unit, unit], unit)).toEqual([top - 3 * unit, top - unit]);
    // Only the hole between the first group's areas is left up there: the second group goes below.
    expect(v.pcpu_get_vm_areas([0, unit], [unit, unit], unit)).toEqual([top - 5 * unit, top - 4 * unit]);
    expect(v.pcpu_get_vm_areas([0], [unit], unit)).toEqual([top - 2 * unit]); // the hole itself
    expect(v.pcpu_get_vm_areas([0, unit], [unit], unit)).toBe(-EINVAL);
    v.validate();
  });
});
