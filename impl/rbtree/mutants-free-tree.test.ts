/**
 * What the vmalloc properties leave open in the free tree, found by mutation testing (npm run
 * mutate): the free tree's bug guards and its validator. Through the vmalloc surface these paths
 * are unreachable (a correct design never adds a touching block, frees into free space or clips
 * outside a block), so the FreeTree is driven directly here:
 * - addBlock refuses a block that would merge; mergeOrAdd refuses a block overlapping a free one;
 *   clip refuses a range reaching past either end of its block. Each throws and is a bug report.
 * - validate() reports an empty block and two blocks that touch or overlap.
 */
import { describe, expect, it } from 'vitest';
import { NodeAllocator } from '../alloc/node-allocator.js';
import { FreeTree } from './free-tree.js';
import { VmapAreaNode } from './vmap-area.js';

const P = 4096;

function freshTree(): { free: FreeTree; block: (start: number, end: number) => VmapAreaNode } {
  const nodes = new NodeAllocator(() => new VmapAreaNode());
  const block = (start: number, end: number): VmapAreaNode => {
    const va = nodes.alloc('GFP_NOFAIL') as VmapAreaNode;
    va.start = start;
    va.end = end;
    return va;
  };
  return { free: new FreeTree(nodes), block };
}

/** Free blocks [0, 2p) and [4p, 6p): a hole [2p, 4p) between them. */
function twoBlocks(): { free: FreeTree; block: (start: number, end: number) => VmapAreaNode; low: VmapAreaNode; high: VmapAreaNode } {
  const t = freshTree();
  const low = t.block(0, 2 * P);
  const high = t.block(4 * P, 6 * P);
  t.free.addBlock(low);
  t.free.addBlock(high);
  t.free.validate();
  return { ...t, low, high };
}

describe('bug guards throw instead of corrupting the tree', () => {
  it('addBlock refuses a block that touches a free block (it would merge, not link)', () => {
    const t = twoBlocks();
    expect(() => t.free.addBlock(t.block(2 * P, 3 * P))).toThrow(/touched a free block/);
  });

  it('mergeOrAdd refuses a block overlapping a free one, on either side of the walk', () => {
    for (const [start, end] of [[P, 3 * P], [3 * P, 5 * P], [4 * P, 6 * P]]) {
      const t = twoBlocks();
      expect(() => t.free.mergeOrAdd(t.block(start, end))).toThrow(/overlaps free/);
    }
  });

  it('clip refuses a range starting below or ending above its block', () => {
    const t = twoBlocks();
    const spare = t.block(0, 0);
    // Starts below the block, ends at its end (would pass as a right-edge clip).
    expect(() => t.free.clip(t.high, 3 * P, 3 * P, spare)).toThrow(/is not inside/);
    // Starts at the block's start, ends past its end (would pass as a left-edge clip).
    expect(() => t.free.clip(t.high, 4 * P, 3 * P, spare)).toThrow(/is not inside/);
    expect(t.free.blocks()).toEqual([{ start: 0, end: 2 * P }, { start: 4 * P, end: 6 * P }]);
    t.free.validate();
  });
});

describe('validate catches', () => {
  it('an empty block', () => {
    const t = freshTree();
    t.free.addBlock(t.block(P, P));
    expect(() => t.free.validate()).toThrow(/empty block/);
  });

  it('two blocks that touch or overlap', () => {
    for (const [end, what] of [[4 * P, /touch/], [5 * P, /overlap/]] as const) {
      const t = twoBlocks();
      t.low.end = end; // stretched onto the next block, subtree_max_size kept right
      t.free.tree.propagate(t.low, false);
      expect(() => t.free.validate()).toThrow(what);
    }
  });
});
