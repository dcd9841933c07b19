/**
 * The grace-period machinery as an actor, so the scheduler interleaves grace periods with readers
 * and writers like any other step (the kernel's RCU grace-period kthread).
 *
 * Invariants:
 * - Apart from its first step (which only reaches the first wait) and its last (which stops), each
 *   step ends exactly one grace period: the actor sleeps (BlockOn) until there is work (callbacks,
 *   or a synchronize waiter not yet satisfied) and the current grace period can end, so it never
 *   spins and exhaustive exploration stays finite.
 * - It stops only when told (`stopWhen()`) and no work is left, so callbacks queued before the
 *   stop still run; if a reader never leaves, the run deadlocks and the scheduler says so.
 */
import type { Actor, ActorBody } from '../sched/actor.js';
import type { Rcu } from './rcu.js';

export interface GracePeriodActorOptions {
  /** True once the scenario's writers are done (checked only when there is no work). */
  readonly stopWhen: () => boolean;
  readonly name?: string;
}

export function gracePeriodActor(rcu: Rcu, options: GracePeriodActorOptions): Actor {
  const name = options.name ?? 'rcu-gp';
  return { name, body: body(rcu, options.stopWhen) };
}

function* body(rcu: Rcu, stopWhen: () => boolean): ActorBody {
  const canAdvance = (): boolean => rcu.hasWork() && rcu.gracePeriodCanEnd();
  for (;;) {
    yield {
      until: () => canAdvance() || (!rcu.hasWork() && stopWhen()),
      label: `wait to end grace period ${rcu.gp}`,
    };
    if (!canAdvance()) return;
    rcu.advance();
  }
}
