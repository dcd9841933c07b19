/**
 * The audit catches a broken RCU: one that ends grace periods without waiting for readers, and
 * one that runs a callback at the end of the grace period it was queued in. Each broken variant is
 * a subclass overriding one decision, so the audit is judged on exactly that mistake.
 */
import { describe, expect, it } from 'vitest';
import { assertGracePeriods, findGracePeriodViolations } from './rcu-audit.js';
import { GracePeriodViolationError } from './rcu-errors.js';
import { HastyRcu, ReaderBlindRcu } from './broken-rcu.js';
import { Rcu } from './rcu.js';

function readerThenCallback(rcu: Rcu): void {
  rcu.readLock('r');
  rcu.callRcu(() => {}, 'free node 7');
  rcu.advance();
  rcu.advance();
  rcu.readUnlock('r');
}

describe('rcu audit', () => {
  it('passes the real RCU', () => {
    const rcu = new Rcu();
    readerThenCallback(rcu);
    rcu.barrier();
    expect(() => assertGracePeriods(rcu)).not.toThrow();
  });

  it('catches a callback run while a reader from before its queueing is inside', () => {
    const rcu = new ReaderBlindRcu();
    readerThenCallback(rcu);
    expect(() => assertGracePeriods(rcu)).toThrow(GracePeriodViolationError);
    expect(findGracePeriodViolations(rcu.events())[0]).toMatch(/free node 7.*while r, inside since before/);
  });

  it('catches a callback run before a full grace period, even with no readers at all', () => {
    const rcu = new HastyRcu();
    rcu.callRcu(() => {}, 'early');
    rcu.advance();
    expect(findGracePeriodViolations(rcu.events())).toEqual([
      expect.stringMatching(/early.*before a full grace period \(1 grace-period end in between, 2 needed\)/),
    ]);
  });

  it('catches a run with no queueing in a hand-made history', () => {
    expect(findGracePeriodViolations([{ t: 1, kind: 'run', callback: 3, gp: 1 }])).toHaveLength(1);
  });
});
