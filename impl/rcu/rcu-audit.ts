/**
 * The RCU guarantee checked from the outside, from the event history alone (never from the Rcu's
 * own bookkeeping, so a bug there cannot hide itself):
 * 1. no callback runs while a read-side section that was open when it was queued is still open;
 * 2. between a callback's queueing and its run, a whole grace period elapsed: one started after
 *    the queueing (the first gp-end after it) and then ended (a second gp-end), before the run.
 *
 * Invariant: findGracePeriodViolations returns one line per broken promise, naming callback,
 * reader and times; an empty list means the history keeps the guarantee.
 */
import { GracePeriodViolationError } from './rcu-errors.js';
import type { RcuEvent } from './rcu-events.js';
import type { Rcu } from './rcu.js';

export function findGracePeriodViolations(events: readonly RcuEvent[]): string[] {
  const open = new Map<number, string>(); // section -> reader
  const queued = new Map<number, { what: string; t: number; sections: Map<number, string>; gpEnds: number }>();
  const violations: string[] = [];
  for (const e of events) {
    switch (e.kind) {
      case 'lock':
        open.set(e.section, e.reader);
        break;
      case 'unlock':
        open.delete(e.section);
        break;
      case 'queue':
        queued.set(e.callback, { what: e.what, t: e.t, sections: new Map(open), gpEnds: 0 });
        break;
      case 'gp-end':
        for (const q of queued.values()) q.gpEnds++;
        break;
      case 'run': {
        const q = queued.get(e.callback);
        if (q === undefined) {
          violations.push(`callback ${e.callback} ran at t=${e.t} but was never queued (or ran twice)`);
          break;
        }
        queued.delete(e.callback);
        for (const [section, reader] of q.sections) {
          if (open.has(section)) {
            violations.push(
              `callback ${e.callback} (${q.what}) queued at t=${q.t} ran at t=${e.t} while ${reader}, ` +
                `inside since before the queueing, was still inside`,
            );
          }
        }
        if (q.gpEnds < 2) {
          violations.push(
            `callback ${e.callback} (${q.what}) queued at t=${q.t} ran at t=${e.t} before a full grace period ` +
              `(${q.gpEnds} grace-period end${q.gpEnds === 1 ? '' : 's'} in between, 2 needed)`,
          );
        }
        break;
      }
    }
  }
  return violations;
}

/** Throws GracePeriodViolationError if `rcu`'s history breaks the guarantee. */
export function assertGracePeriods(rcu: Rcu): void {
  const violations = findGracePeriodViolations(rcu.events());
  if (violations.length > 0) throw new GracePeriodViolationError(violations);
}
