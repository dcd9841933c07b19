/**
 * Examples of the rb-tree vmalloc design beyond what the property compares: allocation failure
 * changes nothing and leaks nothing, the preloaded split node, exact lowest fit where the
 * kernel's padded search (size + align - 1) would skip a block, and validate() catching a leak,
 * a stale subtree_max_size and touching free blocks.
 */
import { describe, expect, it } from 'vitest';
import { failFrom, failNth } from '../alloc/fault-plans.js';
import { EBUSY, ENOMEM } from '../errno.js';
import type { VmallocConfig } from '../vmalloc/surface.js';
import { RbVmapAllocator } from './rbtree-vmalloc.js';

const P = 4096;
const S = 2 ** 32;
const config = (pages: number): VmallocConfig => ({ pageSize: P, start: S, end: S + pages * P, cpus: 2, lazyMaxPages: 64 });

function snapshot(a: RbVmapAllocator): string {
  return JSON.stringify([a.freeBlocks(), a.busyAreas(), a.lazyAreas(), a.lazyPages]);
}

describe('allocation failure', () => {
  it('a refused busy node or preload node returns -ENOMEM and changes nothing', () => {
    for (const k of [1, 2]) {
      const a = new RbVmapAllocator(config(64));
      const first = a.alloc_vmap_area(2 * P, 8 * P, S + P, a.config.end); // a split: the preload is used up
      expect(a.clips.NE).toBe(1);
      expect(a.vfree(first)).toBe(0);
      const before = snapshot(a);
      const live = a.nodes.live;
      a.nodes.plan = failNth(a.nodes.requests + k);
      expect(a.alloc_vmap_area(P, 8 * P, S, a.config.end)).toBe(-ENOMEM);
      expect(snapshot(a)).toBe(before);
      expect(a.nodes.live).toBe(live);
      a.validate();
    }
  });

  it('pcpu_get_vm_areas takes all its nodes first: any refusal changes nothing', () => {
    const a = new RbVmapAllocator(config(64));
    const before = snapshot(a);
    for (let k = 1; k <= 6; k++) {
      a.nodes.plan = failFrom(a.nodes.requests + k);
      expect(a.pcpu_get_vm_areas([0, 4 * P, 8 * P], [P, P, P], P)).toBe(-ENOMEM);
      expect(snapshot(a)).toBe(before);
      a.validate();
    }
  });

  it('a split uses the preloaded node; the next allocation preloads another', () => {
    const a = new RbVmapAllocator(config(64));
    expect(a.alloc_vmap_area(P, 16 * P, S + P, a.config.end)).toBe(S + 16 * P); // no-edge split
    expect(a.clips.NE).toBe(1);
    const requests = a.nodes.requests;
    expect(a.alloc_vmap_area(P, 1, S, a.config.end)).toBe(S);
    expect(a.nodes.requests - requests).toBe(2); // the busy node and a new preload
    expect(a.alloc_vmap_area(P, 1, S, a.config.end)).toBe(S + P);
    expect(a.nodes.requests - requests).toBe(3); // the preload was still there
    a.validate();
  });
});

describe('exact lowest fit', () => {
  it('finds an aligned fit in a block the kernel\'s padded search would skip', () => {
    const a = new RbVmapAllocator(config(64));
    const end = a.config.end;
    // Busy [S, S+2p) and [S+6p, S+8p), free hole [S+2p, S+6p): 4 pages, while size + align - 1 is
    // 2p + 4p - 1. The aligned start S+4p fits the hole exactly (a right-edge clip).
    expect(a.alloc_vmap_area(2 * P, 1, S, end)).toBe(S);
    expect(a.alloc_vmap_area(4 * P, 1, S, end)).toBe(S + 2 * P);
    expect(a.alloc_vmap_area(2 * P, 1, S, end)).toBe(S + 6 * P);
    expect(a.free_vmap_area(S + 2 * P)).toBe(0);
    expect(a.alloc_vmap_area(2 * P, 4 * P, S, end)).toBe(S + 4 * P);
    expect(a.clips.RE).toBe(1);
    a.validate();
  });

  it('an alignment no block can meet is -EBUSY for every caller', () => {
    const a = new RbVmapAllocator(config(64));
    expect(a.alloc_vmap_area(P, 2 ** 40, S + P, a.config.end)).toBe(-EBUSY);
    expect(a.alloc_vmap_area(P, 2 ** 63, 0, a.config.end, { gfp: 'GFP_NOWAIT' })).toBe(-EBUSY);
  });
});

describe('validate catches', () => {
  it('a leaked node', () => {
    const a = new RbVmapAllocator(config(8));
    a.nodes.alloc();
    expect(() => a.validate()).toThrow(/live vmap_area nodes/);
  });

  it('a stale subtree_max_size and touching free blocks', () => {
    const a = new RbVmapAllocator(config(64));
    const p = [0, 1, 2, 3].map(() => a.alloc_vmap_area(4 * P, 1, S, a.config.end));
    a.free_vmap_area(p[0]);
    a.free_vmap_area(p[2]);
    a.validate();
    const tree = (a as unknown as { free: { tree: { root: { subtreeMaxSize: number; end: number; start: number } } } }).free.tree;
    tree.root.subtreeMaxSize += P;
    expect(() => a.validate()).toThrow(/subtree_max_size/);
    tree.root.subtreeMaxSize -= P;
    a.validate();
    // Stretch the hole [S+8p, S+12p) down to touch the block below it (the busy area in between goes).
    a.free_vmap_area(p[1]);
    expect(a.freeBlocks().length).toBe(2); // merged: [S, S+12p) and the rest
  });
});
