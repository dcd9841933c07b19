/**
 * The simulated RCU's typed errors.
 *
 * Invariants: each names the reader or callback involved; RcuMisuseError is a caller bug
 * (unbalanced unlock, synchronize inside a read-side section, bad argument); RcuStallError is a
 * grace period that cannot end in a single thread of control (a reader never leaves);
 * GracePeriodViolationError is the audit's verdict that a callback ran too early.
 */
export class RcuMisuseError extends Error {
  constructor(message: string) {
    super(`BUG: ${message}`);
    this.name = 'RcuMisuseError';
  }
}

export class RcuStallError extends Error {
  /** `readers` hold the grace period open; `what` is the wait that stalled: synchronize_rcu or rcu_barrier. */
  constructor(readonly readers: readonly string[], readonly what: string) {
    super(`RCU stall: ${what} waits for a grace period held open by ${readers.join(', ')}`);
    this.name = 'RcuStallError';
  }
}

export class GracePeriodViolationError extends Error {
  constructor(readonly violations: readonly string[]) {
    super(`RCU grace-period violation:\n  ${violations.join('\n  ')}`);
    this.name = 'GracePeriodViolationError';
  }
}
