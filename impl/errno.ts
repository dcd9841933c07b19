/**
 * Kernel error numbers used by the port layer.
 *
 * Invariant: every int-returning port function returns 0 or the negative of one of these; a thrown
 * JavaScript exception is never a result, it is the kernel's BUG_ON (a bug in impl/ or misuse).
 */
/** alloc_vmap_area's internal "no free block fits" and "the fit ends past vend" (never returned). */
export const ENOENT = 2;
export const ERANGE = 34;
export const ENOMEM = 12;
export const EBUSY = 16;
export const EEXIST = 17;
export const EINVAL = 22;
