/**
 * The structures the range-map benchmark compares, in the order tables print them: the maple
 * tree first (the ratios are "maple vs each alternative"), the ordered maps from npm, and the
 * reference model last (O(n) per operation, so it is only ever timed on a window with a budget).
 *
 * Invariants: `create()` gives an empty structure; `holding(ranges)` gives one holding exactly
 * those ranges (ascending, disjoint), built untimed: the model through its O(n) prefill, every
 * other structure through its own storeRange in ascending order (for the maple tree: appends), and
 * checked to hold as many entries as it was given.
 */
import { BTreeRangeMap } from './btree-range-map.js';
import { FrbtRangeMap } from './frbt-range-map.js';
import { MapleRangeMap } from './maple-range-map.js';
import { ModelRangeMap, modelHolding } from './model-range-map.js';
import type { RangeMap, RangeSource } from './range-map.js';
import { SdslRangeMap } from './sdsl-range-map.js';

export interface Structure {
  /** The adapter's name: 'maple', 'sorted-btree', 'js-sdsl', 'functional-rbtree', 'model'. */
  readonly name: string;
  /** What it is, for the table legend. */
  readonly label: string;
  /** O(n) per operation: timed on a window of each phase with a budget (see range-cell.ts). */
  readonly windowed: boolean;
  create(): RangeMap;
  holding(ranges: RangeSource): RangeMap;
}

function byStores(create: () => RangeMap): (ranges: RangeSource) => RangeMap {
  return (ranges) => {
    const map = create();
    for (let i = 0; i < ranges.length; i++) {
      if (map.storeRange(ranges.first(i), ranges.last(i), ranges.value(i)) !== 0) throw new Error(`${map.name}: prefill store failed`);
    }
    let count = 0;
    map.forEach(() => count++);
    if (count !== ranges.length) throw new Error(`${map.name}: prefill holds ${count} ranges, wanted ${ranges.length}`);
    return map;
  };
}

function structure(name: string, label: string, create: () => RangeMap): Structure {
  return { name, label, windowed: false, create, holding: byStores(create) };
}

export const MAPLE = structure('maple', 'maple tree (impl/maple): mtree_store_range/load/erase, mas_find/mas_find_rev', () => new MapleRangeMap());

export const ALTERNATIVES: readonly Structure[] = [
  structure('sorted-btree', 'sorted-btree 2.1 (B+ tree, 32 keys a node) as a range map', () => new BTreeRangeMap()),
  structure('js-sdsl', '@js-sdsl/ordered-map 4.4 (red-black tree) as a range map', () => new SdslRangeMap()),
  structure('functional-rbtree', 'functional-red-black-tree 1.0 (persistent red-black tree) as a range map', () => new FrbtRangeMap()),
];

export const MODEL: Structure = {
  name: 'model',
  label: 'reference model (model/IntervalMap + ModelCursor): a sorted array, O(n) per operation',
  windowed: true,
  create: () => new ModelRangeMap(),
  holding: (ranges) => new ModelRangeMap(modelHolding(ranges)),
};

/** Every structure, in table order. */
export const STRUCTURES: readonly Structure[] = [MAPLE, ...ALTERNATIVES, MODEL];

export function structureNamed(name: string): Structure {
  const s = STRUCTURES.find((x) => x.name === name);
  if (s === undefined) throw new Error(`no structure named ${JSON.stringify(name)} (known: ${STRUCTURES.map((x) => x.name).join(', ')})`);
  return s;
}
