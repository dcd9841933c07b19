/**
 * What the oracle tests of mm_validate leave open, found by mutation testing (npm run mutate):
 * each of its checks is shown failing on an address space corrupted in exactly one way (a VMA
 * stored over a range that shares only its start or only its end, a VMA below MMAP_MIN_ADDR or
 * past TASK_SIZE, a break below start_brk), with the error's type and name; and MmStruct's options
 * do what they say (the fault plan reaches the tree's allocator; a start_brk outside
 * [MMAP_MIN_ADDR, TASK_SIZE] is refused, since the heap it would grow could never be valid).
 */
import { describe, expect, it } from 'vitest';
import { failFrom } from '../alloc/fault-plans.js';
import { ENOMEM } from '../errno.js';
import { mtree_store_range } from '../maple/index.js';
import { do_brk } from './brk.js';
import { MmStruct, MmValidationError, mm_validate, mm_vmas } from './mm.js';
import { do_mmap } from './mmap.js';
import { MMAP_MIN_ADDR as LOW, PAGE_SIZE as P, TASK_SIZE as TOP, Vma } from './vma.js';

/** An mm with one valid VMA [LOW, LOW + 2P), checked valid. */
function validMm(): MmStruct {
  const mm = new MmStruct();
  expect(do_mmap(mm, { addr: LOW, len: 2 * P, flags: 1, fixed: true })).toBe(LOW);
  mm_validate(mm);
  return mm;
}

/** The error mm_validate throws for `mm` (fails the test if it throws nothing). */
function validationError(mm: MmStruct): Error {
  try {
    mm_validate(mm);
  } catch (e) {
    return e as Error;
  }
  throw new Error('mm_validate accepted a corrupted mm');
}

describe('mm_validate catches each corruption on its own', () => {
  it.each([
    ['a VMA stored from its start but not to its end', LOW + 8 * P, LOW + 9 * P, new Vma(LOW + 8 * P, LOW + 10 * P, 1, 0), /is stored over/],
    ['a VMA stored to its end but not from its start', LOW + 8 * P, LOW + 9 * P, new Vma(LOW + 7 * P, LOW + 9 * P, 1, 0), /is stored over/],
    ['a VMA below MMAP_MIN_ADDR', 0, P, new Vma(0, P, 1, 0), /out of bounds/],
    ['a VMA reaching past TASK_SIZE', TOP - P, TOP + P, new Vma(TOP - P, TOP + P, 1, 0), /out of bounds/],
  ])('%s', (_name, start, end, vma, message) => {
    const mm = validMm();
    mtree_store_range(mm.tree, start, end - 1, vma);
    const error = validationError(mm);
    expect(error).toBeInstanceOf(MmValidationError);
    expect(error.name).toBe('MmValidationError');
    expect(error.message).toMatch(message);
  });

  it('a break below start_brk', () => {
    const mm = validMm();
    mm.brk = mm.startBrk - 1;
    const error = validationError(mm);
    expect(error).toBeInstanceOf(MmValidationError);
    expect(error.message).toMatch(/below start_brk/);
  });
});

describe('MmStruct options', () => {
  it('the fault plan is the one the tree allocates under: a mapping that cannot get a node fails and maps nothing', () => {
    const mm = new MmStruct({ faultPlan: failFrom(1) });
    expect(do_mmap(mm, { addr: LOW, len: P, flags: 1, fixed: true })).toBe(-ENOMEM);
    expect(mm_vmas(mm)).toEqual([]);
    mm_validate(mm);
  });

  it('start_brk may be anywhere in [MMAP_MIN_ADDR, TASK_SIZE]; the heap grows from there', () => {
    const low = new MmStruct({ startBrk: LOW + 1 });
    expect(do_brk(low, LOW + 2 * P)).toBe(LOW + 2 * P);
    expect(mm_vmas(low).map((v) => [v.start, v.end])).toEqual([[LOW + P, LOW + 2 * P]]);
    mm_validate(low);
    expect(new MmStruct({ startBrk: LOW }).brk).toBe(LOW);
    expect(new MmStruct({ startBrk: TOP }).brk).toBe(TOP);
  });

  it.each([LOW - 1, 0, TOP + 1, LOW + 0.5, NaN])('start_brk %d is refused', (startBrk) => {
    expect(() => new MmStruct({ startBrk })).toThrow(RangeError);
  });
});
