/**
 * Simulated RCU for the scheduler: the Rcu itself, the grace-period actor, the outside audit of
 * the grace-period guarantee. Re-exports only; each module states its invariants.
 */
export { gracePeriodActor, type GracePeriodActorOptions } from './grace-period-actor.js';
export { assertGracePeriods, findGracePeriodViolations } from './rcu-audit.js';
export { GracePeriodViolationError, RcuMisuseError, RcuStallError } from './rcu-errors.js';
export type { CallbackRecord, RcuEvent, RcuStats } from './rcu-events.js';
export { Rcu, type RcuOptions } from './rcu.js';
