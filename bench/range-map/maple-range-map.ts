/**
 * The maple tree (impl/maple) as a range map: the normal API for writes and loads (mtree_store_range,
 * mtree_load, mtree_erase) and one maple state for the cursor (mas_set, mas_find, mas_find_rev),
 * exactly the calls a kernel user makes. Nothing is added to the measured path but the method call.
 *
 * Invariant: the state belongs to this adapter's tree; the tree's own generation check keeps the
 * state's node cache honest across writes.
 */
import {
  MAX_INDEX,
  MA_STATE,
  mas_find,
  mas_find_rev,
  mas_set,
  mt_init_flags,
  mtree_erase,
  mtree_load,
  mtree_store_range,
  type MaState,
  type MapleTree,
} from '../../impl/maple/index.js';
import { requireRangeIndex, type RangeMap } from './range-map.js';

export class MapleRangeMap implements RangeMap {
  readonly name = 'maple';
  readonly mas: MaState;

  constructor(readonly tree: MapleTree = mt_init_flags(0)) {
    this.mas = MA_STATE(tree);
  }

  storeRange(first: number, last: number, entry: unknown): number {
    return mtree_store_range(this.tree, first, last, entry);
  }

  load(index: number): unknown {
    return mtree_load(this.tree, index);
  }

  erase(index: number): unknown {
    return mtree_erase(this.tree, index);
  }

  seek(index: number): void {
    mas_set(this.mas, requireRangeIndex('index', index));
  }

  next(): unknown {
    return mas_find(this.mas, MAX_INDEX);
  }

  prev(): unknown {
    return mas_find_rev(this.mas, 0);
  }

  get cursorFirst(): number {
    return this.mas.index;
  }

  get cursorLast(): number {
    return this.mas.last;
  }

  /** mt_for_each's walk (mas_find from 0) on a state of its own, without a generator. */
  forEach(visit: (first: number, last: number, entry: unknown) => void): void {
    const mas = MA_STATE(this.tree);
    for (let entry = mas_find(mas, MAX_INDEX); entry !== null; entry = mas_find(mas, MAX_INDEX)) visit(mas.index, mas.last, entry);
  }
}
