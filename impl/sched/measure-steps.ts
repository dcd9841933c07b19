/**
 * Prints the scheduler's speed on a simple 3-actor scenario (steps per second, with and without
 * a trace) and exhaustive exploration's speed (interleavings per second). A measurement, not a
 * test: nothing is asserted, and the numbers depend on the machine.
 * Run: npx tsx impl/sched/measure-steps.ts
 *
 * Invariant: the scenario itself is deterministic (seeded strategy); only the timing varies.
 */
import { explore } from './explore.js';
import { RandomStrategy } from './random-strategy.js';
import { runActors } from './scheduler.js';
import { stepsActor } from './test-actors.js';

const STEPS_PER_ACTOR = 200_000;

function stepsPerSecond(recordTrace: boolean): number {
  const actors = ['a', 'b', 'c'].map((name) => stepsActor(name, STEPS_PER_ACTOR, []));
  const start = performance.now();
  const result = runActors(actors, new RandomStrategy(1), { maxSteps: 10 * STEPS_PER_ACTOR, recordTrace });
  return result.steps / ((performance.now() - start) / 1000);
}

function interleavingsPerSecond(): { schedules: number; perSecond: number } {
  const start = performance.now();
  const result = explore(() => ({ actors: [stepsActor('a', 4), stepsActor('b', 4), stepsActor('c', 4)] }), {
    recordTrace: false,
  });
  return { schedules: result.schedules, perSecond: result.schedules / ((performance.now() - start) / 1000) };
}

stepsPerSecond(false); // warm-up, so the JIT has compiled the loop before it is timed
const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');
console.log(`3 actors x ${fmt(STEPS_PER_ACTOR)} steps, seeded random strategy:`);
console.log(`  without trace: ${fmt(stepsPerSecond(false))} steps/s`);
console.log(`  with trace:    ${fmt(stepsPerSecond(true))} steps/s`);
const e = interleavingsPerSecond();
console.log(`exhaustive, 3 actors x 4 steps: ${fmt(e.schedules)} interleavings at ${fmt(e.perSecond)} interleavings/s`);
