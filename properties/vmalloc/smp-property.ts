/**
 * The concurrent vmalloc property for campaigns: fast-check draws a seed, a protocol ('locked',
 * or 'optimistic': find outside the lock, re-validate inside, seeds/000), a maple design and
 * whether CPUs' node requests fail; each case runs the seeded CPU scripts of concurrent-harness.ts
 * plus two lock-free RCU find_vmap_area readers under several random and PCT schedules, and fails
 * with the first schedule that breaks an oracle (ownership ledger, reader history, end state, and
 * for 'locked' the lock-order replay on the model).
 *
 * Invariants: everything random comes from fast-check's values; a failure names the strategy, the
 * schedule and the case, and fast-check shrinks the case (seed, protocol, design, faults).
 */
import fc from 'fast-check';
import { Rcu } from '../../impl/rcu/index.js';
import { PctStrategy, RandomStrategy, formatSchedule, runScenario, type Strategy } from '../../impl/sched/index.js';
import type { AllocProtocol } from '../../impl/vmalloc/concurrent-cpu.js';
import { GapVmalloc } from '../../impl/vmalloc/gap/index.js';
import { TwoTreeVmalloc } from '../../impl/vmalloc/two-tree/index.js';
import { concurrentScenario, emptyFigures, randomSpec, type ConcurrentFigures } from './concurrent-harness.js';
import { emptyRcuReaderFigures, rcuReaderActors, type RcuReaderFigures } from './concurrent-rcu-readers.js';

export interface SmpCoverage {
  runs: number;
  commands: number;
  mix: Record<string, number>;
  alloc: ConcurrentFigures;
  readers: RcuReaderFigures;
}

export function emptySmpCoverage(): SmpCoverage {
  return { runs: 0, commands: 0, mix: {}, alloc: emptyFigures(), readers: emptyRcuReaderFigures() };
}

const DESIGNS = ['maple-two-tree', 'maple-gap'] as const;

export function smpProperty(coverage: SmpCoverage, schedules = 6): fc.IPropertyWithHooks<[number, AllocProtocol, (typeof DESIGNS)[number], boolean]> {
  return fc.property(fc.nat(), fc.constantFrom<AllocProtocol>('locked', 'optimistic'), fc.constantFrom(...DESIGNS), fc.boolean(), (seed, protocol, design, faults) => {
    for (let k = 0; k < schedules; k++) {
      const rcu = new Rcu({ history: false });
      const spec = randomSpec(seed, protocol, faults ? { p: 0.03, seed } : undefined);
      const lookupsBefore = coverage.readers.lookups;
      const allocsBefore = coverage.alloc.allocations;
      const scenario = concurrentScenario(spec, {
        makeDesign: (config) => (design === 'maple-gap' ? new GapVmalloc(config, { rcu }) : new TwoTreeVmalloc(config, { rcu })),
        figures: coverage.alloc,
        extraActors: rcuReaderActors(rcu, 2, 4, seed + k, coverage.readers),
      })();
      const strategy: Strategy = k % 2 === 0 ? new RandomStrategy(seed + k) : new PctStrategy({ seed: seed + k, depth: 2 + (k % 3 === 1 ? 1 : 0), steps: 120 });
      const outcome = runScenario(scenario, strategy);
      coverage.runs++;
      const lookups = coverage.readers.lookups - lookupsBefore;
      const allocs = coverage.alloc.allocations - allocsBefore;
      coverage.commands += lookups + allocs;
      coverage.mix[`${protocol} alloc`] = (coverage.mix[`${protocol} alloc`] ?? 0) + allocs;
      coverage.mix['rcu find_vmap_area'] = (coverage.mix['rcu find_vmap_area'] ?? 0) + lookups;
      if (!outcome.ok) {
        const message = outcome.error instanceof Error ? outcome.error.message : String(outcome.error);
        throw new Error(`${design}, ${protocol}${faults ? ', faults' : ''}, ${strategy.describe()}: ${message}\nschedule: ${formatSchedule(outcome.schedule)}`);
      }
    }
  });
}
