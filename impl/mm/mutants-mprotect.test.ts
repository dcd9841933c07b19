/**
 * What the scenario and property tests leave open in mprotect.ts, found by mutation testing: the
 * exact edges of its argument checks (a start past TASK_SIZE is refused even with length 0, a
 * start at TASK_SIZE with length 0 is not; a range ending exactly at TASK_SIZE is valid; negative
 * or fractional flags are refused and change nothing), and that a length of 0 changes nothing at
 * all: not even when the start is inside a VMA (no split, the very same VMA objects) and memory
 * is exhausted.
 */
import { describe, expect, it } from 'vitest';
import { failFrom } from '../alloc/fault-plans.js';
import { EINVAL } from '../errno.js';
import { MmStruct, mm_validate, mm_vmas } from './mm.js';
import { do_mmap } from './mmap.js';
import { do_mprotect } from './mprotect.js';
import { MMAP_MIN_ADDR as LOW, PAGE_SIZE as P, TASK_SIZE as TOP } from './vma.js';

const spans = (mm: MmStruct): [number, number, number][] => mm_vmas(mm).map((v) => [v.start, v.end, v.flags]);

describe('mprotect argument checks', () => {
  it('a start past TASK_SIZE is refused even with length 0; at TASK_SIZE it is a no-op', () => {
    const mm = new MmStruct();
    expect(do_mprotect(mm, TOP + P, 0, 1)).toBe(-EINVAL);
    expect(do_mprotect(mm, TOP, 0, 1)).toBe(0);
  });

  it('a range ending exactly at TASK_SIZE is valid', () => {
    const mm = new MmStruct();
    expect(do_mmap(mm, { addr: TOP - 2 * P, len: 2 * P, flags: 3, fixed: true })).toBe(TOP - 2 * P);
    expect(do_mprotect(mm, TOP - P, P, 1)).toBe(0);
    expect(spans(mm)).toEqual([[TOP - 2 * P, TOP - P, 3], [TOP - P, TOP, 1]]);
    mm_validate(mm);
  });

  it('negative or fractional flags are refused and change nothing', () => {
    const mm = new MmStruct();
    expect(do_mmap(mm, { addr: LOW, len: 4 * P, flags: 3, fixed: true })).toBe(LOW);
    expect(do_mprotect(mm, LOW + P, P, -1)).toBe(-EINVAL);
    expect(do_mprotect(mm, LOW + P, P, 1.5)).toBe(-EINVAL);
    expect(spans(mm)).toEqual([[LOW, LOW + 4 * P, 3]]);
  });
});

describe('mprotect of length 0', () => {
  it('inside a VMA, with memory exhausted: returns 0 and keeps the very same VMA objects', () => {
    const mm = new MmStruct();
    // Thirteen VMAs fill the first leaf, so a split there would need a node.
    for (let i = 0; i < 13; i++) expect(do_mmap(mm, { addr: LOW + 4 * i * P, len: 4 * P, flags: i % 2, fixed: true })).toBe(LOW + 4 * i * P);
    const before = mm_vmas(mm);
    mm.tree.allocator.plan = failFrom(mm.tree.allocator.requests + 1);
    expect(do_mprotect(mm, LOW + P, 0, 7)).toBe(0);
    const after = mm_vmas(mm);
    expect(after).toHaveLength(before.length);
    after.forEach((vma, i) => expect(vma).toBe(before[i]));
  });
});
