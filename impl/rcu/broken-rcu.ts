/**
 * Deliberately broken RCU variants, for tests that must show a check catching a broken RCU. Each
 * overrides exactly one decision of the real Rcu, so a test judges its check on that one mistake.
 * Never used outside tests.
 *
 * Invariant: apart from the overridden decision each behaves exactly as Rcu.
 */
import { Rcu } from './rcu.js';

/** Ends grace periods without waiting for readers, as if rcu_read_lock did nothing. */
export class ReaderBlindRcu extends Rcu {
  override gracePeriodCanEnd(): boolean {
    return true;
  }
}

/** Runs a callback when the grace period in progress at its queueing ends (one too early). */
export class HastyRcu extends Rcu {
  protected override isDue(queuedGp: number, endingGp: number): boolean {
    return queuedGp <= endingGp;
  }
}
