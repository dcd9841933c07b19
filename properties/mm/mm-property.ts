/**
 * The address-space properties:
 * - mmProperty: random command lists (mmap, munmap, mprotect, brk, fault-plan changes) on impl/mm
 *   and the model, agreement checked after every command; every munmap runs the side-tree
 *   cross-check (a mismatch throws the kernel's BUG).
 * - mmSystematicProperty: one command list replayed once per allocation request k = 1..n, failing
 *   request k only and every request from k on: each failure of an mmap or munmap allocation must
 *   leave the model's state.
 */
import fc from 'fast-check';
import { failFrom, failNothing, failNth } from '../../impl/alloc/fault-plans.js';
import type { FaultPlan } from '../../impl/alloc/node-allocator.js';
import { mt_dump } from '../../impl/maple/index.js';
import { mm_vmas } from '../../impl/mm/index.js';
import { commandListProperty, type CommandListOptions, type CommandListProperty } from '../model-run.js';
import { MMAP_MIN_ADDR, PAGE_SIZE } from '../../impl/mm/index.js';
import { MmapCommand, mmCommandArb, mmCommandArbs, type MmCommand } from './mm.commands.js';
import { checkMmAgreement, emptyMmCoverage, makeMmSystems, type MmCoverage, type MmSystemOptions } from './mm-system.js';

export interface MmPropertyOptions extends MmSystemOptions, CommandListOptions {
  coverage?: MmCoverage;
}

export function mmProperty(options: MmPropertyOptions): CommandListProperty {
  const coverage = options.coverage ?? emptyMmCoverage();
  return commandListProperty(mmCommandArb(), options, coverage, {
    make: () => {
      const s = makeMmSystems(options, coverage);
      return { model: s, real: s };
    },
    picture: ({ real }) => `${mm_vmas(real.mm).map((v) => v.toString()).join('\n')}\nbrk 0x${real.mm.brk.toString(16)}\n${mt_dump(real.mm.tree)}`,
  });
}

/**
 * Runs `cmds` on fresh systems holding `prefill` VMAs (alternating flags, so they stay separate;
 * mapped with no faults), under `plan(base)` from the first command on, base being the request
 * count after the prefill. Returns the requests the commands made.
 */
function runUnder(options: MmSystemOptions, coverage: MmCoverage, prefill: number, cmds: readonly MmCommand[], plan: (base: number) => FaultPlan, what: string): number {
  const s = makeMmSystems(options, coverage);
  for (let i = 0; i < prefill; i++) new MmapCommand(MMAP_MIN_ADDR + 2 * i * PAGE_SIZE, 2 * PAGE_SIZE, i % 2, true, undefined).run(s, s);
  const base = s.mm.tree.allocator.requests;
  s.mm.tree.allocator.plan = plan(base);
  cmds.forEach((cmd, i) => {
    try {
      cmd.run(s, s);
    } catch (error) {
      (error as Error).message = `${what}, command ${i} ${cmd}: ${(error as Error).message}`;
      throw error;
    }
  });
  coverage.commands += cmds.length;
  return s.mm.tree.allocator.requests - base;
}

export function mmSystematicProperty(options: MmSystemOptions & { maxCommands: number; coverage?: MmCoverage }): fc.IPropertyWithHooks<[number, MmCommand[]]> {
  const coverage = options.coverage ?? emptyMmCoverage();
  const prefillArb = fc.integer({ min: 0, max: 120 });
  return fc.property(prefillArb, fc.array(fc.oneof(...mmCommandArbs()), { minLength: 1, maxLength: options.maxCommands }), (prefill, cmds) => {
    coverage.runs++;
    const n = runUnder(options, coverage, prefill, cmds, () => failNothing, 'no faults');
    for (let k = 1; k <= n; k++) {
      runUnder(options, coverage, prefill, cmds, (base) => failNth(base + k), `prefill ${prefill}, fail request ${k} of ${n}`);
      runUnder(options, coverage, prefill, cmds, (base) => failFrom(base + k), `prefill ${prefill}, fail requests ${k}..${n}`);
    }
  });
}
