/**
 * What the example tests left open about the tree lock (lock.ts), the tree object and its flags
 * (tree.ts) and the boundary's reserved values and input errors (entry.ts), found by mutation
 * testing (npm run mutate):
 * - the lock refuses a second lock() and an unlock() of a free lock with LockMisuseError (named),
 *   and locked() releases it on every path, returning what its body returns;
 * - mt_clear_in_rcu leaves RCU mode and touches no other flag; a tree made without an RCU domain
 *   or a broken writer holds null for them;
 * - MapleInputError is typed (errno -EINVAL, code 'EINVAL', name) and its message shows the bad
 *   index so that the string '5' and the number 5 read differently;
 * - isValidSize accepts exactly the sizes 1 ..= 2^53 (the whole index space).
 */
import { describe, expect, it } from 'vitest';
import { thrown } from './test-helpers.js';
import { EINVAL } from '../errno.js';
import {
  LockMisuseError,
  MAX_INDEX,
  MT_FLAGS_ALLOC_RANGE,
  MT_FLAGS_USE_RCU,
  MapleInputError,
  MapleLock,
  MapleTree,
  mt_clear_in_rcu,
  mt_in_rcu,
  mt_init_flags,
  mt_is_alloc,
  mt_set_in_rcu,
  mtree_load,
} from './index.js';
import { isValidSize } from './entry.js';


describe('the tree lock', () => {
  it('is free, then held, then free again', () => {
    const lock = new MapleLock();
    expect(lock.held).toBe(false);
    lock.lock();
    expect(lock.held).toBe(true);
    lock.unlock();
    expect(lock.held).toBe(false);
  });

  it('refuses to be taken twice (a deadlock) with LockMisuseError', () => {
    const lock = new MapleLock();
    lock.lock();
    const error = thrown(() => lock.lock());
    expect(error).toBeInstanceOf(LockMisuseError);
    expect(error.name).toBe('LockMisuseError');
    expect(lock.held).toBe(true);
  });

  it('refuses an unlock of a lock not held with LockMisuseError', () => {
    const lock = new MapleLock();
    const error = thrown(() => lock.unlock());
    expect(error).toBeInstanceOf(LockMisuseError);
    expect(error.name).toBe('LockMisuseError');
    expect(lock.held).toBe(false);
  });

  it('locked() holds the lock while its body runs, returns its value and releases it on a throw', () => {
    const lock = new MapleLock();
    expect(lock.locked(() => (lock.held ? 'inside' : 'not held'))).toBe('inside');
    expect(lock.held).toBe(false);
    expect(() =>
      lock.locked(() => {
        throw new RangeError('body failed');
      }),
    ).toThrow(RangeError);
    expect(lock.held).toBe(false);
  });
});

describe('tree flags and options', () => {
  it('mt_clear_in_rcu leaves RCU mode and keeps the other flags', () => {
    const t = mt_init_flags(MT_FLAGS_ALLOC_RANGE);
    mt_set_in_rcu(t);
    expect([mt_in_rcu(t), t.flags]).toEqual([true, MT_FLAGS_ALLOC_RANGE | MT_FLAGS_USE_RCU]);
    mt_clear_in_rcu(t);
    expect([mt_in_rcu(t), mt_is_alloc(t), t.flags]).toEqual([false, true, MT_FLAGS_ALLOC_RANGE]);
    mt_clear_in_rcu(t); // clearing twice changes nothing
    expect(t.flags).toBe(MT_FLAGS_ALLOC_RANGE);
  });

  it('a tree made without options has no flags, no RCU domain and no broken writer', () => {
    const t = new MapleTree();
    expect([t.flags, t.rcu, t.brokenRcu, t.height, t.root]).toEqual([0, null, null, 0, null]);
  });
});

describe('MapleInputError', () => {
  it('is typed: errno -EINVAL, code EINVAL, its own name', () => {
    const error = thrown(() => mtree_load(new MapleTree(), -1));
    expect(error).toBeInstanceOf(MapleInputError);
    expect(error).toBeInstanceOf(RangeError);
    const input = error as MapleInputError;
    expect([input.errno, input.code, input.name]).toEqual([-EINVAL, 'EINVAL', 'MapleInputError']);
  });

  it('shows the bad index in its message, a string quoted', () => {
    const t = new MapleTree();
    expect(thrown(() => mtree_load(t, '5' as unknown as number)).message).toContain('"5"');
    expect(thrown(() => mtree_load(t, 5.5)).message).toContain(' 5.5:');
    expect(thrown(() => mtree_load(t, NaN)).message).toContain(' NaN:');
    expect(thrown(() => mtree_load(t, undefined as unknown as number)).message).toContain(' undefined:');
  });
});

describe('isValidSize', () => {
  it('accepts 1 ..= 2^53 and nothing else', () => {
    for (const ok of [1, 2, MAX_INDEX, MAX_INDEX + 1]) expect(isValidSize(ok)).toBe(true);
    for (const bad of [0, -1, 0.5, NaN, Infinity, 2 ** 53 + 2, 2 ** 60, '1']) expect(isValidSize(bad)).toBe(false);
  });
});
