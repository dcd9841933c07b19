/**
 * An intrusive, optionally augmented red-black tree with parent pointers (the shape of the
 * kernel's lib/rbtree.c and rbtree_augmented.h, written from the textbook algorithm).
 *
 * Invariants (checked by validateRbTree):
 * - the root is black; a red node has no red child; every path from a node down to a missing
 *   child passes the same number of black nodes; every child's parent pointer is its parent;
 * - the in-order sequence is the caller's order: the caller picks where a node goes (insertAt,
 *   like rb_link_node + rb_insert_color), the tree never compares keys itself;
 * - with an augment callback, every node's augmented value is up to date after every public call:
 *   insertAt and erase re-propagate along the changed path, rotations recompute the two nodes they
 *   move (a rotation keeps the rotated subtree's total, so ancestors stay right), and callers that
 *   change a node's own value in place call propagate(node, true).
 */

export interface RbNode<N> {
  left: N | null;
  right: N | null;
  parent: N | null;
  red: boolean;
}

/** Recomputes n's augmented value from its own value and its children's; true if it changed. */
export type Augment<N> = (n: N) => boolean;

export class RbTree<N extends RbNode<N>> {
  root: N | null = null;
  size = 0;

  constructor(private readonly augment: Augment<N> | null = null) {}

  first(): N | null {
    return this.root === null ? null : leftmost(this.root);
  }

  last(): N | null {
    let n = this.root;
    if (n === null) return null;
    while (n.right !== null) n = n.right;
    return n;
  }

  /** The in-order successor of n, or null. */
  next(n: N): N | null {
    if (n.right !== null) return leftmost(n.right);
    let child = n;
    let p = n.parent;
    while (p !== null && p.right === child) {
      child = p;
      p = p.parent;
    }
    return p;
  }

  /** The in-order predecessor of n, or null. */
  prev(n: N): N | null {
    if (n.left !== null) {
      let m = n.left;
      while (m.right !== null) m = m.right;
      return m;
    }
    let child = n;
    let p = n.parent;
    while (p !== null && p.left === child) {
      child = p;
      p = p.parent;
    }
    return p;
  }

  /** Links node as parent's left or right child (parent null: the empty tree's root) and rebalances. */
  insertAt(node: N, parent: N | null, asLeft: boolean): void {
    node.left = null;
    node.right = null;
    node.parent = parent;
    node.red = true;
    if (parent === null) {
      if (this.root !== null) throw new Error('rbtree bug: inserting a second root');
      this.root = node;
    } else {
      const slot = asLeft ? parent.left : parent.right;
      if (slot !== null) throw new Error('rbtree bug: inserting over an occupied child slot');
      if (asLeft) parent.left = node;
      else parent.right = node;
    }
    this.size++;
    // The node's own value first (whatever it held before is stale); a new leaf can only raise
    // its ancestors' values, so the walk up stops at the first one that does not change.
    if (this.augment !== null) this.augment(node);
    // Stryker disable next-line BooleanLiteral: performance only: walking on past an unchanged ancestor recomputes values that are already right
    this.propagate(parent, true);
    this.insertFixup(node);
  }

  /** Inserts node immediately before `at` in the in-order sequence. */
  insertBefore(node: N, at: N): void {
    if (at.left === null) {
      this.insertAt(node, at, true);
      return;
    }
    let p = at.left;
    while (p.right !== null) p = p.right;
    this.insertAt(node, p, false);
  }

  /** Unlinks node (its links are cleared) and rebalances. */
  erase(z: N): void {
    let removedRed = z.red;
    let x: N | null;
    let xParent: N | null;
    if (z.left === null || z.right === null) {
      x = z.left ?? z.right;
      xParent = z.parent;
      this.transplant(z, x);
    } else {
      // Two children: z's successor y takes z's place and colour.
      const y = leftmost(z.right);
      removedRed = y.red;
      x = y.right;
      if (y.parent === z) {
        xParent = y;
      } else {
        xParent = y.parent;
        this.transplant(y, y.right);
        y.right = z.right;
        y.right.parent = y;
      }
      this.transplant(z, y);
      y.left = z.left;
      y.left.parent = y;
      y.red = z.red;
    }
    this.size--;
    // Every node from the removal point up to the root may have lost z's or y's value.
    this.propagate(xParent, false);
    if (!removedRed) this.eraseFixup(x, xParent);
    z.left = null;
    z.right = null;
    z.parent = null;
  }

  /**
   * Recomputes augmented values from n up to the root; with stopEarly, stops at an unchanged node
   * (right when only n's own value changed; erase needs the full walk).
   */
  propagate(n: N | null, stopEarly: boolean): void {
    if (this.augment === null) return;
    for (let p = n; p !== null; p = p.parent) {
      if (!this.augment(p) && stopEarly) return;
    }
  }

  /** In-order walk (for listings and validation; O(n)). */
  forEach(visit: (n: N) => void): void {
    for (let n = this.first(); n !== null; n = this.next(n)) visit(n);
  }

  /** The augment callback's part of a rotation: `lower` went under `upper`; recompute both, lower first. */
  protected rotateAugment(lower: N, upper: N): void {
    if (this.augment === null) return;
    this.augment(lower);
    this.augment(upper);
  }

