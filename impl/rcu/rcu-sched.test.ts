/**
 * RCU under the scheduler: a reader, a writer that replaces the object the reader may hold, and
 * the grace-period actor, over every interleaving. Freeing through call_rcu or after
 * synchronize_rcu is safe in all of them; freeing directly (the broken use) is caught as a
 * use-after-free through the node allocator's `freed` mark, the same mechanism the maple tree's
 * walks use; and a broken RCU is caught by the same checks.
 */
import { describe, expect, it } from 'vitest';
import { NodeAllocator, UseAfterFreeError, requireUnfreed, type Freeable } from '../alloc/node-allocator.js';
import { actor, type Actor } from '../sched/actor.js';
import { explore } from '../sched/explore.js';
import { PctStrategy } from '../sched/pct-strategy.js';
import { RandomStrategy } from '../sched/random-strategy.js';
import { ActorError, DeadlockError } from '../sched/run-errors.js';
import { replayScenario, runScenario, sampleSchedules, type ScenarioFactory } from '../sched/scenario.js';
import { ReaderBlindRcu } from './broken-rcu.js';
import { gracePeriodActor } from './grace-period-actor.js';
import { assertGracePeriods } from './rcu-audit.js';
import { RcuMisuseError } from './rcu-errors.js';
import { Rcu } from './rcu.js';

type FreeBy = 'call_rcu' | 'synchronize' | 'direct';

class Obj implements Freeable {
  freed = false;
  value = 0;
  toString(): string {
    return `object ${this.value}`;
  }
}

interface Options {
  readonly freeBy: FreeBy;
  readonly readers?: number;
  readonly replacements?: number;
  readonly makeRcu?: () => Rcu;
  readonly withGracePeriodActor?: boolean;
}

/**
 * Readers load the published pointer under rcu_read_lock and use the object a step later; the
 * writer publishes a new object, then frees the old one as `freeBy` says. The check: the RCU
 * audit holds, every replaced object was freed (no leak), every reader saw a published value.
 */
function replacement(options: Options): ScenarioFactory {
  const { freeBy, readers = 1, replacements = 1, makeRcu = () => new Rcu(), withGracePeriodActor = true } = options;
  return () => {
    const rcu = makeRcu();
    const nodes = new NodeAllocator<Obj>(() => new Obj());
    const first = nodes.alloc()!;
    first.value = 1;
    let slot = first;
    const replaced: Obj[] = [];
    let writerDone = false;
    const seen: number[] = [];
    const reader = (name: string): Actor =>
      actor(name, function* () {
        rcu.readLock(name);
        yield 'rcu_read_lock';
        const p = slot; // rcu_dereference
        yield `load object ${p.value}`;
        seen.push(requireUnfreed(p).value);
        yield 'use object';
        rcu.readUnlock(name);
      });
    const writer = actor('writer', function* () {
      for (let v = 2; v <= replacements + 1; v++) {
        const fresh = nodes.alloc()!;
        fresh.value = v;
        const victim = slot;
        slot = fresh; // rcu_assign_pointer
        replaced.push(victim);
        yield `publish ${v}`;
        if (freeBy === 'call_rcu') rcu.callRcu(() => nodes.free(victim), `free object ${victim.value}`);
        else if (freeBy === 'synchronize') {
          yield* rcu.synchronizeSteps('writer');
          nodes.free(victim);
        } else nodes.free(victim);
      }
      writerDone = true;
    });
    const actors = [...Array.from({ length: readers }, (_, i) => reader(`reader${i}`)), writer];
    if (withGracePeriodActor) actors.push(gracePeriodActor(rcu, { stopWhen: () => writerDone }));
    return {
      actors,
      check: () => {
        assertGracePeriods(rcu);
        const leaked = replaced.filter((o) => nodes.isLive(o));
        if (leaked.length > 0) throw new Error(`objects ${leaked.map((o) => o.value)} were never freed`);
        if (!seen.every((v) => v >= 1 && v <= replacements + 1)) throw new Error(`a reader saw ${seen}`);
      },
    };
  };
}

const causeOf = (error: unknown): unknown => (error instanceof ActorError ? error.cause : error);

