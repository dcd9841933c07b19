/**
 * Bounded exhaustive exploration: every interleaving of small RCU scenarios (one writer, one or
 * two readers, the grace-period actor), with the number explored printed and pinned. The correct
 * tree passes every one; each broken variant fails in some, and the count of failing
 * interleavings is printed, so "how rare is this race" has an exact answer.
 */
import { describe, expect, it } from 'vitest';
import { explore } from '../../impl/sched/index.js';
import { makeRcuScenario, type BrokenRcu, type RcuScenarioSpec } from './rcu-scenario.js';

const leaf = (n: number): [number, number][] => Array.from({ length: n }, (_, i) => [i * 10, i * 10 + 5] as [number, number]);

/** An in-place slot store ([12, 19]: the end of [10, 15] and the whole hole after it) against a load. */
const slotStore: RcuScenarioSpec = {
  alloc: false,
  prefill: leaf(6),
  writers: [[{ kind: 'store', first: 12, last: 19 }]],
  readers: [[{ kind: 'load', index: 13 }]],
  faultProbability: 0,
  faultSeed: 0,
  space: 80,
};

/** A leaf replaced by a copy (two new ranges in one leaf) in a two-level tree, against a load. */
const replaceLeaf: RcuScenarioSpec = {
  alloc: false,
  prefill: leaf(40),
  writers: [[{ kind: 'store', first: 101, last: 102 }]],
  readers: [[{ kind: 'load', index: 103 }]],
  faultProbability: 0,
  faultSeed: 0,
  space: 420,
};

/**
 * Explores every interleaving. The sound tree must pass all of them, so its exploration stops at a
 * first failure (the test fails either way; a mutant is killed without exploring the rest); a
 * broken variant's exploration counts every failing interleaving.
 */
function run(spec: RcuScenarioSpec, broken?: BrokenRcu): { schedules: number; failures: number; complete: boolean } {
  const stopOnFailure = broken === undefined;
  const result = explore(() => makeRcuScenario({ ...spec, broken }), { stopOnFailure, recordTrace: false, maxSchedules: 200_000 });
  return { schedules: result.schedules, failures: result.failures, complete: result.complete };
}

describe('RCU scenarios, every interleaving', () => {
  it('in-place slot store vs a load: all pass; pivot-before-slot fails in some', () => {
    const ok = run(slotStore);
    const broken = run(slotStore, 'pivot-before-slot');
    console.log(`slot store vs load: ${ok.schedules} interleavings, ${ok.failures} failing; pivot-before-slot: ${broken.failures} of ${broken.schedules} failing`);
    expect(ok.complete).toBe(true);
    expect(ok.schedules).toBe(280); // pinned: a change in how writes publish changes the count
    expect(ok.failures).toBe(0);
    expect(broken.failures).toBeGreaterThan(0);
  });

  it('leaf replaced by a copy vs a load: all pass; freeing without call_rcu and ignoring dead nodes fail in some', () => {
    const ok = run(replaceLeaf);
    const free = run(replaceLeaf, 'free-without-call-rcu');
    const blind = run(replaceLeaf, 'reader-ignores-dead');
    console.log(
      `leaf copy vs load: ${ok.schedules} interleavings, ${ok.failures} failing; ` +
        `free-without-call-rcu: ${free.failures} of ${free.schedules}; reader-ignores-dead: ${blind.failures} of ${blind.schedules}`,
    );
    expect(ok.complete).toBe(true);
    expect(ok.schedules).toBe(4644);
    expect(ok.failures).toBe(0);
    expect(free.failures).toBeGreaterThan(0);
    expect(blind.failures).toBeGreaterThan(0);
  });
});
