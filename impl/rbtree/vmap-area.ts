/**
 * struct vmap_area for the rb-tree design: one [start, end) range, the CPU that allocated it, the
 * rb-tree links and subtree_max_size (the largest free block size in its subtree, meaningful only
 * while the area sits in the free tree). An area lives in exactly one place at a time: the free
 * tree, the busy tree, the lazy list, or the preload slot; every one comes from the design's
 * NodeAllocator, so forced allocation failures reach it.
 */
import type { Freeable } from '../alloc/node-allocator.js';
import type { RbNode } from './rbtree.js';

export class VmapAreaNode implements RbNode<VmapAreaNode>, Freeable {
  start = 0;
  end = 0;
  cpu = 0;
  subtreeMaxSize = 0;
  left: VmapAreaNode | null = null;
  right: VmapAreaNode | null = null;
  parent: VmapAreaNode | null = null;
  // Stryker disable next-line BooleanLiteral: never read before insertAt colours the node red as it links it
  red = false;
  // Stryker disable next-line BooleanLiteral: every node a design uses comes from NodeAllocator.alloc, which clears freed itself
  freed = false;

  get size(): number {
    return this.end - this.start;
  }

  toString(): string {
    return `vmap_area [0x${this.start.toString(16)}, 0x${this.end.toString(16)})`;
  }
}

/** compute_subtree_max_size as the free tree's augment callback: true when the value changed. */
export function augmentSubtreeMaxSize(n: VmapAreaNode): boolean {
  const value = Math.max(n.size, n.left === null ? 0 : n.left.subtreeMaxSize, n.right === null ? 0 : n.right.subtreeMaxSize);
  if (value === n.subtreeMaxSize) return false;
  n.subtreeMaxSize = value;
  return true;
}
