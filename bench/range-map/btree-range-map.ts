/**
 * sorted-btree (a B+ tree, default comparator and node size) as a range map: key = first index,
 * value = RangeValue. The range-map logic is SortedRangeMap's; this file only maps its primitives
 * onto the library's API, the way its documentation shows: getPairOrNextLower for the floor,
 * deleteRange for a run of keys, entries/entriesReversed iterators for the cursor.
 *
 * Invariant: the iterators are only used between writes (the cursor is re-seeked after a write,
 * see range-map.ts), as the library requires.
 */
import BTreeModule from 'sorted-btree';
import { RangeValue, requireRangeIndex } from './range-map.js';
import { SortedRangeMap } from './sorted-range-map.js';

// sorted-btree is CommonJS with `exports.default`: Node's ESM loader hands over module.exports,
// vitest's interop the default itself.
const BTree = ((BTreeModule as unknown as { default?: typeof BTreeModule.default }).default ??
  BTreeModule) as typeof BTreeModule.default;

export class BTreeRangeMap extends SortedRangeMap {
  readonly name = 'sorted-btree';
  private readonly tree = new BTree<number, RangeValue>();
  /** Reused by getPairOrNextLower and the iterators, so reads allocate no pair. */
  private readonly pair: [number, RangeValue] = [0, new RangeValue(0, null)];
  private iterator: IterableIterator<[number, RangeValue]> | null = null;

  load(index: number): unknown {
    const pair = this.tree.getPairOrNextLower(requireRangeIndex('index', index), this.pair);
    return pair !== undefined && pair[1].last >= index ? pair[1].entry : null;
  }

  protected floor(index: number): boolean {
    return this.take(this.tree.getPairOrNextLower(index, this.pair));
  }

  protected insert(key: number, value: RangeValue): void {
    this.tree.set(key, value);
  }

  protected replace(key: number, value: RangeValue): void {
    this.tree.set(key, value);
  }

  protected remove(key: number): void {
    this.tree.delete(key);
  }

  protected removeKeysIn(first: number, last: number): void {
    this.tree.deleteRange(first, last, true);
  }

  protected startForward(key: number): boolean {
    this.iterator = this.tree.entries(key, this.pair);
    return this.stepForward();
  }

  protected stepForward(): boolean {
    const r = (this.iterator as IterableIterator<[number, RangeValue]>).next();
    return this.take(r.done === true ? undefined : r.value);
  }

  protected startBackward(key: number): boolean {
    this.iterator = this.tree.entriesReversed(key, this.pair);
    return this.stepBackward();
  }

  protected stepBackward(): boolean {
    return this.stepForward(); // the reversed iterator's next() steps down
  }

  protected forEachPair(visit: (key: number, value: RangeValue) => void): void {
    this.tree.forEachPair((key, value) => {
      visit(key, value);
    });
  }

  private take(pair: [number, RangeValue] | undefined): boolean {
    if (pair === undefined) return false;
    this.foundKey = pair[0];
    this.foundValue = pair[1];
    return true;
  }
}
