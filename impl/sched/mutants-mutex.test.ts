/**
 * What mutex.test.ts leaves open, found by mutation testing (npm run mutate): `held` while held,
 * the contention counter counting one per wait, the owner-less unlock() (allowed; only unlock with
 * a name checks ownership), the default mutex name, and MutexMisuseError's name.
 */
import { describe, expect, it } from 'vitest';
import { actor } from './actor.js';
import { Mutex, MutexMisuseError } from './mutex.js';
import { ReplayStrategy } from './replay-strategy.js';
import { runActors } from './scheduler.js';

describe('mutex state', () => {
  it('held and owner follow lock and unlock; unlock() without a name releases whoever holds it', () => {
    const m = new Mutex();
    expect(m.name).toBe('mutex');
    expect(m.tryLock('a')).toBe(true);
    expect(m.held).toBe(true);
    m.unlock();
    expect(m.held).toBe(false);
    expect(m.owner).toBeNull();
  });

  it('a waiter counts one contended acquisition and waits under a label naming the holder', () => {
    const m = new Mutex('c');
    const holder = actor('A', function* () {
      yield* m.lock('A');
      yield 'A holds c';
      m.unlock('A');
    });
    const waiter = actor('B', function* () {
      yield* m.lock('B');
      m.unlock('B');
    });
    const result = runActors([holder, waiter], new ReplayStrategy([0, 1, 0, 1]));
    expect(result.trace.map((r) => r.label)).toEqual(['A holds c', 'lock c (held by A)', '(done)', '(done)']);
    expect(m.acquisitions).toBe(2);
    expect(m.contended).toBe(1);
  });

  it('misuse is a MutexMisuseError by name', () => {
    expect(() => new Mutex().unlock()).toThrow(expect.objectContaining({ name: 'MutexMisuseError' }));
    expect(() => new Mutex().unlock()).toThrow(MutexMisuseError);
  });
});
