/**
 * mprotect: give [start, start + len) new flags, splitting the VMAs at the edges and merging the
 * changed VMAs with each other and with compatible neighbours.
 *
 * Invariants: -EINVAL for a bad start or length; -ENOMEM, with nothing changed, when part of the
 * range is not mapped (unlike the kernel, which may have changed the part before the hole) or when
 * nodes cannot be had; 0 otherwise. A length of 0 changes nothing and returns 0.
 */
import { EINVAL, ENOMEM } from '../errno.js';
import { mt_for_each } from '../maple/index.js';
import type { MmStruct } from './mm.js';
import { split_edges, vma_at } from './munmap.js';
import { TreeTxn } from './tree-txn.js';
import { TASK_SIZE, Vma, canMerge, pageAlign, pageAligned } from './vma.js';

export function do_mprotect(mm: MmStruct, start: number, len: number, flags: number): number {
  if (!pageAligned(start) || !Number.isSafeInteger(flags) || flags < 0) return -EINVAL;
  const size = pageAlign(len);
  // Also refuses a start above TASK_SIZE, even with length 0: TASK_SIZE - start is negative.
  if (Number.isNaN(size) || size > TASK_SIZE - start) return -EINVAL;
  if (size === 0) return 0;
  const end = start + size;
  // Every page of the range must be mapped.
  let covered = start;
  // Stryker disable next-line ArithmeticOperator: a VMA starting at end follows either a hole (-ENOMEM either way) or full coverage (covered only moves past end)
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
  const prev = vma_at(mm, start - 1);
  const next = vma_at(mm, end);
  const run: Vma[] = [];
  for (const vma of [...(prev !== null ? [prev] : []), ...changed, ...(next !== null ? [next] : [])]) {
    const top = run.at(-1);
    if (top !== undefined && canMerge(top, vma)) run[run.length - 1] = new Vma(top.start, vma.end, vma.flags, top.pgoff);
    else run.push(vma);
  }
  for (const vma of run) {
    // An unchanged neighbour needs no store. Performance only: storing it again over its own range
    // writes the same object in place, without a node.
    // Stryker disable next-line ConditionalExpression,LogicalOperator: performance only (see above)
    if (vma === prev || vma === next) continue;
    const ret = txn.store(vma.start, vma.end - 1, vma);
    if (ret !== 0) {
      txn.rollback();
      return ret;
    }
  }
  txn.commit();
  return 0;
}
