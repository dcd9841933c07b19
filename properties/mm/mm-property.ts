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
import { mt_dump } from '../../impl/maple/index.js';
import { mm_vmas } from '../../impl/mm/index.js';
import { commandListProperty, type CommandListOptions, type CommandListProperty } from '../model-run.js';
import { systematicFailureProperty } from '../systematic.js';
import { MMAP_MIN_ADDR, PAGE_SIZE } from '../../impl/mm/index.js';
import { MmapCommand, mmCommandArb, mmCommandArbs, type MmCommand } from './mm.commands.js';
import { emptyMmCoverage, makeMmSystems, type MmCoverage, type MmSystemOptions, type MmSystems } from './mm-system.js';

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

export function mmSystematicProperty(options: MmSystemOptions & { maxCommands: number; coverage?: MmCoverage }): fc.IPropertyWithHooks<[number, MmCommand[]]> {
  const coverage = options.coverage ?? emptyMmCoverage();
  return systematicFailureProperty<MmSystems, MmCommand>(
    {
      make: () => makeMmSystems(options, coverage),
      // VMAs with alternating flags, so they stay separate.
      prefill: (s, count) => {
        for (let i = 0; i < count; i++) new MmapCommand(MMAP_MIN_ADDR + 2 * i * PAGE_SIZE, 2 * PAGE_SIZE, i % 2, true, undefined).run(s, s);
      },
      allocator: (s) => s.mm.tree.allocator,
      prefillArb: fc.integer({ min: 0, max: 120 }),
      commandArb: fc.oneof(...mmCommandArbs()),
      maxCommands: options.maxCommands,
    },
    coverage,
  );
}
