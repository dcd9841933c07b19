/**
 * What the example tests of impl/maple leave open in the advanced API, the normal API, the walk and
 * the maple state, found by mutation testing (npm run mutate). The contracts pinned here:
 * - mas_is_err is false for a usable state and true only in error status, and a good
 *   mas_set_range takes a state out of error (status start, errno 0);
 * - MaState's debug label (String(mas)) shows index..last, the status and a nonzero errno;
 * - an empty tree is one empty range [0, MAX_INDEX];
 * - on a tree holding only a bare entry at 0, mas_prev / mas_prev_range / mas_find_rev from the
 *   empty range [1, MAX_INDEX] step back to [0, 0] and return that entry, mas_next_range steps
 *   forward from it to [1, MAX_INDEX], and mtree_load sees it at 0 only;
 * - mas_erase of an index with no entry writes nothing (the kernel returns before its store): no
 *   store attempt, no allocation request, so even with every allocation failing the state ends
 *   active on the empty range, with no -ENOMEM;
 * - mtree_insert_range of an empty entry (null) over an empty range is 0 and, like the kernel's
 *   mas_insert, returns before writing: no store attempt, no allocation, no -ENOMEM;
 * - a state that walked a tree before mtree_destroy and a store that follows walks the new tree
 *   (mtree_destroy counts as a write: states never step from the freed nodes);
 * - a new state, and a state after a store through it, never trusts a cache from before the tree's
 *   first write (the state's "no cache" generation never equals a tree's);
 * - a write through a state that cannot get its nodes (-ENOMEM) returns the errno (mas_store_gfp)
 *   or null (mas_store), leaves the state in error with -ENOMEM on its range, and the tree as it was;
 * - mas_store refuses an index that is not a number without throwing, even one whose comparison
 *   throws (a symbol): null, status error -EINVAL, tree unchanged;
 * Every test runs on a plain and on an MT_FLAGS_ALLOC_RANGE tree.
 */
import { describe, expect, it } from 'vitest';
import { EEXIST, EINVAL, ENOMEM } from '../errno.js';
import {
  MAX_INDEX,
  MA_STATE,
  mas_find,
  mas_find_range_rev,
  mas_find_rev,
  mas_erase,
  mas_is_err,
  mas_next,
  mas_next_range,
  mas_prev,
  mas_prev_range,
  mas_set_range,
  mas_store,
  mas_store_gfp,
  mas_walk,
  mt_init_flags,
  mt_validate,
  mtree_destroy,
  mtree_insert_range,
  mtree_load,
  type MaState,
  type MapleTree,
} from './index.js';
import { FLAVOURS, store } from './test-helpers.js';

const MAX = MAX_INDEX;

/** index, last, status and the entry a call returned, in one comparable value. */
function seen(mas: MaState, entry: unknown): [number, number, string, unknown] {
  return [mas.index, mas.last, mas.status, entry];
}

/**
 * Runs `body` on a tree of 40 ranges whose every allocation fails, and checks that it attempted no
 * store: no write reported, no allocation requested, the tree exactly as before.
 */
function attemptsNoStore(flags: number, body: (t: MapleTree) => void): void {
  const t = mt_init_flags(flags);
  for (let i = 0; i < 40; i++) store(t, i * 10, i * 10 + 5, i);
  const before = mt_validate(t);
  const writes: string[] = [];
  t.onWrite = (w) => writes.push(w.type);
  t.allocator.plan = { shouldFail: () => true, describe: () => 'fail everything' };
  const requests = t.allocator.requests;
  body(t);
  expect(writes).toEqual([]);
  expect(t.allocator.requests).toBe(requests);
  expect(mt_validate(t)).toEqual(before);
}

