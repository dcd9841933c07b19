/**
 * The argument rules of the vmalloc surface (surface.ts), found open by mutation testing: every
 * design calls these helpers, so each rule is pinned here once, at its edges.
 * - requireValidConfig refuses each kind of bad space (page size, unsafe or negative bounds,
 *   misaligned bounds, an empty or inverted space, a bad CPU count or lazyMaxPages) with a
 *   RangeError and accepts the edges (start 0, lazyMaxPages 0);
 * - isPowerOfTwo is true exactly for 2^k, k >= 0 (not for non-numbers, fractions, Infinity, NaN);
 * - lazyMaxPagesOf is fls(cpus) * (32 MiB / pageSize), as lazy_max_pages() in mm/vmalloc.c;
 * - pcpuArgsValid refuses non-arrays, empty or unequal lists, bad offsets and sizes, overlapping
 *   areas (in either order), an align above 2^52 (no safe size is its multiple), and accepts touching areas and the largest
 *   align that still fits.
 */
import { describe, expect, it } from 'vitest';
import { isPowerOfTwo, lazyMaxPagesOf, pcpuArgsValid, requireValidConfig, type VmallocConfig } from './surface.js';

const P = 4096;
const good: VmallocConfig = { pageSize: P, start: 16 * P, end: 64 * P, cpus: 2 };

describe('requireValidConfig', () => {
  it('accepts a good space and its edges', () => {
    expect(() => requireValidConfig(good)).not.toThrow();
    expect(() => requireValidConfig({ ...good, start: 0 })).not.toThrow();
    expect(() => requireValidConfig({ ...good, start: 63 * P })).not.toThrow();
    expect(() => requireValidConfig({ ...good, cpus: 1, lazyMaxPages: 0 })).not.toThrow();
  });

  it.each<[string, Partial<VmallocConfig>]>([
    ['page size not a power of two', { pageSize: 3 * 1024 }],
    ['start not a safe integer', { start: 2 ** 53, end: 2 ** 53 + P }],
    ['negative start', { start: -P, end: P }],
    ['end not a safe integer', { start: 0, end: 2 ** 53 }],
    ['start not page-aligned', { start: 16 * P + 8 }],
    ['end not page-aligned', { end: 64 * P + 8 }],
    ['empty space', { end: 16 * P }],
    ['inverted space', { start: 64 * P, end: 16 * P }],
    ['no CPU', { cpus: 0 }],
    ['fractional CPU count', { cpus: 1.5 }],
    ['negative lazyMaxPages', { lazyMaxPages: -1 }],
    ['fractional lazyMaxPages', { lazyMaxPages: 0.5 }],
  ])('refuses %s', (_, change) => {
    expect(() => requireValidConfig({ ...good, ...change })).toThrow(RangeError);
  });
});

describe('isPowerOfTwo', () => {
  it('is true exactly for 2^k with k >= 0', () => {
    expect([1, 2, 4096, 2 ** 52, 2 ** 63, 2 ** 1000].every(isPowerOfTwo)).toBe(true);
    for (const x of [0, 0.5, -2, 3, 6, 2 ** 52 + 2, Infinity, -Infinity, Number.NaN, '4', 4n, null, undefined]) expect(isPowerOfTwo(x as number)).toBe(false);
  });
});

describe('lazyMaxPagesOf', () => {
  it('is fls(cpus) * 32 MiB / pageSize unless given', () => {
    const perFls = (32 * 1024 * 1024) / P;
    expect([1, 2, 3, 4, 7, 8].map((cpus) => lazyMaxPagesOf({ ...good, cpus }))).toEqual([1, 2, 2, 3, 3, 4].map((f) => f * perFls));
    expect(lazyMaxPagesOf({ ...good, cpus: 2, pageSize: 2 * P })).toBe(2 * (perFls / 2));
    expect(lazyMaxPagesOf({ ...good, lazyMaxPages: 5 })).toBe(5);
  });
});

describe('pcpuArgsValid', () => {
  const valid = (offsets: unknown, sizes: unknown, align = P, config = good): boolean =>
    pcpuArgsValid(config, offsets as number[], sizes as number[], align);
  const arrayLike = { length: 1, 0: 0 };

  it('refuses lists that are not arrays, empty or of unequal length', () => {
    expect(valid([0], [P])).toBe(true);
    expect(valid(arrayLike, [P])).toBe(false);
    expect(valid([0], arrayLike)).toBe(false);
    expect(valid([], [])).toBe(false);
    expect(valid([0, 2 * P], [P])).toBe(false);
    expect(valid([0], [P, P])).toBe(false);
  });

  it('refuses a bad offset, a bad or zero size', () => {
    expect(valid([-P], [P])).toBe(false);
    expect(valid([2 * P], [-P])).toBe(false);
    expect(valid([0], [0])).toBe(false);
    expect(valid([0, 2 * P], [P, 0])).toBe(false);
  });

  it('refuses overlapping areas in either order and accepts touching ones', () => {
    expect(valid([0, 2 * P], [2 * P, P])).toBe(true);
    expect(valid([2 * P, 0], [P, 2 * P])).toBe(true);
    expect(valid([0, P], [2 * P, P])).toBe(false);
    expect(valid([P, 0], [P, 2 * P])).toBe(false);
    expect(valid([0, 0], [P, P])).toBe(false);
  });

  it('accepts align 2^52 when the group fits, refuses what does not fit', () => {
    const big: VmallocConfig = { pageSize: P, start: 0, end: 2 ** 52, cpus: 1 };
    expect(valid([0], [2 ** 52], 2 ** 52, big)).toBe(true);
    expect(valid([0], [2 ** 53], 2 ** 53, big)).toBe(false);
    expect(valid([0], [2 ** 52], 2 ** 53, big)).toBe(false);
    expect(valid([0], [48 * P])).toBe(true);
    expect(valid([0], [48 * P + P])).toBe(false);
  });
});
