/**
 * The small RCU scenarios explored exhaustively (every interleaving of one writer, one reader and
 * the grace-period actor), shared by the sound-tree test (rcu-exhaustive.test.ts) and the broken
 * variants' test (rcu-exhaustive-broken.test.ts).
 *
 * Invariant: the sound tree's exploration stops at its first failing interleaving (its test fails
 * either way, and a mutant is killed without exploring the rest); a broken variant's exploration
 * counts every failing interleaving, so "how rare is this race" has an exact answer.
 */
import { explore } from '../../impl/sched/index.js';
import { makeRcuScenario, type BrokenRcu, type RcuScenarioSpec } from './rcu-scenario.js';

const leaf = (n: number): [number, number][] => Array.from({ length: n }, (_, i) => [i * 10, i * 10 + 5] as [number, number]);

/** An in-place slot store ([12, 19]: the end of [10, 15] and the whole hole after it) against a load. */
export const slotStore: RcuScenarioSpec = {
  alloc: false,
  prefill: leaf(6),
  writers: [[{ kind: 'store', first: 12, last: 19 }]],
  readers: [[{ kind: 'load', index: 13 }]],
  faultProbability: 0,
  faultSeed: 0,
  space: 80,
};

/** A leaf replaced by a copy (two new ranges in one leaf) in a two-level tree, against a load. */
export const replaceLeaf: RcuScenarioSpec = {
  alloc: false,
  prefill: leaf(40),
  writers: [[{ kind: 'store', first: 101, last: 102 }]],
  readers: [[{ kind: 'load', index: 103 }]],
  faultProbability: 0,
  faultSeed: 0,
  space: 420,
};

export interface Explored {
  schedules: number;
  failures: number;
  complete: boolean;
}

/** Explores every interleaving of spec, on the sound tree or with a broken variant. */
export function exploreAll(spec: RcuScenarioSpec, broken?: BrokenRcu): Explored {
  const stopOnFailure = broken === undefined;
  const result = explore(() => makeRcuScenario({ ...spec, broken }), { stopOnFailure, recordTrace: false, maxSchedules: 200_000 });
  return { schedules: result.schedules, failures: result.failures, complete: result.complete };
}
