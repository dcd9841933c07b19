/**
 * What rbtree.test.ts leaves open, found by mutation testing (npm run mutate): insertAt refuses a
 * link that would lose a node (a second root, an occupied child slot) as a bug, before it touches
 * the tree; and validateRbTree catches a root whose parent pointer is set, which no child's
 * parent check can see.
 */
import { describe, expect, it } from 'vitest';
import { RbTree, validateRbTree, type RbNode } from './rbtree.js';

class Node implements RbNode<Node> {
  left: Node | null = null;
  right: Node | null = null;
  parent: Node | null = null;
  red = false;
  constructor(readonly key: number) {}
}

/** Keys 1 and 3 under root 2: the root's both child slots are taken. */
function threeNodes(): { tree: RbTree<Node>; root: Node } {
  const tree = new RbTree<Node>();
  const root = new Node(2);
  tree.insertAt(root, null, false);
  tree.insertAt(new Node(1), root, true);
  tree.insertAt(new Node(3), root, false);
  validateRbTree(tree);
  return { tree, root };
}

const keys = (tree: RbTree<Node>): number[] => {
  const out: number[] = [];
  tree.forEach((n) => out.push(n.key));
  return out;
};

describe('insertAt refuses to lose a node', () => {
  it('a second root and an occupied child slot are bugs, and the tree stays as it was', () => {
    const { tree, root } = threeNodes();
    expect(() => tree.insertAt(new Node(9), null, true)).toThrow(/second root/);
    expect(() => tree.insertAt(new Node(0), root, true)).toThrow(/occupied child slot/);
    expect(() => tree.insertAt(new Node(4), root, false)).toThrow(/occupied child slot/);
    expect(tree.root).toBe(root);
    expect(tree.size).toBe(3);
    expect(keys(tree)).toEqual([1, 2, 3]);
    validateRbTree(tree);
  });
});

describe('validateRbTree catches', () => {
  it('a root with a parent pointer', () => {
    const { tree, root } = threeNodes();
    root.parent = new Node(0);
    expect(() => validateRbTree(tree)).toThrow(/root has a parent/);
  });
});
