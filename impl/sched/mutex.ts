/**
 * A mutex for actors: `yield* mutex.lock(name)` ... `mutex.unlock(name)`. Models a spinlock or a
 * sleeping lock at step granularity: taking a free lock is part of the current step; taking a held
 * one blocks the actor with an `until` condition, and the step that resumes it takes the lock in
 * the same atomic step as the check that found it free.
 *
 * Invariants:
 * - At most one owner at any time; only the owner unlocks.
 * - Misuse is a MutexMisuseError, thrown from the step that did it: locking a mutex the actor
 *   already holds (in one thread of control that is a self-deadlock, reported at once rather than
 *   as a DeadlockError later), unlocking a free mutex, unlocking another actor's mutex.
 * - Two actors taking two mutexes in opposite orders can deadlock, and the scheduler reports it.
 */
import type { Yield } from './actor.js';

export class MutexMisuseError extends Error {
  constructor(message: string) {
    super(`BUG: ${message}`);
    this.name = 'MutexMisuseError';
  }
}

export class Mutex {
  private holder: string | null = null;
  /** Successful acquisitions, and how many of them had to wait. */
  acquisitions = 0;
  contended = 0;

  constructor(readonly name = 'mutex') {}

  get owner(): string | null {
    return this.holder;
  }

  get held(): boolean {
    return this.holder !== null;
  }

  *lock(actor: string): Generator<Yield, void, void> {
    if (this.holder === actor) throw new MutexMisuseError(`${actor} locks ${this.name}, which it already holds`);
    if (this.holder !== null) {
      this.contended++;
      yield { until: () => this.holder === null, label: `lock ${this.name} (held by ${this.holder})` };
    }
    this.take(actor);
  }

  /** Takes the mutex if it is free; never blocks. */
  tryLock(actor: string): boolean {
    if (this.holder === actor) throw new MutexMisuseError(`${actor} trylocks ${this.name}, which it already holds`);
    if (this.holder !== null) return false;
    this.take(actor);
    return true;
  }

  /** Releases the mutex; with `actor`, also checks that the caller is the owner. */
  unlock(actor?: string): void {
    if (this.holder === null) throw new MutexMisuseError(`unlock of ${this.name}, which is not held`);
    if (actor !== undefined && actor !== this.holder) {
      throw new MutexMisuseError(`${actor} unlocks ${this.name}, which ${this.holder} holds`);
    }
    this.holder = null;
  }

  private take(actor: string): void {
    this.holder = actor;
    this.acquisitions++;
  }
}
