/**
 * The augmented red-black tree against a sorted array: random inserts (by key, and before a given
 * node), erases and in-place value changes, with the red-black rules, the order, the size and the
 * augmented maximum checked after every step; and validateRbTree catching broken trees.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RbTree, validateRbTree, type RbNode } from './rbtree.js';

class TestNode implements RbNode<TestNode> {
  left: TestNode | null = null;
  right: TestNode | null = null;
  parent: TestNode | null = null;
  red = false;
  max = 0;
  constructor(
    public key: number,
    public weight: number,
  ) {}
  toString(): string {
    return `node ${this.key}`;
  }
}

const augment = (n: TestNode): boolean => {
  const v = Math.max(n.weight, n.left?.max ?? 0, n.right?.max ?? 0);
  const changed = v !== n.max;
  n.max = v;
  return changed;
};

function insertByKey(tree: RbTree<TestNode>, node: TestNode): void {
  let parent: TestNode | null = null;
  let asLeft = false;
  for (let n = tree.root; n !== null; ) {
    parent = n;
    asLeft = node.key < n.key;
    n = asLeft ? n.left : n.right;
  }
  tree.insertAt(node, parent, asLeft);
}

function check(tree: RbTree<TestNode>, want: TestNode[]): void {
  validateRbTree(tree, (n) => {
    const expected = Math.max(n.weight, n.left?.max ?? 0, n.right?.max ?? 0);
    if (n.max !== expected) throw new Error(`augmented max of ${n} is ${n.max}, want ${expected}`);
  });
  const got: TestNode[] = [];
  tree.forEach((n) => got.push(n));
  expect(got.map((n) => n.key)).toEqual(want.map((n) => n.key));
  const back: number[] = [];
  for (let n = tree.last(); n !== null; n = tree.prev(n)) back.push(n.key);
  expect(back).toEqual(want.map((n) => n.key).reverse());
}

type Op = { kind: 'insert'; key: number; weight: number } | { kind: 'erase'; pick: number } | { kind: 'reweigh'; pick: number; weight: number } | { kind: 'before'; pick: number; weight: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('insert' as const), key: fc.integer({ min: 0, max: 10_000 }), weight: fc.nat(1000) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('erase' as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('reweigh' as const), pick: fc.nat(), weight: fc.nat(1000) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('before' as const), pick: fc.nat(), weight: fc.nat(1000) }) },
);

describe('RbTree', () => {
  it('keeps the red-black rules, the order and the augmented maximum through random operations', () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 300, size: 'max' }), (ops) => {
        const tree = new RbTree<TestNode>(augment);
        const sorted: TestNode[] = [];
        for (const op of ops) {
          if (op.kind === 'insert') {
            if (sorted.some((n) => n.key === op.key)) continue;
            const node = new TestNode(op.key, op.weight);
            insertByKey(tree, node);
            sorted.push(node);
            sorted.sort((a, b) => a.key - b.key);
          } else if (sorted.length === 0) {
            continue;
          } else if (op.kind === 'erase') {
            const [node] = sorted.splice(op.pick % sorted.length, 1);
            tree.erase(node);
          } else if (op.kind === 'reweigh') {
            const node = sorted[op.pick % sorted.length];
            node.weight = op.weight;
            tree.propagate(node, true);
          } else {
            // A key just below the picked node's and above its predecessor's, inserted by position.
            const k = op.pick % sorted.length;
            const low = k === 0 ? -1 : sorted[k - 1].key;
            if (sorted[k].key - low < 2) continue;
            const node = new TestNode(low + 1, op.weight);
            tree.insertBefore(node, sorted[k]);
            sorted.splice(k, 0, node);
          }
          check(tree, sorted);
        }
        expect(tree.size).toBe(sorted.length);
        expect(tree.first()?.key).toBe(sorted[0]?.key);
      }),
      { seed: 20261123, numRuns: 60 },
    );
  });

  it('erasing everything in random order leaves an empty tree', () => {
    const tree = new RbTree<TestNode>(augment);
    const nodes = Array.from({ length: 200 }, (_, i) => new TestNode(i * 7, i));
    for (const n of nodes) insertByKey(tree, n);
    check(tree, nodes);
    const order = [...nodes].sort((a, b) => ((a.key * 7919) % 211) - ((b.key * 7919) % 211));
    for (const n of order) tree.erase(n);
    expect(tree.root).toBeNull();
    expect(tree.size).toBe(0);
  });
});

describe('validateRbTree catches', () => {
  function threeNodes(): { tree: RbTree<TestNode>; nodes: TestNode[] } {
    const tree = new RbTree<TestNode>(augment);
    const nodes = [new TestNode(1, 1), new TestNode(2, 2), new TestNode(3, 3)];
    for (const n of nodes) insertByKey(tree, n);
    validateRbTree(tree);
    return { tree, nodes };
  }

  it('a red root', () => {
    const { tree } = threeNodes();
    (tree.root as TestNode).red = true;
    expect(() => validateRbTree(tree)).toThrow(/root is red/);
  });

  it('a red node with a red child', () => {
    const { tree } = threeNodes();
    (tree.root as TestNode).left!.red = true;
    (tree.root as TestNode).left!.left = new TestNode(0, 0);
    (tree.root as TestNode).left!.left!.parent = (tree.root as TestNode).left;
    (tree.root as TestNode).left!.left!.red = true;
    expect(() => validateRbTree(tree)).toThrow(/red child/);
  });

  it('unequal black heights', () => {
    const { tree } = threeNodes();
    (tree.root as TestNode).left!.red = false;
    (tree.root as TestNode).right!.red = true;
    expect(() => validateRbTree(tree)).toThrow(/black heights/);
  });

  it('a wrong parent pointer and a wrong size', () => {
    const { tree } = threeNodes();
    (tree.root as TestNode).left!.parent = null;
    expect(() => validateRbTree(tree)).toThrow(/parent pointer/);
    const other = threeNodes();
    other.tree.size = 4;
    expect(() => validateRbTree(other.tree)).toThrow(/3 nodes reachable/);
  });
});
