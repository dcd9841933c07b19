/**
 * Geometry of maple nodes, as in include/linux/maple_tree.h (64-bit).
 *
 * Invariant: algorithms never use a literal slot count; they read these tables by node type, so a
 * change of geometry lands in one place (and a mutant of it is killed by every test at once).
 *
 *   maple_range_64  (internal, plain trees)   16 slots, 15 pivots
 *   maple_leaf_64   (leaves, every tree)      16 slots, 15 pivots
 *   maple_arange_64 (internal, alloc trees)   10 slots,  9 pivots, 10 gaps
 *
 * A node covering [min, max] splits it into slots: slot i covers (pivot[i-1], pivot[i]], slot 0
 * starts at min and the last used slot ends at max (its pivot, if it has one, equals max).
 */
export type MapleType = 'leaf_64' | 'range_64' | 'arange_64';

export const MAPLE_RANGE64_SLOTS = 16;
export const MAPLE_ARANGE64_SLOTS = 10;

export const MT_SLOTS: Readonly<Record<MapleType, number>> = {
  leaf_64: MAPLE_RANGE64_SLOTS,
  range_64: MAPLE_RANGE64_SLOTS,
  arange_64: MAPLE_ARANGE64_SLOTS,
};

export const MT_PIVOTS: Readonly<Record<MapleType, number>> = {
  leaf_64: MAPLE_RANGE64_SLOTS - 1,
  range_64: MAPLE_RANGE64_SLOTS - 1,
  arange_64: MAPLE_ARANGE64_SLOTS - 1,
};

/**
 * Minimum data end (offset of the last used slot) of a node that is not the root, as the kernel's
 * mt_min_slots[]: a range_64/leaf_64 node holds at least 7 slots, an arange_64 node at least 5.
 */
export const MT_MIN_SLOTS: Readonly<Record<MapleType, number>> = {
  leaf_64: MAPLE_RANGE64_SLOTS / 2 - 2,
  range_64: MAPLE_RANGE64_SLOTS / 2 - 2,
  arange_64: MAPLE_ARANGE64_SLOTS / 2 - 1,
};

/** The largest index: plays ULONG_MAX. Every `x + 1` on an index must check for it first. */
export const MAX_INDEX = Number.MAX_SAFE_INTEGER;

/** Tree flags (include/linux/maple_tree.h). */
export const MT_FLAGS_ALLOC_RANGE = 0x01;
export const MT_FLAGS_USE_RCU = 0x02;

/** The maximum height a tree may reach (MAPLE_HEIGHT_MAX). */
export const MAPLE_HEIGHT_MAX = 31;
