/**
 * Reference model of the simulated address space (impl/mm): a sorted list of VMAs
 * {start, end, flags, pgoff}, changed by whole-list operations written to be obviously correct:
 * cut a range out, put a VMA in, then merge every pair of neighbours that can be one VMA.
 *
 * It imports nothing from impl/ (it is the oracle). Its contract, which impl/mm must match:
 * - sizes are page-rounded; an address or length that is not a safe integer, an unaligned start,
 *   a zero length, or a range past TASK_SIZE is -EINVAL (mmap: a fixed range outside
 *   [MMAP_MIN_ADDR, TASK_SIZE] is -ENOMEM);
 * - mmap without MAP_FIXED uses the hint when it is aligned, in bounds and free, else the highest
 *   free window in [MMAP_MIN_ADDR, TASK_SIZE); -ENOMEM if none; anonymous pgoff = addr / PAGE_SIZE;
 * - mprotect needs every page of its range mapped (-ENOMEM otherwise, nothing changed);
 * - brk returns the new break, or the old one when the request is below start_brk, above TASK_SIZE,
 *   or collides with a mapping; the heap is read-write anonymous memory;
 * - after every operation no two neighbouring VMAs could merge (same flags, touching, page offsets
 *   continuing).
 */
import { EINVAL, ENOMEM } from './errno.js';

export const MODEL_PAGE_SIZE = 4096;
export const MODEL_TASK_SIZE = 2 ** 47;
export const MODEL_MMAP_MIN_ADDR = 65536;
export const MODEL_BRK_FLAGS = 3;

export interface ModelVma {
  start: number;
  end: number;
  flags: number;
  pgoff: number;
}

const aligned = (x: number): boolean => Number.isSafeInteger(x) && x >= 0 && x % MODEL_PAGE_SIZE === 0;
const roundUp = (len: number): number =>
  Number.isSafeInteger(len) && len >= 0 ? Math.ceil(len / MODEL_PAGE_SIZE) * MODEL_PAGE_SIZE : NaN;
const goodFlags = (f: number): boolean => Number.isSafeInteger(f) && f >= 0;

export class AddressSpaceModel {
  private list: ModelVma[] = [];
  readonly startBrk: number;
  brk: number;

  constructor(startBrk = 0x1000000) {
    this.startBrk = startBrk;
    this.brk = startBrk;
  }

  vmas(): ModelVma[] {
    return this.list.map((v) => ({ ...v }));
  }

  /** True when no VMA touches any page of [start, end). */
  isFree(start: number, end: number): boolean {
    return this.list.every((v) => v.end <= start || v.start >= end);
  }

  mmap(addr: number, len: number, flags: number, fixed: boolean, pgoff?: number): number {
    const size = roundUp(len);
    if (Number.isNaN(size) || size === 0 || !goodFlags(flags)) return -EINVAL;
    if (pgoff !== undefined && !(Number.isSafeInteger(pgoff) && pgoff >= 0)) return -EINVAL;
    if (size > MODEL_TASK_SIZE) return -ENOMEM;
    let start: number;
    if (fixed) {
      if (!aligned(addr)) return -EINVAL;
      if (addr < MODEL_MMAP_MIN_ADDR || addr + size > MODEL_TASK_SIZE) return -ENOMEM;
      start = addr;
    } else if (aligned(addr) && addr >= MODEL_MMAP_MIN_ADDR && addr + size <= MODEL_TASK_SIZE && this.isFree(addr, addr + size)) {
      start = addr;
    } else {
      const found = this.highestFree(size);
      if (found === null) return -ENOMEM;
      start = found;
    }
    this.cut(start, start + size);
    this.list.push({ start, end: start + size, flags, pgoff: pgoff ?? start / MODEL_PAGE_SIZE });
    this.normalise();
    return start;
  }

  munmap(start: number, len: number): number {
    const size = roundUp(len);
    if (!aligned(start) || start > MODEL_TASK_SIZE || Number.isNaN(size) || size === 0 || size > MODEL_TASK_SIZE - start) return -EINVAL;
    this.cut(start, start + size);
    this.normalise();
    return 0;
  }

  mprotect(start: number, len: number, flags: number): number {
    const size = roundUp(len);
    if (!aligned(start) || start > MODEL_TASK_SIZE || !goodFlags(flags) || Number.isNaN(size) || size > MODEL_TASK_SIZE - start) return -EINVAL;
    if (size === 0) return 0;
    const end = start + size;
    // Every page mapped: the overlapping VMAs, in order, must tile [start, end).
    let covered = start;
    for (const v of this.list) {
      if (v.end <= start || v.start >= end) continue;
      if (v.start > covered) return -ENOMEM;
      covered = v.end;
    }
    if (covered < end) return -ENOMEM;
    const inside = this.list.filter((v) => v.end > start && v.start < end);
    this.cut(start, end);
    for (const v of inside) {
      const s = Math.max(v.start, start);
      const e = Math.min(v.end, end);
      this.list.push({ start: s, end: e, flags, pgoff: v.pgoff + (s - v.start) / MODEL_PAGE_SIZE });
    }
    this.normalise();
    return 0;
  }

  brkTo(newBrk: number): number {
    if (!Number.isSafeInteger(newBrk) || newBrk < this.startBrk || newBrk > MODEL_TASK_SIZE) return this.brk;
    const oldEnd = roundUp(this.brk);
    const newEnd = roundUp(newBrk);
    if (newEnd < oldEnd) {
      this.cut(newEnd, oldEnd);
    } else if (newEnd > oldEnd) {
      if (!this.isFree(oldEnd, newEnd)) return this.brk;
      this.list.push({ start: oldEnd, end: newEnd, flags: MODEL_BRK_FLAGS, pgoff: oldEnd / MODEL_PAGE_SIZE });
    }
    this.normalise();
    this.brk = newBrk;
    return newBrk;
  }

  /** The highest start s with [s, s + size) free inside [MMAP_MIN_ADDR, TASK_SIZE), or null. */
  private highestFree(size: number): number | null {
    // The free stretches, highest first: between neighbours, and above the last VMA.
    const sorted = [...this.list].sort((a, b) => a.start - b.start);
    const bounds = [MODEL_MMAP_MIN_ADDR, ...sorted.flatMap((v) => [v.start, v.end]), MODEL_TASK_SIZE];
    for (let k = bounds.length - 2; k >= 0; k -= 2) {
      const lo = Math.max(bounds[k], MODEL_MMAP_MIN_ADDR);
      const hi = bounds[k + 1];
      if (hi - lo >= size) return hi - size;
    }
    return null;
  }

  /** Removes every page of [start, end) from the list, keeping the parts outside. */
  private cut(start: number, end: number): void {
    const out: ModelVma[] = [];
    for (const v of this.list) {
      if (v.end <= start || v.start >= end) {
        out.push(v);
        continue;
      }
      if (v.start < start) out.push({ ...v, end: start });
      if (v.end > end) out.push({ start: end, end: v.end, flags: v.flags, pgoff: v.pgoff + (end - v.start) / MODEL_PAGE_SIZE });
    }
    this.list = out;
  }

  /** Sorts, then merges every pair of neighbours that can be one VMA. */
  private normalise(): void {
    this.list.sort((a, b) => a.start - b.start);
    const out: ModelVma[] = [];
    for (const v of this.list) {
      const top = out.at(-1);
      if (top !== undefined && top.end === v.start && top.flags === v.flags && top.pgoff + (top.end - top.start) / MODEL_PAGE_SIZE === v.pgoff) {
        top.end = v.end;
      } else {
        out.push({ ...v });
      }
    }
    this.list = out;
  }
}
