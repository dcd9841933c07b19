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
import { failFrom, failNothing, failNth } from '../../impl/alloc/fault-plans.js';
import type { FaultPlan } from '../../impl/alloc/node-allocator.js';
import { mt_dump } from '../../impl/maple/index.js';
import { commandListProperty, type CommandListOptions, type CommandListProperty } from '../model-run.js';
import { AllocFillCommand, allocCommandArb, writeCommandArbs, type AllocCommand } from './alloc.commands.js';
import { checkAllocAgreement, makeAllocSystems, emptyAllocCoverage, type AllocCoverage, type AllocSystemOptions } from './alloc-system.js';

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

/**
 * Runs `cmds` on fresh systems prefilled with `prefill` entries (no faults while filling), with
 * `plan(base)` in force from the first command on, where base is the request count after the
 * prefill. Returns the number of requests the commands made.
 */
function runUnder(
  options: AllocSystemOptions,
  coverage: AllocCoverage,
  prefill: number,
  cmds: readonly AllocCommand[],
  plan: (base: number) => FaultPlan,
  what: string,
): number {
  const s = makeAllocSystems(options, coverage);
  new AllocFillCommand(0, prefill, 'prefill').run(s, s);
  const base = s.tree.allocator.requests;
  s.tree.allocator.plan = plan(base);
  cmds.forEach((cmd, i) => {
    try {
      cmd.run(s, s);
    } catch (error) {
      (error as Error).message = `${what}, command ${i} ${cmd}: ${(error as Error).message}`;
      throw error;
    }
  });
  return s.tree.allocator.requests - base;
}

export interface SystematicOptions extends AllocSystemOptions {
  maxCommands: number;
  coverage?: AllocCoverage;
}

export function systematicProperty(options: SystematicOptions): fc.IPropertyWithHooks<[number, AllocCommand[]]> {
  const coverage = options.coverage ?? emptyAllocCoverage();
  const list = fc.array(fc.oneof(...writeCommandArbs()), { minLength: 1, maxLength: options.maxCommands });
  // A prefilled tree (up to height 3) so the faulted commands split, rebalance and span nodes.
  const prefill = fc.oneof(fc.integer({ min: 0, max: 20 }), fc.integer({ min: 20, max: 1500 }));
  return fc.property(prefill, list, (filled, cmds) => {
    coverage.runs++;
    const n = runUnder(options, coverage, filled, cmds, () => failNothing, 'no faults');
    for (let k = 1; k <= n; k++) {
      runUnder(options, coverage, filled, cmds, (base) => failNth(base + k), `prefill ${filled}, fail request ${k} of ${n}`);
      runUnder(options, coverage, filled, cmds, (base) => failFrom(base + k), `prefill ${filled}, fail requests ${k}..${n}`);
      coverage.systematicRuns += 2;
    }
    coverage.commands += cmds.length * (2 * n + 1);
  });
}