describe('reader + writer + grace-period actor, every interleaving', () => {
  // The exact counts pin the scenarios' step structure (reader 4 steps, writer 2 per replacement,
  // the grace-period actor one step per grace period it ends, plus its last): a change to any of
  // them shows up here first.
  it('call_rcu: safe in all 252 of them', () => {
    const result = explore(replacement({ freeBy: 'call_rcu' }));
    expect(result).toMatchObject({ complete: true, failures: 0, schedules: 252 });
  });

  it('synchronize_rcu then free: safe in all 312 of them', () => {
    const result = explore(replacement({ freeBy: 'synchronize' }));
    expect(result).toMatchObject({ complete: true, failures: 0, schedules: 312 });
  });

  it('call_rcu, three replacements: safe in all 5,730 of them', () => {
    const result = explore(replacement({ freeBy: 'call_rcu', replacements: 3 }));
    expect(result).toMatchObject({ complete: true, failures: 0, schedules: 5730 });
  });

  it('two readers, call_rcu: the first 5,000 interleavings (of about 125,000) are safe, and bounded says so', () => {
    const result = explore(replacement({ freeBy: 'call_rcu', readers: 2 }), { maxSchedules: 5000 });
    expect(result).toMatchObject({ complete: false, failures: 0, schedules: 5000 });
  });

  it('broken use, freeing directly: caught as a use-after-free in 11 of 203, and the schedule replays it', () => {
    const result = explore(replacement({ freeBy: 'direct' }), { stopOnFailure: false });
    expect(result).toMatchObject({ complete: true, schedules: 203, failures: 11 });
    expect(causeOf(result.firstFailure?.error)).toBeInstanceOf(UseAfterFreeError);
    const replay = replayScenario(replacement({ freeBy: 'direct' })(), result.firstFailure!.schedule);
    expect(replay.ok === false && causeOf(replay.error)).toBeInstanceOf(UseAfterFreeError);
  });

  it('a broken RCU that ignores readers: the same call_rcu writer is caught, by the audit and as use-after-free', () => {
    const kinds = new Set<string>();
    const result = explore(replacement({ freeBy: 'call_rcu', makeRcu: () => new ReaderBlindRcu() }), {
      stopOnFailure: false,
      onFailure: (f) => kinds.add((causeOf(f.error) as Error).name),
    });
    expect(result.complete).toBe(true);
    expect(result.failures).toBeGreaterThan(0);
    // Some interleavings free the object while the reader is inside but before it touches it
    // (only the audit sees those); in others the reader touches it afterwards.
    expect([...kinds].sort()).toEqual(['GracePeriodViolationError', 'UseAfterFreeError']);
  });

  it('sampling finds the broken use too: PCT and seeded random on two readers, three replacements', () => {
    const make = replacement({ freeBy: 'direct', readers: 2, replacements: 3 });
    const pct = sampleSchedules(make, (run) => new PctStrategy({ seed: run, depth: 3, steps: 40 }), { runs: 300 });
    const random = sampleSchedules(make, (run) => new RandomStrategy(run), { runs: 300 });
    expect(causeOf(pct.firstFailure?.error)).toBeInstanceOf(UseAfterFreeError);
    expect(causeOf(random.firstFailure?.error)).toBeInstanceOf(UseAfterFreeError);
    const safe = replacement({ freeBy: 'call_rcu', readers: 2, replacements: 3 });
    expect(sampleSchedules(safe, (run) => new RandomStrategy(run), { runs: 300 }).failures).toBe(0);
  });
});

describe('synchronizeSteps and the grace-period actor', () => {
  it('synchronize with nobody to end grace periods is a deadlock, reported with the wait', () => {
    const outcome = runScenario(replacement({ freeBy: 'synchronize', withGracePeriodActor: false })(), new RandomStrategy(1));
    expect(outcome.ok).toBe(false);
    expect(!outcome.ok && outcome.error).toBeInstanceOf(DeadlockError);
    expect(!outcome.ok && (outcome.error as DeadlockError).blocked[0].label).toMatch(/writer waits for grace period/);
  });

  it('synchronize inside one’s own read-side section is refused', () => {
    const rcu = new Rcu();
    const bad = actor('w', function* () {
      rcu.readLock('w');
      yield* rcu.synchronizeSteps('w');
    });
    const outcome = runScenario({ actors: [bad] }, new RandomStrategy(0));
    expect(!outcome.ok && causeOf(outcome.error)).toBeInstanceOf(RcuMisuseError);
  });

  it('the grace-period actor never spins: each of its steps ends a grace period or stops it', () => {
    const rcu = new Rcu();
    let done = false;
    const writer = actor('writer', function* () {
      rcu.callRcu(() => {});
      yield 'queued';
      rcu.callRcu(() => {});
      done = true;
    });
    const outcome = runScenario({ actors: [writer, gracePeriodActor(rcu, { stopWhen: () => done })] }, new RandomStrategy(5));
    expect(outcome.ok).toBe(true);
    const gpSteps = outcome.schedule.filter((a) => a === 1).length;
    expect(gpSteps).toBe(rcu.completed + 2); // + the step that reaches the first wait, + the stop
    expect(rcu.stats()).toMatchObject({ callbacksRun: 2, pending: 0 });
  });

  it('a reader that never leaves keeps the grace-period actor waiting: a deadlock, not a hang', () => {
    const rcu = new Rcu();
    const stuck = actor('stuck', function* () {
      rcu.readLock('stuck');
      yield { until: () => false, label: 'never leaves' };
    });
    const writer = actor('writer', function* () {
      yield* rcu.synchronizeSteps('writer');
    });
    const outcome = runScenario({ actors: [stuck, writer, gracePeriodActor(rcu, { stopWhen: () => true })] }, new RandomStrategy(2));
    expect(!outcome.ok && outcome.error).toBeInstanceOf(DeadlockError);
  });
});
