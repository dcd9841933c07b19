/**
 * Virtual memory areas and the address-space constants of the simulated mm.
 *
 * Invariants:
 * - A Vma is immutable: [start, end) is page aligned, start < end, inside [MMAP_MIN_ADDR,
 *   TASK_SIZE]; a change to a VMA makes a new object, so the object the maple tree holds for a range
 *   always describes exactly that range (the tree is the one source of truth).
 * - Two VMAs merge only when they touch, have the same flags and their page offsets continue
 *   (prev.pgoff + pages(prev) === next.pgoff), as vma_merge requires (is_mergeable_vma).
 */
export const PAGE_SIZE = 4096;
/** The top of the user address space (x86-64 with 4-level paging). */
export const TASK_SIZE = 2 ** 47;
/** The lowest address mmap will map (vm.mmap_min_addr). */
export const MMAP_MIN_ADDR = 65536;

export const VM_READ = 1;
export const VM_WRITE = 2;
export const VM_EXEC = 4;

let nextVmaId = 1;

export class Vma {
  readonly id = nextVmaId++;
  constructor(
    readonly start: number,
    readonly end: number,
    readonly flags: number,
    readonly pgoff: number,
  ) {}

  get pages(): number {
    return (this.end - this.start) / PAGE_SIZE;
  }

  /** The part [start, end) of this VMA, as a new VMA with the page offset that part has. */
  slice(start: number, end: number): Vma {
    return new Vma(start, end, this.flags, this.pgoff + (start - this.start) / PAGE_SIZE);
  }

  withFlags(flags: number): Vma {
    return new Vma(this.start, this.end, flags, this.pgoff);
  }

  toString(): string {
    return `vma#${this.id}[${hex(this.start)}, ${hex(this.end)}) flags ${this.flags} pgoff ${this.pgoff}`;
  }
}

export function hex(x: number): string {
  return `0x${x.toString(16)}`;
}

/** Can `a` (below) and `b` (above) be one VMA? */
export function canMerge(a: Vma, b: Vma): boolean {
  return a.end === b.start && a.flags === b.flags && a.pgoff + a.pages === b.pgoff;
}

export function pageAligned(x: number): boolean {
  return Number.isSafeInteger(x) && x >= 0 && x % PAGE_SIZE === 0;
}

/** PAGE_ALIGN: rounds a length up to whole pages (NaN for a bad length). */
export function pageAlign(len: number): number {
  if (!Number.isSafeInteger(len) || len < 0) return NaN;
  return Math.ceil(len / PAGE_SIZE) * PAGE_SIZE;
}
