/**
 * augmentSubtreeMaxSize's return contract (the Augment type: true exactly when the value changed),
 * found open by mutation testing (npm run mutate): RbTree.propagate(n, true) stops at the first
 * node whose value did not change, so a callback that always said "changed" would only cost time,
 * and one that never did would leave ancestors stale; the contract itself is pinned here.
 */
import { describe, expect, it } from 'vitest';
import { augmentSubtreeMaxSize } from './vmap-area.js';
import { vmapAreaNode } from './vmap-area.test-helpers.js';

describe('augmentSubtreeMaxSize', () => {
  it('sets the largest size of the node and its children, and says whether that changed', () => {
    const n = vmapAreaNode(100, 110);
    n.left = vmapAreaNode(0, 30);
    n.left.subtreeMaxSize = 30;
    expect(augmentSubtreeMaxSize(n)).toBe(true);
    expect(n.subtreeMaxSize).toBe(30);
    expect(augmentSubtreeMaxSize(n)).toBe(false);
    expect(n.subtreeMaxSize).toBe(30);

    n.left = null;
    expect(augmentSubtreeMaxSize(n)).toBe(true); // the child's block went away: back to its own 10
    expect(n.subtreeMaxSize).toBe(10);
    n.end = 105;
    expect(augmentSubtreeMaxSize(n)).toBe(true);
    expect(n.subtreeMaxSize).toBe(5);
    expect(augmentSubtreeMaxSize(n)).toBe(false);
  });
});
