/** The RFC's two-tree maple vmalloc design ('maple-two-tree'); see two-tree-vmalloc.ts. */
export { TwoTreeVmalloc, type TwoTreePreload, type TwoTreeStats } from './two-tree-vmalloc.js';
export { FreeTree, FREE_BLOCK, clipKind, type ClipKind, type Fit } from './free-tree.js';
export { BusyTree } from './busy-tree.js';
export { PercpuCache, type CacheStats } from './percpu-cache.js';