describe.each(FLAVOURS)('%s tree', (_name, flags) => {
  describe('mas_is_err and the debug label of a state', () => {
    it('mas_is_err is false until the state is in error status', () => {
      const t = mt_init_flags(flags);
      const mas = MA_STATE(t, 5, 9);
      expect(mas_is_err(mas)).toBe(false); // start
      expect(mas_store_gfp(mas, 'x')).toBe(0);
      expect(mas_is_err(mas)).toBe(false); // active
      expect(mas_find(mas, MAX)).toBeNull();
      expect(mas.status).toBe('overflow');
      expect(mas_is_err(mas)).toBe(false);
      mas_set_range(mas, 9, 5);
      expect(mas_is_err(mas)).toBe(true);
      expect(mas.error).toBe(-EINVAL);
      // A good range takes the state out of error: status start, no errno, and it searches again.
      mas_set_range(mas, 0, 3);
      expect([mas.status, mas.error, mas_is_err(mas)]).toEqual(['start', 0, false]);
      expect(seen(mas, mas_find(mas, MAX))).toEqual([5, 9, 'active', 'x']);
    });

    it('String(mas) shows index..last, status and a nonzero errno', () => {
      const t = mt_init_flags(flags);
      const mas = MA_STATE(t, 5, 9);
      expect(String(mas)).toBe('MaState{5..9 start}');
      expect(mas_store_gfp(mas, 'x')).toBe(0);
      expect(String(mas)).toBe('MaState{5..9 active}');
      mas_set_range(mas, 9, 5);
      expect(String(mas)).toBe(`MaState{9..5 error ${-EINVAL}}`);
    });
  });

  it('an empty tree is one empty range [0, MAX_INDEX], from any index', () => {
    const t = mt_init_flags(flags);
    for (const i of [0, 5, MAX]) {
      const mas = MA_STATE(t, i);
      expect(seen(mas, mas_walk(mas))).toEqual([0, MAX, 'active', null]);
      expect(seen(mas, mas_prev_range(mas, 0))).toEqual([0, MAX, 'underflow', null]);
    }
  });

  describe('a bare entry at 0 seen from the empty range after it', () => {
    function bareRoot(): MapleTree {
      const t = mt_init_flags(flags);
      store(t, 0, 0, 'root');
      return t;
    }

    it('mas_walk reports [1, MAX_INDEX] empty, then mas_prev finds the entry at [0, 0]', () => {
      const mas = MA_STATE(bareRoot(), 7);
      expect(seen(mas, mas_walk(mas))).toEqual([1, MAX, 'active', null]);
      expect(seen(mas, mas_prev(mas, 0))).toEqual([0, 0, 'active', 'root']);
      expect(seen(mas, mas_prev(mas, 0))).toEqual([0, 0, 'underflow', null]);
    });

    it('mas_prev from start status inside the empty range', () => {
      const mas = MA_STATE(bareRoot(), 7);
      expect(seen(mas, mas_prev(mas, 0))).toEqual([0, 0, 'active', 'root']);
    });

    it('mtree_load sees the entry at 0 only; mas_next_range steps from it to [1, MAX_INDEX]', () => {
      const t = bareRoot();
      expect([mtree_load(t, 0), mtree_load(t, 1), mtree_load(t, MAX)]).toEqual(['root', null, null]);
      const mas = MA_STATE(t, 0);
      expect(seen(mas, mas_walk(mas))).toEqual([0, 0, 'active', 'root']);
      expect(seen(mas, mas_next_range(mas, MAX))).toEqual([1, MAX, 'active', null]);
      expect(seen(mas, mas_next_range(mas, MAX))).toEqual([1, MAX, 'overflow', null]);
    });

    it('mas_prev_range and mas_find_rev step back from the empty range to the entry', () => {
      const t = bareRoot();
      const mas = MA_STATE(t, 7);
      expect(seen(mas, mas_find_range_rev(mas, 0))).toEqual([1, MAX, 'active', null]);
      expect(seen(mas, mas_prev_range(mas, 0))).toEqual([0, 0, 'active', 'root']);
      const rev = MA_STATE(t, 7);
      expect(seen(rev, mas_find_rev(rev, 0))).toEqual([0, 0, 'active', 'root']);
    });
  });

  describe('mas_erase of an index with no entry', () => {
    it('attempts no store: no allocation, no -ENOMEM even when every allocation fails', () => {
      attemptsNoStore(flags, (t) => {
        const mas = MA_STATE(t, 127);
        expect(seen(mas, mas_erase(mas))).toEqual([126, 129, 'active', null]);
        expect(mas.error).toBe(0);
      });
    });
  });

  describe('mtree_insert_range of an empty entry', () => {
    it('is 0 over an empty range and attempts no store, even when every allocation fails', () => {
      attemptsNoStore(flags, (t) => {
        expect(mtree_insert_range(t, 127, 128, null)).toBe(0);
        expect(mtree_insert_range(t, 400, MAX, null)).toBe(0);
        expect(mtree_insert_range(t, 125, 126, null)).toBe(-EEXIST);
      });
    });
  });

  describe('a state across mtree_destroy and a new store', () => {
    it('walks the new tree, never the freed nodes it walked before', () => {
      const t = mt_init_flags(flags);
      for (let i = 0; i < 300; i++) store(t, i * 10, i * 10 + 5, i);
      const mas = MA_STATE(t, 1000);
      expect(mas_find(mas, MAX)).toBe(100);
      mtree_destroy(t);
      store(t, 2000, 2000, 'new');
      expect(seen(mas, mas_next(mas, MAX))).toEqual([2000, 2000, 'active', 'new']);
      expect(seen(mas, mas_prev(mas, 0))).toEqual([2000, 2000, 'underflow', null]);
    });
  });

  describe('a state never trusts a cache from before the tree first changed', () => {
    it('a new state on a tree written once finds the entry at its index', () => {
      const t = mt_init_flags(flags);
      store(t, 0, 0, 'root');
      const mas = MA_STATE(t, 0);
      expect(seen(mas, mas_find(mas, MAX))).toEqual([0, 0, 'active', 'root']);
    });

    it('after the first store, through it, next and prev ranges come from the new tree', () => {
      const t = mt_init_flags(flags);
      const mas = MA_STATE(t, 3);
      expect(seen(mas, mas_walk(mas))).toEqual([0, MAX, 'active', null]);
      mas_set_range(mas, 5, 9);
      expect(mas_store_gfp(mas, 'x')).toBe(0);
      expect(seen(mas, mas_next_range(mas, MAX))).toEqual([10, MAX, 'active', null]);
      mas_set_range(mas, 5, 9);
      expect(mas_store_gfp(mas, 'y')).toBe(0);
      expect(seen(mas, mas_prev_range(mas, 0))).toEqual([0, 4, 'active', null]);
    });
  });

  describe('writes through a state that fail', () => {
    function fortyEntries(): MapleTree {
      const t = mt_init_flags(flags);
      for (let i = 0; i < 40; i++) store(t, i * 10, i * 10 + 5, i);
      return t;
    }

    it('-ENOMEM: the errno (or null from mas_store), state in error on its range, tree unchanged', () => {
      const t = fortyEntries();
      const before = mt_validate(t);
      t.allocator.plan = { shouldFail: () => true, describe: () => 'fail everything' };
      const mas = MA_STATE(t, 101, 352);
      expect(mas_store_gfp(mas, 'wide')).toBe(-ENOMEM);
      expect([mas.status, mas.error, mas.index, mas.last]).toEqual(['error', -ENOMEM, 101, 352]);
      mas_set_range(mas, 101, 352);
      expect(mas_store(mas, 'wide')).toBeNull();
      expect([mas.status, mas.error, mas.index, mas.last]).toEqual(['error', -ENOMEM, 101, 352]);
      expect(mt_validate(t)).toEqual(before);
      expect(mtree_load(t, 200)).toBe(20);
    });

    it('mas_store with a symbol for an index: null, status error -EINVAL, nothing thrown', () => {
      const t = fortyEntries();
      const before = mt_validate(t);
      const mas = MA_STATE(t, 5);
      const bad = Symbol('index') as unknown as number;
      mas_set_range(mas, bad, 12);
      expect(mas_store(mas, 'v')).toBeNull();
      expect([mas.status, mas.error]).toEqual(['error', -EINVAL]);
      expect(mt_validate(t)).toEqual(before);
    });
  });
});
