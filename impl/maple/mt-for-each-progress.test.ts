/**
 * mt_for_each's progress guard: each range it yields starts past the last one, and a search that
 * does not advance (a bug in mas_find, as a mutant of forwardStart gives) fails at once with
 * MapleValidationError instead of growing `[...mt_for_each()]` until the process runs out of
 * memory. mas_find is replaced here by one that finds the same range forever; this file mocks a
 * module, so vitest.stryker.config.ts leaves it out (its runs share one module graph).
 */
import { describe, expect, it, vi } from 'vitest';

const broken = vi.hoisted(() => ({ on: false }));

vi.mock('./advanced-api.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('./advanced-api.js')>();
  return {
    ...real,
    mas_find: (mas: Parameters<typeof real.mas_find>[0], max: number): unknown => {
      if (!broken.on || mas.status !== 'active') return real.mas_find(mas, max);
      // The first find walked to a range; stay on it, as a search restarting before it would.
      return real.mas_walk(mas);
    },
  };
});

const { mt_for_each, mt_init_flags, mtree_store_range } = await import('./index.js');
const { MapleValidationError } = await import('./validate.js');

function treeOfThree() {
  const t = mt_init_flags(0);
  for (const [first, last] of [[10, 19], [30, 39], [50, 59]] as const) expect(mtree_store_range(t, first, last, `e${first}`)).toBe(0);
  return t;
}

describe('mt_for_each progress guard', () => {
  it('yields each range once, lowest first, when mas_find advances', () => {
    broken.on = false;
    expect([...mt_for_each(treeOfThree())].map((r) => [r.first, r.last, r.entry])).toEqual([
      [10, 19, 'e10'],
      [30, 39, 'e30'],
      [50, 59, 'e50'],
    ]);
  });

  it('throws MapleValidationError at the second find when mas_find returns the same range again', () => {
    broken.on = true;
    try {
      const seen: number[] = [];
      expect(() => {
        for (const r of mt_for_each(treeOfThree())) seen.push(r.first);
      }).toThrow(MapleValidationError);
      expect(seen).toEqual([10]);
    } finally {
      broken.on = false;
    }
  });
});
