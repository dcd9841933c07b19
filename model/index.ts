/**
 * The reference model of the maple tree (docs/semantics.md): an O(n) sorted interval list
 * (IntervalMap) for the normal API and a cursor over it (ModelCursor) for the advanced API.
 *
 * Invariant: this barrel only re-exports; the model never imports from impl/, so the oracle and
 * the implementation under test share no code.
 */
export {
  EBUSY,
  EEXIST,
  EINVAL,
  ENOMEM,
  MODEL_MAX_INDEX,
  MODEL_MAX_SIZE,
  ModelInputError,
  describeValue,
  isIndex,
  isRange,
  isSize,
  requireIndex,
  toIndex,
} from './errno.js';
export { IntervalMap } from './interval-list.js';
export type { Interval, IntervalMapOptions, ModelRange } from './interval-list.js';
export { ModelCursor } from './cursor.js';
export type { ModelStatus } from './cursor.js';
export { AddressSpaceModel, MODEL_PAGE_SIZE, MODEL_TASK_SIZE, MODEL_MMAP_MIN_ADDR, MODEL_BRK_FLAGS } from './address-space.js';
export type { ModelVma } from './address-space.js';
