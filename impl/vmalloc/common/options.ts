/**
 * Construction options of the maple vmalloc designs (both take the same object; the gap design
 * has no per-CPU overlay and refuses one).
 */
import type { FaultPlan } from '../../alloc/node-allocator.js';
import type { Rcu } from '../../rcu/rcu.js';

export interface PercpuCacheOptions {
  /** Pages per CPU chunk (a power of two; the RFC uses 64 MiB). Default 64. */
  readonly chunkPages?: number;
  /** The largest allocation, in pages, served from a chunk. Default chunkPages / 8. */
  readonly maxPages?: number;
}

export interface MapleVmallocOptions {
  /** The fault plan of the design's node allocator (it can be changed later through `faults`). */
  readonly faultPlan?: FaultPlan;
  /**
   * Two-tree design only: how the lowest fit is found. 'in-use-index' (default): mas_empty_area
   * over the busy/lazy index (RFC patch 7); 'free-tree-walk': the walk of the free tree (before it).
   */
  readonly search?: 'in-use-index' | 'free-tree-walk';
  /**
   * Put the in-use index in RCU mode with this domain, so find_vmap_area can run lock-free under
   * rcu_read_lock (seeds/000: "the maple tree is RCU-safe"): replaced nodes are freed through
   * call_rcu, and something must end grace periods (a grace-period actor under the scheduler).
   */
  readonly rcu?: Rcu;
  /** The RFC's per-CPU free-range cache / bump overlay (patches 10-12); two-tree design only. */
  readonly percpuCache?: boolean | PercpuCacheOptions;
}
