/**
 * Every node allocation of a munmap or an mprotect can fail, and each failure must leave the
 * address space exactly as the model has it (found by mutation testing: the scaled-down systematic
 * property rarely lands its fault where it matters). Fixed commands, each replayed once per
 * request k of the command with three fault plans:
 * - request k fails (the write's retry absorbs it);
 * - requests k and k + 1 fail, then memory comes back: one store fails (its preallocation and its
 *   retry are refused) and the stores after it succeed. This is the plan that catches an operation
 *   going on after a failed store of an edge split (split_edges) or after a failed split
 *   (vms_gather), since every later step works and commits the half-done split;
 * - every request from k on fails (memory runs out): the side tree, the clearing store of
 *   do_munmap, the stores of mprotect each fail in turn.
 * Each command must meet at least one refused allocation, so the test cannot pass vacuously.
 */
import { describe, expect, it } from 'vitest';
import { failAnyOf, failFrom, failNth } from '../alloc/fault-plans.js';
import type { FaultPlan } from '../alloc/node-allocator.js';
import { MmapCommand, MmCommand, MprotectCommand, MunmapCommand } from '../../properties/mm/mm.commands.js';
import { emptyMmCoverage, makeMmSystems, type MmCoverage, type MmSystems } from '../../properties/mm/mm-system.js';
import { MMAP_MIN_ADDR as LOW, PAGE_SIZE as P } from './vma.js';

const PLANS: ((seq: number) => FaultPlan)[] = [
  (seq) => failNth(seq),
  (seq) => failAnyOf(failNth(seq), failNth(seq + 1)),
  (seq) => failFrom(seq),
];

/** Fresh systems holding `count` four-page VMAs side by side from LOW, flags alternating so that none merge. */
function withFourPageVmas(count: number, coverage: MmCoverage): MmSystems {
  const s = makeMmSystems({}, coverage);
  for (let i = 0; i < count; i++) new MmapCommand(LOW + 4 * i * P, 4 * P, i % 2, true, undefined).run(s, s);
  return s;
}

/** Runs `cmd` after the prefill under every plan at every request it makes; returns the -ENOMEM count. */
function failEveryRequestAfter(prefill: number, cmd: MmCommand): number {
  const coverage = emptyMmCoverage();
  const probe = withFourPageVmas(prefill, coverage);
  const before = probe.mm.tree.allocator.requests;
  cmd.run(probe, probe);
  const requests = probe.mm.tree.allocator.requests - before;
  for (let k = 1; k <= requests; k++) {
    for (const plan of PLANS) {
      const s = withFourPageVmas(prefill, coverage);
      const allocator = s.mm.tree.allocator;
      allocator.plan = plan(allocator.requests + k);
      try {
        cmd.run(s, s);
      } catch (error) {
        (error as Error).message = `${prefill} VMAs, ${cmd} with ${allocator.plan.describe()} (request ${k} of ${requests}): ${(error as Error).message}`;
        throw error;
      }
    }
  }
  return coverage.enomem;
}

// Whether a split needs nodes depends on how full the leaf it lands in is (a leaf holds at most 16
// ranges), so each command runs after prefills on both sides of a full first leaf and of a
// two-level tree.
const PREFILLS = [13, 14, 26];

describe('every allocation of an operation that splits VMAs can fail and changes nothing', () => {
  it.each([
    ['munmap splitting one VMA at both edges', new MunmapCommand(LOW + P, 2 * P)],
    ['munmap across up to 25 VMAs, splitting both edge VMAs', new MunmapCommand(LOW + P, 100 * P)],
    ['munmap of up to 25 whole VMAs (side tree and clear only)', new MunmapCommand(LOW + 4 * P, 100 * P)],
    ['mprotect splitting one VMA at both edges', new MprotectCommand(LOW + P, 2 * P, 7)],
    ['mprotect across up to 25 VMAs, splitting both edge VMAs', new MprotectCommand(LOW + P, 100 * P, 7)],
  ])('%s', (_name, cmd) => {
    const enomem = PREFILLS.reduce((sum, prefill) => sum + failEveryRequestAfter(prefill, cmd), 0);
    expect(enomem).toBeGreaterThan(0);
  });
});
