/**
 * The allocation-failure properties, as fast-check properties:
 * - allocFailureProperty: random command lists mixing writes, preallocated writes, interleaved
 *   preallocations, lock-drop races and changes of fault plan (k-th, from k on, probability p,
 *   non-blocking only); after every command (1) the tree equals the model and is valid, so a
 *   failed write changed nothing, and (2) nothing leaked; (3) a preallocation is enough for every
 *   store type when the tree did not change, and a changed tree is caught, not written into.
 * - systematicProperty (4): one command list with no faults, then the same list once per
 *   allocation request k = 1..n, failing request k only (the retry must absorb it) and failing
 *   every request from k on (memory runs out), with (1) and (2) checked after every command.
 *
 * Invariant: every random choice (commands, fault seeds) comes from fast-check's seed, so a
 * failure replays from the printed seed and path.
 */
import fc from 'fast-check';
import { mt_dump } from '../../impl/maple/index.js';
import { commandListProperty, type CommandListOptions, type CommandListProperty } from '../model-run.js';
import { systematicFailureProperty } from '../systematic.js';
import { AllocFillCommand, allocCommandArb, writeCommandArbs, type AllocCommand } from './alloc.commands.js';
import { emptyAllocCoverage, makeAllocSystems, type AllocCoverage, type AllocSystemOptions, type AllocSystems } from './alloc-system.js';

export interface AllocPropertyOptions extends AllocSystemOptions, CommandListOptions {
  coverage?: AllocCoverage;
}

export function allocFailureProperty(options: AllocPropertyOptions): CommandListProperty {
  const coverage = options.coverage ?? emptyAllocCoverage();
  return commandListProperty(allocCommandArb(), options, coverage, {
    make: () => {
      const s = makeAllocSystems(options, coverage);
      return { model: s, real: s };
    },
    picture: ({ real }) => mt_dump(real.tree),
  });
}

export interface SystematicOptions extends AllocSystemOptions {
  maxCommands: number;
  coverage?: AllocCoverage;
}

export function systematicProperty(options: SystematicOptions): fc.IPropertyWithHooks<[number, AllocCommand[]]> {
  const coverage = options.coverage ?? emptyAllocCoverage();
  return systematicFailureProperty<AllocSystems, AllocCommand>(
    {
      make: () => makeAllocSystems(options, coverage),
      prefill: (s, count) => new AllocFillCommand(0, count, 'prefill').run(s, s),
      allocator: (s) => s.tree.allocator,
      // A prefilled tree (up to height 3) so the faulted commands split, rebalance and span nodes.
      prefillArb: fc.oneof(fc.integer({ min: 0, max: 20 }), fc.integer({ min: 20, max: 1500 })),
      commandArb: fc.oneof(...writeCommandArbs()),
      maxCommands: options.maxCommands,
    },
    coverage,
  );
}
