/**
 * impl/maple: a maple tree with the kernel's geometry and behaviour. Normal API (mtree_* and mt_*),
 * advanced API (mas_*) on a MaState, mt_validate and mt_dump. See docs/semantics.md.
 */
export * from './constants.js';
export {
  XA_RETRY_ENTRY,
  XA_ZERO_ENTRY,
  MapleInputError,
  MapleInternalEntry,
  isReservedEntry,
  isValidIndex,
} from './entry.js';
export { MapleNode } from './node.js';
export { MapleTree, mt_init_flags, mt_is_alloc, mt_in_rcu, mt_set_in_rcu, mt_clear_in_rcu, mt_height, newNodeAllocator, type MapleTreeOptions } from './tree.js';
export {
  MaState,
  MA_STATE,
  mas_set,
  mas_set_range,
  mas_reset,
  mas_pause,
  mas_is_err,
  type MaStatus,
} from './state.js';
export * from './advanced-api.js';
export { mas_empty_area, mas_empty_area_rev } from './gap.js';
export * from './normal-api.js';
export { mt_validate, MapleValidationError, type TreeFigures } from './validate.js';
export { mt_dump, describeEntry } from './dump.js';
export { STORE_TYPES, mas_wr_store, mas_nomem, type StoreType, type StoreOutcome } from './write.js';
export { mas_prealloc_calc, mas_worst_case_count, REFINED_PREALLOC, WORST_CASE_PREALLOC, type PreallocPolicy } from './prealloc.js';
export { MapleLock, LockMisuseError } from './lock.js';
export { PreallocExhaustedError, PreallocShortError } from './node-pool.js';
export { mas_preallocate, mas_store_prealloc, mas_destroy, mas_allocated, mas_prealloc_record, type PreallocRecord } from './prealloc-api.js';
