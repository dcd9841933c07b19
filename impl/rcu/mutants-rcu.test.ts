/**
 * What rcu.test.ts, rcu-audit.test.ts and rcu-sched.test.ts leave open, found by mutation testing
 * (npm run mutate). The contracts pinned here:
 * - the history (rcu-events.ts) of one small run, exactly: logical times strictly increasing,
 *   sections and callbacks numbered 1, 2, ... in order, the default callback name, and callbacks()
 *   keeping every record while history is on;
 * - rcu_barrier waits only for the callbacks queued before it: a callback queued by a callback it
 *   ran stays pending (the kernel's rcu_barrier does not chase self-reposting callbacks);
 * - an RcuStallError says which wait stalled (`what`) and who holds it (`readers`), and every RCU
 *   error carries its class name in `name`;
 * - the waits an actor is blocked at name themselves in DeadlockError.blocked, and a
 *   synchronizeSteps abandoned before its grace period ended is no longer work for the
 *   grace-period actor;
 * - a reader name that is not a string is refused like an empty one;
 * - the audit's violation lines for hand-made histories, exactly (they are the verdict's content).
 */
import { describe, expect, it } from 'vitest';
import { actor } from '../sched/actor.js';
import { RandomStrategy } from '../sched/random-strategy.js';
import { DeadlockError } from '../sched/run-errors.js';
import { runScenario } from '../sched/scenario.js';
import { gracePeriodActor } from './grace-period-actor.js';
import { findGracePeriodViolations } from './rcu-audit.js';
import { GracePeriodViolationError, RcuMisuseError, RcuStallError } from './rcu-errors.js';
import { Rcu } from './rcu.js';

/** The error `run` throws (the test fails if it throws nothing). */
function thrownBy(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error, none was thrown');
}

describe('the history of one small run, exactly', () => {
  it('events and callback records', () => {
    const rcu = new Rcu();
    rcu.readLock('a');
    rcu.readLock('a'); // nested: no event
    rcu.callRcu(() => {}); // no name given: 'callback'
    rcu.readLock('b');
    rcu.readUnlock('a');
    rcu.readUnlock('a');
    expect(rcu.advance()).toBe(true); // grace period 2 now waits for b
    rcu.readUnlock('b');
    expect(rcu.advance()).toBe(true);
    expect(rcu.events()).toEqual([
      { t: 1, kind: 'lock', reader: 'a', section: 1 },
      { t: 2, kind: 'queue', callback: 1, what: 'callback', gp: 1 },
      { t: 3, kind: 'lock', reader: 'b', section: 2 },
      { t: 4, kind: 'unlock', reader: 'a', section: 1 },
      { t: 5, kind: 'gp-end', gp: 1 },
      { t: 6, kind: 'unlock', reader: 'b', section: 2 },
      { t: 7, kind: 'gp-end', gp: 2 },
      { t: 8, kind: 'run', callback: 1, gp: 2 },
    ]);
    expect(rcu.callbacks()).toEqual([
      { id: 1, what: 'callback', queuedGp: 1, queuedAt: 2, readersAtQueue: ['a'], ranGp: 2, ranAt: 8 },
    ]);
  });
});

describe('rcu_barrier', () => {
  it('waits for the callbacks queued before it, not for those they queue', () => {
    const rcu = new Rcu();
    const ran: string[] = [];
    const link = (n: number) => (): void => {
      ran.push(`link ${n}`);
      if (n < 3) rcu.callRcu(link(n + 1), `link ${n + 1}`);
    };
    rcu.callRcu(link(1), 'link 1');
    rcu.barrier();
    expect(ran).toEqual(['link 1']);
    expect(rcu.stats()).toMatchObject({ callbacksRun: 1, pending: 1 });
    rcu.barrier();
    expect(ran).toEqual(['link 1', 'link 2']);
  });
});

describe('RCU errors', () => {
  it('a stall names the wait that stalled and the readers holding it', () => {
    const rcu = new Rcu();
    rcu.readLock('stuck');
    rcu.readLock('late');
    const sync = thrownBy(() => rcu.synchronize());
    expect(sync).toBeInstanceOf(RcuStallError);
    expect(sync).toMatchObject({ name: 'RcuStallError', what: 'synchronize_rcu', readers: ['stuck', 'late'] });
    rcu.callRcu(() => {});
    expect(thrownBy(() => rcu.barrier())).toMatchObject({ what: 'rcu_barrier', readers: ['stuck', 'late'] });
  });

  it('each error carries its class name', () => {
    expect(thrownBy(() => new Rcu().readUnlock('r'))).toMatchObject({ name: 'RcuMisuseError' });
    expect(new GracePeriodViolationError(['x']).name).toBe('GracePeriodViolationError');
  });

  it('a reader name that is not a string is refused like an empty one, and changes nothing', () => {
    const rcu = new Rcu();
    for (const bad of [42, undefined, null]) {
      expect(() => rcu.readLock(bad as never)).toThrow(RcuMisuseError);
      expect(() => rcu.readUnlock(bad as never)).toThrow(RcuMisuseError);
    }
    expect(rcu.readersInside()).toEqual([]);
    expect(rcu.events()).toEqual([]);
  });
});

describe('synchronizeSteps under the scheduler', () => {
  it('the blocked waits name themselves: an anonymous synchronize_rcu and the grace-period actor', () => {
    const rcu = new Rcu();
    rcu.readLock('stuck'); // inside before grace period 2 starts, and never leaves
    const writer = actor('writer', function* () {
      yield* rcu.synchronizeSteps();
    });
    const outcome = runScenario({ actors: [writer, gracePeriodActor(rcu, { stopWhen: () => false })] }, new RandomStrategy(3));
    expect(!outcome.ok && outcome.error).toBeInstanceOf(DeadlockError);
    expect(!outcome.ok && (outcome.error as DeadlockError).blocked.map(({ name, label }) => ({ name, label }))).toEqual([
      { name: 'writer', label: 'synchronize_rcu waits for grace period 2' },
      { name: 'rcu-gp', label: 'wait to end grace period 2' },
    ]);
  });

  it('a synchronize abandoned before its grace period ended is no longer work', () => {
    const rcu = new Rcu();
    const steps = rcu.synchronizeSteps('writer');
    steps.next(); // now waiting for grace period 2
    expect(rcu.hasWork()).toBe(true);
    steps.return(); // the actor is dropped, as when its run is abandoned
    expect(rcu.hasWork()).toBe(false);
  });
});

describe('audit verdicts, line by line', () => {
  it('a run never queued, and a run with no grace-period end in between', () => {
    expect(
      findGracePeriodViolations([
        { t: 1, kind: 'run', callback: 3, gp: 1 },
        { t: 2, kind: 'queue', callback: 4, what: 'free node 9', gp: 1 },
        { t: 3, kind: 'run', callback: 4, gp: 1 },
        { t: 4, kind: 'run', callback: 4, gp: 1 },
      ]),
    ).toEqual([
      'callback 3 ran at t=1 but was never queued (or ran twice)',
      'callback 4 (free node 9) queued at t=2 ran at t=3 before a full grace period (0 grace-period ends in between, 2 needed)',
      'callback 4 ran at t=4 but was never queued (or ran twice)',
    ]);
  });
});
