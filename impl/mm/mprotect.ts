/**
 * mprotect: give [start, start + len) new flags, splitting the VMAs at the edges and merging the
 * changed VMAs with each other and with compatible neighbours.
 *
 * Invariants: -EINVAL for a bad start or length; -ENOMEM, with nothing changed, when part of the
 * range is not mapped (unlike the kernel, which may have changed the part before the hole) or when
 * nodes cannot be had; 0 otherwise. A length of 0 changes nothing and returns 0.
 */
import { EINVAL, ENOMEM } from '../errno.js';
import { mt_for_each, mtree_load } from '../maple/index.js';
import type { MmStruct } from './mm.js';
import { split_edges } from './munmap.js';
import { TreeTxn } from './tree-txn.js';
import { TASK_SIZE, Vma, canMerge, pageAlign, pageAligned } from './vma.js';

export function do_mprotect(mm: MmStruct, start: number, len: number, flags: number): number {
  if (!pageAligned(start) || start > TASK_SIZE || !Number.isSafeInteger(flags) || flags < 0) return -EINVAL;
  const size = pageAlign(len);
  if (Number.isNaN(size) || size > TASK_SIZE - start) return -EINVAL;
  if (size === 0) return 0;
  const end = start + size;
  // Every page of the range must be mapped.
  let covered = start;
  for (const { entry } of mt_for_each(mm.tree, start, end - 1)) {
    const vma = entry as Vma;
    if (vma.start > covered) return -ENOMEM;
    covered = vma.end;
  }
  if (covered < end) return -ENOMEM;

  const txn = new TreeTxn(mm.tree);
  const split = split_edges(mm, txn, start, end);
  if (split !== 0) {
    txn.rollback();
    return split;
  }
  // The changed VMAs, with the neighbours they may merge with at both ends.
  const changed = [...mt_for_each(mm.tree, start, end - 1)].map((e) => (e.entry as Vma).withFlags(flags));
  const prev = start > 0 ? (mtree_load(mm.tree, start - 1) as Vma | null) : null;
  const next = end < TASK_SIZE ? (mtree_load(mm.tree, end) as Vma | null) : null;
  const run: Vma[] = [];
  for (const vma of [...(prev !== null ? [prev] : []), ...changed, ...(next !== null ? [next] : [])]) {
    const top = run.at(-1);
    if (top !== undefined && canMerge(top, vma)) run[run.length - 1] = new Vma(top.start, vma.end, vma.flags, top.pgoff);
    else run.push(vma);
  }
  for (const vma of run) {
    if (vma === prev || vma === next) continue; // unchanged neighbour
    const ret = txn.store(vma.start, vma.end - 1, vma);
    if (ret !== 0) {
      txn.rollback();
      return ret;
    }
  }
  txn.commit();
  return 0;
}
