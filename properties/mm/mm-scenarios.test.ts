/**
 * Worked address-space scenarios with their expected VMA lists written out, run on impl/mm and on
 * the model alike: MAP_FIXED over the middle of a mapping, merging with both neighbours, the
 * top-down search and the hint, munmap of holes, of parts and across many VMAs, at the bottom and
 * the top of the space, mprotect splitting and merging back, brk growing and shrinking, and the
 * error cases.
 */
import { describe, expect, it } from 'vitest';
import { EINVAL, ENOMEM } from '../../impl/errno.js';
import { MMAP_MIN_ADDR as LOW, MmStruct, PAGE_SIZE as P, TASK_SIZE as TOP, do_brk, do_mmap, do_mprotect, do_munmap, mm_validate, mm_vmas } from '../../impl/mm/index.js';
import { AddressSpaceModel } from '../../model/index.js';

type Op =
  | ['mmap', number, number, number, boolean, number?]
  | ['munmap', number, number]
  | ['mprotect', number, number, number]
  | ['brk', number];

/** [start, end, flags, pgoff] */
type V = [number, number, number, number];

interface Scenario {
  name: string;
  ops: Op[];
  results: number[];
  vmas: V[];
}

const anon = (start: number, end: number, flags: number): V => [start, end, flags, start / P];
const BRK = 0x1000000;

const SCENARIOS: Scenario[] = [
  {
    name: 'MAP_FIXED over the middle of a mapping splits it in three',
    ops: [['mmap', LOW, 10 * P, 3, true], ['mmap', LOW + 4 * P, 2 * P, 1, true]],
    results: [LOW, LOW + 4 * P],
    vmas: [anon(LOW, LOW + 4 * P, 3), anon(LOW + 4 * P, LOW + 6 * P, 1), anon(LOW + 6 * P, LOW + 10 * P, 3)],
  },
  {
    name: 'a mapping filling a hole merges with both neighbours',
    ops: [['mmap', LOW, 2 * P, 3, true], ['mmap', LOW + 4 * P, 2 * P, 3, true], ['mmap', LOW + 2 * P, 2 * P, 3, true]],
    results: [LOW, LOW + 4 * P, LOW + 2 * P],
    vmas: [anon(LOW, LOW + 6 * P, 3)],
  },
  {
    name: 'page offsets that do not continue keep neighbours apart',
    ops: [['mmap', LOW, 2 * P, 1, true, 100], ['mmap', LOW + 2 * P, 2 * P, 1, true, 200], ['mmap', LOW + 4 * P, P, 1, true, 202]],
    results: [LOW, LOW + 2 * P, LOW + 4 * P],
    vmas: [[LOW, LOW + 2 * P, 1, 100], [LOW + 2 * P, LOW + 5 * P, 1, 200]],
  },
  {
    name: 'without MAP_FIXED: the top of the space first, then the hint when it is free',
    ops: [['mmap', 0, 3 * P, 3, false], ['mmap', LOW, P, 1, false], ['mmap', LOW, P, 1, false]],
    results: [TOP - 3 * P, LOW, TOP - 4 * P],
    vmas: [anon(LOW, LOW + P, 1), anon(TOP - 4 * P, TOP - 3 * P, 1), anon(TOP - 3 * P, TOP, 3)],
  },
  {
    name: 'munmap of a hole, of a part, and across many VMAs',
    ops: [
      ['mmap', LOW, 2 * P, 1, true],
      ['mmap', LOW + 2 * P, 2 * P, 3, true],
      ['mmap', LOW + 4 * P, 2 * P, 1, true],
      ['mmap', LOW + 6 * P, 2 * P, 3, true],
      ['munmap', LOW + 20 * P, 4 * P],
      ['munmap', LOW + P, 6 * P],
    ],
    results: [LOW, LOW + 2 * P, LOW + 4 * P, LOW + 6 * P, 0, 0],
    vmas: [anon(LOW, LOW + P, 1), anon(LOW + 7 * P, LOW + 8 * P, 3)],
  },
  {
    name: 'munmap at the bottom and at the top of the space',
    ops: [['mmap', LOW, 4 * P, 3, true], ['mmap', TOP - 4 * P, 4 * P, 3, true], ['munmap', 0, LOW + P], ['munmap', TOP - P, P]],
    results: [LOW, TOP - 4 * P, 0, 0],
    vmas: [anon(LOW + P, LOW + 4 * P, 3), anon(TOP - 4 * P, TOP - P, 3)],
  },
  {
    name: 'mprotect splits, then merges back',
    ops: [['mmap', LOW, 6 * P, 3, true], ['mprotect', LOW + 2 * P, 2 * P, 1], ['mprotect', LOW + 2 * P, 2 * P, 3]],
    results: [LOW, 0, 0],
    vmas: [anon(LOW, LOW + 6 * P, 3)],
  },
  {
    name: 'mprotect of a range with a hole changes nothing',
    ops: [['mmap', LOW, 2 * P, 3, true], ['mmap', LOW + 3 * P, 2 * P, 3, true], ['mprotect', LOW, 5 * P, 1]],
    results: [LOW, LOW + 3 * P, -ENOMEM],
    vmas: [anon(LOW, LOW + 2 * P, 3), anon(LOW + 3 * P, LOW + 5 * P, 3)],
  },
  {
    name: 'brk grows (rounded to pages), shrinks, and refuses to go below start_brk or into a mapping',
    ops: [['brk', BRK + 5000], ['brk', BRK + 3 * P], ['mmap', BRK + 5 * P, P, 1, true], ['brk', BRK + 8 * P], ['brk', BRK - 1], ['brk', BRK + P]],
    results: [BRK + 5000, BRK + 3 * P, BRK + 5 * P, BRK + 3 * P, BRK + 3 * P, BRK + P],
    vmas: [anon(BRK, BRK + P, 3), anon(BRK + 5 * P, BRK + 6 * P, 1)],
  },
  {
    name: 'bad arguments',
    ops: [['mmap', LOW + 1, P, 3, true], ['mmap', LOW, 0, 3, true], ['mmap', 0, P, 3, true], ['munmap', LOW + 1, P], ['munmap', LOW, 0], ['mprotect', LOW + 1, P, 1], ['mmap', TOP, P, 3, true]],
    results: [-EINVAL, -EINVAL, -ENOMEM, -EINVAL, -EINVAL, -EINVAL, -ENOMEM],
    vmas: [],
  },
];

