/**
 * The simulated address space (the kernel's mm_struct): VMAs in a maple tree made with the
 * alloc-range flag (as mm_mt is), the program break, and the debug options of the munmap path.
 *
 * Invariants (checked by mm_validate):
 * - the tree maps every VMA's [start, end - 1] to that VMA object and nothing else; VMAs do not
 *   overlap and lie in [MMAP_MIN_ADDR, TASK_SIZE);
 * - start_brk lies in [MMAP_MIN_ADDR, TASK_SIZE] (the constructor refuses anything else), so every
 *   VMA an operation makes starts at MMAP_MIN_ADDR or above;
 * - no two neighbouring VMAs could merge (every operation merges at the boundaries it touches);
 * - start_brk <= brk, and the tree itself passes mt_validate.
 */
import type { FaultPlan } from '../alloc/node-allocator.js';
import { MT_FLAGS_ALLOC_RANGE, mt_for_each, mt_init_flags, mt_validate, type MapleTree } from '../maple/index.js';
import { MMAP_MIN_ADDR, TASK_SIZE, Vma, canMerge } from './vma.js';

/**
 * Which index range the munmap cross-check walks in the side tree. 'count' is right: the side tree
 * is indexed by count (seeds/004, patch 04). 'address' is the bug reported after that patch: the
 * check still walks [start, end - 1] and hits BUG_ON. Only oracle tests select it.
 */
export type SideTreeCheckRange = 'count' | 'address';

export interface MmOptions {
  faultPlan?: FaultPlan;
  startBrk?: number;
  sideTreeCheckRange?: SideTreeCheckRange;
}

export const DEFAULT_START_BRK = 0x1000000;

export class MmStruct {
  readonly tree: MapleTree;
  startBrk: number;
  brk: number;
  readonly mmapBase = TASK_SIZE;
  readonly sideTreeCheckRange: SideTreeCheckRange;
  /** Statistics: side-tree node allocations over all munmaps, and munmaps done. */
  sideTreeNodes = 0;
  munmaps = 0;

  /** Throws RangeError for a start_brk outside [MMAP_MIN_ADDR, TASK_SIZE]: its heap could never be valid. */
  constructor(options: MmOptions = {}) {
    const startBrk = options.startBrk ?? DEFAULT_START_BRK;
    if (!Number.isSafeInteger(startBrk) || startBrk < MMAP_MIN_ADDR || startBrk > TASK_SIZE) {
      throw new RangeError(`start_brk ${startBrk} is not an integer in [MMAP_MIN_ADDR, TASK_SIZE]`);
    }
    // No plan given: the allocator's default (fail nothing).
    this.tree = mt_init_flags(MT_FLAGS_ALLOC_RANGE, { faultPlan: options.faultPlan });
    this.startBrk = startBrk;
    this.brk = this.startBrk;
    this.sideTreeCheckRange = options.sideTreeCheckRange ?? 'count';
  }
}

export class MmValidationError extends Error {
  constructor(message: string) {
    super(`mm invalid: ${message}`);
    this.name = 'MmValidationError';
  }
}

/** The VMAs in address order. */
export function mm_vmas(mm: MmStruct): Vma[] {
  return [...mt_for_each(mm.tree)].map((e) => e.entry as Vma);
}

export function mm_validate(mm: MmStruct): void {
  mt_validate(mm.tree);
  let prev: Vma | null = null;
  for (const { first, last, entry } of mt_for_each(mm.tree)) {
    if (!(entry instanceof Vma)) throw new MmValidationError(`[${first}, ${last}] holds ${String(entry)}`);
    if (entry.start !== first || entry.end - 1 !== last) throw new MmValidationError(`${entry} is stored over [${first}, ${last}]`);
    // start < end needs no check of its own: the line above pinned [start, end - 1] to a stored range.
    if (entry.start < MMAP_MIN_ADDR || entry.end > TASK_SIZE) throw new MmValidationError(`${entry} out of bounds`);
    if (prev !== null && canMerge(prev, entry)) throw new MmValidationError(`${prev} and ${entry} should have merged`);
    prev = entry;
  }
  if (mm.brk < mm.startBrk) throw new MmValidationError(`brk ${mm.brk} below start_brk ${mm.startBrk}`);
}
