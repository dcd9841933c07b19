/**
 * The rb-tree vmalloc design (upstream mm/vmalloc.c): the augmented red-black tree and the
 * allocator built on it. This barrel only re-exports.
 */
export { RbTree, validateRbTree } from './rbtree.js';
export type { Augment, RbNode } from './rbtree.js';
export { VmapAreaNode, augmentSubtreeMaxSize } from './vmap-area.js';
export { FreeTree } from './free-tree.js';
export type { ClipKind } from './free-tree.js';
export { BusyTree } from './busy-tree.js';
export { RbVmapAllocator } from './rbtree-vmalloc.js';
export type { RbVmallocOptions } from './rbtree-vmalloc.js';
