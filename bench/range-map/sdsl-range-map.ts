/**
 * @js-sdsl/ordered-map (a red-black tree, default comparator) as a range map: key = first index,
 * value = RangeValue. The range-map logic is SortedRangeMap's; this file maps its primitives onto
 * the library's public API: reverseLowerBound (greatest key <= index) for the floor, lowerBound
 * and eraseElementByIterator for a run of keys, iterator next()/pre() for the cursor. Keys and
 * values are read through `iterator.pointer`, the library's only public way to read them (it
 * builds a small Proxy per read: that cost is the library's and stays in the figures).
 *
 * Invariants: iterators are only used between writes (the cursor is re-seeked after a write); a
 * backward step stops at the least key itself, because pre() from begin() throws instead of ending.
 */
import { OrderedMap, type OrderedMapIterator } from '@js-sdsl/ordered-map';
import { RangeValue, requireRangeIndex } from './range-map.js';
import { SortedRangeMap } from './sorted-range-map.js';

type Iter = OrderedMapIterator<number, RangeValue>;

export class SdslRangeMap extends SortedRangeMap {
  readonly name = 'js-sdsl';
  private readonly map = new OrderedMap<number, RangeValue>();
  private iterator: Iter | null = null;
  /** The least key when a backward iteration started: pre() past it would throw, not end. */
  private frontKey = 0;

  load(index: number): unknown {
    const it = this.map.reverseLowerBound(requireRangeIndex('index', index));
    if (!it.isAccessible()) return null;
    const value = it.pointer[1];
    return value.last >= index ? value.entry : null;
  }

  protected floor(index: number): boolean {
    return this.take(this.map.reverseLowerBound(index));
  }

  protected insert(key: number, value: RangeValue): void {
    this.map.setElement(key, value);
  }

  protected replace(key: number, value: RangeValue): void {
    this.map.setElement(key, value);
  }

  protected remove(key: number): void {
    this.map.eraseElementByKey(key);
  }

  protected removeKeysIn(first: number, last: number): void {
    let it = this.map.lowerBound(first);
    while (it.isAccessible() && it.pointer[0] <= last) it = this.map.eraseElementByIterator(it);
  }

  protected startForward(key: number): boolean {
    this.iterator = this.map.lowerBound(key);
    return this.take(this.iterator);
  }

  protected stepForward(): boolean {
    return this.take((this.iterator as Iter).next());
  }

  protected startBackward(key: number): boolean {
    this.iterator = this.map.reverseLowerBound(key);
    const front = this.map.front();
    if (front !== undefined) this.frontKey = front[0];
    return this.take(this.iterator);
  }

  protected stepBackward(): boolean {
    if (this.foundKey === this.frontKey) return false;
    return this.take((this.iterator as Iter).pre());
  }

  protected forEachPair(visit: (key: number, value: RangeValue) => void): void {
    this.map.forEach(([key, value]) => visit(key, value));
  }

  private take(it: Iter): boolean {
    if (!it.isAccessible()) return false;
    const pair = it.pointer;
    this.foundKey = pair[0];
    this.foundValue = pair[1];
    return true;
  }
}
