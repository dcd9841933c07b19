/**
 * The preallocation API of the maple state: mas_preallocate, mas_store_prealloc, mas_destroy.
 * A caller that must not fail at store time (the kernel's VMA code, DRM GPUVA) takes its nodes
 * first, possibly sleeping, and stores later without allocating.
 *
 * Invariants:
 * - mas_preallocate leaves the state holding exactly the nodes the policy asked for (refined by
 *   default, or the worst case on request), or nothing and -ENOMEM; it records what the count
 *   was computed for (store type, tree generation) so a short pool can be explained.
 * - mas_store_prealloc never allocates. If the write as the tree is now needs more nodes than are
 *   held, it throws PreallocShortError (the kernel BUGs) before changing anything; that happens
 *   only when the tree changed after mas_preallocate, or the count was for another write.
 * - Every path of mas_store_prealloc ends in mas_destroy: unused nodes go back to the allocator.
 */
import type { Gfp } from '../alloc/node-allocator.js';
import { EINVAL, ENOMEM } from '../errno.js';
import { mas_check_store } from './advanced-api.js';
import { normaliseEntry } from './entry.js';
import { NodePool } from './node-pool.js';
import type { PreallocPolicy } from './prealloc.js';
import { WORST_CASE_PREALLOC } from './prealloc.js';
import { mas_reset, mas_set_err, mas_set_stored, type MaState } from './state.js';
import { mas_wr_plan, mas_wr_store_prealloc, type StoreType } from './write.js';

/** What a preallocation was computed for. */
export interface PreallocRecord {
  policy: string;
  storeType: StoreType;
  generation: number;
  /** The tree's height when the count was made. */
  height: number;
  requested: number;
}

interface Preallocated {
  pool: NodePool;
  record: PreallocRecord;
}

const held = new WeakMap<MaState, Preallocated>();

/** The nodes a state holds from mas_preallocate (0 if none). */
export function mas_allocated(mas: MaState): number {
  return held.get(mas)?.pool.available ?? 0;
}

export function mas_prealloc_record(mas: MaState): PreallocRecord | null {
  return held.get(mas)?.record ?? null;
}

/**
 * mas_preallocate: takes the nodes a store of `entry` over [index, last] will need, as the tree
 * is now. `worstCase` asks for the kernel's original 1 + 3 * height instead of the refined count.
 * 0, -EINVAL (bad range or entry; state in error) or -ENOMEM (nothing held; state reset).
 */
export function mas_preallocate(mas: MaState, entry: unknown, gfp: Gfp = 'GFP_KERNEL', worstCase = false): number {
  const value = normaliseEntry(entry);
  const bad = mas_check_store(mas.index, mas.last, value);
  if (bad !== 0) {
    mas_set_err(mas, bad);
    return bad;
  }
  mas_destroy(mas);
  const mt = mas.tree;
  const policy: PreallocPolicy = worstCase ? WORST_CASE_PREALLOC : mt.prealloc;
  const plan = mas_wr_plan(mt, mas.index, mas.last, value);
  const requested = policy.count(plan, mt);
  const pool = new NodePool(mt);
  if (!pool.fill(requested, gfp)) {
    pool.release();
    mas_reset(mas);
    return -ENOMEM;
  }
  held.set(mas, { pool, record: { policy: policy.name, storeType: plan.type, generation: mt.generation, height: mt.height, requested } });
  return 0;
}

/**
 * mas_store_prealloc: stores with the nodes taken by mas_preallocate, then mas_destroy. Bad range
 * or entry: -EINVAL, state in error, nothing changed. Returns 0 otherwise; a pool too small for the
 * write throws PreallocShortError (a caller bug).
 */
export function mas_store_prealloc(mas: MaState, entry: unknown): number {
  const value = normaliseEntry(entry);
  const mt = mas.tree;
  const mine = held.get(mas);
  try {
    const bad = mas_check_store(mas.index, mas.last, value);
    if (bad !== 0) {
      mas_set_err(mas, bad);
      return -EINVAL;
    }
    const pool = mine?.pool ?? new NodePool(mt);
    const why = (): string => {
      if (mine === undefined) return 'nothing was preallocated';
      const r = mine.record;
      const changed =
        r.generation === mt.generation
          ? 'the tree has not changed since'
          : `the tree changed since (generation ${r.generation} -> ${mt.generation}, height ${r.height} -> ${mt.height})`;
      return `${r.policy} preallocation of ${r.requested} for a ${r.storeType}; ${changed}`;
    };
    const outcome = mas_wr_store_prealloc(mt, pool, mas.index, mas.last, value, why);
    const plan = outcome.plan as NonNullable<typeof outcome.plan>;
    mas_set_stored(mas, plan.index, plan.last);
    return 0;
  } finally {
    mas_destroy(mas);
  }
}

/** mas_destroy: gives back every node the state still holds. */
export function mas_destroy(mas: MaState): void {
  const mine = held.get(mas);
  if (mine === undefined) return;
  held.delete(mas);
  mine.pool.release();
}
