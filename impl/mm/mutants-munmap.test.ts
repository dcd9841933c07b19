/**
 * What the scenario and property tests leave open in munmap.ts, found by mutation testing:
 * - the argument checks at the top of the space: a range may end at TASK_SIZE, not past it, and a
 *   start at or above TASK_SIZE is refused whatever the length;
 * - vma_at answers null for any address outside the user space, even one the maple tree would
 *   refuse as an index (it is called at the end of a range that reaches TASK_SIZE);
 * - the statistics: munmaps counts every munmap that got past its argument checks, and
 *   sideTreeNodes counts the side tree's nodes over all munmaps (none for a single VMA, which sits
 *   in the root slot; one leaf for a few).
 */
import { describe, expect, it } from 'vitest';
import { EINVAL } from '../errno.js';
import { MmStruct, mm_vmas } from './mm.js';
import { do_mmap } from './mmap.js';
import { do_munmap, vma_at } from './munmap.js';
import { MMAP_MIN_ADDR as LOW, PAGE_SIZE as P, TASK_SIZE as TOP } from './vma.js';

/** An address space with `count` four-page VMAs side by side from LOW, flags alternating so that none merge. */
function withFourPageVmas(count: number): MmStruct {
  const mm = new MmStruct();
  for (let i = 0; i < count; i++) expect(do_mmap(mm, { addr: LOW + 4 * i * P, len: 4 * P, flags: i % 2, fixed: true })).toBe(LOW + 4 * i * P);
  return mm;
}

describe('vma_at', () => {
  it('finds the VMA holding an address, and null outside the user space', () => {
    const mm = new MmStruct();
    expect(do_mmap(mm, { addr: TOP - 2 * P, len: 2 * P, flags: 1, fixed: true })).toBe(TOP - 2 * P);
    expect(vma_at(mm, TOP - 1)?.start).toBe(TOP - 2 * P);
    expect(vma_at(mm, TOP)).toBeNull();
    expect(vma_at(mm, -1)).toBeNull();
    expect(vma_at(mm, -P)).toBeNull();
    expect(vma_at(mm, 2 ** 53)).toBeNull(); // not even a maple-tree index
  });
});

describe('munmap arguments at the top of the space', () => {
  it.each([
    [TOP - P, P, 0],
    [TOP - P, 2 * P, -EINVAL],
    [TOP, P, -EINVAL],
    [TOP + P, P, -EINVAL],
    [2 ** 52, P, -EINVAL],
  ])('munmap(%d, %d) = %d', (start, len, want) => {
    const mm = new MmStruct();
    expect(do_mmap(mm, { addr: TOP - 2 * P, len: 2 * P, flags: 1, fixed: true })).toBe(TOP - 2 * P);
    expect(do_munmap(mm, start, len)).toBe(want);
    expect(mm_vmas(mm).map((v) => [v.start, v.end])).toEqual([[TOP - 2 * P, want === 0 ? TOP - P : TOP]]);
  });
});

describe('munmap statistics', () => {
  it('munmaps counts the munmaps past their argument checks, holes included', () => {
    const mm = withFourPageVmas(2);
    expect(do_munmap(mm, LOW + 1, P)).toBe(-EINVAL);
    expect(mm.munmaps).toBe(0);
    expect(do_munmap(mm, LOW + 40 * P, P)).toBe(0);
    expect(do_munmap(mm, LOW, P)).toBe(0);
    expect(mm.munmaps).toBe(2);
  });

  it('sideTreeNodes adds up the side-tree nodes of every munmap', () => {
    const mm = withFourPageVmas(40);
    expect(do_munmap(mm, LOW, 4 * P)).toBe(0); // one VMA: the side tree's root slot, no node
    expect(mm.sideTreeNodes).toBe(0);
    expect(do_munmap(mm, LOW + 4 * P, 8 * P)).toBe(0); // two VMAs: one leaf
    expect(mm.sideTreeNodes).toBe(1);
    expect(do_munmap(mm, LOW + 12 * P, 60 * P)).toBe(0); // fifteen VMAs: still one leaf
    expect(mm.sideTreeNodes).toBe(2);
    expect(do_munmap(mm, LOW + 72 * P, 88 * P)).toBe(0); // the other 22: more than one node
    expect(mm.sideTreeNodes).toBeGreaterThan(3);
    expect(mm_vmas(mm)).toEqual([]);
  });
});
