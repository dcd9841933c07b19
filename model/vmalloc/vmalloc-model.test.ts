/**
 * Examples of the vmalloc model: the worked example of research §8.5 step by step, the four clip
 * cases, purge merging only on contact, the lazy threshold, the error table of §8.6 and the
 * pcpu placement (checked against a brute-force search over every base).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EBUSY, EINVAL } from '../errno.js';
import { highestCongruentBase } from './pcpu-base.js';
import { VmallocModel } from './vmalloc-model.js';

const P = 4096;
const K = 1024;
const S = 2 ** 30;

function model(pages = 2 ** 18, lazyMaxPages = 1000): VmallocModel {
  return new VmallocModel({ pageSize: P, start: S, end: S + pages * P, cpus: 2, lazyMaxPages });
}

const range = (start: number, end: number): { start: number; end: number } => ({ start, end });

describe('the worked example (research §8.5)', () => {
  it('gives the addresses and sets of every step', () => {
    const m = model();
    const END = m.config.end;
    const alloc = (size: number, align = 1): number => m.alloc_vmap_area(size, align, S, END);
    expect(alloc(8 * K)).toBe(S); // a: 1 page + guard
    expect(alloc(16 * K)).toBe(S + 8 * K); // b: 3 pages + guard
    expect(m.vfree(S)).toBe(0);
    expect(m.lazyAreas()).toEqual([range(S, S + 8 * K)]);
    expect(m.lazyPages).toBe(2);
    expect(alloc(8 * K)).toBe(S + 24 * K); // c: the lazy hole is not free yet
    expect(m.purge_vmap_area_lazy()).toBe(1);
    expect(m.freeBlocks()).toEqual([range(S, S + 8 * K), range(S + 32 * K, END)]);
    expect(alloc(8 * K)).toBe(S); // d: full fit of the hole
    expect(m.vfree(S + 8 * K)).toBe(0);
    m.purge_vmap_area_lazy();
    expect(m.freeBlocks()).toEqual([range(S + 8 * K, S + 24 * K), range(S + 32 * K, END)]); // merged with neither
    expect(alloc(8 * K, 32 * K)).toBe(S + 32 * K); // e: the aligned start is past the hole
    expect(m.stats.clips).toEqual({ FL: 1, LE: 4, RE: 0, NE: 0 });
    m.validate();
  });
});

describe('clip cases and merging', () => {
  it('right-edge and no-edge fits split blocks as va_clip does', () => {
    const m = model(64);
    const END = m.config.end;
    expect(m.alloc_vmap_area(2 * P, 1, END - 2 * P, END)).toBe(END - 2 * P); // right edge via vstart
    expect(m.alloc_vmap_area(P, 16 * P, S + P, END)).toBe(S + 16 * P); // no edge via align
    expect(m.freeBlocks()).toEqual([range(S, S + 16 * P), range(S + 17 * P, END - 2 * P)]);
    expect(m.stats.clips).toEqual({ FL: 0, LE: 0, RE: 1, NE: 1 });
    m.validate();
  });

  it('purge merges a lazy area with both neighbours only on exact contact', () => {
    const m = model(16);
    const END = m.config.end;
    const a = [0, 1, 2, 3].map(() => m.alloc_vmap_area(4 * P, 1, S, END));
    expect(a).toEqual([S, S + 4 * P, S + 8 * P, S + 12 * P]);
    expect(m.free_vmap_area(a[0])).toBe(0); // immediate, no lazy
    expect(m.free_vmap_area(a[2] + P)).toBe(0); // an interior pointer frees the whole area
    expect(m.freeBlocks()).toEqual([range(S, S + 4 * P), range(S + 8 * P, S + 12 * P)]);
    expect(m.vfree(a[1])).toBe(0);
    expect(m.freeBlocks()).toHaveLength(2);
    m.purge_vmap_area_lazy();
    expect(m.freeBlocks()).toEqual([range(S, S + 12 * P)]);
    m.validate();
  });

  it('crossing lazyMaxPages purges at once; reaching it does not', () => {
    const m = model(64, 4);
    const END = m.config.end;
    const a = m.alloc_vmap_area(4 * P, 1, S, END);
    const b = m.alloc_vmap_area(P, 1, S, END);
    expect(m.vfree(a)).toBe(0);
    expect(m.lazyPages).toBe(4); // == lazyMaxPages: still lazy
    expect(m.vfree(b)).toBe(0);
    expect(m.lazyPages).toBe(0);
    expect(m.freeBlocks()).toEqual([range(S, END)]);
    expect(m.stats.purges).toBe(1);
  });
});

describe('errors (research §8.6)', () => {
  it('refuses bad sizes, alignments and bounds with -EINVAL and changes nothing', () => {
    const m = model(64);
    const END = m.config.end;
    for (const [size, align, vstart, vend] of [
      [0, 1, S, END],
      [P + 1, 1, S, END],
      [P, 3, S, END],
      [P, 0, S, END],
      [P, 2 ** 64, S, END],
      [P, 1, -P, END],
      [P, 1, S, 2 ** 53],
      [P, 1, S, Number.NaN],
      [2 ** 53, 1, S, END],
    ]) {
      expect(m.alloc_vmap_area(size, align, vstart, vend)).toBe(-EINVAL);
    }
    expect(m.freeBlocks()).toEqual([range(S, END)]);
    expect(m.alloc_vmap_area(P, 2 ** 63, 0, 2 ** 53 - 1)).toBe(-EBUSY); // a huge align is legal, it just never fits
  });

  it('vfree of a misaligned, unknown or already freed address is -EINVAL and a no-op', () => {
    const m = model(64);
    const a = m.alloc_vmap_area(2 * P, 1, S, m.config.end);
    expect(m.vfree(a + 1)).toBe(-EINVAL);
    expect(m.vfree(a + 2 * P)).toBe(-EINVAL);
    expect(m.vfree(a)).toBe(0);
    expect(m.vfree(a)).toBe(-EINVAL); // double free: it is lazy, not busy
    expect(m.free_vmap_area(a)).toBe(-EINVAL);
    expect(m.find_vmap_area(a)).toBeUndefined();
    expect(m.lazyAreas()).toEqual([range(a, a + 2 * P)]);
  });

  it('a blocking caller purges and retries; GFP_NOWAIT gets -EBUSY and purges nothing', () => {
    const m = model(8);
    const END = m.config.end;
    const a = m.alloc_vmap_area(8 * P, 1, S, END);
    expect(m.vfree(a)).toBe(0);
    expect(m.alloc_vmap_area(P, 1, S, END, { gfp: 'GFP_NOWAIT' })).toBe(-EBUSY);
    expect(m.lazyPages).toBe(8);
    expect(m.alloc_vmap_area(P, 1, S, END, { gfp: 'GFP_KERNEL' })).toBe(S);
    expect(m.stats.retriesAfterPurge).toBe(1);
  });

  it('a fit that ends past vend is no fit (ERANGE, then -EBUSY)', () => {
    const m = model(8);
    expect(m.alloc_vmap_area(2 * P, 1, S, S + P)).toBe(-EBUSY);
    expect(m.alloc_vmap_area(2 * P, 1, S + P, S + 3 * P)).toBe(S + P);
    expect(m.alloc_vmap_area(P, 1, S + 2 * P, S + 3 * P)).toBe(-EBUSY); // the lowest fit is at S + 3P
  });
});

describe('pcpu_get_vm_areas', () => {
  it('places a congruent group at the top, below what is taken', () => {
    const m = model(64);
    const END = m.config.end;
    expect(m.pcpu_get_vm_areas([0, 4 * P], [2 * P, 2 * P], P)).toEqual([END - 6 * P, END - 2 * P]);
    // The next group's 1-page area sits in the 2-page hole between the first group's areas.
    expect(m.pcpu_get_vm_areas([0, 8 * P], [4 * P, P], P)).toEqual([END - 11 * P, END - 3 * P]);
    expect(m.busyAreas().map((a) => (a.end - a.start) / P)).toEqual([4, 2, 1, 2]);
    expect(m.freeBlocks()).toEqual([range(S, END - 11 * P), range(END - 7 * P, END - 6 * P), range(END - 4 * P, END - 3 * P)]);
    expect(m.pcpu_get_vm_areas([0, P], [2 * P, P], P)).toBe(-EINVAL); // overlapping areas
    expect(m.pcpu_get_vm_areas([0], [P], P / 2)).toBe(-EINVAL); // align below a page
    expect(m.pcpu_get_vm_areas([0], [128 * P], P)).toBe(-EINVAL); // larger than the space
    m.validate();
  });

  it('the candidate search equals a brute-force search over every base', () => {
    const arb = fc.record({
      holes: fc.array(fc.tuple(fc.integer({ min: 0, max: 63 }), fc.integer({ min: 1, max: 8 })), { maxLength: 12 }),
      areas: fc.array(fc.tuple(fc.integer({ min: 0, max: 6 }), fc.integer({ min: 1, max: 4 })), { minLength: 1, maxLength: 3 }),
      alignPages: fc.constantFrom(1, 2, 4),
    });
    fc.assert(
      fc.property(arb, ({ holes, areas, alignPages }) => {
        // Free blocks: the given holes of a 64-page space, merged where they touch or overlap.
        const taken = new Array<boolean>(64).fill(true);
        for (const [at, len] of holes) for (let p = at; p < Math.min(64, at + len); p++) taken[p] = false;
        const free: { start: number; end: number }[] = [];
        for (let p = 0; p < 64; p++) {
          if (taken[p]) continue;
          const last = free[free.length - 1];
          if (last !== undefined && last.end === p) free[free.length - 1] = { start: last.start, end: p + 1 };
          else free.push({ start: p, end: p + 1 });
        }
        // Congruent areas laid out one after another with gaps, in alignment units.
        const offsets: number[] = [];
        const sizes: number[] = [];
        let at = 0;
        for (const [gap, size] of areas) {
          offsets.push((at + gap) * alignPages);
          sizes.push(size * alignPages);
          at += gap + size;
        }
        const lastEnd = Math.max(...offsets.map((o, i) => o + sizes[i]));
        let brute: number | null = null;
        for (let b = Math.floor((64 - lastEnd) / alignPages) * alignPages; b >= 0 && brute === null; b -= alignPages) {
          const ok = offsets.every((o, i) => free.some((f) => f.start <= b + o && b + o + sizes[i] <= f.end));
          if (ok) brute = b;
        }
        expect(highestCongruentBase(free, offsets, sizes, alignPages, 0, 64)).toBe(brute);
      }),
      { seed: 20261123, numRuns: 300 },
    );
  });
});
