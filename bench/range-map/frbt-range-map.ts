/**
 * functional-red-black-tree (a persistent red-black tree: every write returns a new tree and the
 * old one stays valid) as a range map: key = first index, value = RangeValue. The adapter keeps
 * only the newest version, so old versions are garbage at once. The range-map logic is
 * SortedRangeMap's; this file maps its primitives onto the library's API: le() (greatest key <=
 * index) for the floor, insert/find().update/remove for writes, ge()/le() iterators with
 * next()/prev() for the cursor.
 *
 * Invariants: the library allows duplicate keys, so a key that exists is only ever replaced
 * (find().update), never inserted again; iterators belong to one version and are only used between writes.
 */
import createRBTree from 'functional-red-black-tree';
import { RangeValue, requireRangeIndex } from './range-map.js';
import { SortedRangeMap } from './sorted-range-map.js';

type Tree = createRBTree.Tree<number, RangeValue>;
type Iter = createRBTree.Iterator<number, RangeValue>;

export class FrbtRangeMap extends SortedRangeMap {
  readonly name = 'functional-rbtree';
  private tree: Tree = createRBTree<number, RangeValue>();
  private iterator: Iter | null = null;

  load(index: number): unknown {
    const it = this.tree.le(requireRangeIndex('index', index));
    if (!it.valid) return null;
    const value = it.value as RangeValue;
    return value.last >= index ? value.entry : null;
  }

  protected floor(index: number): boolean {
    return this.take(this.tree.le(index));
  }

  protected insert(key: number, value: RangeValue): void {
    this.tree = this.tree.insert(key, value);
  }

  protected replace(key: number, value: RangeValue): void {
    this.tree = this.tree.find(key).update(value);
  }

  protected remove(key: number): void {
    this.tree = this.tree.remove(key);
  }

  protected removeKeysIn(first: number, last: number): void {
    for (;;) {
      const it = this.tree.ge(first);
      if (!it.valid || (it.key as number) > last) return;
      this.tree = it.remove();
    }
  }

  protected startForward(key: number): boolean {
    this.iterator = this.tree.ge(key);
    return this.take(this.iterator);
  }

  protected stepForward(): boolean {
    const it = this.iterator as Iter;
    it.next();
    return this.take(it);
  }

  protected startBackward(key: number): boolean {
    this.iterator = this.tree.le(key);
    return this.take(this.iterator);
  }

  protected stepBackward(): boolean {
    const it = this.iterator as Iter;
    it.prev();
    return this.take(it);
  }

  protected forEachPair(visit: (key: number, value: RangeValue) => void): void {
    this.tree.forEach((key, value) => {
      visit(key, value);
    });
  }

  private take(it: Iter): boolean {
    if (!it.valid) return false;
    this.foundKey = it.key as number;
    this.foundValue = it.value as RangeValue;
    return true;
  }
}
