/** impl/mm: a simulated address space on the maple tree (mmap, munmap, mprotect, brk). */
export * from './vma.js';
export * from './mm.js';
export { do_munmap, vma_at, SideTreeMismatchError } from './munmap.js';
export { do_mmap, get_unmapped_area, type MmapRequest } from './mmap.js';
export { do_mprotect } from './mprotect.js';
export { do_brk, BRK_FLAGS } from './brk.js';
export { TreeTxn } from './tree-txn.js';
