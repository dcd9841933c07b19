/** The gap-based maple vmalloc design ('maple-gap'); see gap-vmalloc.ts. */
export { GapVmalloc } from './gap-vmalloc.js';
export { OccupiedTree, type GapFit } from '../common/occupied-tree.js';
