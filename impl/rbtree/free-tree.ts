/**
 * The free tree of the rb-tree design (mm/vmalloc.c's free_vmap_area_root): free blocks ordered by
 * address in a red-black tree augmented with subtree_max_size.
 *
 * Invariants (validate):
 * - red-black rules; blocks non-empty, in address order and never touching (prev.end < next.start:
 *   a block that would touch another is merged with it);
 * - every node's subtreeMaxSize is the largest block size in its subtree, after every call.
 * Node ownership: clip frees the node of a fully used block and takes the caller's spare for a
 * split; mergeOrAdd either links the given node or frees it (and a neighbour it absorbs) back to
 * the design's NodeAllocator.
 */
import type { NodeAllocator } from '../alloc/node-allocator.js';
import { RbTree, validateRbTree } from './rbtree.js';
import { VmapAreaNode, augmentSubtreeMaxSize } from './vmap-area.js';

/** va_clip's four cases: full fit, left edge, right edge, no edge. */
export type ClipKind = 'FL' | 'LE' | 'RE' | 'NE';

function alignUp(x: number, align: number): number {
  return Math.ceil(x / align) * align;
}

export class FreeTree {
  readonly tree = new RbTree<VmapAreaNode>(augmentSubtreeMaxSize);

  constructor(private readonly nodes: NodeAllocator<VmapAreaNode>) {}

  get count(): number {
    return this.tree.size;
  }

  /** Links a fresh block [start, end) that touches nothing (the initial space). */
  addBlock(va: VmapAreaNode): void {
    const linked = this.mergeOrAdd(va);
    if (linked !== va) throw new Error(`vmalloc bug: ${va} touched a free block when added`);
  }

  /**
   * find_vmap_lowest_match, exact for every align: the lowest block that holds `size` bytes at
   * an aligned address >= vstart. In-order walk that skips a subtree whose largest block is below
   * `size`, and a left subtree when vstart is at or past the node's start (all of it lies below).
   */
  lowestFit(size: number, align: number, vstart: number): { va: VmapAreaNode; addr: number } | null {
    const visit = (n: VmapAreaNode | null): { va: VmapAreaNode; addr: number } | null => {
      if (n === null) return null;
      // Stryker disable next-line ConditionalExpression: pruning only (performance-only): a subtree whose largest block is below size holds no fit, so visiting it would find nothing
      if (n.subtreeMaxSize < size) return null;
      // Stryker disable next-line EqualityOperator,ConditionalExpression: pruning only (performance-only): left blocks end before n.start <= vstart, so none holds an address >= vstart
      if (vstart < n.start) {
        const found = visit(n.left);
        if (found !== null) return found;
      }
      const addr = alignUp(Math.max(n.start, vstart), align);
      if (n.end - addr >= size) return { va: n, addr }; // size > 0, so this also means addr < n.end
      return visit(n.right);
    };
    return visit(this.tree.root);
  }

  /** va_clip: takes [addr, addr + size) out of block va; `spare` becomes the left part of a split. */
  clip(va: VmapAreaNode, addr: number, size: number, spare: VmapAreaNode | null): ClipKind {
    const end = addr + size;
    if (addr < va.start || end > va.end) throw new Error(`vmalloc bug: [0x${addr.toString(16)}, 0x${end.toString(16)}) is not inside ${va}`);
    if (va.start === addr && va.end === end) {
      this.tree.erase(va);
      this.nodes.free(va);
      return 'FL';
    }
    if (va.start === addr) {
      va.start = end;
      // Stryker disable next-line BooleanLiteral: stopping at the first unchanged subtree_max_size is exact (the ancestors' inputs did not change); walking to the root only costs time (performance-only)
      this.tree.propagate(va, true);
      return 'LE';
    }
    if (va.end === end) {
      va.end = addr;
      // Stryker disable next-line BooleanLiteral: stopping at the first unchanged subtree_max_size is exact (the ancestors' inputs did not change); walking to the root only costs time (performance-only)
      this.tree.propagate(va, true);
      return 'RE';
    }
    if (spare === null) throw new Error('vmalloc bug: a no-edge clip without a preloaded node');
    spare.start = va.start;
    spare.end = addr;
    va.start = end;
    // Stryker disable next-line BooleanLiteral: stopping at the first unchanged subtree_max_size is exact (the ancestors' inputs did not change); walking to the root only costs time (performance-only)
    this.tree.propagate(va, true);
    this.tree.insertBefore(spare, va);
    return 'NE';
  }

