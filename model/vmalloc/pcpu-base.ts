/**
 * The model's answer to pcpu_get_vm_areas' search, stated declaratively: the highest base b such
 * that b is a multiple of align, lo <= b, b + max(offsets[i] + sizes[i]) <= hi, and every area
 * [b + offsets[i], b + offsets[i] + sizes[i]) lies inside one free block.
 *
 * Why only a few bases need checking: at the highest valid base b, either b is the cap
 * hi - lastEnd, or moving up by align breaks some area i out of the block F it sits in. Moving up
 * keeps its start inside F, so it must be its end that leaves: b = alignDown(F.end - end_i). The
 * candidates are therefore the cap and alignDown(F.end - end_i) for every block F and area i; the
 * highest candidate that is valid is the answer. (The kernel's downward walk in mm/vmalloc.c finds
 * the same base by moving it down step by step; impl/rbtree does that walk, so the two differ in
 * method and must agree in result.)
 *
 * O(blocks * areas) candidates, each checked in O(areas * log blocks): fine for an oracle.
 */
import { indexContaining, type ModelArea } from './area-list.js';

function alignDown(x: number, align: number): number {
  return Math.floor(x / align) * align;
}

export function highestCongruentBase(
  free: readonly ModelArea[],
  offsets: readonly number[],
  sizes: readonly number[],
  align: number,
  lo: number,
  hi: number,
): number | null {
  const ends = offsets.map((off, i) => off + sizes[i]);
  const lastEnd = Math.max(...ends);
  const cap = hi - lastEnd;
  const candidates = new Set<number>([cap]);
  for (const block of free) {
    for (const end of ends) {
      const b = alignDown(block.end - end, align);
      if (b >= lo && b <= cap) candidates.add(b);
    }
  }
  const fits = (b: number): boolean =>
    offsets.every((off, i) => {
      const k = indexContaining(free, b + off);
      return k >= 0 && free[k].end >= b + ends[i];
    });
  for (const b of [...candidates].sort((x, y) => y - x)) {
    if (b >= lo && fits(b)) return b;
  }
  return null;
}