function runImpl(ops: Op[]): { results: number[]; vmas: V[] } {
  const mm = new MmStruct({ startBrk: BRK });
  const results = ops.map((op) => {
    let r: number;
    if (op[0] === 'mmap') r = do_mmap(mm, { addr: op[1], len: op[2], flags: op[3], fixed: op[4], ...(op[5] !== undefined ? { pgoff: op[5] } : {}) });
    else if (op[0] === 'munmap') r = do_munmap(mm, op[1], op[2]);
    else if (op[0] === 'mprotect') r = do_mprotect(mm, op[1], op[2], op[3]);
    else r = do_brk(mm, op[1]);
    mm_validate(mm);
    return r;
  });
  return { results, vmas: mm_vmas(mm).map((v): V => [v.start, v.end, v.flags, v.pgoff]) };
}

function runModel(ops: Op[]): { results: number[]; vmas: V[] } {
  const m = new AddressSpaceModel(BRK);
  const results = ops.map((op) => {
    if (op[0] === 'mmap') return m.mmap(op[1], op[2], op[3], op[4], op[5]);
    if (op[0] === 'munmap') return m.munmap(op[1], op[2]);
    if (op[0] === 'mprotect') return m.mprotect(op[1], op[2], op[3]);
    return m.brkTo(op[1]);
  });
  return { results, vmas: m.vmas().map((v): V => [v.start, v.end, v.flags, v.pgoff]) };
}

describe.each([
  ['impl/mm', runImpl],
  ['the model', runModel],
] as const)('address-space scenarios on %s', (_name, run) => {
  it.each(SCENARIOS.map((s) => [s.name, s] as const))('%s', (_title, s) => {
    const got = run(s.ops);
    expect(got.results).toEqual(s.results);
    expect(got.vmas).toEqual(s.vmas);
  });
});
