/**
 * mmap: map [addr, addr + len) at a fixed address (MAP_FIXED: whatever is there is unmapped
 * through the munmap path first) or at a free one (the hint if it is free, else the highest free
 * window below mmap_base: get_unmapped_area's top-down search), merging the new VMA with
 * compatible neighbours (vma_merge).
 *
 * Invariants: returns the address mapped, or -EINVAL (bad arguments) / -ENOMEM (no room, or no
 * memory for nodes); on any error the address space is exactly as before: the unmapping of a
 * MAP_FIXED range is rolled back too.
 */
import { EBUSY, EINVAL, ENOMEM } from '../errno.js';
import { MA_STATE, mas_empty_area_rev, mt_for_each, mtree_destroy } from '../maple/index.js';
import type { MmStruct } from './mm.js';
import { vma_at, vms_gather } from './munmap.js';
import { TreeTxn } from './tree-txn.js';
import { MMAP_MIN_ADDR, PAGE_SIZE, TASK_SIZE, Vma, canMerge, pageAlign, pageAligned } from './vma.js';

export interface MmapRequest {
  addr: number;
  len: number;
  flags: number;
  fixed: boolean;
  /** Page offset for file-like mappings; anonymous mappings take addr / PAGE_SIZE. */
  pgoff?: number;
}

function rangeIsFree(mm: MmStruct, start: number, end: number): boolean {
  return mt_for_each(mm.tree, start, end - 1).next().done === true;
}

/** get_unmapped_area: the hint if free and in bounds, else the highest free window; or -ENOMEM. */
export function get_unmapped_area(mm: MmStruct, hint: number, len: number): number {
  const hintFits =
    pageAligned(hint) &&
    hint >= MMAP_MIN_ADDR &&
    // Stryker disable next-line EqualityOperator: a free hint of exactly mmap_base - len is also what the top-down search below returns
    hint <= mm.mmapBase - len &&
    rangeIsFree(mm, hint, hint + len);
  if (hintFits) return hint;
  if (len > mm.mmapBase - MMAP_MIN_ADDR) return -ENOMEM;
  const mas = MA_STATE(mm.tree);
  const ret = mas_empty_area_rev(mas, MMAP_MIN_ADDR, mm.mmapBase - 1, len);
  if (ret === -EBUSY) return -ENOMEM;
  // Stryker disable next-line ConditionalExpression: an assertion; the length check above rules out -EINVAL and a search allocates nothing
  if (ret !== 0) throw new Error(`BUG: empty area search gave ${ret}`);
  return mas.index;
}

export function do_mmap(mm: MmStruct, req: MmapRequest): number {
  const len = pageAlign(req.len);
  if (Number.isNaN(len) || len === 0 || !Number.isSafeInteger(req.flags) || req.flags < 0) return -EINVAL;
  if (req.pgoff !== undefined && (!Number.isSafeInteger(req.pgoff) || req.pgoff < 0)) return -EINVAL;
  if (len > TASK_SIZE) return -ENOMEM;
  let addr: number;
  if (req.fixed) {
    if (!pageAligned(req.addr)) return -EINVAL;
    if (req.addr < MMAP_MIN_ADDR || req.addr > TASK_SIZE - len) return -ENOMEM;
    addr = req.addr;
  } else {
    addr = get_unmapped_area(mm, req.addr, len);
    // Stryker disable next-line EqualityOperator: get_unmapped_area never returns 0 (an address is >= MMAP_MIN_ADDR)
    if (addr < 0) return addr;
  }
  const ret = mmap_region(mm, addr, addr + len, req.flags, req.pgoff ?? addr / PAGE_SIZE);
  return ret === 0 ? addr : ret;
}

/** Maps [start, end) with a VMA of `flags` and `pgoff`, unmapping what is there; 0 or -ENOMEM. */
export function mmap_region(mm: MmStruct, start: number, end: number, flags: number, pgoff: number): number {
  const txn = new TreeTxn(mm.tree);
  let side = null;
  // Stryker disable next-line ConditionalExpression: performance only; gathering a free range splits nothing and builds an empty side tree
  if (!rangeIsFree(mm, start, end)) {
    const gathered = vms_gather(mm, txn, start, end);
    if (typeof gathered === 'number') {
      txn.rollback();
      return gathered;
    }
    side = gathered.side;
  }
  let vma = new Vma(start, end, flags, pgoff);
  // vma_merge: the neighbours are exact now (the edges were split).
  const prev = vma_at(mm, start - 1);
  const next = vma_at(mm, end);
  if (prev !== null && canMerge(prev, vma)) vma = new Vma(prev.start, vma.end, flags, prev.pgoff);
  if (next !== null && canMerge(vma, next)) vma = new Vma(vma.start, next.end, flags, vma.pgoff);
  const ret = txn.store(vma.start, vma.end - 1, vma);
  if (side !== null) mtree_destroy(side);
  if (ret !== 0) {
    txn.rollback();
    return ret;
  }
  txn.commit();
  return 0;
}
