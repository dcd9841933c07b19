/**
 * The simulated RCU on its own, in one thread of control: grace periods end when they can,
 * callbacks wait for a grace period that started after their queueing, readers hold grace periods
 * open only if they were inside when it started, nesting, misuse, statistics; and, over random
 * operation sequences, the outside audit finds the guarantee kept.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findGracePeriodViolations } from './rcu-audit.js';
import { RcuMisuseError, RcuStallError } from './rcu-errors.js';
import { Rcu } from './rcu.js';

describe('grace periods and callbacks', () => {
  it('advance with no readers ends the grace period at once', () => {
    const rcu = new Rcu();
    expect(rcu.gp).toBe(1);
    expect(rcu.gracePeriodCanEnd()).toBe(true);
    expect(rcu.advance()).toBe(true);
    expect(rcu.gp).toBe(2);
    expect(rcu.completed).toBe(1);
  });

  it('a callback never runs before a grace period that started after it was queued', () => {
    const rcu = new Rcu();
    const ran: string[] = [];
    const cb = rcu.callRcu(() => ran.push('a'), 'a');
    expect(cb.queuedGp).toBe(1);
    rcu.advance(); // ends grace period 1, which started before the queueing: not enough
    expect(ran).toEqual([]);
    rcu.advance(); // ends grace period 2, which started after it
    expect(ran).toEqual(['a']);
    expect(cb.ranGp).toBe(2);
  });

  it('callbacks run in queueing order, each after its own grace period', () => {
    const rcu = new Rcu();
    const ran: string[] = [];
    rcu.callRcu(() => ran.push('a'));
    rcu.callRcu(() => ran.push('b'));
    rcu.advance();
    rcu.callRcu(() => ran.push('c'));
    rcu.advance();
    expect(ran).toEqual(['a', 'b']);
    rcu.advance();
    expect(ran).toEqual(['a', 'b', 'c']);
  });

  it('a reader inside before call_rcu delays the callback until it leaves', () => {
    const rcu = new Rcu();
    let freed = false;
    rcu.readLock('r');
    rcu.callRcu(() => (freed = true), 'free obj');
    expect(rcu.advance()).toBe(true); // grace period 1 started before r entered
    for (let i = 0; i < 5; i++) expect(rcu.advance()).toBe(false);
    expect(freed).toBe(false);
    expect(rcu.readersInside()).toEqual(['r']);
    rcu.readUnlock('r');
    expect(rcu.advance()).toBe(true);
    expect(freed).toBe(true);
  });

  it('a reader that entered after the grace period started does not hold it up', () => {
    const rcu = new Rcu();
    let freed = false;
    rcu.callRcu(() => (freed = true));
    rcu.advance();
    rcu.readLock('late');
    expect(rcu.advance()).toBe(true);
    expect(freed).toBe(true); // legitimate: 'late' could not have found the unpublished object
    expect(findGracePeriodViolations(rcu.events())).toEqual([]);
  });

  it('read locks nest; only the outermost unlock closes the section', () => {
    const rcu = new Rcu();
    rcu.readLock('r');
    rcu.readLock('r');
    rcu.advance(); // grace period 2 now waits for r
    rcu.readUnlock('r');
    expect(rcu.isReading('r')).toBe(true);
    expect(rcu.gracePeriodCanEnd()).toBe(false);
    rcu.readUnlock('r');
    expect(rcu.isReading('r')).toBe(false);
    expect(rcu.gracePeriodCanEnd()).toBe(true);
  });

  it('leaving and re-entering starts a new section that the old grace period does not wait for', () => {
    const rcu = new Rcu();
    rcu.readLock('r');
    rcu.advance();
    rcu.readUnlock('r');
    rcu.readLock('r');
    expect(rcu.gracePeriodCanEnd()).toBe(true);
  });

  it('statistics', () => {
    const rcu = new Rcu();
    rcu.readLock('a');
    rcu.readLock('b');
    for (let i = 0; i < 3; i++) rcu.callRcu(() => {});
    rcu.readUnlock('a');
    rcu.readUnlock('b');
    rcu.barrier();
    expect(rcu.stats()).toEqual({
      gracePeriods: 2,
      callbacksQueued: 3,
      callbacksRun: 3,
      pending: 0,
      maxQueued: 3,
      maxReaders: 2,
    });
  });

  it('without history it behaves the same and keeps nothing', () => {
    const rcu = new Rcu({ history: false });
    let ran = false;
    rcu.callRcu(() => (ran = true));
    rcu.synchronize();
    expect(ran).toBe(true);
    expect(rcu.events()).toEqual([]);
    expect(rcu.callbacks()).toEqual([]);
  });
});

describe('single-thread synchronize and barrier', () => {
  it('synchronize waits out a full grace period', () => {
    const rcu = new Rcu();
    rcu.synchronize('w');
    expect(rcu.completed).toBe(2);
  });
  it('barrier runs every callback queued so far', () => {
    const rcu = new Rcu();
    let n = 0;
    rcu.callRcu(() => n++);
    rcu.advance();
    rcu.callRcu(() => n++);
    rcu.barrier();
    expect(n).toBe(2);
  });
  it('a reader that never leaves stalls them (in one thread that is a hang)', () => {
    const rcu = new Rcu();
    rcu.readLock('stuck');
    expect(() => rcu.synchronize('w')).toThrow(RcuStallError);
    rcu.callRcu(() => {});
    expect(() => rcu.barrier()).toThrow(/held open by stuck/);
  });
});

describe('misuse', () => {
  it('unlock without lock', () => {
    const rcu = new Rcu();
    expect(() => rcu.readUnlock('r')).toThrow(RcuMisuseError);
    rcu.readLock('r');
    rcu.readUnlock('r');
    expect(() => rcu.readUnlock('r')).toThrow(RcuMisuseError);
  });
  it('synchronize inside one’s own read-side section', () => {
    const rcu = new Rcu();
    rcu.readLock('w');
    expect(() => rcu.synchronize('w')).toThrow(RcuMisuseError);
    expect(() => rcu.synchronizeSteps('w').next()).toThrow(RcuMisuseError);
  });
  it('dereference outside a read-side section', () => {
    const rcu = new Rcu();
    expect(() => rcu.requireReading('r', 'walk')).toThrow(/walk by r outside rcu_read_lock/);
    rcu.readLock('r');
    expect(() => rcu.requireReading('r')).not.toThrow();
  });
  it('bad arguments', () => {
    const rcu = new Rcu();
    expect(() => rcu.readLock('')).toThrow(RcuMisuseError);
    expect(() => rcu.callRcu(42 as never)).toThrow(RcuMisuseError);
  });
});

describe('random operation sequences keep the guarantee', () => {
  const op = fc.oneof(
    fc.record({ kind: fc.constant('lock' as const), r: fc.integer({ min: 0, max: 3 }) }),
    fc.record({ kind: fc.constant('unlock' as const), r: fc.integer({ min: 0, max: 3 }) }),
    fc.record({ kind: fc.constant('call' as const) }),
    fc.record({ kind: fc.constant('advance' as const) }),
  );
  it('no callback runs early, by the audit and by the records', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 80 }), (ops) => {
        const rcu = new Rcu();
        for (const o of ops) {
          if (o.kind === 'lock') rcu.readLock(`r${o.r}`);
          else if (o.kind === 'unlock' && rcu.isReading(`r${o.r}`)) rcu.readUnlock(`r${o.r}`);
          else if (o.kind === 'call') rcu.callRcu(() => {});
          else if (o.kind === 'advance') rcu.advance();
        }
        expect(findGracePeriodViolations(rcu.events())).toEqual([]);
        for (const cb of rcu.callbacks()) if (cb.ranGp !== null) expect(cb.ranGp).toBeGreaterThan(cb.queuedGp);
      }),
      { seed: 20261123, numRuns: 200 },
    );
  });
});
