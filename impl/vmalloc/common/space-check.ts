/**
 * The surface's set invariants, checked on what a design reports (its own validate() calls this
 * after its tree checks): free, busy and lazy areas are sorted, pairwise disjoint, cover the space
 * exactly, free blocks never touch, and lazyPages matches the lazy areas.
 *
 * Invariant: a check only reads; the first broken rule throws an Error naming it and the areas.
 */
import type { AreaRange, VmallocConfig } from '../surface.js';

function checkSorted(what: string, list: readonly AreaRange[], touching: boolean): void {
  for (let k = 0; k < list.length; k++) {
    const a = list[k];
    if (!Number.isSafeInteger(a.start) || !Number.isSafeInteger(a.end) || a.start >= a.end) throw new Error(`${what}: bad area [${a.start}, ${a.end})`);
    if (k === 0) continue;
    const p = list[k - 1];
    if (p.end > a.start) throw new Error(`${what}: [${p.start}, ${p.end}) and [${a.start}, ${a.end}) overlap or are unsorted`);
    if (!touching && p.end === a.start) throw new Error(`${what}: [${p.start}, ${p.end}) and [${a.start}, ${a.end}) touch`);
  }
}

export function checkPartition(
  config: VmallocConfig,
  free: readonly AreaRange[],
  busy: readonly AreaRange[],
  lazy: readonly AreaRange[],
  lazyPages: number,
): void {
  checkSorted('free', free, false);
  checkSorted('busy', busy, true);
  checkSorted('lazy', lazy, true);
  const all = [...free, ...busy, ...lazy].sort((a, b) => a.start - b.start);
  let next = config.start;
  for (const a of all) {
    if (a.start !== next) throw new Error(`the areas do not partition the space at ${next} (next area [${a.start}, ${a.end}))`);
    next = a.end;
  }
  if (next !== config.end) throw new Error(`the areas end at ${next}, not at the end of the space ${config.end}`);
  const lazyBytes = lazy.reduce((sum, a) => sum + (a.end - a.start), 0);
  if (lazyBytes / config.pageSize !== lazyPages) throw new Error(`lazyPages ${lazyPages} but lazy areas hold ${lazyBytes} bytes`);
}
