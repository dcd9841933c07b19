/**
 * The reference model (model/IntervalMap and its ModelCursor) as a range map, and the one place
 * that builds a model holding many ranges at once.
 *
 * Invariants: every timed call goes through the model's public API (storeRange, load, erase,
 * set/find/findRev); `modelHolding` reaches into IntervalMap's private sorted `list` only to
 * prefill it in O(n) (through the public API that would be O(n^2): minutes at 10^6 ranges), and
 * checks what it built with the model's own assertInvariants and size.
 */
import { MAX_INDEX, isReservedEntry } from '../../impl/maple/index.js';
import { IntervalMap, ModelCursor, type Interval } from '../../model/index.js';
import { requireRangeIndex, type RangeMap, type RangeSource } from './range-map.js';

/** A fresh model configured like the property tests' (makeSystems): the tree's reserved values. */
export function newModel(): IntervalMap {
  return new IntervalMap({ allocRange: false, isReserved: isReservedEntry });
}

/** A model holding exactly the given ranges, built in O(n) (see the header). */
export function modelHolding(ranges: RangeSource): IntervalMap {
  const map = newModel();
  // Built by push, never `new Array(n)`: V8 gives a large preallocated array slow (dictionary or
  // holey) elements, which would slow the model down; pushing keeps the packed elements kind the
  // model's own list (grown by splice from []) has.
  const list: Interval[] = [];
  for (let i = 0; i < ranges.length; i++) {
    list.push({ first: ranges.first(i), last: ranges.last(i), value: ranges.value(i) });
  }
  const holder = map as unknown as { list?: unknown };
  if (!Array.isArray(holder.list) || holder.list.length !== 0) {
    throw new Error('IntervalMap no longer keeps its entries in a private `list` array: update bench/range-map/model-range-map.ts');
  }
  holder.list = list;
  map.assertInvariants();
  if (map.size !== ranges.length) throw new Error(`model prefill holds ${map.size} entries, wanted ${ranges.length}`);
  return map;
}

export class ModelRangeMap implements RangeMap {
  readonly name = 'model';
  readonly cursor: ModelCursor;

  constructor(readonly map: IntervalMap = newModel()) {
    this.cursor = new ModelCursor(map);
  }

  storeRange(first: number, last: number, entry: unknown): number {
    return this.map.storeRange(first, last, entry);
  }

  load(index: number): unknown {
    return this.map.load(index);
  }

  erase(index: number): unknown {
    return this.map.erase(index);
  }

  seek(index: number): void {
    this.cursor.set(requireRangeIndex('index', index));
  }

  next(): unknown {
    return this.cursor.find(MAX_INDEX);
  }

  prev(): unknown {
    return this.cursor.findRev(0);
  }

  get cursorFirst(): number {
    return this.cursor.index;
  }

  get cursorLast(): number {
    return this.cursor.last;
  }

  forEach(visit: (first: number, last: number, entry: unknown) => void): void {
    for (const e of this.map.entries()) visit(e.first, e.last, e.value);
  }
}
