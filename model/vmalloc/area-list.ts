/**
 * Sorted lists of disjoint half-open areas [start, end), the only data structure of the vmalloc
 * model: plain arrays kept sorted by start, with one binary search to find an address.
 *
 * Invariants (the callers keep them; checkSortedDisjoint verifies them):
 * - every area has start < end, both safe integers;
 * - the list is sorted by start and pairwise disjoint: list[k].end <= list[k + 1].start, so the
 *   ends are sorted too and a binary search on them is sound.
 * Inserting an area that overlaps a stored one is a bug of the model (it throws), never a result.
 */

export interface ModelArea {
  readonly start: number;
  readonly end: number;
}

/** The index of the first area whose end is past `addr` (it contains addr, or lies above it). */
export function firstEndingAfter(list: readonly ModelArea[], addr: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (list[mid].end <= addr) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The index of the area containing `addr`, or -1. */
export function indexContaining(list: readonly ModelArea[], addr: number): number {
  const k = firstEndingAfter(list, addr);
  return k < list.length && list[k].start <= addr ? k : -1;
}

/** Inserts `area` at its place; throws if it overlaps a stored area (a bug, not a result). */
export function insertSorted<A extends ModelArea>(list: A[], area: A): number {
  const k = firstEndingAfter(list, area.start);
  if (k < list.length && list[k].start < area.end) {
    throw new Error(`model bug: [${area.start}, ${area.end}) overlaps [${list[k].start}, ${list[k].end})`);
  }
  list.splice(k, 0, area);
  return k;
}

/** Throws naming the first area that breaks the header's invariants; `touching` forbids contact too. */
export function checkSortedDisjoint(what: string, list: readonly ModelArea[], touching: 'allowed' | 'forbidden'): void {
  for (let k = 0; k < list.length; k++) {
    const a = list[k];
    if (!Number.isSafeInteger(a.start) || !Number.isSafeInteger(a.end) || a.start >= a.end) {
      throw new Error(`${what}: bad area [${a.start}, ${a.end})`);
    }
    if (k === 0) continue;
    const prev = list[k - 1];
    if (prev.end > a.start) throw new Error(`${what}: [${prev.start}, ${prev.end}) and [${a.start}, ${a.end}) overlap or are unsorted`);
    if (touching === 'forbidden' && prev.end === a.start) throw new Error(`${what}: [${prev.start}, ${prev.end}) and [${a.start}, ${a.end}) touch`);
  }
}

/**
 * The partition invariants of the vmalloc sets, for the model and for any design's listings:
 * free, busy and lazy each sorted and disjoint, free blocks never touching, the three together
 * covering [start, end) exactly, and lazyPages equal to the lazy bytes in pages.
 */
export function checkVmallocSets(
  space: { readonly start: number; readonly end: number; readonly pageSize: number },
  sets: { free: readonly ModelArea[]; busy: readonly ModelArea[]; lazy: readonly ModelArea[]; lazyPages: number },
): void {
  checkSortedDisjoint('free', sets.free, 'forbidden');
  checkSortedDisjoint('busy', sets.busy, 'allowed');
  checkSortedDisjoint('lazy', sets.lazy, 'allowed');
  const all = [...sets.free, ...sets.busy, ...sets.lazy].sort((a, b) => a.start - b.start);
  let next = space.start;
  for (const a of all) {
    if (a.start !== next) throw new Error(`free, busy and lazy do not partition the space at ${next} (next area [${a.start}, ${a.end}))`);
    next = a.end;
  }
  if (next !== space.end) throw new Error(`free, busy and lazy end at ${next}, not at the end of the space ${space.end}`);
  const lazyBytes = sets.lazy.reduce((sum, a) => sum + (a.end - a.start), 0);
  if (lazyBytes / space.pageSize !== sets.lazyPages) throw new Error(`lazyPages ${sets.lazyPages} but lazy areas hold ${lazyBytes} bytes`);
}