  /**
   * merge_or_add_vmap_area: va joins the free space, merged with a block it exactly touches on
   * either side. Returns the block that now holds it (va itself, or the neighbour it merged into,
   * in which case va is freed). An overlap with a free block is a bug (the kernel WARNs).
   */
  mergeOrAdd(va: VmapAreaNode): VmapAreaNode {
    let parent: VmapAreaNode | null = null;
    // Stryker disable next-line BooleanLiteral: read only when the loop ran (parent !== null), and every iteration assigns it
    let asLeft = false;
    let prev: VmapAreaNode | null = null;
    let next: VmapAreaNode | null = null;
    for (let n = this.tree.root; n !== null; ) {
      parent = n;
      if (va.end <= n.start) {
        next = n;
        asLeft = true;
        n = n.left;
      } else if (va.start >= n.end) {
        prev = n;
        asLeft = false;
        n = n.right;
      } else {
        throw new Error(`vmalloc bug: freeing ${va} overlaps free ${n}`);
      }
    }
    const intoPrev = prev !== null && prev.end === va.start ? prev : null;
    const intoNext = next !== null && next.start === va.end ? next : null;
    if (intoPrev !== null && intoNext !== null) {
      const end = intoNext.end;
      this.tree.erase(intoNext);
      this.nodes.free(intoNext);
      return this.extend(intoPrev, va, intoPrev.start, end);
    }
    if (intoNext !== null) return this.extend(intoNext, va, va.start, intoNext.end);
    if (intoPrev !== null) return this.extend(intoPrev, va, intoPrev.start, va.end);
    this.tree.insertAt(va, parent, asLeft);
    return va;
  }

  /** pvm_find_va_enclose_addr: the last block starting at or below addr, or null. */
  findEnclosing(addr: number): VmapAreaNode | null {
    let found: VmapAreaNode | null = null;
    for (let n = this.tree.root; n !== null; ) {
      if (n.start <= addr) {
        found = n;
        n = n.right;
      } else {
        n = n.left;
      }
    }
    return found;
  }

  prev(va: VmapAreaNode): VmapAreaNode | null {
    return this.tree.prev(va);
  }

  blocks(): { start: number; end: number }[] {
    const out: { start: number; end: number }[] = [];
    this.tree.forEach((n) => out.push({ start: n.start, end: n.end }));
    return out;
  }

  validate(): void {
    validateRbTree(this.tree, (n) => {
      if (!(n.start < n.end)) throw new Error(`free tree: empty block ${n}`);
      const expected = Math.max(n.size, n.left?.subtreeMaxSize ?? 0, n.right?.subtreeMaxSize ?? 0);
      if (n.subtreeMaxSize !== expected) throw new Error(`free tree: ${n} has subtree_max_size ${n.subtreeMaxSize}, its subtree's largest block is ${expected}`);
    });
    let prev: VmapAreaNode | null = null;
    this.tree.forEach((n) => {
      if (prev !== null && prev.end >= n.start) throw new Error(`free tree: ${prev} and ${n} ${prev.end === n.start ? 'touch' : 'overlap or are out of order'}`);
      prev = n;
    });
  }

  /** `into` (a linked block) becomes [start, end), absorbing va, which is freed. */
  private extend(into: VmapAreaNode, va: VmapAreaNode, start: number, end: number): VmapAreaNode {
    into.start = start;
    into.end = end;
    this.nodes.free(va);
    // Stryker disable next-line BooleanLiteral: stopping at the first unchanged subtree_max_size is exact (the ancestors' inputs did not change); walking to the root only costs time (performance-only)
    this.tree.propagate(into, true);
    return into;
  }
}
