/**
 * A depth-2 ordering bug, found by PCT within a few hundred seeded runs and by exhaustive
 * enumeration with the exact interleaving count.
 *
 * The bug is publication before initialisation (what rcu_assign_pointer exists to prevent): the
 * writer sets the `published` flag y = 1 and only then the data x = 1; the reader reads y then x
 * and must never see y == 1 with x == 0. It fails only when the reader's two reads both fall
 * between the writer's two stores: two ordering constraints, depth 2. The correct order (x, then
 * y) cannot fail under sequential consistency, which the scheduler simulates, so the same search
 * over it finds nothing: the searches report a bug only where there is one.
 */
import { describe, expect, it } from 'vitest';
import { actor, type Actor } from './actor.js';
import { explore } from './explore.js';
import { PctStrategy } from './pct-strategy.js';
import { RandomStrategy } from './random-strategy.js';
import { CheckFailedError, replayScenario, sampleSchedules, type ScenarioFactory } from './scenario.js';

type Order = 'publish-then-init' | 'init-then-publish';

/** Writer: `noise` unrelated steps, then two stores; reader: two loads, a final step, `noise` steps. */
function publication(order: Order, noise: number): ScenarioFactory {
  return () => {
    let x = 0;
    let y = 0;
    let seen = { y: 0, x: 0 };
    const writer: Actor = actor('writer', function* () {
      for (let i = 0; i < noise; i++) yield `writer noise ${i}`;
      if (order === 'publish-then-init') {
        y = 1;
        yield 'y = 1';
        x = 1;
      } else {
        x = 1;
        yield 'x = 1';
        y = 1;
      }
    });
    const reader: Actor = actor('reader', function* () {
      const ry = y;
      yield 'read y';
      const rx = x;
      yield 'read x';
      seen = { y: ry, x: rx };
      for (let i = 0; i < noise; i++) yield `reader noise ${i}`;
    });
    return { actors: [writer, reader], check: () => !(seen.y === 1 && seen.x === 0) };
  };
}

describe('a depth-2 ordering bug', () => {
  it('exhaustive: writer 2 steps, reader 3 steps: C(5,2) = 10 interleavings, exactly 2 fail', () => {
    const result = explore(publication('publish-then-init', 0), { stopOnFailure: false });
    expect(result).toMatchObject({ schedules: 10, complete: true, failures: 2 });
    expect(result.firstFailure?.error).toBeInstanceOf(CheckFailedError);
    // The failing schedule replays to the same failure.
    const replay = replayScenario(publication('publish-then-init', 0)(), result.firstFailure!.schedule);
    expect(replay.ok).toBe(false);
  });

  it('exhaustive: the correct order passes all 10 interleavings', () => {
    expect(explore(publication('init-then-publish', 0))).toMatchObject({ schedules: 10, complete: true, failures: 0 });
  });

  it('PCT depth 2 finds it within a few hundred runs (with 10 noise steps per actor)', () => {
    const found = sampleSchedules(
      publication('publish-then-init', 10),
      (run) => new PctStrategy({ seed: run, depth: 2, steps: 25 }),
      { runs: 300 },
    );
    expect(found.firstFailure).not.toBeNull();
    expect(found.firstFailure!.error).toBeInstanceOf(CheckFailedError);
    expect(found.runs).toBeLessThanOrEqual(300);
    const replay = replayScenario(publication('publish-then-init', 10)(), found.firstFailure!.schedule);
    expect(replay.ok).toBe(false);
  });

  it('PCT depth 2 beats uniform random sampling on it (same run budget, same scenario)', () => {
    const pct = sampleSchedules(publication('publish-then-init', 10), (run) => new PctStrategy({ seed: run, steps: 25 }), {
      runs: 300,
      stopOnFailure: false,
    });
    const random = sampleSchedules(publication('publish-then-init', 10), (run) => new RandomStrategy(run), {
      runs: 300,
      stopOnFailure: false,
    });
    // PCT's bound for n = 2, k = 25, d = 2 is 1 / (n k) = 1/50 per run; random needs the writer's
    // 11 steps to all come before the reader's first, about 2^-11.
    expect(pct.failures).toBeGreaterThan(random.failures);
  });

  it('PCT depth 1 cannot find a depth-2 bug: it never switches actors without blocking', () => {
    const found = sampleSchedules(
      publication('publish-then-init', 10),
      (run) => new PctStrategy({ seed: run, depth: 1, steps: 25 }),
      { runs: 300 },
    );
    expect(found.failures).toBe(0);
  });

  it('neither PCT nor random sampling reports a failure for the correct order', () => {
    const pct = sampleSchedules(publication('init-then-publish', 10), (run) => new PctStrategy({ seed: run, steps: 25 }), {
      runs: 300,
    });
    const random = sampleSchedules(publication('init-then-publish', 10), (run) => new RandomStrategy(run), { runs: 300 });
    expect(pct.failures + random.failures).toBe(0);
  });
});
