/**
 * The tree lock (the kernel's ma_lock spinlock, mtree_lock / mtree_unlock), reduced to what the
 * allocation protocol needs: whether it is held, and a seam for what happens while a writer has
 * dropped it to sleep in the allocator (mas_nomem).
 *
 * Invariants: lock() on a held lock and unlock() of a lock not held are bugs and throw
 * LockMisuseError (in one thread of control, a recursive spinlock is a deadlock); the normal API
 * holds the lock for the whole of each call and releases it on every path, errors included.
 * `whileDropped` runs only inside mas_nomem's unlocked window, with the lock free, so what it does
 * is exactly what another CPU could do while the writer sleeps.
 */
export class LockMisuseError extends Error {
  constructor(message: string) {
    super(`BUG: ${message}`);
    this.name = 'LockMisuseError';
  }
}

export class MapleLock {
  private isHeld = false;
  /** Times the lock was dropped to sleep in the allocator (for tests and statistics). */
  drops = 0;
  /** Seam: another writer (a test, the scheduler) acting while the lock is dropped. */
  whileDropped: (() => void) | null = null;

  get held(): boolean {
    return this.isHeld;
  }

  lock(): void {
    if (this.isHeld) throw new LockMisuseError('mtree_lock on a lock already held (deadlock)');
    this.isHeld = true;
  }

  unlock(): void {
    if (!this.isHeld) throw new LockMisuseError('mtree_unlock of a lock not held');
    this.isHeld = false;
  }

  /** Runs `body` with the lock held, releasing it on every path. */
  locked<T>(body: () => T): T {
    this.lock();
    try {
      return body();
    } finally {
      this.unlock();
    }
  }
}
