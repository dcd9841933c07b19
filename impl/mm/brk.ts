/**
 * brk: move the program break. Growing maps [old, new) (page-rounded) as read-write anonymous
 * memory after the break, merging with the heap VMA; shrinking unmaps through the munmap path.
 *
 * Invariants: returns the new break on success and the unchanged break on any failure (a request
 * below start_brk, a collision with another mapping, no memory), as the brk system call does; a
 * failed brk changes nothing.
 */
import { ACTIVE_BUG } from '../bugs/switch.js';
import { mt_for_each } from '../maple/index.js';
import type { MmStruct } from './mm.js';
import { mmap_region } from './mmap.js';
import { do_munmap } from './munmap.js';
import { PAGE_SIZE, VM_READ, VM_WRITE, pageAlign } from './vma.js';

export const BRK_FLAGS = VM_READ | VM_WRITE;

export function do_brk(mm: MmStruct, newBrk: number): number {
  if (!Number.isSafeInteger(newBrk) || newBrk < mm.startBrk || newBrk > mm.mmapBase) return mm.brk;
  const oldEnd = pageAlign(mm.brk);
  const newEnd = pageAlign(newBrk);
  if (newEnd < oldEnd) {
    if (do_munmap(mm, newEnd, oldEnd - newEnd) !== 0) return mm.brk;
  } else if (newEnd > oldEnd) {
    if (mt_for_each(mm.tree, oldEnd, newEnd - 1).next().done !== true) return mm.brk;
    // Bug catalogue: brk-expand-fail-return goes on as if the store had worked.
    if (mmap_region(mm, oldEnd, newEnd, BRK_FLAGS, oldEnd / PAGE_SIZE) !== 0 && ACTIVE_BUG !== 'brk-expand-fail-return') return mm.brk;
  }
  mm.brk = newBrk;
  return newBrk;
}
