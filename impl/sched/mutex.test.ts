/**
 * The mutex: mutual exclusion in every interleaving (and the lost update it prevents, found when
 * the lock is left out), deadlock of two mutexes taken in opposite orders (and none when the
 * order is the same), and each misuse refused with MutexMisuseError.
 */
import { describe, expect, it } from 'vitest';
import { actor, type Actor } from './actor.js';
import { explore } from './explore.js';
import { Mutex, MutexMisuseError } from './mutex.js';
import { RandomStrategy } from './random-strategy.js';
import { ActorError, DeadlockError } from './run-errors.js';
import { runActors } from './scheduler.js';

/** n actors each incrementing a counter non-atomically (load, step boundary, store). */
function increments(n: number, locked: boolean) {
  return () => {
    const m = new Mutex('m');
    let counter = 0;
    const actors: Actor[] = Array.from({ length: n }, (_, i) =>
      actor(`inc${i}`, function* () {
        if (locked) yield* m.lock(`inc${i}`);
        const v = counter;
        yield 'loaded';
        counter = v + 1;
        if (locked) m.unlock(`inc${i}`);
      }),
    );
    return { actors, check: () => counter === n };
  };
}

/** Two actors taking m1 and m2, in opposite orders or the same order. */
function twoLocks(opposite: boolean) {
  return () => {
    const m1 = new Mutex('m1');
    const m2 = new Mutex('m2');
    const taker = (name: string, a: Mutex, b: Mutex): Actor =>
      actor(name, function* () {
        yield* a.lock(name);
        yield `${name} holds ${a.name}`;
        yield* b.lock(name);
        b.unlock(name);
        a.unlock(name);
      });
    return { actors: [taker('A', m1, m2), opposite ? taker('B', m2, m1) : taker('B', m1, m2)] };
  };
}

describe('mutex', () => {
  it('the lock makes the increment atomic in every interleaving', () => {
    expect(explore(increments(3, true))).toMatchObject({ complete: true, failures: 0 });
  });

  it('without the lock, exploration finds the lost update', () => {
    const result = explore(increments(2, false), { stopOnFailure: false });
    expect(result).toMatchObject({ schedules: 6, complete: true, failures: 4 });
  });

  it('opposite lock order deadlocks in some interleaving, and the error names both waits', () => {
    const result = explore(twoLocks(true), { stopOnFailure: false });
    expect(result.complete).toBe(true);
    expect(result.failures).toBeGreaterThan(0);
    expect(result.failures).toBeLessThan(result.schedules);
    const error = result.firstFailure?.error as DeadlockError;
    expect(error).toBeInstanceOf(DeadlockError);
    expect(error.blocked.map((b) => b.label).sort()).toEqual(['lock m1 (held by A)', 'lock m2 (held by B)'].sort());
  });

  it('the same lock order never deadlocks', () => {
    expect(explore(twoLocks(false))).toMatchObject({ complete: true, failures: 0 });
  });

  it('counts acquisitions and contention; tryLock never blocks', () => {
    const m = new Mutex('t');
    expect(m.tryLock('a')).toBe(true);
    expect(m.tryLock('b')).toBe(false);
    expect(m.owner).toBe('a');
    m.unlock('a');
    expect(m.held).toBe(false);
    expect(m.acquisitions).toBe(1);
  });

  it('refuses misuse', () => {
    const m = new Mutex('m');
    expect(() => m.unlock()).toThrow(MutexMisuseError);
    m.tryLock('a');
    expect(() => m.unlock('b')).toThrow(MutexMisuseError);
    expect(() => m.tryLock('a')).toThrow(MutexMisuseError);
    const recursive = actor('a2', function* () {
      const n = new Mutex('n');
      yield* n.lock('a2');
      yield* n.lock('a2');
    });
    let error: unknown;
    try {
      runActors([recursive], new RandomStrategy(0));
    } catch (e) {
      error = e;
    }
    expect((error as ActorError).cause).toBeInstanceOf(MutexMisuseError);
  });
});
