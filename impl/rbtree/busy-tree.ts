/**
 * The busy tree of the rb-tree design (mm/vmalloc.c's vmap_area_root): allocated areas ordered by
 * address in a plain red-black tree, for find_vmap_area's containing lookup and the ordered walk.
 *
 * Invariants (validate): red-black rules; areas non-empty, in address order and disjoint.
 * Inserting an area that overlaps a busy one is a bug (the kernel's "vmalloc bug: ... overlaps").
 */
import { RbTree, validateRbTree } from './rbtree.js';
import type { VmapAreaNode } from './vmap-area.js';

export class BusyTree {
  readonly tree = new RbTree<VmapAreaNode>();

  get count(): number {
    return this.tree.size;
  }

  insert(va: VmapAreaNode): void {
    let parent: VmapAreaNode | null = null;
    // Stryker disable next-line BooleanLiteral: every step of the walk sets asLeft; with no step the area becomes the root and insertAt ignores it
    let asLeft = false;
    for (let n = this.tree.root; n !== null; ) {
      parent = n;
      if (va.end <= n.start) {
        asLeft = true;
        n = n.left;
      } else if (va.start >= n.end) {
        asLeft = false;
        n = n.right;
      } else {
        throw new Error(`vmalloc bug: ${va} overlaps busy ${n}`);
      }
    }
    this.tree.insertAt(va, parent, asLeft);
  }

  /** __find_vmap_area: the busy area containing addr, or null. */
  find(addr: number): VmapAreaNode | null {
    for (let n = this.tree.root; n !== null; ) {
      if (addr < n.start) n = n.left;
      else if (addr >= n.end) n = n.right;
      else return n;
    }
    return null;
  }

  erase(va: VmapAreaNode): void {
    this.tree.erase(va);
  }

  validate(): void {
    validateRbTree(this.tree, (n) => {
      if (!(n.start < n.end)) throw new Error(`busy tree: empty area ${n}`);
    });
    let prev: VmapAreaNode | null = null;
    this.tree.forEach((n) => {
      if (prev !== null && prev.end > n.start) throw new Error(`busy tree: ${prev} and ${n} overlap or are out of order`);
      prev = n;
    });
  }
}
