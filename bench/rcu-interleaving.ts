/**
 * Interleaved steps per second of the RCU scenario (properties/rcu/rcu-scenario.ts): two writers
 * publishing word by word, three step-wise readers checked against the model's history, the
 * grace-period actor, on a prefilled tree, under seeded random scheduling; and exhaustive
 * exploration's interleavings per second on the small leaf-copy scenario.
 *
 * Invariants: the scenarios are drawn from the bench seed only; every run's checks pass before
 * its steps are counted (a failing run aborts the bench: a figure is never printed for wrong
 * work); the first runs are a warm-up and are not timed.
 */
import { RandomStrategy, Sfc32, explore, runScenario } from '../impl/sched/index.js';
import { emptyRcuStats, makeRcuScenario, type RcuReadOp, type RcuScenarioSpec, type RcuWriteOp } from '../properties/rcu/rcu-scenario.js';

export interface RcuInterleavingResult {
  readonly runs: number;
  readonly steps: number;
  readonly ms: number;
  readonly publishSteps: number;
  readonly visits: number;
  readonly exhaustive: { readonly schedules: number; readonly ms: number };
}

const SPACE = 1000;

function busySpec(prng: Sfc32): RcuScenarioSpec {
  const prefill: [number, number][] = [];
  for (let at = 0; ; ) {
    const first = at + prng.int(3);
    const last = first + prng.int(5);
    if (last > SPACE) break;
    prefill.push([first, last]);
    at = last + 1;
  }
  const writeOp = (): RcuWriteOp => {
    const first = prng.int(SPACE);
    const last = Math.min(SPACE, first + (prng.int(3) === 0 ? prng.int(60) : prng.int(4)));
    return { kind: prng.int(4) === 0 ? 'erase' : 'store', first, last };
  };
  const readOp = (): RcuReadOp => {
    const index = prng.int(SPACE);
    return prng.int(2) === 0 ? { kind: 'load', index } : { kind: 'iterate', from: index, to: index + prng.int(100) };
  };
  return {
    alloc: false,
    prefill,
    writers: [0, 1].map(() => Array.from({ length: 8 }, writeOp)),
    readers: [0, 1, 2].map(() => Array.from({ length: 6 }, readOp)),
    faultProbability: 0.1,
    faultSeed: prng.int(2 ** 31),
    space: SPACE,
  };
}

function runOnce(seed: number, stats = emptyRcuStats()): number {
  const prng = new Sfc32(seed);
  const outcome = runScenario(makeRcuScenario(busySpec(prng), stats), new RandomStrategy(seed), { recordTrace: false });
  if (!outcome.ok) throw new Error(`RCU bench scenario ${seed} failed: ${String(outcome.error)}`);
  return outcome.steps;
}

const LEAF_COPY: RcuScenarioSpec = {
  alloc: false,
  prefill: Array.from({ length: 40 }, (_, i) => [i * 10, i * 10 + 5] as [number, number]),
  writers: [[{ kind: 'store', first: 101, last: 102 }]],
  readers: [[{ kind: 'load', index: 103 }]],
  faultProbability: 0,
  faultSeed: 0,
  space: 420,
};

export function rcuInterleaving(seed: number, budgetMs: number): RcuInterleavingResult {
  for (let w = 0; w < 20; w++) runOnce(seed + 1_000_000 + w); // warm-up
  const stats = emptyRcuStats();
  let runs = 0;
  let steps = 0;
  const start = performance.now();
  while (performance.now() - start < budgetMs) steps += runOnce(seed + runs++, stats);
  const ms = performance.now() - start;
  const exStart = performance.now();
  const ex = explore(() => makeRcuScenario(LEAF_COPY), { recordTrace: false, stopOnFailure: true });
  if (ex.failures > 0) throw new Error('RCU bench: the leaf-copy scenario failed under exhaustive exploration');
  return { runs, steps, ms, publishSteps: stats.publishSteps, visits: stats.visits, exhaustive: { schedules: ex.schedules, ms: performance.now() - exStart } };
}
