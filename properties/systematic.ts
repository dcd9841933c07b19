/**
 * Systematic failure injection, shared by the allocation and address-space properties: one command
 * list runs once without faults on a prefilled system to count its n allocation requests, then once
 * per k = 1..n with request k failing (the retry must absorb it) and once with every request from k
 * on failing (memory runs out). Each command checks its own agreement as it runs.
 *
 * Invariants: faults start only after the prefill (k counts the commands' own requests); every run
 * is on fresh systems; an error names the replay it happened in and the command that raised it.
 */
import fc from 'fast-check';
import { failFrom, failNothing, failNth } from '../impl/alloc/fault-plans.js';
import type { FaultPlan, NodeAllocator } from '../impl/alloc/node-allocator.js';
import type { MapleNode } from '../impl/maple/index.js';

export interface SystematicCounts {
  runs: number;
  commands: number;
  /** Faulted replays done, where the coverage record keeps them. */
  systematicRuns?: number;
}

export interface SystematicSetup<S extends object, C extends fc.Command<S, S>> {
  make(): S;
  /** Fills fresh systems with `count` items, without faults. */
  prefill(s: S, count: number): void;
  allocator(s: S): NodeAllocator<MapleNode>;
  prefillArb: fc.Arbitrary<number>;
  commandArb: fc.Arbitrary<C>;
  maxCommands: number;
}

/** Runs `cmds` after the prefill under `plan(base)`; returns the requests the commands made. */
function runUnder<S extends object, C extends fc.Command<S, S>>(
  setup: SystematicSetup<S, C>,
  coverage: SystematicCounts,
  prefill: number,
  cmds: readonly C[],
  plan: (base: number) => FaultPlan,
  what: string,
): number {
  const s = setup.make();
  setup.prefill(s, prefill);
  const allocator = setup.allocator(s);
  const base = allocator.requests;
  allocator.plan = plan(base);
  cmds.forEach((cmd, i) => {
    try {
      cmd.run(s, s);
    } catch (error) {
      (error as Error).message = `${what}, command ${i} ${cmd}: ${(error as Error).message}`;
      throw error;
    }
  });
  coverage.commands += cmds.length;
  return allocator.requests - base;
}

export function systematicFailureProperty<S extends object, C extends fc.Command<S, S>>(
  setup: SystematicSetup<S, C>,
  coverage: SystematicCounts,
): fc.IPropertyWithHooks<[number, C[]]> {
  const list = fc.array(setup.commandArb, { minLength: 1, maxLength: setup.maxCommands });
  return fc.property(setup.prefillArb, list, (prefill, cmds) => {
    coverage.runs++;
    const n = runUnder(setup, coverage, prefill, cmds, () => failNothing, 'no faults');
    for (let k = 1; k <= n; k++) {
      runUnder(setup, coverage, prefill, cmds, (base) => failNth(base + k), `prefill ${prefill}, fail request ${k} of ${n}`);
      runUnder(setup, coverage, prefill, cmds, (base) => failFrom(base + k), `prefill ${prefill}, fail requests ${k}..${n}`);
      if (coverage.systematicRuns !== undefined) coverage.systematicRuns += 2;
    }
  });
}
