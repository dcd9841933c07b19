/**
 * The busy index of the two-tree design: busy vmap_areas in a maple tree (each over
 * [start, end - 1]), plus the RFC's non-indexed retry queue (patch 5) for areas whose publish could
 * not get maple nodes under GFP_NOWAIT pressure.
 *
 * Invariants (validate()):
 * - every tree entry is a busy MapleVmapArea stored over exactly its own range; the tree passes
 *   mt_validate;
 * - a queued area is busy, is in no tree, and overlaps no other busy area: its range already left
 *   the free tree, so it is owned; it is only not indexed yet. Lookups (find, unlink) search the
 *   queue after the tree, so a queued area is as findable and freeable as an indexed one.
 * - drain() moves queued areas into the tree oldest first and stops at the first that still cannot
 *   get its nodes; a failed drain changes nothing observable (the area is busy either way).
 * - unlink is the RFC's single mas_erase of the found area (patch 9); the free path cannot fail, so
 *   its nodes are GFP_NOFAIL requests (an rb-tree erase needs none; a maple erase may rebalance).
 */
import type { Gfp, NodeAllocator } from '../../alloc/node-allocator.js';
import {
  mas_destroy,
  mas_set_range,
  mas_store_prealloc,
  mt_for_each,
  mt_init_flags,
  mt_validate,
  mtree_load,
  mtree_store_range,
  type MapleNode,
  type MapleTree,
  type MaState,
} from '../../maple/index.js';
import { heldSuffices } from '../common/prealloc.js';
import { storeNoFail } from '../common/undo-log.js';
import { MapleVmapArea } from '../common/vmap-area.js';

export class BusyTree {
  readonly tree: MapleTree;
  /** Published areas whose tree store failed for lack of nodes, oldest first. */
  readonly retryQueue: MapleVmapArea[] = [];
  /** Areas that ever went through the queue (a coverage figure). */
  queued = 0;

  constructor(allocator: NodeAllocator<MapleNode>) {
    this.tree = mt_init_flags(0, { allocator });
  }

  /** The busy area containing addr: the tree first, then the queue. */
  find(addr: number): MapleVmapArea | undefined {
    const hit = mtree_load(this.tree, addr);
    if (hit instanceof MapleVmapArea) return hit;
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
    this.queued++;
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

  /** Takes va out of the busy set (tree or queue). */
  unlink(va: MapleVmapArea): void {
    const k = this.retryQueue.indexOf(va);
    if (k >= 0) this.retryQueue.splice(k, 1);
    else storeNoFail(this.tree, va.start, va.end - 1, null);
  }

  areas(): MapleVmapArea[] {
    const indexed = [...mt_for_each(this.tree)].map((r) => r.entry as MapleVmapArea);
    if (this.retryQueue.length === 0) return indexed;
    return [...indexed, ...this.retryQueue].sort((a, b) => a.start - b.start);
  }

  validate(): void {
    mt_validate(this.tree);
    for (const { first, last, entry } of mt_for_each(this.tree)) {
      if (!(entry instanceof MapleVmapArea) || entry.start !== first || entry.end !== last + 1 || entry.state !== 'busy') {
        throw new Error(`busy tree holds ${String(entry)} at [${first}, ${last}]`);
      }
    }
    for (const va of this.retryQueue) {
      if (va.state !== 'busy') throw new Error(`retry queue holds ${va}`);
      if (mtree_load(this.tree, va.start) !== null) throw new Error(`queued ${va} is also indexed`);
    }
  }
}
