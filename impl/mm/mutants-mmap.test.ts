/**
 * What the address-space scenarios and properties leave open at the edges of mmap and brk, found
 * by mutation testing (npm run mutate): the argument checks of do_mmap (negative flags, bad page
 * offsets and lengths, a negative fixed address, which of -ENOMEM and -EINVAL wins for an oversized
 * unaligned request), get_unmapped_area's bounds (a hint touching the mapping above it, a hint at
 * or near the top, a length that fills the space exactly or overflows it, a full space), the VMA
 * merge rule (touching is required even when page offsets continue), and brk at start_brk, at
 * TASK_SIZE, inside one page and up against a mapping.
 *
 * Every case runs on impl/mm and on the AddressSpaceModel (the oracle), which must return the
 * same results and hold the same VMAs; mm_validate runs after every operation.
 */
import { describe, expect, it } from 'vitest';
import { EINVAL, ENOMEM } from '../errno.js';
import { AddressSpaceModel } from '../../model/index.js';
import { do_brk } from './brk.js';
import { MmStruct, mm_validate, mm_vmas } from './mm.js';
import { do_mmap, type MmapRequest } from './mmap.js';
import { MMAP_MIN_ADDR as LOW, PAGE_SIZE as P, TASK_SIZE as TOP } from './vma.js';

const BRK = 0x1000000;

type Op = { mmap: MmapRequest } | { brk: number };

/** Runs `ops` on a fresh mm and a fresh model; checks they agree op by op; returns the results and VMAs. */
function both(ops: Op[]): { results: number[]; vmas: [number, number, number, number][]; brk: number } {
  const mm = new MmStruct({ startBrk: BRK });
  const model = new AddressSpaceModel(BRK);
  const results = ops.map((op) => {
    const got = 'brk' in op ? do_brk(mm, op.brk) : do_mmap(mm, op.mmap);
    const want = 'brk' in op ? model.brkTo(op.brk) : model.mmap(op.mmap.addr, op.mmap.len, op.mmap.flags, op.mmap.fixed, op.mmap.pgoff);
    mm_validate(mm);
    expect(got, `${JSON.stringify(op)} on impl/mm vs the model`).toBe(want);
    return got;
  });
  const vmas = mm_vmas(mm).map((v): [number, number, number, number] => [v.start, v.end, v.flags, v.pgoff]);
  expect(vmas).toEqual(model.vmas().map((v) => [v.start, v.end, v.flags, v.pgoff]));
  expect(mm.brk).toBe(model.brk);
  return { results, vmas, brk: mm.brk };
}

const fixed = (addr: number, len: number, flags = 3, pgoff?: number): Op => ({ mmap: { addr, len, flags, fixed: true, ...(pgoff !== undefined ? { pgoff } : {}) } });
const hinted = (addr: number, len: number, flags = 3): Op => ({ mmap: { addr, len, flags, fixed: false } });

describe('do_mmap refuses bad arguments and changes nothing', () => {
  it.each([
    ['negative flags', fixed(LOW, P, -1), -EINVAL],
    ['a negative page offset', fixed(LOW, P, 3, -1), -EINVAL],
    ['a fractional page offset', fixed(LOW, P, 3, 1.5), -EINVAL],
    ['a fractional length', fixed(LOW, 1.5), -EINVAL],
    ['a negative length of whole pages', fixed(LOW, -P), -EINVAL],
    ['a negative length of whole pages, without MAP_FIXED', hinted(LOW, -P), -EINVAL],
    ['a negative fixed address that is a page multiple', fixed(-P, P), -EINVAL],
    // Too long is -ENOMEM before the address is looked at; exactly TASK_SIZE long is not too long.
    ['a length past TASK_SIZE at an unaligned fixed address', fixed(LOW + 1, TOP + P), -ENOMEM],
    ['a length of TASK_SIZE at an unaligned fixed address', fixed(LOW + 1, TOP), -EINVAL],
  ])('%s', (_name, op, errno) => {
    const { results, vmas } = both([op]);
    expect(results).toEqual([errno]);
    expect(vmas).toEqual([]);
  });

  it('page offset 0 is a valid page offset', () => {
    expect(both([fixed(LOW, P, 3, 0)]).vmas).toEqual([[LOW, LOW + P, 3, 0]]);
  });
});

describe('get_unmapped_area', () => {
  it('takes a free hint that ends where the next mapping starts', () => {
    expect(both([fixed(LOW + 2 * P, P, 1), hinted(LOW, 2 * P)]).results).toEqual([LOW + 2 * P, LOW]);
  });

  it('ignores a hint whose range would reach past TASK_SIZE and searches top-down instead', () => {
    expect(both([hinted(TOP, P)]).results).toEqual([TOP - P]);
    expect(both([hinted(TOP - P, 2 * P)]).results).toEqual([TOP - 2 * P]);
  });

  it('fits a length of exactly the whole mmap space, and nothing longer', () => {
    expect(both([hinted(0, TOP - LOW)]).vmas).toEqual([[LOW, TOP, 3, LOW / P]]);
    expect(both([hinted(0, TOP - LOW + P)]).results).toEqual([-ENOMEM]);
  });

  it('is -ENOMEM when every page is mapped, and the failed mmap changes nothing', () => {
    const { results, vmas } = both([fixed(LOW, TOP - LOW, 1), hinted(0, P)]);
    expect(results).toEqual([LOW, -ENOMEM]);
    expect(vmas).toEqual([[LOW, TOP, 1, LOW / P]]);
  });
});

describe('merging', () => {
  it('keeps apart two VMAs whose page offsets continue but which do not touch', () => {
    const { vmas } = both([fixed(LOW, P, 1, 7), fixed(LOW + 2 * P, P, 1, 8)]);
    expect(vmas).toEqual([
      [LOW, LOW + P, 1, 7],
      [LOW + 2 * P, LOW + 3 * P, 1, 8],
    ]);
  });
});

describe('brk at its edges', () => {
  it('shrinks back to exactly start_brk, unmapping the whole heap', () => {
    const { results, vmas } = both([{ brk: BRK + 2 * P }, { brk: BRK }]);
    expect(results).toEqual([BRK + 2 * P, BRK]);
    expect(vmas).toEqual([]);
  });

  it('moves within one page without mapping or unmapping anything', () => {
    const { results, vmas } = both([{ brk: BRK + 100 }, { brk: BRK + 200 }, { brk: BRK + 50 }]);
    expect(results).toEqual([BRK + 100, BRK + 200, BRK + 50]);
    expect(vmas).toEqual([[BRK, BRK + P, 3, BRK / P]]);
  });

  it('grows up to TASK_SIZE but not past it', () => {
    expect(both([{ brk: TOP }]).vmas).toEqual([[BRK, TOP, 3, BRK / P]]);
    const past = both([{ brk: TOP + P }]);
    expect(past.results).toEqual([BRK]);
    expect(past.vmas).toEqual([]);
  });

  it('grows up to a mapping that starts right at the new end, and not into it', () => {
    const { results, vmas } = both([fixed(BRK + 2 * P, P, 1), { brk: BRK + 2 * P }, { brk: BRK + 2 * P + 1 }]);
    expect(results).toEqual([BRK + 2 * P, BRK + 2 * P, BRK + 2 * P]);
    expect(vmas).toEqual([
      [BRK, BRK + 2 * P, 3, BRK / P],
      [BRK + 2 * P, BRK + 3 * P, 1, (BRK + 2 * P) / P],
    ]);
  });
});
