/**
 * The busy side of the two-tree design: busy vmap_areas (and, until the purge, lazy ones) in the
 * in-use index (common/occupied-tree.ts, an alloc-range tree: the RFC's occupied tree, patch 7),
 * plus the RFC's non-indexed retry queue (patch 5) for areas whose publish could not get maple
 * nodes under GFP_NOWAIT pressure.
 *
 * Invariants (validate()):
 * - every index entry is a MapleVmapArea over exactly its own range: busy ones are the busy set
 *   less the queue, lazy ones are exactly the lazy queue's; the index passes mt_validate;
 * - a queued area is busy, is in no tree, and overlaps no other area: its range already left the
 *   free tree, so it is owned; it is only not indexed yet. Lookups (find, unlink) search the queue
 *   after the index, so a queued area is as findable and freeable as an indexed one; the index's
 *   gaps then include it, which is why the index search is only trusted while the queue is empty.
 * - drain() moves queued areas into the index oldest first and stops at the first that still
 *   cannot get its nodes; a failed drain changes nothing observable (the area is busy either way).
 * - the free path cannot fail: its stores are GFP_NOFAIL (an rb-tree erase needs no node; a maple
 *   erase may rebalance).
 */
import type { Gfp, NodeAllocator } from '../../alloc/node-allocator.js';
import { mas_destroy, mas_set_range, mas_store_prealloc, mtree_store_range, type MapleNode, type MaState } from '../../maple/index.js';
import type { AreaRange } from '../surface.js';
import { OccupiedTree } from '../common/occupied-tree.js';
import type { Rcu } from '../../rcu/rcu.js';
import { heldSuffices } from '../common/prealloc.js';
import type { TreeWrite } from '../common/undo-log.js';
import type { MapleVmapArea } from '../common/vmap-area.js';

export class BusyTree {
  readonly index: OccupiedTree;
  /** Published areas whose index store failed for lack of nodes, oldest first. */
  readonly retryQueue: MapleVmapArea[] = [];

  constructor(allocator: NodeAllocator<MapleNode>, space: AreaRange, rcu?: Rcu) {
    this.index = new OccupiedTree(allocator, space, rcu);
  }

  get tree() {
    return this.index.tree;
  }

  /** The busy area containing addr: the index first, then the queue. */
  find(addr: number): MapleVmapArea | undefined {
    const hit = this.index.find(addr);
    if (hit !== null) return hit.state === 'busy' ? hit : undefined;
    return this.retryQueue.find((va) => va.contains(addr));
  }

  /**
   * Publishes va with the nodes `held` has (a state from preallocate(), or null): the prealloc
   * fast path when they suffice for the tree as it is now, else a GFP_NOWAIT store; if that
   * fails too, va waits in the retry queue. Never fails.
   */
  publish(va: MapleVmapArea, held: MaState | null): 'tree' | 'queued' {
    if (held !== null && heldSuffices(held)) {
      mas_set_range(held, va.start, va.end - 1);
      mas_store_prealloc(held, va);
      return 'tree';
    }
    if (held !== null) mas_destroy(held);
    if (mtree_store_range(this.tree, va.start, va.end - 1, va, 'GFP_NOWAIT') === 0) return 'tree';
    this.retryQueue.push(va);
    return 'queued';
  }

  /** Tries to index the queued areas with `gfp`; returns how many moved. */
  drain(gfp: Gfp): number {
    let moved = 0;
    while (this.retryQueue.length > 0) {
      const va = this.retryQueue[0];
      if (mtree_store_range(this.tree, va.start, va.end - 1, va, gfp) !== 0) break;
      this.retryQueue.shift();
      moved++;
    }
    return moved;
  }

  /** Takes va out of the queue, if it is there (it then has no index entry). */
  private dequeue(va: MapleVmapArea): void {
    const k = this.retryQueue.indexOf(va);
    if (k >= 0) this.retryQueue.splice(k, 1);
  }

  /** vfree: the busy area becomes a lazy index entry (a queued one is indexed now, as lazy). */
  makeLazy(va: MapleVmapArea): MapleVmapArea {
    this.dequeue(va); // queued or indexed, the lazy entry's store covers exactly its range
    return this.index.makeLazy(va);
  }

  /**
   * free_vmap_area, or the purge of a lazy area: its entry leaves the index. A queued area has no
   * entry; the NULL store over its (empty) range then changes nothing, and keeps one path.
   */
  erase(va: MapleVmapArea, write: TreeWrite): void {
    this.dequeue(va);
    write(this.tree, va.start, va.end - 1, null);
  }

  /** Busy areas in address order. */
  areas(): MapleVmapArea[] {
    const indexed = this.index.areas().filter((va) => va.state === 'busy');
    return [...indexed, ...this.retryQueue].sort((a, b) => a.start - b.start);
  }

  validate(lazyCount: number): void {
    this.index.validate();
    const lazyInIndex = this.index.areas().filter((va) => va.state === 'lazy').length;
    if (lazyInIndex !== lazyCount) throw new Error(`the in-use index holds ${lazyInIndex} lazy areas, the lazy queue ${lazyCount}`);
    for (const va of this.retryQueue) {
      if (va.state !== 'busy') throw new Error(`retry queue holds ${va}`);
      if (this.index.occupied(va.start, va.end - 1)) throw new Error(`queued ${va} overlaps an indexed area`);
    }
  }
}
