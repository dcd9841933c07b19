/**
 * The free-space tree of the two-tree design, pinned through its own API (mutation triage, issue
 * #8): the clip kinds the design counts, the lowest fit at the edges of its window and of the
 * space (including a space that starts at 0 or ends at the maple tree's last index), the
 * re-validation of a fit, the BUG on a free over a free block, the merge at both ends of the
 * space, and validate() catching each broken invariant it names.
 */
import { describe, expect, it } from 'vitest';
import { MAX_INDEX } from '../../maple/constants.js';
import { mtree_store_range, newNodeAllocator } from '../../maple/index.js';
import { FREE_BLOCK, FreeTree, clipKind } from './index.js';
import { storeNoFail } from '../common/undo-log.js';

const P = 4096;
const S = 2 ** 44;

function freeTree(start = S, end = S + 64 * P): FreeTree {
  return new FreeTree(newNodeAllocator(), { start, end });
}

describe('clipKind: which edges of its free block an area leaves', () => {
  const block = { start: S, end: S + 8 * P };
  it.each([
    ['FL', S, 8 * P],
    ['LE', S, 2 * P],
    ['RE', S + 6 * P, 2 * P],
    ['NE', S + 2 * P, 2 * P],
  ] as const)('%s', (kind, addr, size) => {
    expect(clipKind({ addr, size, block })).toBe(kind);
  });
});

describe('FreeTree', () => {
  it('builds its tree with the allocator it is given (mt_validate accounts the nodes against it)', () => {
    const nodes = newNodeAllocator();
    const ft = new FreeTree(nodes, { start: S, end: S + 64 * P });
    expect(nodes.live).toBeGreaterThan(0);
    ft.validate();
  });

  it('lowestFit of an empty or inverted window is null', () => {
    const ft = freeTree();
    expect(ft.lowestFit(P, P, S + 4 * P, S + 4 * P)).toBeNull();
    expect(ft.lowestFit(P, P, S + 4 * P, S + 2 * P)).toBeNull();
    expect(ft.lowestFit(P, P, S, S + P)).toEqual({ addr: S, size: P, block: { start: S, end: S + 64 * P } });
  });

  it('lowestFit finds a fit at address 0 of a space that starts there', () => {
    const ft = freeTree(0, 16 * P);
    expect(ft.lowestFit(P, P, 0, 16 * P)).toEqual({ addr: 0, size: P, block: { start: 0, end: 16 * P } });
  });

  it('isFree: the range must fit in the block that contains its start', () => {
    const ft = freeTree();
    ft.clip({ addr: S + 4 * P, size: P, block: { start: S, end: S + 64 * P } }, storeNoFail);
    expect(ft.isFree(S, 4 * P)).toBe(true);
    expect(ft.isFree(S + 2 * P, 4 * P)).toBe(false);
    expect(ft.isFree(S + 4 * P, P)).toBe(false);
  });

  it('insertMerged over a free block, or running into one, is a BUG', () => {
    const ft = freeTree();
    expect(() => ft.insertMerged(S + 2 * P, S + 3 * P)).toThrow(/BUG/);
    ft.clip({ addr: S, size: 2 * P, block: { start: S, end: S + 64 * P } }, storeNoFail);
    expect(() => ft.insertMerged(S, S + 3 * P)).toThrow(/BUG/);
    expect(ft.blocks()).toEqual([{ start: S + 2 * P, end: S + 64 * P }]);
  });

  it('insertMerged at the very bottom (0) and the very top (MAX_INDEX) of the index space', () => {
    const low = freeTree(0, 16 * P);
    low.clip({ addr: 0, size: 2 * P, block: { start: 0, end: 16 * P } }, storeNoFail);
    low.insertMerged(0, P);
    expect(low.blocks()).toEqual([{ start: 0, end: P }, { start: 2 * P, end: 16 * P }]);
    low.validate();
    const end = MAX_INDEX + 1;
    const high = freeTree(end - 16, end);
    high.clip({ addr: end - 4, size: 4, block: { start: end - 16, end } }, storeNoFail);
    high.insertMerged(end - 2, end);
    expect(high.blocks()).toEqual([{ start: end - 16, end: end - 4 }, { start: end - 2, end }]);
    high.validate();
  });

  it('validate accepts a fresh tree over a space at 1 (a byte-granular space is fine)', () => {
    freeTree(1, 100).validate();
  });

  describe('validate catches each broken invariant', () => {
    it('an entry that is not the free-block marker', () => {
      const ft = freeTree();
      mtree_store_range(ft.tree, S + P, S + 2 * P - 1, { bogus: true });
      expect(() => ft.validate()).toThrow(/free tree holds/);
    });
    it('a block below the space', () => {
      const ft = freeTree();
      mtree_store_range(ft.tree, S - 4 * P, S - 2 * P, FREE_BLOCK);
      expect(() => ft.validate()).toThrow(/outside the space/);
    });
    it('a block that reaches the space end', () => {
      const ft = freeTree();
      ft.clip({ addr: S + 62 * P, size: 2 * P, block: { start: S, end: S + 64 * P } }, storeNoFail);
      mtree_store_range(ft.tree, S + 64 * P, S + 64 * P, FREE_BLOCK);
      expect(() => ft.validate()).toThrow(/outside the space/);
    });
    it('two blocks that touch', () => {
      const ft = freeTree();
      ft.clip({ addr: S + 4 * P, size: 4 * P, block: { start: S, end: S + 64 * P } }, storeNoFail);
      mtree_store_range(ft.tree, S + 4 * P, S + 5 * P - 1, FREE_BLOCK);
      expect(() => ft.validate()).toThrow(/touch/);
    });
  });
});
