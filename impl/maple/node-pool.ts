/**
 * Nodes taken from the allocator before a write starts (mas_preallocate / mas_node_count), and
 * the release of nodes a write took out of the tree.
 *
 * Invariants:
 * - A write asks for all its nodes before it changes anything, so allocation failure (-ENOMEM)
 *   always leaves the tree untouched. Running out in the middle of a write is a bug (the kernel's
 *   BUG_ON in mas_pop_node): it throws PreallocExhaustedError.
 * - Unused nodes go back to the allocator when the write ends (mas_destroy). While a pool holds
 *   nodes they are counted in the tree's `pooled`, so accounting stays exact: live nodes ==
 *   reachable nodes + pooled nodes.
 * - Nodes a write takes out of the tree are retired into a set while the write runs and freed
 *   (dead first, then freed) only when it ends, each exactly once: a node can be reached twice
 *   during a rebuild (as an end of a run, and under a subtree cut out higher up).
 * - A subtree is retired by ownership: a child is followed only while its parent pointer still
 *   names the node, so children a rebuild already moved into new nodes are never freed.
 */
import type { Gfp } from '../alloc/node-allocator.js';
import { MapleNode, childAt, mte_is_leaf } from './node.js';
import { mt_in_rcu, type MapleTree } from './tree.js';
import { publishDeferred } from './publish.js';
import type { Rcu } from '../rcu/rcu.js';

export class PreallocExhaustedError extends Error {
  /** The largest pool the write had asked for (its preallocation). */
  constructor(readonly requested: number) {
    super(`BUG: maple write needed more than the ${requested} preallocated nodes`);
    this.name = 'PreallocExhaustedError';
  }
}

/**
 * mas_store_prealloc found fewer preallocated nodes than the write needs: the tree changed between
 * mas_preallocate and the store (the DRM GPUVA case in seeds/004), or the count was computed for
 * another write. The kernel BUGs here; this is thrown before the tree is touched.
 */
export class PreallocShortError extends Error {
  constructor(
    readonly storeType: string,
    readonly needed: number,
    readonly available: number,
    readonly why: string,
  ) {
    super(`BUG: mas_store_prealloc: a ${storeType} needs ${needed} nodes but ${available} were preallocated (${why})`);
    this.name = 'PreallocShortError';
  }
}

export class NodePool {
  private readonly nodes: MapleNode[] = [];
  requested = 0;
  used = 0;

  constructor(readonly tree: MapleTree) {}

  get available(): number {
    return this.nodes.length;
  }

  /** Tops the pool up to `count` nodes; false (pool unchanged) if the allocator refuses. */
  fill(count: number, gfp: Gfp): boolean {
    // No early return for a pool already big enough: allocBulk of 0 or fewer nodes asks the
    // allocator nothing and hands back none, and `requested` already covers the pool's size.
    const missing = count - this.nodes.length;
    const fresh = this.tree.allocator.allocBulk(missing, gfp);
    if (fresh === null) return false;
    this.nodes.push(...fresh);
    this.tree.pooled += fresh.length;
    this.requested = Math.max(this.requested, count);
    return true;
  }

  /** mas_pop_node */
  pop(): MapleNode {
    const node = this.nodes.pop();
    if (node === undefined) throw new PreallocExhaustedError(this.requested);
    this.tree.pooled--;
    node.dead = false;
    node.parent = null;
    node.parentSlot = 0;
    this.used++;
    return node;
  }

  private readonly retired = new Set<MapleNode>();

  /** Takes one node out of the tree (freed when the write ends). */
  retire(node: MapleNode): void {
    this.retired.add(node);
  }

  /**
   * Takes a node and every node it still owns out of the tree. A node reached twice is walked
   * twice: the set keeps one entry, and its children get the same answers.
   */
  retireSubtree(node: MapleNode): void {
    this.retired.add(node);
    if (mte_is_leaf(node)) return;
    for (let i = 0; i <= node.end; i++) {
      const child = childAt(node, i);
      if (child.parent === node) this.retireSubtree(child);
    }
  }

  /** mas_destroy: frees what the write took out, and gives back what it did not use. */
  release(): void {
    for (const node of this.retired) mas_free_node(this.tree, node);
    this.retired.clear();
    for (const node of this.nodes) this.tree.allocator.free(node);
    this.tree.pooled -= this.nodes.length;
    this.nodes.length = 0;
  }
}

/**
 * The words call_rcu overwrites: in the kernel a node's rcu_head shares memory with the first
 * pivots of a range_64 / leaf_64 node (struct maple_node's union), so once a node is queued for
 * freeing those pivots hold the callback list's pointers. That is why a reader must check that a
 * node is dead after reading it and walk again: a reader that ignores the mark reads these.
 */
export const RCU_HEAD_POISON = [2 ** 52 + 0x0de4d, 2 ** 52 + 0x0f00d] as const;

/**
 * Takes a node out of the tree: marks it dead (a reader that still holds it sees that and walks
 * again) and releases it, at once, or in RCU mode with an RCU domain only after a grace period, so
 * no reader that could have reached it is still inside its read-side section. Both are publication
 * steps (publish.ts): under a recording writer they run after the node became unreachable.
 */
export function mas_free_node(mt: MapleTree, node: MapleNode): void {
  publishDeferred(
    mt,
    'dead',
    // Stryker disable next-line StringLiteral: a step's label is text for schedules and failure reports, no contract fixes it
    `mark ${node} dead`,
    () => {
      node.dead = true;
    },
  );
  const viaRcu = mt.rcu !== null && mt_in_rcu(mt) && mt.brokenRcu !== 'free-without-call-rcu';
  publishDeferred(
    mt,
    'release',
    // Stryker disable next-line StringLiteral: a step's label is text for schedules and failure reports, no contract fixes it
    `${viaRcu ? 'call_rcu' : 'free'} ${node}`,
    () => {
      if (!viaRcu) {
        mt.allocator.free(node);
        return;
      }
      mt.awaitingRcu++;
      (mt.rcu as Rcu).callRcu(
        () => {
          mt.awaitingRcu--;
          mt.allocator.free(node);
        },
        // Stryker disable next-line StringLiteral: the callback's name in the RCU audit history, text for people
        `free ${node}`,
      );
      node.pivots[0] = RCU_HEAD_POISON[0];
      node.pivots[1] = RCU_HEAD_POISON[1];
    },
  );
}

/** Frees a whole tree or subtree at once (mt_destroy_walk). */
export function mas_free_subtree(mt: MapleTree, node: MapleNode): void {
  if (!mte_is_leaf(node)) {
    for (let i = 0; i <= node.end; i++) mas_free_subtree(mt, childAt(node, i));
  }
  mas_free_node(mt, node);
}
