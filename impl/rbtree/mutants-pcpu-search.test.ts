/**
 * The pcpu search's lower bound on the rb-tree design (the walk is impl/vmalloc/common/pcpu-walk.ts,
 * shared by every design), found open by mutation testing (npm run mutate): the base itself
 * must lie at or above alignUp(start, align) (the kernel's "base + last_end < vmalloc_start +
 * last_end" overflow check), even when the first area's offset would still put every area inside
 * a free block. Without the bound the walk runs on below the space and returns that base.
 */
import { describe, expect, it } from 'vitest';
import { EBUSY } from '../errno.js';
import { RbVmapAllocator } from './rbtree-vmalloc.js';

const P = 4096;
const S = 2 ** 32;

describe('pcpu_get_vm_areas on the rb-tree', () => {
  it('refuses a base below the space although the areas would fit above it', () => {
    const a = new RbVmapAllocator({ pageSize: P, start: S, end: S + 4 * P, cpus: 2, lazyMaxPages: 64 });
    expect(a.alloc_vmap_area(3 * P, P, S + P, a.config.end)).toBe(S + P);
    expect(a.freeBlocks()).toEqual([{ start: S, end: S + P }]);
    // One area at offset 2P: it fits the free page only with base S - 2P, below the space.
    expect(a.pcpu_get_vm_areas([2 * P], [P], P)).toBe(-EBUSY);
    expect(a.freeBlocks()).toEqual([{ start: S, end: S + P }]);
    a.validate();
    // With offset 0 the same page is the answer: the search itself reaches the block.
    expect(a.pcpu_get_vm_areas([0], [P], P)).toEqual([S]);
    a.validate();
  });
});
