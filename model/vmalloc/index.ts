/**
 * The vmalloc reference model (research/vmalloc-model.md §8): VmallocModel over sorted interval
 * lists. This barrel only re-exports; nothing here imports code from impl/.
 */
export { VmallocModel, emptyModelStats } from './vmalloc-model.js';
export type { ClipKind, ModelVmallocStats } from './vmalloc-model.js';
export { highestCongruentBase } from './pcpu-base.js';
export { checkVmallocSets } from './area-list.js';
export type { ModelArea } from './area-list.js';