  private transplant(u: N, v: N | null): void {
    const p = u.parent;
    if (p === null) this.root = v;
    else if (p.left === u) p.left = v;
    else p.right = v;
    if (v !== null) v.parent = p;
  }

  private rotateLeft(x: N): void {
    const y = x.right as N;
    x.right = y.left;
    if (y.left !== null) y.left.parent = x;
    this.transplant(x, y);
    y.left = x;
    x.parent = y;
    this.rotateAugment(x, y);
  }

  private rotateRight(x: N): void {
    const y = x.left as N;
    x.left = y.right;
    if (y.right !== null) y.right.parent = x;
    this.transplant(x, y);
    y.right = x;
    x.parent = y;
    this.rotateAugment(x, y);
  }

  private insertFixup(node: N): void {
    let z = node;
    for (let p = z.parent; p !== null && p.red; p = z.parent) {
      const g = p.parent as N; // a red node is never the root
      const uncle = p === g.left ? g.right : g.left;
      if (uncle !== null && uncle.red) {
        p.red = false;
        uncle.red = false;
        g.red = true;
        z = g;
        continue;
      }
      if (p === g.left) {
        // Stryker disable next-line BlockStatement: performance only: unrotated, z ends red under red g in the mirror zig-zag, which the next pass turns into this same tree (two extra rotations)
        if (z === p.right) {
          this.rotateLeft(p);
          z = p;
        }
        (z.parent as N).red = false;
        g.red = true;
        this.rotateRight(g);
      } else {
        // Stryker disable next-line BlockStatement: performance only: unrotated, z ends red under red g in the mirror zig-zag, which the next pass turns into this same tree (two extra rotations)
        if (z === p.left) {
          this.rotateRight(p);
          z = p;
        }
        (z.parent as N).red = false;
        g.red = true;
        this.rotateLeft(g);
      }
    }
    (this.root as N).red = false;
  }

  /** Restores black heights after a black node left from under `parent` (x took its place). */
  private eraseFixup(xIn: N | null, parentIn: N | null): void {
    let x = xIn;
    let parent = parentIn;
    // x is the root exactly when parent is null (x took the root's place, or the walk reached it).
    while ((x === null || !x.red) && parent !== null) {
      if (x === parent.left) {
        let w = parent.right as N; // the sibling exists: its side has black height >= 1
        if (w.red) {
          w.red = false;
          parent.red = true;
          this.rotateLeft(parent);
          w = parent.right as N;
        }
        if (!isRed(w.left) && !isRed(w.right)) {
          w.red = true;
          x = parent;
          parent = x.parent;
          continue;
        }
        if (!isRed(w.right)) {
          // w's red left child goes up in w's place. The textbook recolours the two here, but the
          // last case below sets both again (the new w takes parent's colour, the old w, now its
          // right child, turns black), so they are left as they are.
          this.rotateRight(w);
          w = parent.right as N;
        }
        w.red = parent.red;
        parent.red = false;
        if (w.right !== null) w.right.red = false;
        this.rotateLeft(parent);
      } else {
        let w = parent.left as N;
        if (w.red) {
          w.red = false;
          parent.red = true;
          this.rotateRight(parent);
          w = parent.left as N;
        }
        if (!isRed(w.left) && !isRed(w.right)) {
          w.red = true;
          x = parent;
          parent = x.parent;
          continue;
        }
        if (!isRed(w.left)) {
          // The mirror of the case above: the last case sets both colours.
          this.rotateLeft(w);
          w = parent.left as N;
        }
        w.red = parent.red;
        parent.red = false;
        if (w.left !== null) w.left.red = false;
        this.rotateRight(parent);
      }
      x = this.root;
      break;
    }
    if (x !== null) x.red = false;
  }
}

function isRed<N extends RbNode<N>>(n: N | null): boolean {
  return n !== null && n.red;
}

function leftmost<N extends RbNode<N>>(n: N): N {
  let m = n;
  while (m.left !== null) m = m.left;
  return m;
}

/**
 * Checks the red-black rules and parent links, counts the nodes, and calls `check` on every node
 * (for the caller's order and augmented values). Throws an Error naming the first broken rule.
 */
export function validateRbTree<N extends RbNode<N>>(tree: RbTree<N>, check: (n: N) => void = () => {}): void {
  if (tree.root !== null && tree.root.red) throw new Error('rbtree: the root is red');
  if (tree.root !== null && tree.root.parent !== null) throw new Error('rbtree: the root has a parent');
  let count = 0;
  const walk = (n: N | null): number => {
    if (n === null) return 1;
    count++;
    for (const child of [n.left, n.right]) {
      if (child === null) continue;
      if (child.parent !== n) throw new Error(`rbtree: ${String(child)} has a wrong parent pointer`);
      if (n.red && child.red) throw new Error(`rbtree: red ${String(n)} has a red child ${String(child)}`);
    }
    const left = walk(n.left);
    const right = walk(n.right);
    if (left !== right) throw new Error(`rbtree: black heights ${left} and ${right} differ under ${String(n)}`);
    check(n);
    // Stryker disable next-line ArithmeticOperator: heights are only compared for equality, and counting black nodes down (1 - k) tells the same trees apart as counting up
    return left + (n.red ? 0 : 1);
  };
  walk(tree.root);
  if (count !== tree.size) throw new Error(`rbtree: ${count} nodes reachable, size says ${tree.size}`);
}
